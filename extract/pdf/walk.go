package pdf

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"math"

	lpdf "github.com/ledongthuc/pdf"

	"github.com/budgetx/budgetx/extract/layout"
	"github.com/budgetx/budgetx/model"
)

// matrix is an affine transform [a b c d e f]: x' = a x + c y + e,
// y' = b x + d y + f.
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m then n: a point goes through m first.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2],
		m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2],
		m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4],
		m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]
}

// gstate is the part of the graphics state the walker keeps.
type gstate struct {
	ctm     matrix
	clip    model.Rect
	clipped bool
	font    *font
	size    float64
	tc, tw  float64
	th      float64 // horizontal scaling, 1 = 100%
	tl      float64
	rise    float64
	// Lightness of the stroke and fill colours, 0 black to 1 white: a
	// border drawn in white is no border.
	strokeL, fillL float64
}

// walker interprets content streams and collects glyphs and rules in page
// space: points, origin top left, y down (the page matrix is folded into
// the initial CTM).
type walker struct {
	doc    *docState
	out    *layout.Page
	gs     gstate
	stack  []gstate
	floor  int // q/Q inside a form cannot pop what the caller pushed
	tm     matrix
	tlm    matrix
	res    lpdf.Value
	resKey objRef
	path   []point // the current path, in page space
	clipOp bool    // W or W* seen; applies at the next painting operator
	depth  int     // Form XObject nesting
	forms  map[objRef]bool
	images int
	ops    int
	// Content streams and forms that broke part way (see contain).
	damaged []error
}

// Limits that keep a hostile file from running away.
const (
	maxFormDepth = 12
	maxOps       = 4 << 20
	maxGlyphs    = 1 << 20
	maxRules     = 1 << 18
)

func (w *walker) run(content lpdf.Value) {
	parts := []lpdf.Value{content}
	if content.Kind() == lpdf.Array {
		parts = parts[:0]
		for i := 0; i < content.Len(); i++ {
			parts = append(parts, content.Index(i))
		}
	}
	// The decoded content is read into a buffer of the document's, one for
	// each depth of forms, and read again from it for the next stream:
	// the operands the lexer makes copy what they keep.
	for len(w.doc.content) <= w.depth {
		w.doc.content = append(w.doc.content, nil)
	}
	data := w.doc.content[w.depth][:0]
	var readErr error
	for i, part := range parts {
		if part.Kind() != lpdf.Stream {
			readErr = cmp.Or(lost(content, "", i), error(&objError{refOf(content), fmt.Errorf("element %d of the contents is no stream", i)}))
			break
		}
		var err error
		data, err = appendStream(data, part)
		if len(data) > maxDecoded && err == nil {
			err = tooLarge() // the parts together
		}
		if errors.Is(err, errTooLarge) {
			panic(err)
		}
		data = append(data, '\n')
		if err != nil {
			readErr = &objError{refOf(part), err}
			break
		}
	}
	w.doc.content[w.depth] = data[:0]
	defer w.contain(content)
	err := interpret(data, w.op)
	if err != nil {
		err = &objError{refOf(content), err}
	}
	if err = cmp.Or(readErr, err); err != nil {
		w.damaged = append(w.damaged, &broken{err})
	}
}

// unterminatedHex returns where a hex string starts that runs to the end
// of data, or -1. Only a '<' after the last '>' can open one.
func unterminatedHex(data []byte) int {
	from := bytes.LastIndexByte(data, '>') + 1
	for i := from; i < len(data); i++ {
		if data[i] == '<' && (i+1 == len(data) || data[i+1] != '<') && hexRunsOut(data[i+1:]) {
			return i
		}
	}
	return -1
}

