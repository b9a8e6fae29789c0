package pdf

import (
	"math"

	"github.com/budgetx/budgetx/extract/layout"
	"github.com/budgetx/budgetx/model"
)

// Paths and the ruling lines they draw. Points are stored in page space,
// so whatever the CTM (scaled, flipped, rotated, inside a form) a rule is
// judged by how it looks on the page.

// segKind says how a path point was reached.
type segKind uint8

const (
	moveSeg  segKind = iota // starts a subpath
	lineSeg                 // a straight line from the point before
	ctlSeg                  // a curve's control point
	curveSeg                // a curve's end point
)

// point is a path point in page space.
type point struct {
	x, y float64
	kind segKind
}

// maxPathPoints bounds one path: a path of millions of points is a
// drawing, not a table border, and would only hold memory.
const maxPathPoints = 1 << 20

// Thresholds in points.
const (
	// thinMax is the thickest a filled shape may be and still read as a
	// rule along its long side: report engines draw borders as filled
	// trapezoids 0.75 pt thick, Chromium as rectangles of one pixel.
	thinMax = 3.0
	// cornerTol is how far a point of a filled box may lie from a corner
	// of its bounding box.
	cornerTol = 0.5
	// skewTol is how far a stroked segment's ends may differ across it
	// for the segment to count as horizontal or vertical.
	skewTol = 0.5
)

func (w *walker) addPoint(x, y float64, k segKind) {
	if len(w.path) >= maxPathPoints {
		return
	}
	px, py := w.gs.ctm.apply(x, y)
	w.path = append(w.path, point{px, py, k})
}

func (w *walker) moveTo(x, y float64) { w.addPoint(x, y, moveSeg) }

// lineTo draws a line from the current point; without one (a path that
// starts with l) the point starts a subpath.
func (w *walker) lineTo(x, y float64) {
	if len(w.path) == 0 {
		w.moveTo(x, y)
		return
	}
	w.addPoint(x, y, lineSeg)
}

// curveTo draws a Bézier curve; a holds its control points and, last, its
// end point. Curves are never rules, but they bound the shape a fill
// paints.
func (w *walker) curveTo(a []float64) {
	n := len(a) / 2
	if len(w.path) == 0 {
		w.moveTo(a[2*n-2], a[2*n-1])
		return
	}
	for i := 0; i < n-1; i++ {
		w.addPoint(a[2*i], a[2*i+1], ctlSeg)
	}
	w.addPoint(a[2*n-2], a[2*n-1], curveSeg)
}

// subpathStart returns the index of the current subpath's first point.
func (w *walker) subpathStart() int {
	i := len(w.path) - 1
	for i > 0 && w.path[i].kind != moveSeg {
		i--
	}
	return i
}

// closePath draws back to the subpath's first point, which becomes the
// current point of a new subpath.
func (w *walker) closePath() {
	if len(w.path) == 0 {
		return
	}
	s := w.path[w.subpathStart()]
	if last := w.path[len(w.path)-1]; last.x != s.x || last.y != s.y {
		w.path = append(w.path, point{s.x, s.y, lineSeg})
	}
	if len(w.path) < maxPathPoints {
		w.path = append(w.path, point{s.x, s.y, moveSeg})
	}
}

func (w *walker) rect(x, y, wd, ht float64) {
	w.moveTo(x, y)
	w.addPoint(x+wd, y, lineSeg)
	w.addPoint(x+wd, y+ht, lineSeg)
	w.addPoint(x, y+ht, lineSeg)
	w.closePath()
}

// stroke turns the straight horizontal and vertical pieces of the current
// path into rules, whatever the line width: a width of 0 is the thinnest
// line the device can draw, still a border.
func (w *walker) stroke() {
	if w.gs.strokeL >= white {
		return
	}
	for i := 1; i < len(w.path); i++ {
		a, b := w.path[i-1], w.path[i]
		if b.kind != lineSeg {
			continue
		}
		w.segmentRule(a.x, a.y, b.x, b.y)
	}
}

