package layout

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/budgetx/budgetx/model"
)

// glyph is an input glyph with the point that places it: its centre,
// clamped into its clip rectangle.
type glyph struct {
	*Glyph
	x, y    float64 // the point that places it in a cell
	cy      float64 // its true vertical centre, which orders lines
	clipped bool    // the centre lies outside the clip: the page hides it
}

// Build turns a page's glyphs and rules into its free lines and table
// fragments, top to bottom. Ruled tables come from the rules (a lattice
// whose missing borders make merged cells); tables without rules from the
// alignment of free text. A table of contents gives no tables.
func Build(p *Page) *model.Page {
	out := &model.Page{Number: p.Number, Width: p.Width, Height: p.Height}
	gs := make([]glyph, 0, len(p.Glyphs))
	for i := range p.Glyphs {
		if !finite(p.Glyphs[i].Box) {
			continue
		}
		g := place(&p.Glyphs[i])
		// Text drawn off the page is not on it (a producer that draws a
		// whole row and lets the page edge cut it draws it again on the
		// next page).
		cx := (g.Box.X0 + g.Box.X1) / 2
		if p.Width > 0 && (cx < 0 || cx > p.Width || g.cy < 0 || g.cy > p.Height) {
			continue
		}
		gs = append(gs, g)
	}
	toc := isTOC(gs)
	var grids []*grid
	if !toc {
		grids = findGrids(splitRules(onPage(p)))
	}
	var free []int
	for i := range gs {
		if !assign(grids, gs, i) {
			free = append(free, i)
		}
	}
	var tables []*model.Table
	for _, g := range grids {
		if t := g.table(p, gs); t != nil {
			tables = append(tables, t)
		} else {
			// A grid that holds no text is decoration; its text, if any,
			// stays free.
			for _, c := range g.cells {
				free = append(free, c.glyphs...)
			}
		}
	}
	lines := freeLines(gs, free)
	if !toc {
		var more []*model.Table
		more, lines = alignedTables(p.Number, lines)
		tables = append(tables, more...)
	}
	slices.SortStableFunc(tables, func(a, b *model.Table) int { return cmpF(a.Box.Y0, b.Box.Y0) })
	out.Tables = tables
	out.Lines = attachText(tables, lines)
	return out
}

