package grid

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/model"
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
	skipRows   []int // hidden rows holding text, found by Rows
	skipCols   []int
	lost       int   // cells the reader could not read
	firstLost  Range // where the first was; -1 where unknown
}

// placed is a cell as set; positions are 0-based and within a worksheet's
// limits (1,048,576 rows, 16,384 columns), so 32 bits hold them.
type placed struct {
	row, col int32
	text     string
}

// Set puts text at row and col (0-based). Blank text, and positions beyond
// what a worksheet holds, are ignored.
func (s *Sheet) Set(row, col int, text string) {
	if row < 0 || col < 0 || row > math.MaxInt32 || col > math.MaxInt32 || strings.TrimSpace(text) == "" {
		return
	}
	s.cells = append(s.cells, placed{int32(row), int32(col), text})
}

// Lose records a cell the reader could not read, at row and col (0-based;
// -1 where unknown). Fill reports the losses in a finding.
func (s *Sheet) Lose(row, col int) {
	if s.lost++; s.lost == 1 {
		s.firstLost = Range{Row0: row, Col0: col}
	}
}

// Grow makes room for n more cells.
func (s *Sheet) Grow(n int) {
	if n > 0 {
		s.cells = slices.Grow(s.cells, n)
	}
}

// Merge records a merged range: its top-left cell shows, spanning the
// range, and the text of its other cells is hidden.
func (s *Sheet) Merge(r Range) {
	if r.Row1 < r.Row0 || r.Col1 < r.Col0 || r.Row0 < 0 || r.Col0 < 0 {
		return
	}
	s.merges = append(s.merges, r)
}

// HideRow leaves a row out of the layout.
func (s *Sheet) HideRow(row int) { s.hiddenRows = append(s.hiddenRows, row) }

// HideCol leaves a column out of the layout.
func (s *Sheet) HideCol(col int) { s.hiddenCols = append(s.hiddenCols, col) }

// Len returns the number of non-blank cells set.
func (s *Sheet) Len() int { return len(s.cells) }

// Rows lays the sheet out: the visible rows that hold text, each with its
// visible cells. Columns are renumbered without the hidden ones, merged
// ranges become spans over the visible rows that hold text and the visible
// columns, and every cell is on page. The cells of all rows share one
// allocation, as do the lines of single-line cells: a sheet of a hundred
// thousand rows costs a few large allocations, not a million small ones.
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
	s.skipRows, s.skipCols = nil, nil
	merges := slices.Clone(s.merges)
	slices.SortFunc(merges, func(a, b Range) int { return cmp.Compare(a.Row0, b.Row0) })

	type anchor struct {
		row, cell int // index into rows and into cells
		m         Range
	}
	var (
		rows    []Row
		cells   = make([]model.Cell, 0, len(s.cells))
		lines   = make([]string, 0, len(s.cells))
		anchors []anchor
		active  []Range // merges over the current row
		next    int     // next merge to become active
		curRow  = -1
		start   int // first cell of the current row
	)
	endRow := func() {
		if len(rows) > 0 {
			rows[len(rows)-1].Cells = cells[start:len(cells):len(cells)]
		}
		start = len(cells)
	}
	for _, p := range s.cells {
		row, col := int(p.row), int(p.col)
		hr, hc := has(s.hiddenRows, row), has(s.hiddenCols, col)
		if hr || hc {
			if hr {
				s.skipRows = append(s.skipRows, row)
			}
			if hc {
				s.skipCols = append(s.skipCols, col)
			}
			continue
		}
		if row != curRow {
			curRow = row
			active = slices.DeleteFunc(active, func(m Range) bool { return m.Row1 < row })
			for next < len(merges) && merges[next].Row0 <= row {
				if merges[next].Row1 >= row {
					active = append(active, merges[next])
				}
				next++
			}
		}
		m, merged := covering(active, row, col)
		if merged && (m.Row0 != row || m.Col0 != col) {
			continue // hidden under a merged range
		}
		if len(rows) == 0 || rows[len(rows)-1].N != row+1 {
			endRow()
			rows = append(rows, Row{N: row + 1})
		}
		c := model.Cell{Col: col - countBelow(s.hiddenCols, col), RowSpan: 1, ColSpan: 1, Page: page}
		if n := len(cells); n > start && cells[n-1].Col == c.Col {
			continue // a broken file names one cell twice: the first stays
		}
		if t := p.text; !strings.ContainsRune(t, '\n') && strings.TrimSpace(t) == t {
			lines = append(lines, t)
			c.Lines = lines[len(lines)-1 : len(lines) : len(lines)]
		} else {
			c.Lines = Lines(t)
		}
		if merged {
			c.ColSpan = max(1, m.Col1-m.Col0+1-countIn(s.hiddenCols, m.Col0, m.Col1))
			anchors = append(anchors, anchor{len(rows) - 1, len(cells), m})
		}
		cells = append(cells, c)
	}
	endRow()
	// A merged range spans the rows kept in the layout, not the blank or
	// hidden rows it covers in the sheet.
	for _, a := range anchors {
		last, _ := slices.BinarySearchFunc(rows, a.m.Row1+1, func(r Row, n int) int { return cmp.Compare(r.N, n) })
		if last < len(rows) && rows[last].N == a.m.Row1+1 {
			last++
		}
		cells[a.cell].RowSpan = max(1, last-a.row)
	}
	slices.Sort(s.skipRows)
	slices.Sort(s.skipCols)
	s.skipRows, s.skipCols = slices.Compact(s.skipRows), slices.Compact(s.skipCols)
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
// hold text, which the last call of Rows left out.
func (s *Sheet) Skipped() (rows, cols []int) { return s.skipRows, s.skipCols }

