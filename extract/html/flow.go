package html

import (
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/budgetx/budgetx/extract/grid"
	"github.com/budgetx/budgetx/model"
)

// item is one thing on a page, in reading order: a line of text or a table.
type item struct {
	line  string
	table *html.Node
}

// flow gathers the lines and tables under a node in reading order.
type flow struct {
	items []item
	cur   strings.Builder
	space bool // a space is owed before the next text
}

// text appends character data, collapsing runs of white space (and
// non-breaking spaces, which pages use for indentation) into one space.
func (f *flow) text(s string) {
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\u00a0':
			f.space = f.cur.Len() > 0
		default:
			if f.space {
				f.cur.WriteByte(' ')
				f.space = false
			}
			f.cur.WriteRune(r)
		}
	}
}

// breakLine ends the current line, if it holds text.
func (f *flow) breakLine() {
	if f.cur.Len() > 0 {
		f.items = append(f.items, item{line: f.cur.String()})
		f.cur.Reset()
	}
	f.space = false
}

// walk reads n and what is under it. Tables of figures become items of
// their own and their text is not read here. The parser keeps the tree
// within 512 open elements, so the recursion is shallow.
func (f *flow) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		f.text(n.Data)
		return
	case html.ElementNode:
		if skipped(n) {
			return
		}
		switch {
		case n.DataAtom == atom.Br:
			f.breakLine()
			return
		case n.DataAtom == atom.Table && isGrid(n) && !holdsGrid(n):
			f.breakLine()
			f.items = append(f.items, item{table: n})
			return
		case block[n.DataAtom]:
			f.breakLine()
			defer f.breakLine()
		case n.DataAtom == atom.Td || n.DataAtom == atom.Th:
			// Cells of a layout table read as words apart.
			f.space = f.cur.Len() > 0
			defer func() { f.space = f.cur.Len() > 0 }()
		}
	case html.DocumentNode:
	default:
		return // comments, doctype
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		f.walk(c)
	}
}

// lines returns the text lines of the items, leaving out tables.
func (f *flow) lines() []string {
	var ls []string
	for _, it := range f.items {
		if it.table == nil {
			ls = append(ls, it.line)
		}
	}
	return ls
}

// skipped reports whether an element shows nothing a reader reads.
func skipped(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Head, atom.Title,
		atom.Iframe, atom.Object, atom.Embed, atom.Svg, atom.Math, atom.Select, atom.Textarea,
		atom.Button, atom.Input, atom.Img, atom.Audio, atom.Video, atom.Canvas:
		return true
	}
	style := strings.ToLower(strings.ReplaceAll(attrOf(n, "style"), " ", ""))
	return strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden") || hasAttr(n, "hidden")
}

// block lists the elements that start and end lines.
var block = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true, atom.Caption: true,
	atom.Center: true, atom.Dd: true, atom.Details: true, atom.Dialog: true, atom.Div: true, atom.Dl: true,
	atom.Dt: true, atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true, atom.Footer: true,
	atom.Form: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Header: true, atom.Hr: true, atom.Legend: true, atom.Li: true, atom.Main: true,
	atom.Nav: true, atom.Ol: true, atom.P: true, atom.Pre: true, atom.Section: true, atom.Summary: true,
	atom.Table: true, atom.Tr: true, atom.Ul: true, atom.Body: true, atom.Html: true,
}

// isGrid reports whether a table lays out figures rather than the page: it
// has at least two rows and a row of at least two cells. A table of one row
// or one column frames a page, a heading or a menu.
func isGrid(t *html.Node) bool {
	if skipped(t) {
		return false
	}
	rows, wide := 0, false
	for _, tr := range tableRows(t) {
		rows++
		cells := 0
		for c := tr.FirstChild; c != nil; c = c.NextSibling {
			if c.DataAtom == atom.Td || c.DataAtom == atom.Th {
				cells++
			}
		}
		wide = wide || cells >= 2
	}
	return rows >= 2 && wide
}

// holdsGrid reports whether a grid table is nested in t. Such a table lays
// out the page around the grids it holds, as portals do, and is read as
// text, with its grids as fragments of their own.
func holdsGrid(t *html.Node) bool {
	stack := []*html.Node{}
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		stack = append(stack, c)
	}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type != html.ElementNode {
			continue
		}
		if n.DataAtom == atom.Table && isGrid(n) {
			return true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			stack = append(stack, c)
		}
	}
	return false
}

// tableRows returns the rows of a table, not of tables nested in it, in
// document order.
func tableRows(t *html.Node) []*html.Node {
	var rows []*html.Node
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		switch c.DataAtom {
		case atom.Tr:
			if !skipped(c) {
				rows = append(rows, c)
			}
		case atom.Thead, atom.Tbody, atom.Tfoot:
			for r := c.FirstChild; r != nil; r = r.NextSibling {
				if r.DataAtom == atom.Tr && !skipped(r) {
					rows = append(rows, r)
				}
			}
		}
	}
	return rows
}

// Limits of spans, as browsers apply them.
const (
	maxColSpan = 1000
	maxRowSpan = 65534
)

// readTable places the cells of a table on a grid. Its cells hold no grid
// tables (see holdsGrid), so everything in them is their text.
func readTable(t *html.Node, page int) (rows []grid.Row, caption []string) {
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		if c.DataAtom == atom.Caption {
			var f flow
			f.walk(c)
			f.breakLine()
			caption = append(caption, f.lines()...)
		}
	}
	trs := tableRows(t)
	var (
		sp   grid.Spanner
		end  []int
		ends [][]int // per kept row, the last row (0-based) each of its cells spans to
		kept []int   // the 0-based index of each kept row
	)
	for i, tr := range trs {
		row := grid.Row{N: i + 1}
		for c := tr.FirstChild; c != nil; c = c.NextSibling {
			if c.DataAtom != atom.Td && c.DataAtom != atom.Th || skipped(c) {
				continue
			}
			colspan := clamp(spanAttr(c, "colspan", 1), 1, maxColSpan)
			rowspan := spanAttr(c, "rowspan", 1)
			if rowspan <= 0 || rowspan > len(trs)-i { // 0 runs to the end of the table
				rowspan = len(trs) - i
			}
			rowspan = clamp(rowspan, 1, maxRowSpan)
			col := sp.Place(colspan, rowspan)
			var f flow
			f.walk(c)
			f.breakLine()
			if lines := f.lines(); len(lines) > 0 {
				row.Cells = append(row.Cells, model.Cell{Col: col, RowSpan: 1, ColSpan: colspan, Lines: lines, Page: page})
				end = append(end, i+rowspan-1)
			}
		}
		sp.NextRow()
		if len(row.Cells) > 0 {
			rows = append(rows, row)
			ends = append(ends, end)
			kept = append(kept, i)
		}
		end = nil
	}
	// Row spans count the rows kept, not the empty rows they cross.
	for k := range rows {
		for j, last := range ends[k] {
			n, _ := slices.BinarySearch(kept, last+1)
			rows[k].Cells[j].RowSpan = max(1, n-k)
		}
	}
	return rows, caption
}

func spanAttr(n *html.Node, name string, def int) int {
	v := strings.TrimSpace(attrOf(n, name))
	if v == "" {
		return def
	}
	// Browsers read the leading digits: colspan="2px" spans 2.
	end := 0
	for end < len(v) && v[end] >= '0' && v[end] <= '9' {
		end++
	}
	x, err := strconv.Atoi(v[:min(end, 6)])
	if err != nil {
		return def
	}
	return x
}

func clamp(x, lo, hi int) int { return max(lo, min(x, hi)) }

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}