// hexRunsOut reports whether the library's hex string reader, started on
// s, reaches the end of s: it reads pairs of non-space bytes, skipping
// white space, and stops at '>' or at the first pair that is not hex.
func hexRunsOut(s []byte) bool {
	i := 0
	next := func() (byte, bool) {
		for i < len(s) && isWhite(s[i]) {
			i++
		}
		if i == len(s) {
			return 0, false
		}
		i++
		return s[i-1], true
	}
	for {
		c, ok := next()
		if !ok {
			return true
		}
		if c == '>' {
			return false
		}
		c2, ok := next()
		if !ok {
			return true
		}
		_, ok1 := unhex(c)
		_, ok2 := unhex(c2)
		if !ok1 || !ok2 {
			return false
		}
	}
}

// op executes one operator. Operands arrive on the stack; missing or
// mistyped operands read as zero, as most viewers do.
func (w *walker) op(stk *operands, op string) {
	w.ops++
	if w.ops > maxOps {
		panic(errTooComplex)
	}
	switch op {
	case "q":
		if len(w.stack) < 1<<12 {
			w.stack = append(w.stack, w.gs)
		}
	case "Q":
		if n := len(w.stack); n > w.floor {
			w.gs = w.stack[n-1]
			w.stack = w.stack[:n-1]
		}
	case "cm":
		var a [6]float64
		pops(stk, a[:])
		w.gs.ctm = matrix(a).mul(w.gs.ctm)

	// Paths.
	case "m":
		var a [2]float64
		pops(stk, a[:])
		w.moveTo(a[0], a[1])
	case "l":
		var a [2]float64
		pops(stk, a[:])
		w.lineTo(a[0], a[1])
	case "c":
		var a [6]float64
		pops(stk, a[:])
		w.curveTo(a[:])
	case "v", "y":
		var a [4]float64
		pops(stk, a[:])
		w.curveTo(a[:])
	case "h":
		w.closePath()
	case "re":
		var a [4]float64
		pops(stk, a[:])
		w.rect(a[0], a[1], a[2], a[3])
	case "S", "s":
		if op == "s" {
			w.closePath()
		}
		w.stroke()
		w.endPath()
	case "f", "F", "f*":
		w.fill()
		w.endPath()
	case "B", "B*", "b", "b*":
		if op[0] == 'b' {
			w.closePath()
		}
		w.fill()
		w.stroke()
		w.endPath()
	case "n":
		w.endPath()
	case "W", "W*":
		w.clipOp = true

	// Colours, kept as lightness.
	case "G", "RG", "K", "SC", "SCN":
		w.gs.strokeL = lightness(stk)
	case "g", "rg", "k", "sc", "scn":
		w.gs.fillL = lightness(stk)
	case "CS":
		w.gs.strokeL = 0
	case "cs":
		w.gs.fillL = 0

	// Text.
	case "BT":
		w.tm, w.tlm = identity, identity
	case "ET":
	case "Tf":
		size := stk.Pop().Float64()
		name := stk.Pop().Name()
		w.gs.font = w.doc.font(w.res, w.resKey, name)
		w.gs.size = size
	case "Tc":
		w.gs.tc = stk.Pop().Float64()
	case "Tw":
		w.gs.tw = stk.Pop().Float64()
	case "Tz":
		w.gs.th = stk.Pop().Float64() / 100
	case "TL":
		w.gs.tl = stk.Pop().Float64()
	case "Ts":
		w.gs.rise = stk.Pop().Float64()
	case "Tr":
		stk.Pop()
	case "Td":
		var a [2]float64
		pops(stk, a[:])
		w.moveText(a[0], a[1])
	case "TD":
		var a [2]float64
		pops(stk, a[:])
		w.gs.tl = -a[1]
		w.moveText(a[0], a[1])
	case "Tm":
		var a [6]float64
		pops(stk, a[:])
		w.tm, w.tlm = matrix(a), matrix(a)
	case "T*":
		w.moveText(0, -w.gs.tl)
	case "Tj":
		w.show(stk.Pop().RawString())
	case "'":
		s := stk.Pop().RawString()
		w.moveText(0, -w.gs.tl)
		w.show(s)
	case "\"":
		s := stk.Pop().RawString()
		w.gs.tc = stk.Pop().Float64()
		w.gs.tw = stk.Pop().Float64()
		w.moveText(0, -w.gs.tl)
		w.show(s)
	case "TJ":
		for _, x := range stk.Pop().arr {
			if x.kind == opString {
				w.show(x.RawString())
				continue
			}
			w.advance(-x.Float64() / 1000 * w.gs.size * w.gs.th)
		}

	// External objects.
	case "Do":
		w.do(stk.Pop().Name())
	case "BI":
		w.images++
	}
	// Whatever an operator left behind belongs to no one.
	for stk.Len() > 0 {
		stk.Pop()
	}
}

