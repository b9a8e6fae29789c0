package layout

import (
	"math"
	"slices"

	"github.com/budgetx/budgetx/model"
)

// Tolerances in points.
const (
	snapTol  = 2.0 // rules this close are one line (double borders, rounding)
	joinTol  = 2.5 // collinear pieces this close are one rule
	crossTol = 2.5 // how far a rule may stop short of the rule it meets
	coverMin = 0.5 // share of a cell side a rule must cover to count as a border
)

// seg is a ruling segment along one axis: at is its position across the
// axis (y for a horizontal rule, x for a vertical one), lo to hi its
// extent along it.
type seg struct{ at, lo, hi float64 }

// Horizontal and vertical segments have the same shape; the names say
// which is which.
type (
	hseg = seg
	vseg = seg
)

// splitRules sorts rules into merged horizontal and vertical segments.
func splitRules(rules []Rule) ([]hseg, []vseg) {
	var hs []hseg
	var vs []vseg
	for _, r := range rules {
		w, h := r.X1-r.X0, r.Y1-r.Y0
		switch {
		case w >= h && w > 1:
			hs = append(hs, hseg{(r.Y0 + r.Y1) / 2, r.X0, r.X1})
		case h > w && h > 1:
			vs = append(vs, vseg{(r.X0 + r.X1) / 2, r.Y0, r.Y1})
		}
	}
	return snapMerge(hs), snapMerge(vs)
}

// snapMerge puts segments closer than snapTol across their axis on one
// line (their mean) and joins collinear pieces that overlap or nearly
// touch.
func snapMerge(segs []seg) []seg {
	slices.SortFunc(segs, func(a, b seg) int { return cmpF(a.at, b.at) })
	for i := 0; i < len(segs); {
		j, sum := i+1, segs[i].at // i+1: a value that compares false to all still moves on
		for j < len(segs) && segs[j].at-segs[i].at <= snapTol {
			sum += segs[j].at
			j++
		}
		for k := i; k < j; k++ {
			segs[k].at = sum / float64(j-i)
		}
		i = j
	}
	slices.SortFunc(segs, func(a, b seg) int {
		if c := cmpF(a.at, b.at); c != 0 {
			return c
		}
		return cmpF(a.lo, b.lo)
	})
	out := segs[:0]
	for _, s := range segs {
		if n := len(out); n > 0 && out[n-1].at == s.at && s.lo <= out[n-1].hi+joinTol {
			out[n-1].hi = max(out[n-1].hi, s.hi)
			continue
		}
		out = append(out, s)
	}
	return out
}

func cmpF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// grid is one ruled table: its column and row edges and its cells, merged
// where a border is missing.
type grid struct {
	xs, ys []float64
	hs     []hseg
	vs     []vseg
	box    model.Rect
	owner  []int // grid position (r*ncols+c) → index in cells
	cells  []gcell
}

type gcell struct {
	r0, c0, r1, c1 int // the grid rows and columns covered, end exclusive
	glyphs         []int
	clipped        bool
	openBottom     bool
}

func (g *grid) ncols() int { return len(g.xs) - 1 }
func (g *grid) nrows() int { return len(g.ys) - 1 }

// Limits past which a page's rules are not read as a lattice (the page's
// text is then read by alignment): no budget table has thousands of rules
// both ways, and the work grows with their product.
const (
	maxCrossings = 4 << 20 // horizontal × vertical rules compared
	maxCells     = 1 << 20 // rows × columns of one grid
)

// findGrids groups rules that touch into tables and lays a grid over each.
func findGrids(hs []hseg, vs []vseg) []*grid {
	n := len(hs) + len(vs)
	if len(hs) < 2 || len(vs) < 2 || len(hs)*len(vs) > maxCrossings {
		return nil
	}
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i, h := range hs {
		for j, v := range vs {
			if v.at >= h.lo-crossTol && v.at <= h.hi+crossTol && h.at >= v.lo-crossTol && h.at <= v.hi+crossTol {
				a, b := find(i), find(len(hs)+j)
				if a != b {
					parent[a] = b
				}
			}
		}
	}
	groups := make(map[int]*grid)
	var order []int
	for i, h := range hs {
		root := find(i)
		g := groups[root]
		if g == nil {
			g = &grid{}
			groups[root] = g
			order = append(order, root)
		}
		g.hs = append(g.hs, h)
	}
	var loose []vseg
	for j, v := range vs {
		root := find(len(hs) + j)
		g := groups[root]
		if g == nil {
			loose = append(loose, v)
			continue
		}
		g.vs = append(g.vs, v)
	}
	// A vertical rule that meets no horizontal one still borders a table
	// it runs alongside: the outer edge of a merged cell that is open at
	// both ends because it continues across pages.
	for _, v := range loose {
		for _, root := range order {
			g := groups[root]
			y0, y1, x0, x1 := g.hs[0].at, g.hs[len(g.hs)-1].at, math.Inf(1), math.Inf(-1)
			for _, h := range g.hs {
				x0, x1 = min(x0, h.lo), max(x1, h.hi)
			}
			reach := (x1 - x0) / 2
			if min(v.hi, y1)-max(v.lo, y0) >= 0.5*(y1-y0) && v.at > x0-reach && v.at < x1+reach {
				g.vs = append(g.vs, v)
				break
			}
		}
	}
	var out []*grid
	for _, root := range order {
		g := groups[root]
		if len(g.hs) < 2 || len(g.vs) < 2 || !g.layout() {
			continue
		}
		out = append(out, g)
	}
	return out
}

