package layout

import "github.com/budgetx/budgetx/model"

// Glyph is a piece of text and the box it is drawn in: one glyph of a PDF,
// or one run of text (an absolutely positioned <div>) of a converted HTML
// page. Boxes are in points, origin top left, y growing downwards.
type Glyph struct {
	Text string
	Box  model.Rect
	Size float64 // font size in points
	// Clip is the visible area the glyph was drawn in; zero when nothing
	// clips it. A glyph outside its clip is still kept, in the cell that
	// holds the clip, and that cell is flagged model.Clipped.
	Clip model.Rect
}

// Rule is a drawn line segment: a stroked path, a thin filled rectangle,
// or a border <div>. Only horizontal and vertical rules form grids.
type Rule struct {
	X0, Y0, X1, Y1 float64
}

// Page is what the builder reads: one page's text and rules.
type Page struct {
	Number        int
	Width, Height float64
	Glyphs        []Glyph
	Rules         []Rule
}

// Reset empties p for reuse, keeping its storage.
func (p *Page) Reset(number int, width, height float64) {
	p.Number, p.Width, p.Height = number, width, height
	p.Glyphs = p.Glyphs[:0]
	p.Rules = p.Rules[:0]
}
