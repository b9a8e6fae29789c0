package html

import (
	"context"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/net/html"

	"github.com/budgetx/budgetx/extract/layout"
	"github.com/budgetx/budgetx/model"
)

// A page converted from PDF may hold no markup tables at all: every piece
// of text is a <div> placed at its PDF coordinates, and the ruling lines of
// the tables are empty <div>s with a border. Such a page is read into the
// input of the positional table builder (package layout), which rebuilds
// its tables as it does for PDF pages: a run of text is a glyph, a border a
// rule, in points from the top left of the page.

// minPositioned is how many absolutely placed elements make a page a
// positioned one rather than a page with a few floating boxes.
const minPositioned = 20

// positionedPages finds the positioned pages of a document: the parents of
// absolutely placed elements, in document order. It returns nil for an
// ordinary page.
func positionedPages(root *html.Node) []*layout.Page {
	var (
		pages  []*layout.Page
		byNode = make(map[*html.Node]*layout.Page)
		count  int
	)
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || skipped(c) {
				continue
			}
			st := parseStyle(attrOf(c, "style"))
			if st["position"] != "absolute" || st["top"] == "" || st["left"] == "" {
				visit(c)
				continue
			}
			count++
			p := byNode[n]
			if p == nil {
				ps := parseStyle(attrOf(n, "style"))
				p = &layout.Page{Number: len(pages) + 1, Width: length(ps["width"], 0), Height: length(ps["height"], 0)}
				byNode[n] = p
				pages = append(pages, p)
			}
			add(p, c, st)
		}
	}
	visit(root)
	if count < minPositioned {
		return nil
	}
	return pages
}

// add places the positioned element n, with style st, on p: its text as a
// glyph, its borders as rules.
func add(p *layout.Page, n *html.Node, st map[string]string) {
	size := length(st["font-size"], 12)
	left, top := length(st["left"], 0), length(st["top"], 0)
	w, h := length(st["width"], -1), length(st["height"], -1)
	var f flow
	f.walk(n)
	f.breakLine()
	if text := strings.Join(f.lines(), " "); text != "" {
		lh := length(st["line-height"], size)
		if w < 0 {
			w = textWidth(text, size)
		}
		p.Glyphs = append(p.Glyphs, layout.Glyph{
			Text: text, Size: size,
			Box: model.Rect{X0: left, Y0: top, X1: left + w, Y1: top + max(h, lh)},
		})
		return
	}
	w, h = max(w, 0), max(h, 0)
	for _, side := range [...]string{"top", "bottom", "left", "right"} {
		bw := borderWidth(st["border-"+side])
		if bw == 0 && st["border"] != "" {
			bw = borderWidth(st["border"])
		}
		if bw == 0 {
			continue
		}
		switch side {
		case "top":
			p.Rules = append(p.Rules, layout.Rule{X0: left, Y0: top, X1: left + w, Y1: top})
		case "bottom":
			p.Rules = append(p.Rules, layout.Rule{X0: left, Y0: top + h, X1: left + w, Y1: top + h})
		case "left":
			p.Rules = append(p.Rules, layout.Rule{X0: left, Y0: top, X1: left, Y1: top + h})
		case "right":
			p.Rules = append(p.Rules, layout.Rule{X0: left + w, Y0: top, X1: left + w, Y1: top + h})
		}
	}
	// A thin filled box is a rule too.
	if bg := st["background-color"] + st["background"]; bg != "" && (w <= 2 || h <= 2) && w+h > 0 {
		if w <= 2 {
			p.Rules = append(p.Rules, layout.Rule{X0: left + w/2, Y0: top, X1: left + w/2, Y1: top + h})
		} else {
			p.Rules = append(p.Rules, layout.Rule{X0: left, Y0: top + h/2, X1: left + w, Y1: top + h/2})
		}
	}
}

// textWidth estimates how wide text sets at size: full-width characters
// take an em, others half of one. Positioned pages give no widths.
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) || r >= 0x3000 && r <= 0x30FF || r >= 0xFF00 && r <= 0xFFEF {
			w += size
		} else {
			w += size / 2
		}
	}
	return w
}

// parseStyle reads a style attribute into lower-case properties.
func parseStyle(s string) map[string]string {
	st := make(map[string]string)
	for decl := range strings.SplitSeq(s, ";") {
		k, v, ok := strings.Cut(decl, ":")
		if !ok {
			continue
		}
		st[strings.ToLower(strings.TrimSpace(k))] = strings.ToLower(strings.TrimSpace(v))
	}
	return st
}

// length reads a CSS length in points: 12pt, 16px (0.75pt each), or a bare
// number (px). It returns def when s is empty or not a length.
func length(s string, def float64) float64 {
	s = strings.TrimSpace(s)
	scale := 0.75
	switch {
	case strings.HasSuffix(s, "pt"):
		s, scale = s[:len(s)-2], 1
	case strings.HasSuffix(s, "px"):
		s = s[:len(s)-2]
	}
	x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return def
	}
	return x * scale
}

// borderWidth reads the width of a border shorthand such as
// "0.5pt solid #000000"; a border that is none or hidden has none.
func borderWidth(s string) float64 {
	if s == "" || strings.Contains(s, "none") || strings.Contains(s, "hidden") {
		return 0
	}
	for f := range strings.FieldsSeq(s) {
		if w := length(f, -1); w >= 0 {
			return w
		}
		switch f {
		case "thin":
			return 0.75
		case "medium":
			return 2.25
		case "thick":
			return 3.75
		}
	}
	return 0.75 // a style and colour alone draw a medium line in browsers; thin is closer to print
}

// layoutPositioned rebuilds the lines and tables of positioned pages with
// the positional table builder, as PDF pages are rebuilt, and drops the
// text a converter repeats at each page seam (running headers).
func layoutPositioned(ctx context.Context, in []*layout.Page) ([]*model.Page, error) {
	pages := make([]*model.Page, 0, len(in))
	for _, p := range in {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		pages = append(pages, layout.Build(p))
	}
	layout.DropSeamRepeats(pages)
	return pages, nil
}