// layout computes a grid's edges and merged cells. It reports false when
// the rules do not make a table of at least two cells.
func (g *grid) layout() bool {
	byAt := func(a, b seg) int { return cmpF(a.at, b.at) }
	slices.SortStableFunc(g.hs, byAt)
	slices.SortStableFunc(g.vs, byAt)
	var xs, ys []float64
	minX, maxX, minY, maxY := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, v := range g.vs {
		xs = append(xs, v.at)
		minY, maxY = min(minY, v.lo), max(maxY, v.hi)
	}
	for _, h := range g.hs {
		ys = append(ys, h.at)
		minX, maxX = min(minX, h.lo), max(maxX, h.hi)
	}
	// Rules that run past the outermost crossing rule open a row or column
	// without a border there: a table without outer borders, or a block cut
	// at the page foot.
	g.xs = withExtent(cluster(xs), minX, maxX)
	g.ys = withExtent(cluster(ys), minY, maxY)
	if len(g.xs) < 2 || len(g.ys) < 2 {
		return false
	}
	g.box = model.Rect{X0: g.xs[0], Y0: g.ys[0], X1: g.xs[len(g.xs)-1], Y1: g.ys[len(g.ys)-1]}
	nr, nc := g.nrows(), g.ncols()
	if nr*nc > maxCells {
		return false
	}
	parent := make([]int, nr*nc)
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(a, b int) {
		a, b = find(a), find(b)
		if a < b {
			parent[b] = a
		} else if b < a {
			parent[a] = b
		}
	}
	for r := range nr {
		for c := range nc {
			if c+1 < nc && !g.vBorder(c+1, r) {
				union(r*nc+c, r*nc+c+1)
			}
			if r+1 < nr && !g.hBorder(r+1, c) {
				union(r*nc+c, (r+1)*nc+c)
			}
		}
	}
	g.owner = make([]int, nr*nc)
	index := make(map[int]int)
	for r := range nr {
		for c := range nc {
			root := find(r*nc + c)
			k, ok := index[root]
			if !ok {
				k = len(g.cells)
				index[root] = k
				g.cells = append(g.cells, gcell{r0: r, c0: c, r1: r + 1, c1: c + 1})
			}
			gc := &g.cells[k]
			gc.r0, gc.c0 = min(gc.r0, r), min(gc.c0, c)
			gc.r1, gc.c1 = max(gc.r1, r+1), max(gc.c1, c+1)
			g.owner[r*nc+c] = k
		}
	}
	if len(g.cells) < 2 {
		return false
	}
	for k := range g.cells {
		gc := &g.cells[k]
		if gc.r1 == nr {
			covered := 0.0
			for c := gc.c0; c < gc.c1; c++ {
				if g.hBorder(nr, c) {
					covered += g.xs[c+1] - g.xs[c]
				}
			}
			gc.openBottom = covered < coverMin*(g.xs[gc.c1]-g.xs[gc.c0])
		}
	}
	return true
}

// vBorder reports whether a vertical rule runs along column edge c through
// grid row r.
func (g *grid) vBorder(c, r int) bool { return covered(g.vs, g.xs[c], g.ys[r], g.ys[r+1]) }

// hBorder reports whether a horizontal rule runs along row edge r through
// grid column c.
func (g *grid) hBorder(r, c int) bool { return covered(g.hs, g.ys[r], g.xs[c], g.xs[c+1]) }

// covered reports whether rules at position at cover enough of lo to hi.
// segs are sorted by position, so only the rules on that line are read: a
// grid of a thousand rules each way asks this a million times.
func covered(segs []seg, at, lo, hi float64) bool {
	i, _ := slices.BinarySearchFunc(segs, at-snapTol, func(s seg, v float64) int { return cmpF(s.at, v) })
	got := 0.0
	for ; i < len(segs) && segs[i].at <= at+snapTol; i++ {
		got += max(0, min(segs[i].hi, hi)-max(segs[i].lo, lo))
	}
	return got >= coverMin*(hi-lo)
}

// cluster sorts values and replaces runs closer than snapTol by their
// mean; edges closer than a sliver are one edge.
func cluster(vals []float64) []float64 {
	slices.Sort(vals)
	var out []float64
	for i := 0; i < len(vals); {
		j, sum := i+1, vals[i]
		for j < len(vals) && vals[j]-vals[i] <= snapTol {
			sum += vals[j]
			j++
		}
		out = append(out, sum/float64(j-i))
		i = j
	}
	return out
}

// withExtent adds lo and hi to sorted edges when they lie clearly beyond
// them; an overshoot of a few points is a drawing habit, not a row.
func withExtent(edges []float64, lo, hi float64) []float64 {
	const overshoot = 6.0
	if len(edges) == 0 {
		return edges
	}
	if lo < edges[0]-overshoot {
		edges = append([]float64{lo}, edges...)
	}
	if hi > edges[len(edges)-1]+overshoot {
		edges = append(edges, hi)
	}
	return edges
}

// locate returns the cell holding point (x, y), or -1 outside the grid.
func (g *grid) locate(x, y float64) int {
	const slack = 1.0
	if x < g.box.X0-slack || x > g.box.X1+slack || y < g.box.Y0-slack || y > g.box.Y1+slack {
		return -1
	}
	c := edgeIndex(g.xs, x)
	r := edgeIndex(g.ys, y)
	return g.owner[r*g.ncols()+c]
}

// edgeIndex returns the band of edges that holds v, clamped to the grid.
func edgeIndex(edges []float64, v float64) int {
	i, _ := slices.BinarySearch(edges, v)
	return min(max(i-1, 0), len(edges)-2)
}
