package html

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/net/html"

	"github.com/budgetx/budgetx/extract"
)

// A page converted from PDF may hold no markup tables at all: every piece
// of text is a <div> placed at its PDF coordinates, and the ruling lines of
// the tables are empty <div>s with a border. Such a page must be rebuilt
// from coordinates, the way a PDF page is.

// posPage is one page of positioned text: its size and what is placed on
// it, in points from the top left.
type posPage struct {
	number        int
	width, height float64
	runs          []run
	rules         []rule
}

// run is a piece of text placed on a page.
type run struct {
	text string
	box  extract.Rect
	size float64 // font size in points
	bold bool
}

// rule is a ruling line: a border or a thin filled box.
type rule struct {
	x0, y0, x1, y1 float64
	width          float64
}

// minPositioned is how many absolutely placed elements make a page a
// positioned one rather than a page with a few floating boxes.
const minPositioned = 20

// positionedPages finds the positioned pages of a document: the parents of
// absolutely placed elements, in document order. It returns nil for an
// ordinary page.
func positionedPages(root *html.Node) []*posPage {
	var (
		pages  []*posPage
		byNode = make(map[*html.Node]*posPage)
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
				p = &posPage{number: len(pages) + 1, width: length(ps["width"], 0), height: length(ps["height"], 0)}
				byNode[n] = p
				pages = append(pages, p)
			}
			p.add(c, st)
		}
	}
	visit(root)
	if count < minPositioned {
		return nil
	}
	return pages
}

// add places the positioned element n, with style st, on p.
func (p *posPage) add(n *html.Node, st map[string]string) {
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
		p.runs = append(p.runs, run{
			text: text, size: size, bold: isBold(st["font-weight"]),
			box: extract.Rect{X0: left, Y0: top, X1: left + w, Y1: top + max(h, lh)},
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
			p.rules = append(p.rules, rule{left, top, left + w, top, bw})
		case "bottom":
			p.rules = append(p.rules, rule{left, top + h, left + w, top + h, bw})
		case "left":
			p.rules = append(p.rules, rule{left, top, left, top + h, bw})
		case "right":
			p.rules = append(p.rules, rule{left + w, top, left + w, top + h, bw})
		}
	}
	// A thin filled box is a rule too.
	if bg := st["background-color"] + st["background"]; bg != "" && (w <= 2 || h <= 2) && w+h > 0 {
		if w <= 2 {
			p.rules = append(p.rules, rule{left + w/2, top, left + w/2, top + h, w})
		} else {
			p.rules = append(p.rules, rule{left, top + h/2, left + w, top + h/2, h})
		}
	}
}

func isBold(weight string) bool {
	n, err := strconv.Atoi(weight)
	return weight == "bold" || weight == "bolder" || err == nil && n >= 600
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

// layoutPositioned turns positioned pages into pages of lines and tables.
// The positional table builder that PDF pages use does that work; until it
// is wired in here, such a page is refused with a clear reason rather than
// read as lines without tables.
func layoutPositioned(pages []*posPage) ([]*extract.Page, error) {
	runs, rules := 0, 0
	for _, p := range pages {
		runs += len(p.runs)
		rules += len(p.rules)
	}
	return nil, fmt.Errorf("%w: positioned-div HTML needs the layout builder (%d pages, %d text runs, %d ruling lines)",
		extract.ErrUnsupported, len(pages), runs, rules)
}
