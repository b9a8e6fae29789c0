package serve

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"

	"github.com/budgetx/budgetx/store"
)

// documentsPage lists the documents with the health figures of budgetx
// report.
type documentsPage struct {
	Filter   listFilter
	Years    []int
	Kinds    []string
	Orgs     []string
	Statuses []string
	Sorts    []sortKey
	Rows     []documentRow
	Total    int
	Totals   *store.HealthTotals
}

type listFilter struct{ Year, Kind, Org, Status, Sort string }

type sortKey struct{ Key, Label string }

var sorts = []sortKey{
	{"id", "as ingested"},
	{"health", "worst health first"},
	{"-health", "best health first"},
	{"year", "year, newest first"},
	{"org", "organisation"},
}

type documentRow struct {
	store.DocumentInfo
	Health store.DocumentHealth
}

func (s *Server) documents(r *http.Request) (string, any, error) {
	ctx := r.Context()
	q := r.URL.Query()
	f := listFilter{Year: q.Get("year"), Kind: q.Get("kind"), Org: q.Get("org"), Status: q.Get("status"), Sort: q.Get("sort")}
	if !slices.ContainsFunc(sorts, func(k sortKey) bool { return k.Key == f.Sort }) {
		f.Sort = "id"
	}
	docs, err := s.db.Documents(ctx)
	if err != nil {
		return "", nil, err
	}
	rep, err := s.db.Health(ctx, nil)
	if err != nil {
		return "", nil, err
	}
	health := make(map[int64]store.DocumentHealth, len(rep.Documents))
	for _, h := range rep.Documents {
		health[h.ID] = h
	}
	p := &documentsPage{Filter: f, Sorts: sorts, Total: len(docs), Totals: &rep.Totals}
	seen := map[string]bool{}
	for _, d := range docs {
		if d.FiscalYear > 0 && !seen["y"+strconv.Itoa(d.FiscalYear)] {
			seen["y"+strconv.Itoa(d.FiscalYear)] = true
			p.Years = append(p.Years, d.FiscalYear)
		}
		for _, v := range []struct {
			key  string
			list *[]string
		}{{d.Kind, &p.Kinds}, {d.OrgName, &p.Orgs}, {d.Status, &p.Statuses}} {
			if v.key != "" && !slices.Contains(*v.list, v.key) {
				*v.list = append(*v.list, v.key)
			}
		}
		if f.Year != "" && strconv.Itoa(d.FiscalYear) != f.Year || f.Kind != "" && d.Kind != f.Kind ||
			f.Org != "" && d.OrgName != f.Org || f.Status != "" && d.Status != f.Status {
			continue
		}
		p.Rows = append(p.Rows, documentRow{DocumentInfo: d, Health: health[d.ID]})
	}
	slices.Sort(p.Years)
	slices.Reverse(p.Years)
	slices.Sort(p.Kinds)
	slices.Sort(p.Orgs)
	slices.Sort(p.Statuses)
	slices.SortStableFunc(p.Rows, func(a, b documentRow) int {
		switch f.Sort {
		case "health":
			return cmp.Compare(b.Health.Score, a.Health.Score)
		case "-health":
			return cmp.Compare(a.Health.Score, b.Health.Score)
		case "year":
			return cmp.Compare(b.FiscalYear, a.FiscalYear)
		case "org":
			return cmp.Compare(a.OrgName, b.OrgName)
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return "documents", p, nil
}

// documentPage is one document with everything stored about it.
type documentPage struct {
	Doc      store.DocumentInfo
	Health   store.DocumentHealth
	Original string // why the original is not served; empty when it is
	Tables   []store.TableInfo
	Projects []store.ProjectInfo
	Totals   []total
	Findings []store.FindingInfo
}

// total is a project budget sum or a 合计/总计 line of a budget table.
type total struct {
	TableID   int64
	TableSeq  int
	Kind      string
	Line      string
	Column    string
	AmountFen *int64
}

func (s *Server) document(r *http.Request) (string, any, error) {
	ctx := r.Context()
	n, err := id(r, "id")
	if err != nil {
		return "", nil, err
	}
	p := &documentPage{}
	if p.Doc, err = s.db.Document(ctx, n); err != nil {
		return "", nil, err
	}
	if err := s.orig.available(p.Doc); err != nil {
		p.Original = err.Error()
	}
	rep, err := s.db.Health(ctx, []int64{n})
	if err != nil {
		return "", nil, err
	}
	if len(rep.Documents) == 1 {
		p.Health = rep.Documents[0]
	}
	if p.Tables, err = s.db.Tables(ctx, n); err != nil {
		return "", nil, err
	}
	if p.Projects, err = s.db.Projects(ctx, n); err != nil {
		return "", nil, err
	}
	if p.Findings, err = s.db.Findings(ctx, n, 0); err != nil {
		return "", nil, err
	}
	ov, err := s.db.Overview(ctx, n)
	if err != nil {
		return "", nil, err
	}
	bySeq := map[int64]int64{}
	for _, t := range p.Tables {
		bySeq[int64(t.Seq)] = t.ID
	}
	for _, v := range ov.Totals.Values { // table_seq, kind, line, column_name, amount_fen
		t := total{Kind: str(v[1]), Line: str(v[2]), Column: str(v[3])}
		if seq, ok := v[0].(int64); ok {
			t.TableSeq, t.TableID = int(seq), bySeq[seq]
		}
		if a, ok := v[4].(int64); ok {
			t.AmountFen = &a
		}
		p.Totals = append(p.Totals, t)
	}
	return "document", p, nil
}

func str(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}

// tablePage is one table's grid beside the page it came from.
type tablePage struct {
	Doc      store.DocumentInfo
	Table    store.TableInfo
	Grid     [][]gridCell
	Findings []store.FindingInfo
	Viewer   viewer
}

func (s *Server) table(r *http.Request) (string, any, error) {
	ctx := r.Context()
	n, err := id(r, "id")
	if err != nil {
		return "", nil, err
	}
	p := &tablePage{}
	if p.Table, err = s.db.Table(ctx, n); err != nil {
		return "", nil, err
	}
	if p.Doc, err = s.db.Document(ctx, p.Table.DocumentID); err != nil {
		return "", nil, err
	}
	cells, err := s.db.Cells(ctx, n)
	if err != nil {
		return "", nil, err
	}
	if p.Findings, err = s.db.Findings(ctx, p.Doc.ID, n); err != nil {
		return "", nil, err
	}
	amounts, err := s.db.Amounts(ctx, n)
	if err != nil {
		return "", nil, err
	}
	p.Grid = tableGrid(p.Table, cells, markFindings(p.Findings, cells, amounts))
	first := p.Table.PageFirst
	if pg := r.URL.Query().Get("page"); pg != "" {
		if v, err := strconv.Atoi(pg); err == nil && v >= p.Table.PageFirst && v <= p.Table.PageLast {
			first = v
		}
	}
	p.Viewer = s.viewerFor(r, p.Doc, p.Table.PageFirst, p.Table.PageLast, first)
	return "table", p, nil
}

// projectPage is one project, its goal and indicators, beside its page.
type projectPage struct {
	Doc      store.DocumentInfo
	Project  store.ProjectInfo
	Findings []store.FindingInfo
	Viewer   viewer
}

func (s *Server) project(r *http.Request) (string, any, error) {
	ctx := r.Context()
	n, err := id(r, "id")
	if err != nil {
		return "", nil, err
	}
	p := &projectPage{}
	if p.Project, err = s.db.Project(ctx, n); err != nil {
		return "", nil, err
	}
	if p.Doc, err = s.db.Document(ctx, p.Project.DocumentID); err != nil {
		return "", nil, err
	}
	all, err := s.db.Findings(ctx, p.Doc.ID, 0)
	if err != nil {
		return "", nil, err
	}
	for _, f := range all {
		if f.ProjectID == n {
			p.Findings = append(p.Findings, f)
		}
	}
	p.Viewer = s.viewerFor(r, p.Doc, p.Project.PageFirst, p.Project.PageLast, p.Project.PageFirst)
	if p.Project.TableID > 0 {
		c, ok, err := s.db.NameCell(ctx, p.Project.TableID, p.Project.Name, p.Project.PageFirst, p.Project.PageLast)
		if err != nil {
			return "", nil, err
		}
		if ok {
			p.Viewer.Box = boxAttr(c.Box)
			p.Viewer.Page = c.Page
		}
	}
	return "project", p, nil
}

// searchPage is what a search found, from the index budgetx search uses.
type searchPage struct {
	Q       string
	Result  *store.SearchResult
	Pending int
	Err     string
}

// searchLimit is how many hits the search page shows.
const searchLimit = 200

func (s *Server) search(r *http.Request) (string, any, error) {
	p := &searchPage{Q: r.URL.Query().Get("q")}
	if p.Q == "" {
		return "search", p, nil
	}
	res, err := s.db.Search(r.Context(), p.Q, searchLimit)
	switch {
	case err == store.ErrEmptySearch:
	case err != nil:
		return "", nil, err
	default:
		p.Result = res
	}
	p.Pending, _ = s.db.SearchPending(r.Context())
	return "search", p, nil
}
