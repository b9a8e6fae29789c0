package normalize

import (
	"strings"

	"github.com/budgetx/budgetx/extract"
)

// UnwrapCellText joins each cell's printed lines into one cleaned text, so
// later steps see a cell as one string (Lines holds exactly one element, or
// none for an empty cell). It also cleans the fragment's title, caption and
// notes.
func UnwrapCellText(t *extract.Table) {
	t.Title = CleanText(t.Title)
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
				text = []string{CleanText(text[0])}
			} else if len(text) > 1 {
				text = []string{CleanText(JoinLines(cleanLines(text)))}
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
		if l = CleanText(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// StitchPages gathers a document's table fragments into logical tables. A
// fragment continues the table before it when it sits at the top of the next
// page and either repeats that table's header or, untitled, has about as
// many columns. Repeated header rows are dropped, and cells left open at the
// foot of a page are merged with their continuation (MergeContinuationRows).
// Fragments must have been through UnwrapCellText.
func StitchPages(doc *extract.Document) []*Table {
	var tables []*Table
	var cur *Table
	for _, p := range doc.Pages {
		for i, f := range p.Tables {
			if len(f.Rows) == 0 {
				continue
			}
			if cur != nil && i == 0 && continues(cur, f) {
				rows := dropRepeatedHeader(cur, cloneRows(f.Rows))
				cur.Rows = MergeContinuationRows(cur.Rows, rows)
				cur.Notes = append(cur.Notes, f.Notes...)
				continue
			}
			cur = &Table{Title: f.Title, Caption: f.Caption, Notes: f.Notes, Rows: cloneRows(f.Rows)}
			cur.Header = headerRows(cur.Rows)
			tables = append(tables, cur)
		}
	}
	return tables
}

// cloneRows copies rows deeply enough that later steps may change cells
// without touching the extracted document.
func cloneRows(rows []extract.Row) []extract.Row {
	out := make([]extract.Row, len(rows))
	for i, r := range rows {
		out[i] = extract.Row{Page: r.Page, Cells: append([]extract.Cell(nil), r.Cells...)}
	}
	return out
}

// continues reports whether fragment f, the first on its page, goes on with
// table t.
func continues(t *Table, f *extract.Table) bool {
	_, last := t.Pages()
	if f.Rows[0].Page != last+1 {
		return false
	}
	if f.Title != "" && f.Title != t.Title {
		return false
	}
	if t.Header > 0 && sameRow(f.Rows[0], t.Rows[0]) {
		return true
	}
	if f.Title != "" {
		return true // the same title again
	}
	ft := Table{Rows: f.Rows}
	d := ft.NCols() - t.NCols()
	return -2 <= d && d <= 2
}

// dropRepeatedHeader removes the leading rows of a continuation that repeat
// a header row of t. A row that names a project (项目名称 | 审计业务经费)
// is never a header: forms of one name for several units repeat it, and
// each is a project of its own.
func dropRepeatedHeader(t *Table, rows []extract.Row) []extract.Row {
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
func sameRow(a, b extract.Row) bool {
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

func rowTexts(r extract.Row) []string {
	var out []string
	for _, c := range r.Cells {
		if len(c.Lines) > 0 {
			out = append(out, c.Lines[0])
		}
	}
	return out
}

// MergeContinuationRows appends next to rows, first merging each cell that
// was left open at the foot of the page (flag Continued) with the first cell
// of its column in next: the texts join and the spans add up, as the cell was
// one merged cell before the page break cut it.
func MergeContinuationRows(rows, next []extract.Row) []extract.Row {
	base := len(rows)
	rows = append(rows, next...)
	for i := 0; i < base; i++ {
		cells := rows[i].Cells
		for j := range cells {
			c := &cells[j]
			if c.Flags&extract.Continued == 0 || i+c.RowSpan != base {
				continue
			}
			c.Flags &^= extract.Continued
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
		return cmpOr(a, b)
	case len(rb) >= minOverlap && strings.Contains(a, b):
		return a
	case len(ra) >= minOverlap && strings.Contains(b, a):
		return b
	}
	// The longest end of a that starts b.
	for n := min(len(ra), len(rb)) - 1; n >= minOverlap; n-- {
		if string(ra[len(ra)-n:]) == string(rb[:n]) {
			return string(ra) + string(rb[n:])
		}
	}
	return JoinLines([]string{a, b})
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func firstLine(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	return lines[0]
}

func cellAt(cells []extract.Cell, col int) int {
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
func headerRows(rows []extract.Row) int {
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
	if _, ok, err := ParseAmount(s, "元"); ok && err == nil {
		return true
	}
	if _, ok := operators[s]; ok {
		return true
	}
	return codeRE.MatchString(s)
}
