package normalize

import "github.com/budgetx/budgetx/model"

// table is a logical table under repair: the fragments of one table,
// stitched across pages, with their cells' text cleaned.
type table struct {
	Title   string
	Caption []string
	Notes   []string
	Header  int // rows at the top of Rows that form the column header
	Rows    []model.Row
}

// Pages returns the first and last page the table's rows are on.
func (t *table) Pages() (first, last int) {
	for _, r := range t.Rows {
		if first == 0 || r.Page < first {
			first = r.Page
		}
		last = max(last, r.Page)
	}
	return first, last
}

// NCols returns the width of the grid.
func (t *table) NCols() int {
	n := 0
	for _, r := range t.Rows {
		for _, c := range r.Cells {
			n = max(n, c.Col+max(c.ColSpan, 1))
		}
	}
	return n
}

// Line returns the one line of the cell that starts at row r, column col,
// or "" (a covered position or an empty cell): unwrapCellText has joined
// each cell's lines into one by then.
func (t *table) Line(r, col int) string {
	if c := t.Cell(r, col); c != nil && len(c.Lines) > 0 {
		return c.Lines[0]
	}
	return ""
}

// Cell returns the cell that starts at row r, column col, or nil.
func (t *table) Cell(r, col int) *model.Cell {
	if r < 0 || r >= len(t.Rows) {
		return nil
	}
	cells := t.Rows[r].Cells
	for i := range cells {
		if cells[i].Col == col {
			return &cells[i]
		}
	}
	return nil
}

// record turns the repaired grid into a TableRecord with 1-based positions.
// Empty cells are left out.
func (t *table) record(seq int) model.TableRecord {
	first, last := t.Pages()
	tr := model.TableRecord{
		Seq: seq, Title: t.Title, Kind: model.KindOther, PageFirst: first, PageLast: last,
		NRows: len(t.Rows), NCols: t.NCols(),
	}
	for i, r := range t.Rows {
		taken := make(map[int]bool, len(r.Cells))
		for _, c := range r.Cells {
			if len(c.Lines) == 0 || c.Lines[0] == "" || taken[c.Col] {
				continue // empty, or a second cell at one place: the first stays
			}
			taken[c.Col] = true
			tr.Cells = append(tr.Cells, model.CellRecord{
				Row: i + 1, Col: c.Col + 1, RowSpan: max(c.RowSpan, 1), ColSpan: max(c.ColSpan, 1),
				Text: c.Lines[0], Page: c.Page, Box: c.Box,
			})
		}
	}
	return tr
}
