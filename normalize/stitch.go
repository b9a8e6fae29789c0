package normalize

import (
	"cmp"
	"math"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/budgetx/budgetx/model"
)

// unwrapCellText joins each cell's printed lines into one cleaned text, so
// later steps see a cell as one string (Lines holds exactly one element, or
// none for an empty cell). It also cleans the fragment's title, caption and
// notes.
func unwrapCellText(t *model.Table) {
	t.Title = cleanText(t.Title)
	t.Caption = cleanLines(t.Caption)
	t.Notes = cleanLines(t.Notes)
	for i := range t.Rows {
		cells := t.Rows[i].Cells
		for j := range cells {
			c := &cells[j]
			c.RowSpan, c.ColSpan = max(c.RowSpan, 1), max(c.ColSpan, 1)
			if c.Page == 0 {
				c.Page = t.Rows[i].Page
			}
			text := c.Lines
			if len(text) == 1 {
				text = []string{cleanText(text[0])}
			} else if len(text) > 1 {
				text = []string{cleanText(joinLines(cleanLines(text)))}
			}
			if len(text) == 1 && text[0] == "" {
				text = nil
			}
			c.Lines = text
		}
	}
}

func cleanLines(lines []string) []string {
	var out []string
	for _, l := range lines {
		if l = cleanText(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// stitchPages gathers a document's table fragments into logical tables. A
// fragment continues the table before it when it is the first on the next
// page and repeats that table's header, or repeats its title, or has no
// title and about as many columns, or the same column edges, or opens its
// page at the head under a table that filled the page before to the foot. Repeated header
// rows are dropped, and cells left open at the foot of a page are merged
// with their continuation (mergeContinuationRows). What the extractor took
// for a fragment's title is no title when the document prints it on many
// pages (a running head), when it is a number, or when it is the text or a
// piece of the text of a cell of the fragment or of the table it would
// continue (a header cell, a goal sentence cut by the page). Fragments must
// have been through unwrapCellText.
func stitchPages(doc *model.Document) []*table {
	running := runningHeads(doc)
	var tables []*table
	var cur *table
	curAtFoot := false // cur's last fragment ends its page at the foot
	for _, p := range doc.Pages {
		for i, f := range p.Tables {
			if len(f.Rows) == 0 {
				continue
			}
			t := fragmentTable(f, running)
			if cur != nil && inCells(t.Title, lastPageRows(cur)) {
				t.Title = ""
			}
			atFoot := i == len(p.Tables)-1 && p.Height > 0 && f.Box.Y1 >= (1-pageMargin)*p.Height
			if cur != nil && i == 0 && continues(cur, t, curAtFoot && p.Height > 0 && f.Box.Y0 <= pageMargin*p.Height) {
				rows := dropRepeatedHeader(cur, t.Rows)
				cur.Rows = mergeContinuationRows(cur.Rows, rows)
				cur.Notes = append(cur.Notes, f.Notes...)
				curAtFoot = atFoot
				continue
			}
			cur, curAtFoot = t, atFoot
			tables = append(tables, cur)
		}
	}
	return tables
}

// pageMargin is the share of a page's height at its head and foot within
// which a grid counts as cut by the page break.
const pageMargin = 0.15

// fragmentTable makes a table of one fragment, its title repaired.
func fragmentTable(f *model.Table, running map[string]bool) *table {
	t := &table{Title: f.Title, Caption: f.Caption, Notes: f.Notes, Rows: cloneRows(f.Rows)}
	if running[t.Title] || isDataText(t.Title) || numberOnly.MatchString(t.Title) || inCells(t.Title, t.Rows) {
		t.Title = ""
	}
	repairTitle(t)
	t.Header = headerRows(t.Rows)
	return t
}

// numberOnly matches a line that is only a number, a page number or a
// table number: 53.60, 12, - 3 -, 表3.
var numberOnly = regexp.MustCompile(`^[-—－\s]*(?:表\s*)?[0-9０-９.,，]+[-—－\s]*$`)

// runningHeads returns the lines a document prints on three pages or more
// and not always as the title of a fragment: a running head or foot
// (苏州市数据局2026年度部门预算公开) is no table's title, though it may sit
// right above a grid that a page break cut. A title repeated over a
// table's continued pages is printed as that fragment's title only.
func runningHeads(doc *model.Document) map[string]bool {
	type seen struct {
		pages    map[int]bool
		notTitle bool
	}
	lines := map[string]*seen{}
	note := func(text string, page int, title bool) {
		text = cleanText(text)
		if text == "" {
			return
		}
		s := lines[text]
		if s == nil {
			s = &seen{pages: map[int]bool{}}
			lines[text] = s
		}
		s.pages[page] = true
		s.notTitle = s.notTitle || !title
	}
	for _, p := range doc.Pages {
		for _, l := range p.Lines {
			note(l.Text, p.Number, false)
		}
		for _, f := range p.Tables {
			note(f.Title, p.Number, true)
			for _, c := range f.Caption {
				note(c, p.Number, false)
			}
		}
	}
	out := map[string]bool{}
	for text, s := range lines {
		if len(s.pages) >= 3 && s.notTitle {
			out[text] = true
		}
	}
	return out
}

// inCells reports whether s is the text of one of the cells of rows, or,
// when long enough to be no chance match, a piece of one.
func inCells(s string, rows []model.Row) bool {
	const minPiece = 6 // runes
	if s == "" {
		return false
	}
	piece := utf8.RuneCountInString(s) >= minPiece
	for _, r := range rows {
		for _, c := range r.Cells {
			if len(c.Lines) == 0 {
				continue
			}
			if text := c.Lines[0]; text == s || piece && strings.Contains(text, s) {
				return true
			}
		}
	}
	return false
}

// lastPageRows returns the rows of t on its last page.
func lastPageRows(t *table) []model.Row {
	_, last := t.Pages()
	i := len(t.Rows)
	for i > 0 && t.Rows[i-1].Page == last {
		i--
	}
	return t.Rows[i:]
}

// cloneRows copies rows deeply enough that later steps may change cells
// without touching the extracted document.
func cloneRows(rows []model.Row) []model.Row {
	out := make([]model.Row, len(rows))
	for i, r := range rows {
		out[i] = model.Row{Page: r.Page, Cells: append([]model.Cell(nil), r.Cells...)}
	}
	return out
}

// continues reports whether fragment f, the first on its page, goes on with
// table t. cut says that t fills its page to the foot and f opens the next
// at the head: an untitled f then goes on with t whatever its columns (a
// form whose next page divides its columns otherwise).
func continues(t, f *table, cut bool) bool {
	_, last := t.Pages()
	if f.Rows[0].Page != last+1 {
		return false
	}
	if f.Title != "" && bareTitle(f.Title) != bareTitle(t.Title) {
		return false
	}
	if t.Header > 0 && sameRow(f.Rows[0], t.Rows[0]) {
		return true
	}
	if f.Title != "" {
		return true // the same title again
	}
	d := f.NCols() - t.NCols()
	return cut || -2 <= d && d <= 2 || sameEdges(lastPageRows(t), f.Rows)
}

// sameEdges reports whether every column edge of rows lies on a column
// edge of prev: a page that draws the columns of the page before, whatever
// it merges.
func sameEdges(prev, rows []model.Row) bool {
	var edges []float64
	for _, r := range prev {
		for _, c := range r.Cells {
			if !c.Box.IsZero() {
				edges = append(edges, c.Box.X0, c.Box.X1)
			}
		}
	}
	if len(edges) == 0 {
		return false
	}
	onEdge := func(x float64) bool {
		for _, e := range edges {
			if math.Abs(e-x) <= edgeSlack {
				return true
			}
		}
		return false
	}
	for _, r := range rows {
		for _, c := range r.Cells {
			if c.Box.IsZero() || !onEdge(c.Box.X0) || !onEdge(c.Box.X1) {
				return false
			}
		}
	}
	return true
}

// dropRepeatedHeader removes the leading rows of a continuation that repeat
// a header row of t. A row that names a project (项目名称 | 审计业务经费)
// is never a header: forms of one name for several units repeat it, and
// each is a project of its own.
func dropRepeatedHeader(t *table, rows []model.Row) []model.Row {
	for len(rows) > 0 && !labelsValue(rows[0], formNameLabels) {
		repeated := false
		for _, h := range t.Rows[:t.Header] {
			if sameRow(rows[0], h) {
				repeated = true
				break
			}
		}
		if !repeated {
			break
		}
		rows = rows[1:]
	}
	return rows
}

// sameRow reports whether two rows hold the same texts in the same columns.
func sameRow(a, b model.Row) bool {
	ta, tb := rowTexts(a), rowTexts(b)
	if len(ta) == 0 || len(ta) != len(tb) {
		return false
	}
	for i := range ta {
		if ta[i] != tb[i] {
			return false
		}
	}
	return true
}

func rowTexts(r model.Row) []string {
	var out []string
	for _, c := range r.Cells {
		if len(c.Lines) > 0 {
			out = append(out, c.Lines[0])
		}
	}
	return out
}

// mergeContinuationRows appends next to rows, first merging each cell that
// was left open at the foot of the page (flag Continued) with the first cell
// of its column in next: the texts join and the spans add up, as the cell was
// one merged cell before the page break cut it.
func mergeContinuationRows(rows, next []model.Row) []model.Row {
	base := len(rows)
	rows = append(rows, next...)
	for i := 0; i < base; i++ {
		cells := rows[i].Cells
		for j := range cells {
			c := &cells[j]
			if c.Flags&model.Continued == 0 || i+c.RowSpan != base {
				continue
			}
			c.Flags &^= model.Continued
			for k := base; k < len(rows); k++ {
				n := cellAt(rows[k].Cells, c.Col)
				if n < 0 {
					continue
				}
				below := rows[k].Cells[n]
				if t := joinSeam(firstLine(c.Lines), firstLine(below.Lines)); t != "" {
					c.Lines = []string{t}
				}
				c.RowSpan = k - i + below.RowSpan
				c.Flags |= below.Flags
				rows[k].Cells = append(rows[k].Cells[:n:n], rows[k].Cells[n+1:]...)
				break
			}
		}
	}
	return rows
}

// joinSeam joins the two parts of a cell that a page break cut. Producers
// that clip a cell to each page draw its whole text on both sides of the
// break, so the parts may repeat each other, or overlap where the lines the
// first page shows end and those the second shows begin; the repeat is kept
// once.
func joinSeam(a, b string) string {
	// A repeat must be long enough not to be chance: a few characters of
	// Chinese text recur by chance (工作, 补贴, 。).
	const minOverlap = 8
	ra, rb := []rune(a), []rune(b)
	switch {
	case a == "" || b == "" || a == b:
		return cmp.Or(a, b)
	case len(rb) >= minOverlap && (strings.HasPrefix(a, b) || strings.HasSuffix(a, b)):
		return a
	case len(ra) >= minOverlap && strings.HasPrefix(b, a):
		// The second page drew the whole cell again. (A second part that
		// only ends as the first does repeats it by chance.)
		return b
	}
	// The longest end of a that starts b.
	for n := min(len(ra), len(rb)) - 1; n >= minOverlap; n-- {
		if string(ra[len(ra)-n:]) == string(rb[:n]) {
			return string(ra) + string(rb[n:])
		}
	}
	return joinLines([]string{a, b})
}

func firstLine(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	return lines[0]
}

func cellAt(cells []model.Cell, col int) int {
	for i, c := range cells {
		if c.Col == col {
			return i
		}
	}
	return -1
}

// headerRows counts the rows at the top of a table that form its column
// header: those before the first row holding an amount, a code or an
// indicator operator.
func headerRows(rows []model.Row) int {
	for i, r := range rows {
		for _, c := range r.Cells {
			if len(c.Lines) == 0 {
				continue
			}
			if isDataText(c.Lines[0]) {
				return i
			}
		}
	}
	return 0
}

// isDataText reports whether s looks like a value rather than a label.
func isDataText(s string) bool {
	if _, ok, err := parseAmount(s, "元"); ok && err == nil {
		return true
	}
	if _, ok := operators[s]; ok {
		return true
	}
	return codeRE.MatchString(s)
}