// Fill lays the sheet out on page, its free lines and its tables, and
// returns findings for the hidden rows and columns that hold text; pos
// names the file and sheet. The sheet's cells are released.
func (s *Sheet) Fill(page *model.Page, pos extract.Pos) []model.Finding {
	rows := s.Rows(page.Number)
	s.cells = nil
	for _, b := range Split(rows, page.Number) {
		for _, l := range b.Lines {
			page.Lines = append(page.Lines, model.Line{Text: l})
		}
		if b.Table != nil {
			page.Tables = append(page.Tables, b.Table)
		}
	}
	return s.Findings(pos, page.Number)
}

// Findings reports the hidden rows and columns that hold text, which the
// last call of Rows left out, and the cells the reader lost, as findings on
// page; pos names the file and sheet.
func (s *Sheet) Findings(pos extract.Pos, page int) []model.Finding {
	rows, cols := s.Skipped()
	var fs []model.Finding
	if len(rows) > 0 {
		fs = append(fs, model.Finding{Severity: model.SevInfo, Code: model.CodeHiddenRows, Page: page,
			Message: fmt.Sprintf("%s: hidden rows %s skipped", pos, spans(rows, func(i int) string { return fmt.Sprint(i + 1) }))})
	}
	if len(cols) > 0 {
		fs = append(fs, model.Finding{Severity: model.SevInfo, Code: model.CodeHiddenColumns, Page: page,
			Message: fmt.Sprintf("%s: hidden columns %s skipped", pos, spans(cols, colName))})
	}
	if s.lost > 0 {
		at := pos
		at.Row, at.Col = s.firstLost.Row0+1, s.firstLost.Col0+1
		fs = append(fs, model.Finding{Severity: model.SevWarning, Code: model.CodeBadCells, Page: page,
			Message: fmt.Sprintf("%s: unreadable cells left out: %d, the first at %s", pos, s.lost, at)})
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

// HiddenSheets reports the hidden sheets of a workbook, which extractors
// skip, as one finding; it returns none when no sheet is hidden.
func HiddenSheets(file string, names []string) []model.Finding {
	if len(names) == 0 {
		return nil
	}
	return []model.Finding{{Severity: model.SevInfo, Code: model.CodeHiddenSheets,
		Message: fmt.Sprintf("%s: hidden sheets skipped: %s", file, strings.Join(names, ", "))}}
}