// fill turns the filled shapes of the current path into rules. A shape
// thin in one direction is a rule along the other, whatever its vertex
// count and however its ends are cut (report engines mitre each border
// into a trapezoid; Chromium draws one-pixel rectangles). A filled box
// of some size (a shaded cell) shows its edges as borders: some tables
// have no other rules.
func (w *walker) fill() {
	if w.gs.fillL >= white {
		return
	}
	for i := 0; i < len(w.path); {
		j := i + 1
		for j < len(w.path) && w.path[j].kind != moveSeg {
			j++
		}
		w.fillShape(w.path[i:j])
		i = j
	}
}

func (w *walker) fillShape(sub []point) {
	if len(sub) < 3 {
		return // a fill needs an area
	}
	b := bounds(sub)
	wd, ht := b.X1-b.X0, b.Y1-b.Y0
	switch {
	case !(wd < math.MaxFloat64 && ht < math.MaxFloat64):
		// Not finite: no rule.
	case ht <= thinMax && wd > 2*ht:
		y := (b.Y0 + b.Y1) / 2
		w.addRule(b.X0, y, b.X1, y)
	case wd <= thinMax && ht > 2*wd:
		x := (b.X0 + b.X1) / 2
		w.addRule(x, b.Y0, x, b.Y1)
	case wd > thinMax && ht > thinMax && isBox(sub, b):
		w.addRule(b.X0, b.Y0, b.X1, b.Y0)
		w.addRule(b.X0, b.Y1, b.X1, b.Y1)
		w.addRule(b.X0, b.Y0, b.X0, b.Y1)
		w.addRule(b.X1, b.Y0, b.X1, b.Y1)
	}
}

// bounds returns the bounding box of points, control points included (a
// curve stays inside the hull of its control points).
func bounds(pts []point) model.Rect {
	b := model.Rect{X0: math.Inf(1), Y0: math.Inf(1), X1: math.Inf(-1), Y1: math.Inf(-1)}
	for _, p := range pts {
		b.X0, b.Y0 = min(b.X0, p.x), min(b.Y0, p.y)
		b.X1, b.Y1 = max(b.X1, p.x), max(b.Y1, p.y)
	}
	return b
}

// isBox reports whether a subpath of straight lines outlines its bounding
// box: every point on one of its corners, and all four corners visited.
func isBox(sub []point, b model.Rect) bool {
	var seen [4]bool
	for _, p := range sub {
		if p.kind == ctlSeg || p.kind == curveSeg {
			return false
		}
		k := 0
		switch {
		case math.Abs(p.x-b.X0) <= cornerTol:
		case math.Abs(p.x-b.X1) <= cornerTol:
			k |= 1
		default:
			return false
		}
		switch {
		case math.Abs(p.y-b.Y0) <= cornerTol:
		case math.Abs(p.y-b.Y1) <= cornerTol:
			k |= 2
		default:
			return false
		}
		seen[k] = true
	}
	return seen[0] && seen[1] && seen[2] && seen[3]
}

// segmentRule records a stroked segment that runs horizontally or
// vertically.
func (w *walker) segmentRule(x0, y0, x1, y1 float64) {
	dx, dy := math.Abs(x1-x0), math.Abs(y1-y0)
	switch {
	case dy <= skewTol && dx > skewTol:
		y := (y0 + y1) / 2
		w.addRule(x0, y, x1, y)
	case dx <= skewTol && dy > skewTol:
		x := (x0 + x1) / 2
		w.addRule(x, y0, x, y1)
	}
}

// addRule records a horizontal or vertical rule, cut to the clip.
func (w *walker) addRule(x0, y0, x1, y1 float64) {
	if len(w.out.Rules) >= maxRules {
		return
	}
	r := layout.Rule{X0: min(x0, x1), Y0: min(y0, y1), X1: max(x0, x1), Y1: max(y0, y1)}
	if w.gs.clipped {
		// A rule is seen only inside the clip.
		c := w.gs.clip
		r.X0, r.X1 = max(r.X0, c.X0), min(r.X1, c.X1)
		r.Y0, r.Y1 = max(r.Y0, c.Y0), min(r.Y1, c.Y1)
		if r.X0 > r.X1+skewTol || r.Y0 > r.Y1+skewTol {
			return
		}
		// A rule along the clip's edge may come out reversed by a hair.
		r.X1, r.Y1 = max(r.X0, r.X1), max(r.Y0, r.Y1)
	}
	w.out.Rules = append(w.out.Rules, r)
}
