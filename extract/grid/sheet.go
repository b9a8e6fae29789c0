package grid

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/budgetx/budgetx/extract"
)

// Range is a block of cells, 0-based and inclusive: a merged range.
type Range struct {
	Row0, Col0, Row1, Col1 int
}

// Sheet collects the cells of one worksheet at their positions, with its
// merged ranges and hidden rows and columns, and lays them out as rows of
// a grid. The zero Sheet is empty and ready to use.
type Sheet struct {
	cells      []placed
	merges     []Range
	hiddenRows []int
	hiddenCols []int
}

type placed struct {
	row, col int
	text     string
}

// Set puts text at row and col (0-based). Blank text is ignored.
func (s *Sheet) Set(row, col int, text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	s.cells = append(s.cells, placed{row, col, text})
}

// Merge records a merged range: its top-left cell shows, spanning the
// range, and the text of its other cells is hidden.
func (s *Sheet) Merge(r Range) {
	if r.Row1 < r.Row0 || r.Col1 < r.Col0 || r.Row0 < 0 || r.Col0 < 0 {
		return
	}
	s.merges = append(s.merges, r)
}

// HideRow and HideCol leave a row or column out of the layout.
func (s *Sheet) HideRow(row int) { s.hiddenRows = append(s.hiddenRows, row) }

// HideCol leaves a column out of the layout.
func (s *Sheet) HideCol(col int) { s.hiddenCols = append(s.hiddenCols, col) }

// Len returns the number of non-blank cells set.
func (s *Sheet) Len() int { return len(s.cells) }

// Rows lays the sheet out: the visible rows that hold text, each with its
// visible cells. Columns are renumbered without the hidden ones, merged
// ranges become spans over the visible rows that hold text and the visible
// columns, and every cell is on page.
func (s *Sheet) Rows(page int) []Row {
	byPos := func(a, b placed) int {
		if c := cmp.Compare(a.row, b.row); c != 0 {
			return c
		}
		return cmp.Compare(a.col, b.col)
	}
	if !slices.IsSortedFunc(s.cells, byPos) {
		slices.SortStableFunc(s.cells, byPos)
	}
	slices.Sort(s.hiddenRows)
	slices.Sort(s.hiddenCols)
	s.hiddenRows, s.hiddenCols = slices.Compact(s.hiddenRows), slices.Compact(s.hiddenCols)
	merges := slices.Clone(s.merges)
	slices.SortFunc(merges, func(a, b Range) int { return cmp.Compare(a.Row0, b.Row0) })

	type anchor struct {
		row, cell int // index into rows and into the row's cells
		m         Range
	}
	var (
		rows    []Row
		anchors []anchor
		active  []Range // merges over the current row
		next    int     // next merge to become active
		curRow  = -1
	)
	for _, p := range s.cells {
		if has(s.hiddenRows, p.row) || has(s.hiddenCols, p.col) {
			continue
		}
		if p.row != curRow {
			curRow = p.row
			active = slices.DeleteFunc(active, func(m Range) bool { return m.Row1 < p.row })
			for next < len(merges) && merges[next].Row0 <= p.row {
				if merges[next].Row1 >= p.row {
					active = append(active, merges[next])
				}
				next++
			}
		}
		m, merged := covering(active, p.row, p.col)
		if merged && (m.Row0 != p.row || m.Col0 != p.col) {
			continue // hidden under a merged range
		}
		if len(rows) == 0 || rows[len(rows)-1].N != p.row+1 {
			rows = append(rows, Row{N: p.row + 1})
		}
		r := &rows[len(rows)-1]
		c := extract.Cell{
			Col: p.col - countBelow(s.hiddenCols, p.col), RowSpan: 1, ColSpan: 1,
			Lines: Lines(p.text), Page: page,
		}
		if merged {
			c.ColSpan = max(1, m.Col1-m.Col0+1-countIn(s.hiddenCols, m.Col0, m.Col1))
			anchors = append(anchors, anchor{len(rows) - 1, len(r.Cells), m})
		}
		r.Cells = append(r.Cells, c)
	}
	// A merged range spans the rows kept in the layout, not the blank or
	// hidden rows it covers in the sheet.
	for _, a := range anchors {
		last, _ := slices.BinarySearchFunc(rows, a.m.Row1+1, func(r Row, n int) int { return cmp.Compare(r.N, n) })
		if last < len(rows) && rows[last].N == a.m.Row1+1 {
			last++
		}
		rows[a.row].Cells[a.cell].RowSpan = max(1, last-a.row)
	}
	return rows
}