// lightness reads a colour's operands (gray, RGB or CMYK by their count)
// as a lightness from 0 (black) to 1 (white). Patterns and other spaces
// read as black.
func lightness(stk *operands) float64 {
	var a [4]float64
	n := 0
	for stk.Len() > 0 && n < 4 {
		v := stk.Pop()
		if v.kind != opNumber {
			return 0
		}
		a[3-n] = v.Float64()
		n++
	}
	c := a[4-n:]
	switch n {
	case 1:
		return c[0]
	case 3:
		return (c[0] + c[1] + c[2]) / 3
	case 4:
		return (1 - c[0]) * (1 - c[3]) * (1 - (c[1]+c[2])/2)
	}
	return 0
}

const white = 0.95

// pops fills a with the top len(a) operands, bottom first; an operand
// that is missing or not a number reads as 0.
func pops(stk *operands, a []float64) {
	s := *stk
	for i := len(a) - 1; i >= 0; i-- {
		a[i] = 0
		if n := len(s); n > 0 {
			if o := &s[n-1]; o.kind == opNumber {
				a[i] = o.num
			}
			s = s[:n-1]
		}
	}
	*stk = s
}

func (w *walker) moveText(tx, ty float64) {
	w.tlm = matrix{1, 0, 0, 1, tx, ty}.mul(w.tlm)
	w.tm = w.tlm
}

// advance moves the text matrix by tx along its x axis: the product of a
// translation and tm, of which only the translation changes.
func (w *walker) advance(tx float64) {
	tm := &w.tm
	tm[4], tm[5] = tx*tm[0]+0*tm[2]+tm[4], tx*tm[1]+0*tm[3]+tm[5]
}

// show draws a string: one glyph per character code, each placed by the
// text matrix and advanced by its width.
func (w *walker) show(s string) {
	f := w.gs.font
	if f == nil {
		f = w.doc.fallbackFont()
	}
	gs := &w.gs
	// Text space to page space, without the per-glyph translation.
	trm := matrix{gs.size * gs.th, 0, 0, gs.size, 0, gs.rise}.mul(w.tm).mul(gs.ctm)
	size := math.Hypot(trm[2], trm[3])
	// The rise in page space, by the linear part of tm × ctm.
	lin := w.tm.mul(gs.ctm)
	rise := [2]float64{lin[2] * gs.rise, lin[3] * gs.rise}
	for len(s) > 0 {
		code, n := f.split(s)
		s = s[n:]
		wd := f.width(code, n)
		text := f.text(code, n)
		f.drawn++
		if text == "" {
			f.misses++
		}
		if text != "" && text != " " && len(w.out.Glyphs) < maxGlyphs {
			w.emit(text, trm, wd, size, f.vertical)
		}
		tx := (wd*gs.size + gs.tc) * gs.th
		if n == 1 && code == 32 {
			tx += gs.tw * gs.th
		}
		if f.vertical {
			w.tm = matrix{1, 0, 0, 1, 0, -(wd*gs.size + gs.tc)}.mul(w.tm)
		} else {
			w.advance(tx)
		}
		// The next origin: (0, rise) through tm × ctm, whose linear part
		// the advance leaves as it was; only its translation is computed
		// again, as the full product would.
		m := &gs.ctm
		trm[4] = rise[0] + (w.tm[4]*m[0] + w.tm[5]*m[2] + m[4])
		trm[5] = rise[1] + (w.tm[4]*m[1] + w.tm[5]*m[3] + m[5])
	}
}

