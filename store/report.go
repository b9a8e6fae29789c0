package store

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/budgetx/budgetx/model"
)

// Counts are the health figures of one document or of a selection of
// documents: what was extracted, and what of it looks wrong.
type Counts struct {
	Pages                 int `json:"pages"`
	Tables                int `json:"tables"`
	UnclassifiedTables    int `json:"unclassified_tables"` // kind other
	Projects              int `json:"projects"`
	ProjectsWithoutAmount int `json:"projects_without_amount"`
	Indicators            int `json:"indicators"`
	IndicatorsUnparsed    int `json:"indicators_unparsed"` // indicators_unparsed findings
	ChecksRun             int `json:"checks_run"`
	ChecksFailed          int `json:"checks_failed"`

	// Findings counts findings by severity: info, warning, error.
	Findings map[string]int `json:"findings"`

	// AmountTables counts the tables that hold at least three amounts;
	// the next three count those among them that are unclassified (kind
	// other), titled by no table title (nothing, a number, a cell's text)
	// and carrying a *_mismatch finding.
	AmountTables             int `json:"amount_tables"`
	AmountTablesUnclassified int `json:"amount_tables_unclassified"`
	AmountTablesUntitled     int `json:"amount_tables_untitled"`
	AmountTablesMismatched   int `json:"amount_tables_mismatched"`
	// AmountCells counts cells holding an amount; JoinedCells those
	// holding two or more run together, where a column rule was missed.
	AmountCells int `json:"amount_cells"`
	JoinedCells int `json:"joined_cells"`
	// IndicatorProjects counts the projects of tables with an indicator
	// column: a header or level cell that names indicators (三级指标,
	// 绩效指标, 产出指标); IndicatorProjectsBare those among them that got
	// no indicators.
	IndicatorProjects     int `json:"indicator_projects"`
	IndicatorProjectsBare int `json:"indicator_projects_without_indicators"`

	// Checks breaks checks_run and checks_failed down by finding code.
	Checks map[string]CheckCount `json:"checks"`
}

// CheckCount is how often one identity was tested and how often it failed.
type CheckCount struct {
	Run    int `json:"run"`
	Failed int `json:"failed"`
}

func newCounts() Counts {
	return Counts{
		Findings: map[string]int{"info": 0, "warning": 0, "error": 0},
		Checks:   map[string]CheckCount{},
	}
}

func (c *Counts) add(o *Counts) {
	c.Pages += o.Pages
	c.Tables += o.Tables
	c.UnclassifiedTables += o.UnclassifiedTables
	c.Projects += o.Projects
	c.ProjectsWithoutAmount += o.ProjectsWithoutAmount
	c.Indicators += o.Indicators
	c.IndicatorsUnparsed += o.IndicatorsUnparsed
	c.ChecksRun += o.ChecksRun
	c.ChecksFailed += o.ChecksFailed
	for k, v := range o.Findings {
		c.Findings[k] += v
	}
	c.AmountTables += o.AmountTables
	c.AmountTablesUnclassified += o.AmountTablesUnclassified
	c.AmountTablesUntitled += o.AmountTablesUntitled
	c.AmountTablesMismatched += o.AmountTablesMismatched
	c.AmountCells += o.AmountCells
	c.JoinedCells += o.JoinedCells
	c.IndicatorProjects += o.IndicatorProjects
	c.IndicatorProjectsBare += o.IndicatorProjectsBare
	for k, v := range o.Checks {
		t := c.Checks[k]
		c.Checks[k] = CheckCount{Run: t.Run + v.Run, Failed: t.Failed + v.Failed}
	}
}

