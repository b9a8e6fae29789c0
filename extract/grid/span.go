package grid

import (
	"cmp"
	"slices"
)

// Spanner places the cells of a table the way HTML does: row by row, each
// cell in the first column that no row span from above occupies. It keeps
// only the spans that reach into the current row, so a table costs time in
// proportion to its cells, whatever its spans. The zero Spanner is ready
// for the first row.
type Spanner struct {
	row    int
	col    int    // the next column to try in the current row
	i      int    // the first span of active that may still lie at or after col
	active []span // spans from rows above over the current row, by column
	added  []span // spans that cells of the current row open
}

// span occupies columns [col0, col1) down to row last.
type span struct{ col0, col1, last int }

// Place returns the column of the next cell in the current row, which
// spans colspan columns and rowspan rows (both at least 1).
func (s *Spanner) Place(colspan, rowspan int) int {
	colspan, rowspan = max(colspan, 1), max(rowspan, 1)
scan:
	for s.i < len(s.active) {
		switch a := s.active[s.i]; {
		case a.col1 <= s.col:
			s.i++
		case a.col0 <= s.col:
			s.col = a.col1
		default:
			break scan
		}
	}
	c := s.col
	s.col += colspan
	if rowspan > 1 {
		s.added = append(s.added, span{c, c + colspan, s.row + rowspan - 1})
	}
	return c
}

// NextRow moves on to the next row.
func (s *Spanner) NextRow() {
	s.row++
	s.active = slices.DeleteFunc(s.active, func(a span) bool { return a.last < s.row })
	if len(s.added) > 0 {
		s.active = append(s.active, s.added...)
		slices.SortStableFunc(s.active, func(a, b span) int { return cmp.Compare(a.col0, b.col0) })
		s.added = s.added[:0]
	}
	s.col, s.i = 0, 0
}
