package layout

import (
	"slices"
	"strings"

	"github.com/budgetx/budgetx/model"
)

// alignedTables finds tables printed without rules: runs of at least three
// rows of free text that break into two or more pieces at wide gaps, with
// the pieces of all rows falling into shared columns. It returns the
// tables and the lines left over.
func alignedTables(page int, lines []line) ([]*model.Table, []line) {
	rows := visualRows(lines)
	var tables []*model.Table
	var rest []line
	near := func(j int) bool { return rows[j].top-rows[j-1].bottom <= 2.5*rows[j].size }
	for i := 0; i < len(rows); {
		if len(rows[i].lines) < 2 {
			rest = appendRow(rest, lines, rows[i])
			i++
			continue
		}
		// A run of rows in pieces; a single row in one piece may sit
		// inside it (an empty first column, a wrapped name).
		j, multi := i+1, 1
		for j < len(rows) && near(j) {
			if len(rows[j].lines) >= 2 {
				multi++
				j++
				continue
			}
			if j+1 < len(rows) && len(rows[j+1].lines) >= 2 && near(j+1) {
				j++
				continue
			}
			break
		}
		if multi >= 3 {
			if t := alignedTable(page, lines, rows[i:j]); t != nil {
				tables = append(tables, t)
				i = j
				continue
			}
		}
		rest = appendRow(rest, lines, rows[i])
		i++
	}
	return tables, rest
}

func appendRow(rest, lines []line, r vrow) []line {
	for _, k := range r.lines {
		rest = append(rest, lines[k])
	}
	return rest
}

type vrow struct {
	lines             []int
	top, bottom, size float64
}

// visualRows groups lines that share a baseline.
func visualRows(lines []line) []vrow {
	idx := make([]int, len(lines))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmpF(lines[a].Box.Y1, lines[b].Box.Y1) })
	var rows []vrow
	for _, k := range idx {
		l := &lines[k]
		if n := len(rows); n > 0 && abs(l.Box.Y1-lines[rows[n-1].lines[0]].Box.Y1) < max(l.Size, 4)/2 {
			r := &rows[n-1]
			r.lines = append(r.lines, k)
			r.top, r.bottom, r.size = min(r.top, l.Box.Y0), max(r.bottom, l.Box.Y1), max(r.size, l.Size)
			continue
		}
		rows = append(rows, vrow{lines: []int{k}, top: l.Box.Y0, bottom: l.Box.Y1, size: max(l.Size, 4)})
	}
	for _, r := range rows {
		slices.SortFunc(r.lines, func(a, b int) int { return cmpF(lines[a].Box.X0, lines[b].Box.X0) })
	}
	return rows
}

// alignedTable lays columns over rows: the pieces' horizontal extents,
// merged where they overlap, are the columns.
func alignedTable(page int, lines []line, rows []vrow) *model.Table {
	type span struct{ x0, x1 float64 }
	var spans []span
	for _, r := range rows {
		for _, k := range r.lines {
			spans = append(spans, span{lines[k].Box.X0, lines[k].Box.X1})
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return cmpF(a.x0, b.x0) })
	var cols []span
	for _, s := range spans {
		if n := len(cols); n > 0 && s.x0 <= cols[n-1].x1+1 {
			cols[n-1].x1 = max(cols[n-1].x1, s.x1)
			continue
		}
		cols = append(cols, s)
	}
	if len(cols) < 2 {
		return nil
	}
	t := &model.Table{Page: page}
	first := true
	for _, r := range rows {
		row := model.Row{Page: page}
		for _, k := range r.lines {
			l := &lines[k]
			c := 0
			for c+1 < len(cols) && cols[c+1].x0 <= (l.Box.X0+l.Box.X1)/2 {
				c++
			}
			if n := len(row.Cells); n > 0 && row.Cells[n-1].Col == c {
				last := &row.Cells[n-1]
				last.Lines[0] = strings.TrimSpace(last.Lines[0] + " " + l.Text)
				last.Box.X1 = max(last.Box.X1, l.Box.X1)
				continue
			}
			row.Cells = append(row.Cells, model.Cell{
				Col: c, RowSpan: 1, ColSpan: 1, Page: page, Lines: []string{l.Text},
				Box: model.Rect{X0: cols[c].x0, Y0: r.top, X1: cols[c].x1, Y1: r.bottom},
			})
			if first {
				t.Box = l.Box
				first = false
			}
			t.Box.X0, t.Box.Y0 = min(t.Box.X0, l.Box.X0), min(t.Box.Y0, l.Box.Y0)
			t.Box.X1, t.Box.Y1 = max(t.Box.X1, l.Box.X1), max(t.Box.Y1, l.Box.Y1)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}
