package docx

import (
	"context"
	"strings"

	"github.com/budgetx/budgetx/extract/grid"
	"github.com/budgetx/budgetx/model"
)

// item is one thing on the page, in reading order: a line or a grid.
type item struct {
	line  string
	table *table
}

// layOut puts the body's lines and tables on page: each grid becomes one or
// more table fragments (see grid.Split) with its title and caption from the
// lines above it and its notes from the lines under it.
func layOut(ctx context.Context, blocks []block, page *model.Page) error {
	items := flatten(blocks, nil)
	since := 0 // the first line after the previous table
	for i, it := range items {
		if it.table == nil {
			page.Lines = append(page.Lines, model.Line{Text: it.line})
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		above := lines(items[since:i])
		since = i + 1
		var tables []*model.Table
		for _, b := range grid.Split(sheetRows(it.table, page.Number), page.Number) {
			for _, l := range b.Lines {
				page.Lines = append(page.Lines, model.Line{Text: l})
			}
			if b.Table != nil {
				tables = append(tables, b.Table)
			}
		}
		grid.Surround(tables, above, lines(items[i+1:]))
		page.Tables = append(page.Tables, tables...)
	}
	return nil
}

// lines returns the lines of items up to the first table among them.
func lines(items []item) []string {
	var out []string
	for _, it := range items {
		if it.table != nil {
			break
		}
		out = append(out, it.line)
	}
	return out
}

// flatten lists the lines and grids of blocks in reading order. A table
// that is no grid, or that holds a grid, lays out the page: its cells are
// read in order as lines and grids of their own.
func flatten(blocks []block, out []item) []item {
	for _, b := range blocks {
		switch {
		case b.table == nil:
			out = append(out, item{line: b.line})
		case isGrid(b.table) && !holdsGrid(b.table):
			out = append(out, item{table: b.table})
		default:
			for _, r := range b.table.rows {
				for _, c := range r.cells {
					out = flatten(c.content, out)
				}
			}
		}
	}
	return out
}

// isGrid reports whether a table lays out figures rather than the page: it
// has at least two rows and a row of at least two cells.
func isGrid(t *table) bool {
	wide := false
	for _, r := range t.rows {
		wide = wide || len(r.cells) >= 2
	}
	return len(t.rows) >= 2 && wide
}

// holdsGrid reports whether a grid is nested in t's cells.
func holdsGrid(t *table) bool {
	for _, r := range t.rows {
		for _, c := range r.cells {
			for _, b := range c.content {
				if b.table != nil && (isGrid(b.table) || holdsGrid(b.table)) {
					return true
				}
			}
		}
	}
	return false
}

// cellText is a cell's text: its lines, and the text of tables nested in
// it that are no grids, one line each.
func cellText(blocks []block) string {
	var b strings.Builder
	var walk func([]block)
	walk = func(bs []block) {
		for _, bl := range bs {
			if bl.table == nil {
				b.WriteString(bl.line)
				b.WriteByte('\n')
				continue
			}
			for _, r := range bl.table.rows {
				for _, c := range r.cells {
					walk(c.content)
				}
			}
		}
	}
	walk(blocks)
	return b.String()
}

// sheetRows places a grid's cells on its columns, with their spans, and
// lays it out as rows (see grid.Sheet): w:gridSpan spans columns, a cell
// that w:vMerge continues extends the merged cell above it in the same
// columns, and w:hMerge continue joins a cell to the one on its left.
func sheetRows(t *table, page int) []grid.Row {
	var s grid.Sheet
	open := map[int]*grid.Range{} // vertical merges reaching the current row, by first column
	var merges []*grid.Range
	for r, rw := range t.rows {
		col := rw.before
		for _, c := range joinHMerged(rw.cells) {
			last := col + c.span - 1
			if m := open[col]; c.vMerge == continued && m != nil && m.Col1 == last && m.Row1 == r-1 {
				m.Row1 = r
				col += c.span
				continue
			}
			delete(open, col)
			s.Set(r, col, cellText(c.content))
			if c.vMerge != noMerge || c.span > 1 {
				m := &grid.Range{Row0: r, Col0: col, Row1: r, Col1: last}
				merges = append(merges, m)
				if c.vMerge != noMerge {
					open[col] = m
				}
			}
			col += c.span
		}
	}
	for _, m := range merges {
		s.Merge(*m)
	}
	return s.Rows(page)
}

// joinHMerged folds the cells that w:hMerge continues into the cell on
// their left, as the older way of merging cells across columns.
func joinHMerged(cells []cell) []cell {
	joined := false
	for _, c := range cells {
		joined = joined || c.hMerge == continued
	}
	if !joined {
		return cells
	}
	out := make([]cell, 0, len(cells))
	for _, c := range cells {
		if n := len(out); c.hMerge == continued && n > 0 {
			out[n-1].span = min(out[n-1].span+c.span, maxSpan)
			continue
		}
		out = append(out, c)
	}
	return out
}