// emit records one glyph whose origin is at trm's translation. Its box
// spans the advance horizontally and from the descender to the ascender
// vertically, in text space, mapped to page space.
func (w *walker) emit(text string, trm matrix, wd, size float64, vertical bool) {
	x0, y0, x1, y1 := 0.0, -0.2, wd, 0.8
	if vertical {
		x0, y0, x1, y1 = -0.5, -1, 0.5, 0
	}
	if wd == 0 {
		x1 = x0 + 0.5
	}
	ax, ay := trm.apply(x0, y0)
	bx, by := trm.apply(x1, y1)
	cx, cy := trm.apply(x0, y1)
	dx, dy := trm.apply(x1, y0)
	g := layout.Glyph{
		Text: text,
		Box: model.Rect{
			X0: min(ax, bx, cx, dx), Y0: min(ay, by, cy, dy),
			X1: max(ax, bx, cx, dx), Y1: max(ay, by, cy, dy),
		},
		Size: size,
	}
	if w.gs.clipped {
		g.Clip = w.gs.clip
	}
	w.out.Glyphs = append(w.out.Glyphs, g)
}

// endPath applies a pending clip and clears the path. The clip is kept as
// the bounding box of the clipping path, which is exact for the
// rectangles that table producers clip cells with.
func (w *walker) endPath() {
	if w.clipOp {
		box, ok := w.pathBox()
		if ok {
			if w.gs.clipped {
				box = intersect(box, w.gs.clip)
			}
			w.gs.clip, w.gs.clipped = box, true
		}
		w.clipOp = false
	}
	w.path = w.path[:0]
}

func (w *walker) pathBox() (model.Rect, bool) {
	return bounds(w.path), len(w.path) > 0
}

func intersect(a, b model.Rect) model.Rect {
	r := model.Rect{X0: max(a.X0, b.X0), Y0: max(a.Y0, b.Y0), X1: min(a.X1, b.X1), Y1: min(a.Y1, b.Y1)}
	if r.X1 < r.X0 {
		r.X1 = r.X0
	}
	if r.Y1 < r.Y0 {
		r.Y1 = r.Y0
	}
	return r
}

// do draws an external object: a Form XObject is walked with its own
// matrix and resources; an image is only counted.
func (w *walker) do(name string) {
	// The read position is put back after the form, so that damage later
	// in the calling stream is blamed on that stream.
	last := w.doc.src.f.last
	defer func() { w.doc.src.f.last = last }()
	defer w.contain(lpdf.Value{})
	xo := resource(field(w.res, "XObject"), name)
	if xo.IsNull() {
		if name != "" {
			w.damaged = append(w.damaged, missingXObject(w.res, name))
		}
		return
	}
	switch xobjectKind(xo) {
	case "Image":
		w.images++
		return
	case "Form":
	default:
		return
	}
	ref := refOf(xo)
	if w.depth >= maxFormDepth || w.forms[ref] {
		return // a form that draws itself
	}
	if w.forms == nil {
		w.forms = make(map[objRef]bool)
	}
	w.forms[ref] = true
	saved, savedRes, savedKey, savedFloor := w.gs, w.res, w.resKey, w.floor
	w.floor = len(w.stack)
	savedTm, savedTlm := w.tm, w.tlm
	defer func() {
		w.gs, w.res, w.resKey, w.stack, w.floor = saved, savedRes, savedKey, w.stack[:w.floor], savedFloor
		w.tm, w.tlm = savedTm, savedTlm
		delete(w.forms, ref)
	}()
	if m := xo.Key("Matrix"); m.Len() == 6 {
		var a matrix
		for i := range a {
			a[i] = m.Index(i).Float64()
		}
		w.gs.ctm = a.mul(w.gs.ctm)
	}
	if r := xo.Key("Resources"); r.Kind() == lpdf.Dict {
		w.res, w.resKey = r, refOf(r)
	}
	w.depth++
	defer func() { w.depth-- }()
	w.run(xo)
}
