package normalize

import (
	"math"

	"github.com/budgetx/budgetx/model"
)

// stitchTargetPages mends what page breaks do to performance tables
// beyond what stitchPages mends. Producers draw each page's grid from the
// lines that page needs: where the first page divides a column for a merged
// header (三级指标 over two columns of the 资金 block above it), a later
// page does not, so the same printed column gets another index there, and
// a continuation whose column count differs too much is not taken for one
// at all. Where cells carry boxes, each cell of a later page takes the
// column of the first page whose edges it shares, and an untitled table
// that opens the next page and fits those edges joins the performance
// table before it. Tables without boxes are left as they are.
func stitchTargetPages(tables []*table) []*table {
	var out []*table
	for _, t := range tables {
		if n := len(out); n > 0 && t.Title == "" && targetKinds[classifyTitle(out[n-1].Title)] {
			prev := out[n-1]
			_, last := prev.Pages()
			if first, _ := t.Pages(); first == last+1 {
				if rows, ok := onEdges(t.Rows, firstPageEdges(prev)); ok {
					prev.Rows = mergeContinuationRows(prev.Rows, dropRepeatedHeader(prev, rows))
					prev.Notes = append(prev.Notes, t.Notes...)
					continue
				}
			}
		}
		if targetKinds[classifyTitle(t.Title)] {
			alignLaterPages(t)
		}
		out = append(out, t)
	}
	return out
}

// columnEdges holds where each grid column of a page starts and ends, in
// points.
type columnEdges struct{ left, right map[int]float64 }

// edgeSlack is how far apart two drawings of one column line may be.
const edgeSlack = 2.0

func firstPageEdges(t *table) columnEdges {
	e := columnEdges{left: map[int]float64{}, right: map[int]float64{}}
	if len(t.Rows) == 0 {
		return e
	}
	page := t.Rows[0].Page
	for _, r := range t.Rows {
		if r.Page != page {
			continue
		}
		for _, c := range r.Cells {
			if c.Box.IsZero() {
				continue
			}
			e.left[c.Col] = c.Box.X0
			e.right[c.Col+c.ColSpan-1] = c.Box.X1
		}
	}
	return e
}

// onEdges returns rows with each cell moved to the columns whose edges its
// box shares; ok is false when some cell has no box or fits no edges.
func onEdges(rows []model.Row, e columnEdges) (out []model.Row, ok bool) {
	out = cloneRows(rows)
	for i := range out {
		for j := range out[i].Cells {
			c := &out[i].Cells[j]
			if c.Box.IsZero() {
				return nil, false
			}
			first, okL := nearestEdge(e.left, c.Box.X0)
			last, okR := nearestEdge(e.right, c.Box.X1)
			if !okL || !okR || last < first {
				return nil, false
			}
			c.Col, c.ColSpan = first, last-first+1
		}
	}
	return out, true
}

func nearestEdge(edges map[int]float64, x float64) (col int, ok bool) {
	best := edgeSlack
	for c, ex := range edges {
		if d := math.Abs(ex - x); d < best || d == best && (!ok || c < col) {
			col, best, ok = c, d, true
		}
	}
	return col, ok
}

// alignLaterPages moves the cells of t's later pages onto the columns of
// its first page, page by page, where every cell of the page fits them.
func alignLaterPages(t *table) {
	e := firstPageEdges(t)
	if len(e.left) == 0 {
		return
	}
	for lo := 0; lo < len(t.Rows); {
		hi := lo
		for hi < len(t.Rows) && t.Rows[hi].Page == t.Rows[lo].Page {
			hi++
		}
		if t.Rows[lo].Page != t.Rows[0].Page {
			if rows, ok := onEdges(t.Rows[lo:hi], e); ok {
				copy(t.Rows[lo:hi], rows)
			}
		}
		lo = hi
	}
}