// DocumentHealth is the health of one stored document. Reasons say in
// words what needs a human look, worst first; Score orders documents, the
// worst highest.
type DocumentHealth struct {
	ID     int64  `json:"id"`
	Source string `json:"source"`
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`
	Counts
	Reasons []string `json:"reasons"`
	Score   float64  `json:"score"`
}

// HealthTotals sums the health of a selection of documents.
type HealthTotals struct {
	Documents int            `json:"documents"`
	Status    map[string]int `json:"status"` // documents by status
	Counts
}

// Report is the health of a selection of documents, the worst first.
type Report struct {
	Documents []DocumentHealth `json:"documents"`
	Totals    HealthTotals     `json:"totals"`
}

// Health reports on the documents with the given ids, or on every document
// when ids is empty.
func (d *DB) Health(ctx context.Context, ids []int64) (*Report, error) {
	if err := d.requireVersion(ctx, 6, "budgetx report"); err != nil {
		return nil, err
	}
	docs := map[int64]*DocumentHealth{}
	var order []int64
	where, args := "", []any(nil)
	if len(ids) > 0 {
		where = " WHERE id IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ") + ")"
		for _, id := range ids {
			args = append(args, id)
		}
	}
	// Every other query restricts to the same documents through docIn.
	docIn := func(col string) string {
		if where == "" {
			return ""
		}
		return " AND " + col + " IN (SELECT id FROM documents" + where + ")"
	}
	err := d.each(ctx, "SELECT id, source, status, coalesce(error, ''), coalesce(pages, 0) FROM documents"+where+" ORDER BY id", args,
		func(scan func(...any) error) error {
			h := &DocumentHealth{Counts: newCounts()}
			if err := scan(&h.ID, &h.Source, &h.Status, &h.Error, &h.Pages); err != nil {
				return err
			}
			docs[h.ID] = h
			order = append(order, h.ID)
			return nil
		})
	if err != nil {
		return nil, err
	}
	doc := func(id int64) *DocumentHealth {
		if h := docs[id]; h != nil {
			return h
		}
		return &DocumentHealth{Counts: newCounts()} // not selected: counted nowhere
	}

	// Tables, with the tables holding amounts that carry a mismatch.
	mismatched := map[int64]bool{}
	err = d.each(ctx, `SELECT DISTINCT table_id FROM findings
		WHERE table_id IS NOT NULL AND code LIKE '%\_mismatch' ESCAPE '\'`+docIn("document_id"), args,
		func(scan func(...any) error) error {
			var id int64
			if err := scan(&id); err != nil {
				return err
			}
			mismatched[id] = true
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = d.each(ctx, `SELECT id, document_id, kind, coalesce(title, ''), coalesce(amount_cells, 0),
		coalesce(joined_cells, 0) FROM tables WHERE 1 = 1`+docIn("document_id"), args,
		func(scan func(...any) error) error {
			var id, docID int64
			var kind, title string
			var amounts, joined int
			if err := scan(&id, &docID, &kind, &title, &amounts, &joined); err != nil {
				return err
			}
			h := doc(docID)
			h.Tables++
			h.AmountCells += amounts
			h.JoinedCells += joined
			other := kind == string(model.KindOther)
			if other {
				h.UnclassifiedTables++
			}
			if amounts >= 3 {
				h.AmountTables++
				if other {
					h.AmountTablesUnclassified++
				}
				if !TableTitle(title) {
					h.AmountTablesUntitled++
				}
				if mismatched[id] {
					h.AmountTablesMismatched++
				}
			}
			return nil
		})
	if err != nil {
		return nil, err
	}

	// Projects, and those under a table with an indicator column: a
	// header or level cell that names indicators (三级指标, 绩效指标,
	// 产出指标). A goal that speaks of 产出指标 is no indicator column.
	named := []string{"length(c.text) <= 12 AND c.text LIKE '%指标%'"}
	err = d.each(ctx, `WITH indicator_tables AS (
			SELECT t.id FROM tables t
			 WHERE t.id IN (SELECT table_id FROM projects)
			   AND EXISTS (SELECT 1 FROM cells c WHERE c.table_id = t.id AND (`+strings.Join(named, " OR ")+`)))
		SELECT p.document_id, count(*), sum(CASE WHEN p.budget_fen IS NULL THEN 1 ELSE 0 END),
		       sum(CASE WHEN p.table_id IN (SELECT id FROM indicator_tables) THEN 1 ELSE 0 END),
		       sum(CASE WHEN p.table_id IN (SELECT id FROM indicator_tables)
		                 AND NOT EXISTS (SELECT 1 FROM indicators i WHERE i.project_id = p.id) THEN 1 ELSE 0 END)
		  FROM projects p WHERE 1 = 1`+docIn("p.document_id")+` GROUP BY p.document_id`, args,
		func(scan func(...any) error) error {
			var id int64
			var c Counts
			if err := scan(&id, &c.Projects, &c.ProjectsWithoutAmount, &c.IndicatorProjects, &c.IndicatorProjectsBare); err != nil {
				return err
			}
			h := doc(id)
			h.Projects, h.ProjectsWithoutAmount = c.Projects, c.ProjectsWithoutAmount
			h.IndicatorProjects, h.IndicatorProjectsBare = c.IndicatorProjects, c.IndicatorProjectsBare
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = d.each(ctx, `SELECT p.document_id, count(*) FROM indicators i JOIN projects p ON p.id = i.project_id
		WHERE 1 = 1`+docIn("p.document_id")+` GROUP BY p.document_id`, args,
		func(scan func(...any) error) error {
			var id int64
			var n int
			if err := scan(&id, &n); err != nil {
				return err
			}
			doc(id).Indicators = n
			return nil
		})
	if err != nil {
		return nil, err
	}

	// Findings and checks.
	err = d.each(ctx, `SELECT document_id, severity, code = 'indicators_unparsed', count(*) FROM findings
		WHERE 1 = 1`+docIn("document_id")+` GROUP BY 1, 2, 3`, args,
		func(scan func(...any) error) error {
			var id int64
			var sev string
			var unparsed bool
			var n int
			if err := scan(&id, &sev, &unparsed, &n); err != nil {
				return err
			}
			h := doc(id)
			h.Findings[sev] += n
			if unparsed {
				h.IndicatorsUnparsed += n
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = d.each(ctx, `SELECT t.document_id, c.code, sum(c.run), sum(c.failed) FROM checks c
		JOIN tables t ON t.id = c.table_id WHERE 1 = 1`+docIn("t.document_id")+` GROUP BY 1, 2`, args,
		func(scan func(...any) error) error {
			var id int64
			var code string
			var k CheckCount
			if err := scan(&id, &code, &k.Run, &k.Failed); err != nil {
				return err
			}
			h := doc(id)
			h.Checks[code] = k
			h.ChecksRun += k.Run
			h.ChecksFailed += k.Failed
			return nil
		})
	if err != nil {
		return nil, err
	}

	r := &Report{Totals: HealthTotals{Status: map[string]int{}, Counts: newCounts()}}
	for _, id := range order {
		h := docs[id]
		h.Reasons, h.Score = h.judge()
		r.Documents = append(r.Documents, *h)
		r.Totals.Documents++
		r.Totals.Status[h.Status]++
		r.Totals.add(&h.Counts)
	}
	slices.SortStableFunc(r.Documents, func(a, b DocumentHealth) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return 0
	})
	return r, nil
}

// judge says in words what of a document needs a human look and scores
// it: each reason adds the share of the document it concerns, so a
// document scores 0 when nothing looks wrong; a failed document scores
// above any other.
func (h *DocumentHealth) judge() (reasons []string, score float64) {
	reasons = []string{}
	add := func(part, whole int, weight float64, format string, args ...any) {
		if part == 0 {
			return
		}
		reasons = append(reasons, fmt.Sprintf(format, args...))
		score += weight * min(float64(part)/float64(max(whole, 1)), 1)
	}
	switch h.Status {
	case StatusFailed:
		return append(reasons, "failed: "+h.Error), 100
	case StatusPartial:
		add(1, 1, 1, "partial: %s", cmp.Or(h.Error, "some pages could not be read"))
	}
	if h.Tables == 0 {
		add(1, 1, 0.25, "no tables found in %d pages", h.Pages)
	}
	add(h.ProjectsWithoutAmount, h.Projects, 1, "%d of %d projects have no amount", h.ProjectsWithoutAmount, h.Projects)
	add(h.IndicatorProjectsBare, h.IndicatorProjects, 1, "%d of %d projects under an indicator column have no indicators",
		h.IndicatorProjectsBare, h.IndicatorProjects)
	add(h.IndicatorsUnparsed, h.Projects, 1, "%d projects' indicator cells hold text that could not be read as indicators", h.IndicatorsUnparsed)
	add(h.AmountTablesUnclassified, h.AmountTables, 1, "%d of %d tables holding amounts are unclassified",
		h.AmountTablesUnclassified, h.AmountTables)
	add(h.AmountTablesUntitled, h.AmountTables, 1, "%d of %d tables holding amounts are titled by no table title (nothing, a number or a cell's text)",
		h.AmountTablesUntitled, h.AmountTables)
	add(h.JoinedCells, h.AmountCells, 10, "%d of %d cells holding amounts hold two or more run together (a missed column rule)",
		h.JoinedCells, h.AmountCells)
	if h.ChecksFailed > 0 {
		var by []string
		for _, code := range slices.Sorted(maps.Keys(h.Checks)) {
			if k := h.Checks[code]; k.Failed > 0 {
				by = append(by, fmt.Sprintf("%s %d of %d", code, k.Failed, k.Run))
			}
		}
		add(h.ChecksFailed, h.ChecksRun, 1, "%d of %d checks failed: %s", h.ChecksFailed, h.ChecksRun, strings.Join(by, ", "))
	}
	return reasons, score
}

// TableTitle reports whether title reads as the title of a table (一般公共预算支出表,
// 项目支出绩效目标表) or of the section it opens (七、重点项目预算绩效目标情况),
// rather than as nothing, a number, a cell's text (0.00, 财政拨款, a goal
// sentence) or a sentence that introduces it (…目标情况如下：).
func TableTitle(title string) bool {
	if strings.Contains(title, "表") {
		return true
	}
	for _, end := range []string{"情况", "说明", "目标"} {
		if strings.HasSuffix(title, end) {
			return true
		}
	}
	return false
}

// amountRE matches an amount as budget tables print it: digits, maybe
// grouped, with two decimals (1,234.56, 0.00, 95.00 of 95.00%).
var amountRE = regexp.MustCompile(`[0-9][0-9,]*\.[0-9]{2}`)

// amountCells counts the cells that hold an amount, and those that hold two
// or more run together.
func amountCells(cells []model.CellRecord) (amounts, joined int) {
	for _, c := range cells {
		switch countAmounts(c.Text) {
		case 0:
		case 1:
			amounts++
		default:
			amounts++
			joined++
		}
	}
	return amounts, joined
}

// countAmounts counts the amounts in s; a number with more than two
// decimals (a rate, 0.125) is not one.
func countAmounts(s string) int {
	n := 0
	for _, m := range amountRE.FindAllStringIndex(s, -1) {
		if m[1] < len(s) && s[m[1]] >= '0' && s[m[1]] <= '9' {
			continue
		}
		n++
	}
	return n
}

// requireVersion fails with a clear error when the database's schema is
// older than version, which what needs it cannot read.
func (d *DB) requireVersion(ctx context.Context, version int, what string) error {
	have, err := d.schemaVersion(ctx)
	if err != nil {
		return err
	}
	if have < version {
		return fmt.Errorf("%s needs a database of schema version %d or later, and this one is %d: open it once with budgetx ingest to upgrade it", what, version, have)
	}
	return nil
}

// each runs a query and calls fn for each row with a scan function.
func (d *DB) each(ctx context.Context, query string, args []any, fn func(scan func(...any) error) error) error {
	rows, err := d.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}
