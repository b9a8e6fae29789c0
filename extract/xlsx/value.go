package xlsx

import (
	"github.com/xuri/excelize/v2"

	"github.com/budgetx/budgetx/extract/grid"
)

// styles tells the number format of each cell style, asking excelize once
// per style.
type styles struct {
	wb       *excelize.File
	date1904 bool
	kinds    map[int]grid.NumKind
}

func newStyles(wb *excelize.File) *styles {
	st := &styles{wb: wb, kinds: make(map[int]grid.NumKind)}
	if p, err := wb.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		st.date1904 = *p.Date1904
	}
	return st
}

// number renders a stored number as the cell shows it.
func (st *styles) number(v string, style int) string {
	return grid.ShowNumber(v, st.kind(style), st.date1904)
}

func (st *styles) kind(style int) grid.NumKind {
	if style <= 0 || st.wb == nil {
		return grid.Plain
	}
	k, ok := st.kinds[style]
	if !ok {
		k = st.lookup(style)
		st.kinds[style] = k
	}
	return k
}

func (st *styles) lookup(style int) (k grid.NumKind) {
	defer func() {
		if recover() != nil { // a broken style sheet: show the number plainly
			k = grid.Plain
		}
	}()
	s, err := st.wb.GetStyle(style)
	if err != nil || s == nil {
		return grid.Plain
	}
	if s.CustomNumFmt != nil {
		return grid.FormatKind(*s.CustomNumFmt)
	}
	return grid.BuiltinKind(s.NumFmt)
}