// onPage returns the rules with finite coordinates that lie on the page, or
// all with finite coordinates when the page's size is unknown.
func onPage(p *Page) []Rule {
	out := make([]Rule, 0, len(p.Rules))
	for _, r := range p.Rules {
		b := model.Rect{X0: r.X0, Y0: r.Y0, X1: r.X1, Y1: r.Y1}
		if !finite(b) || p.Width > 0 && (r.X1 < 0 || r.X0 > p.Width || r.Y1 < 0 || r.Y0 > p.Height) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// finite reports whether a box has real coordinates: a transform can scale
// a hostile file's numbers to infinities, which no comparison orders.
func finite(b model.Rect) bool {
	for _, v := range [4]float64{b.X0, b.Y0, b.X1, b.Y1} {
		if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e9 {
			return false
		}
	}
	return true
}

func place(g *Glyph) glyph {
	cx, cy := (g.Box.X0+g.Box.X1)/2, (g.Box.Y0+g.Box.Y1)/2
	out := glyph{Glyph: g, x: cx, y: cy, cy: cy}
	if c := g.Clip; !c.IsZero() {
		// Clamped a little inside the clip: a clip drawn along a cell's
		// border would leave the point on the border, in either cell.
		mx, my := min(1, c.Width()/4), min(1, c.Height()/4)
		x := min(max(cx, c.X0+mx), c.X1-mx)
		y := min(max(cy, c.Y0+my), c.Y1-my)
		// A glyph whose box leaves the clip by a hair is only rounding.
		const slack = 1.0
		out.clipped = cx < c.X0-slack || cx > c.X1+slack || cy < c.Y0-slack || cy > c.Y1+slack
		out.x, out.y = x, y
	}
	return out
}

// assign puts glyph i into the grid cell that holds its placing point.
func assign(grids []*grid, gs []glyph, i int) bool {
	for _, g := range grids {
		if k := g.locate(gs[i].x, gs[i].y); k >= 0 {
			c := &g.cells[k]
			c.glyphs = append(c.glyphs, i)
			c.clipped = c.clipped || gs[i].clipped
			return true
		}
	}
	return false
}

// table turns a grid with its glyphs into a table fragment, or nil when no
// cell holds text.
func (g *grid) table(p *Page, gs []glyph) *model.Table {
	hasText := false
	for _, c := range g.cells {
		if len(c.glyphs) > 0 {
			hasText = true
			break
		}
	}
	if !hasText {
		return nil
	}
	t := &model.Table{Page: p.Number, Box: g.box, Rows: make([]model.Row, g.nrows())}
	for r := range t.Rows {
		t.Rows[r].Page = p.Number
	}
	// A cell left open at the bottom of the grid continues on the next
	// page when the grid is cut at the page foot, or when other cells of
	// its last row are closed: the rules then say that the page break,
	// not the table, ends it (a producer that moves rows too tall for
	// the rest of the page ends the page's part of the table well above
	// the foot). A grid open all along its bottom higher up the page is a
	// table drawn without an outer border.
	cut := p.Height == 0 || g.box.Y1 > p.Height*0.75 || g.closedFoot()
	for _, c := range g.cells {
		cell := model.Cell{
			Col: c.c0, RowSpan: c.r1 - c.r0, ColSpan: c.c1 - c.c0, Page: p.Number,
			Box: model.Rect{X0: g.xs[c.c0], Y0: g.ys[c.r0], X1: g.xs[c.c1], Y1: g.ys[c.r1]},
		}
		rows := groupLines(gs, c.glyphs)
		for _, row := range rows {
			cell.Lines = append(cell.Lines, joinRow(gs, row, 0)...)
		}
		if c.clipped {
			cell.Flags |= model.Clipped
		}
		if c.openBottom && cut {
			cell.Flags |= model.Continued
		}
		if vertical(cell.Lines) {
			cell.Flags |= model.Vertical
		}
		t.Rows[c.r0].Cells = append(t.Rows[c.r0].Cells, cell)
	}
	for r := range t.Rows {
		slices.SortFunc(t.Rows[r].Cells, func(a, b model.Cell) int { return a.Col - b.Col })
	}
	return t
}

// closedFoot reports whether some cell of the grid's last row has a rule
// under it.
func (g *grid) closedFoot() bool {
	for _, c := range g.cells {
		if c.r1 == g.nrows() && !c.openBottom {
			return true
		}
	}
	return false
}

// vertical reports whether text is set one character per line.
func vertical(lines []string) bool {
	if len(lines) < 2 {
		return false
	}
	for _, l := range lines {
		if utf8.RuneCountInString(strings.TrimSpace(l)) != 1 {
			return false
		}
	}
	return true
}

// groupLines sorts glyphs into lines, top to bottom, each left to right.
// A glyph joins a line when its centre is within half a font size of the
// line's.
func groupLines(gs []glyph, idx []int) [][]int {
	if len(idx) == 0 {
		return nil
	}
	sorted := slices.Clone(idx)
	slices.SortStableFunc(sorted, func(a, b int) int { return cmpF(gs[a].cy, gs[b].cy) })
	var rows [][]int
	var cy, size float64
	for _, i := range sorted {
		g := &gs[i]
		h := max(g.Size, g.Box.Height(), 1)
		if len(rows) > 0 && g.cy-cy <= 0.5*min(h, size) {
			last := &rows[len(rows)-1]
			*last = append(*last, i)
			n := float64(len(*last))
			cy += (g.cy - cy) / n
			continue
		}
		rows = append(rows, []int{i})
		cy, size = g.cy, h
	}
	for _, r := range rows {
		slices.SortStableFunc(r, func(a, b int) int { return cmpF(gs[a].Box.X0, gs[b].Box.X0) })
	}
	return rows
}

// joinRow writes one line of glyphs as text. A gap wider than a quarter of
// the font size becomes a space, except between two CJK characters
// (justified Chinese text is spread, not spaced). When split is above zero,
// a gap wider than split font sizes ends one piece of text and starts
// another.
func joinRow(gs []glyph, row []int, split float64) []string {
	var out []string
	var b strings.Builder
	var prev *glyph
	for _, i := range row {
		g := &gs[i]
		if prev != nil {
			gap := g.Box.X0 - prev.Box.X1
			size := max(g.Size, 1)
			switch {
			case split > 0 && gap > split*size:
				out = append(out, b.String())
				b.Reset()
			case gap > 0.25*size && !(cjkEnd(prev.Text) && cjkStart(g.Text)):
				b.WriteByte(' ')
			}
		}
		b.WriteString(g.Text)
		prev = g
	}
	return append(out, b.String())
}

func cjkStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isCJK(r)
}

func cjkEnd(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return isCJK(r)
}

func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF
}

// line is a piece of free text with its glyphs.
type line struct {
	model.Line
	glyphs []int
}

// freeLines groups the glyphs outside tables into lines; text on one
// baseline separated by a wide gap is several lines.
func freeLines(gs []glyph, free []int) []line {
	var out []line
	for _, row := range groupLines(gs, free) {
		start := 0
		for k := 1; k <= len(row); k++ {
			if k < len(row) {
				a, b := &gs[row[k-1]], &gs[row[k]]
				if b.Box.X0-a.Box.X1 <= 2*max(b.Size, 1) {
					continue
				}
			}
			piece := row[start:k]
			out = append(out, makeLine(gs, piece))
			start = k
		}
	}
	return out
}

func makeLine(gs []glyph, piece []int) line {
	l := line{glyphs: piece}
	l.Text = joinRow(gs, piece, 0)[0]
	first := true
	for _, i := range piece {
		g := &gs[i]
		if first {
			l.Box = g.Box
			first = false
		}
		l.Box.X0, l.Box.Y0 = min(l.Box.X0, g.Box.X0), min(l.Box.Y0, g.Box.Y0)
		l.Box.X1, l.Box.Y1 = max(l.Box.X1, g.Box.X1), max(l.Box.Y1, g.Box.Y1)
		l.Size = max(l.Size, g.Size)
	}
	return l
}