func covering(ms []Range, row, col int) (Range, bool) {
	for _, m := range ms {
		if m.Row0 <= row && row <= m.Row1 && m.Col0 <= col && col <= m.Col1 {
			return m, true
		}
	}
	return Range{}, false
}

func has(sorted []int, x int) bool {
	_, ok := slices.BinarySearch(sorted, x)
	return ok
}

// countBelow returns how many of sorted are below x.
func countBelow(sorted []int, x int) int {
	i, _ := slices.BinarySearch(sorted, x)
	return i
}

// countIn returns how many of sorted lie in [lo, hi].
func countIn(sorted []int, lo, hi int) int {
	return countBelow(sorted, hi+1) - countBelow(sorted, lo)
}

// Skipped returns the hidden rows and columns (0-based, ascending) that
// hold text, which the layout leaves out.
func (s *Sheet) Skipped() (rows, cols []int) {
	slices.Sort(s.hiddenRows)
	slices.Sort(s.hiddenCols)
	for _, p := range s.cells {
		if has(s.hiddenRows, p.row) {
			rows = append(rows, p.row)
		}
		if has(s.hiddenCols, p.col) {
			cols = append(cols, p.col)
		}
	}
	slices.Sort(rows)
	slices.Sort(cols)
	return slices.Compact(rows), slices.Compact(cols)
}

// Fill lays the sheet out on page: its free lines and its tables.
func (s *Sheet) Fill(page *extract.Page) {
	for _, b := range Split(s.Rows(page.Number), page.Number) {
		for _, l := range b.Lines {
			page.Lines = append(page.Lines, extract.Line{Text: l})
		}
		if b.Table != nil {
			page.Tables = append(page.Tables, b.Table)
		}
	}
}

// Findings reports the hidden rows and columns that hold text, which the
// layout leaves out, as findings on page; pos names the file and sheet.
func (s *Sheet) Findings(pos extract.Pos, page int) []extract.Finding {
	rows, cols := s.Skipped()
	var fs []extract.Finding
	if len(rows) > 0 {
		fs = append(fs, extract.Finding{Severity: extract.SevInfo, Code: "hidden_rows", Page: page,
			Message: fmt.Sprintf("%s: hidden rows %s skipped", pos, spans(rows, func(i int) string { return fmt.Sprint(i + 1) }))})
	}
	if len(cols) > 0 {
		fs = append(fs, extract.Finding{Severity: extract.SevInfo, Code: "hidden_columns", Page: page,
			Message: fmt.Sprintf("%s: hidden columns %s skipped", pos, spans(cols, colName))})
	}
	return fs
}

// spans writes ascending numbers as runs: 3, 5–7, 9.
func spans(xs []int, name func(int) string) string {
	var b strings.Builder
	for i := 0; i < len(xs); {
		j := i
		for j+1 < len(xs) && xs[j+1] == xs[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(name(xs[i]))
		if j > i {
			b.WriteString("–" + name(xs[j]))
		}
		i = j + 1
	}
	return b.String()
}

// colName returns the letters of a 0-based column: 0 is A, 26 is AA.
func colName(c int) string {
	s := ""
	for c++; c > 0; c = (c - 1) / 26 {
		s = string(rune('A'+(c-1)%26)) + s
	}
	return s
}
