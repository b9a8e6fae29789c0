package layout

import "github.com/budgetx/budgetx/extract"

// Build turns a page's glyphs and rules into its free lines and table
// fragments.
func Build(p *Page) *extract.Page {
	return &extract.Page{Number: p.Number, Width: p.Width, Height: p.Height}
}

// DropSeamRepeats removes text a producer repeats at a page seam.
func DropSeamRepeats(pages []*extract.Page) {}
