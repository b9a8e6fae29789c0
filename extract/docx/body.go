package docx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
)

// block is a paragraph's line or a table, in the order of the body or of a
// cell.
type block struct {
	line  string
	table *table
}

type table struct{ rows []row }

type row struct {
	before int // grid columns skipped before the first cell (w:gridBefore)
	cells  []cell
}

// Merge states of a cell (w:vMerge, w:hMerge).
const (
	noMerge = iota
	restart
	continued
)

type cell struct {
	span    int // grid columns (w:gridSpan)
	vMerge  int
	hMerge  int
	content []block
}

// Limits on what a document may ask for.
const (
	maxNesting = 16   // tables in tables; deeper ones are left out
	maxSpan    = 1000 // grid columns one cell, or a row's skip, may take
)

// skipped lists the elements whose text is not shown: deleted and moved
// text, field codes, property changes kept for revision marks, drawings
// and their text boxes (whose fallback copies would repeat the text), and
// the properties of paragraphs and sections.
var skipped = map[string]bool{
	"del": true, "moveFrom": true, "delText": true, "instrText": true, "delInstrText": true,
	"rPrChange": true, "pPrChange": true, "tblPrChange": true, "trPrChange": true, "tcPrChange": true,
	"drawing": true, "pict": true, "object": true, "Fallback": true, "rt": true,
	"pPr": true, "sectPr": true, "background": true, "tblPr": true, "tblGrid": true, "tblPrEx": true,
}

// parser reads the body of a document from its XML, by element names
// alone.
type parser struct{ dec *xml.Decoder }

// parseBody reads the blocks of a document's main part.
func parseBody(data []byte) ([]block, error) {
	p := &parser{dec: xml.NewDecoder(bytes.NewReader(data))}
	p.dec.Strict = false
	blocks, err := p.blocks(0)
	if errors.Is(err, io.EOF) {
		err = nil
	}
	return blocks, err
}

// blocks reads paragraphs and tables up to the end of the element it is
// in (or of the file); elements that wrap them (the body, content
// controls, custom XML) are looked through.
func (p *parser) blocks(level int) ([]block, error) {
	var out []block
	depth := 0
	for {
		tok, err := p.dec.Token()
		if err != nil {
			return out, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch name := t.Name.Local; {
			case skipped[name]:
				if err := p.dec.Skip(); err != nil {
					return out, err
				}
			case name == "p":
				lines, err := p.paragraph()
				for _, l := range lines {
					out = append(out, block{line: l})
				}
				if err != nil {
					return out, err
				}
			case name == "tbl" && level >= maxNesting:
				if err := p.dec.Skip(); err != nil {
					return out, err
				}
			case name == "tbl":
				tb, err := p.table(level + 1)
				out = append(out, block{table: tb})
				if err != nil {
					return out, err
				}
			default:
				depth++
			}
		case xml.EndElement:
			if depth == 0 {
				return out, nil
			}
			depth--
		}
	}
}

// paragraph reads a paragraph's text as lines: runs that are not hidden,
// with tabs as spaces and line breaks as breaks.
func (p *parser) paragraph() ([]string, error) {
	var text, run strings.Builder
	depth, hidden := 0, false
	for {
		tok, err := p.dec.Token()
		if err != nil {
			return splitLines(text.String()), err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				s, err := p.chars()
				run.WriteString(s)
				if err != nil {
					return splitLines(text.String()), err
				}
				continue // chars read the end element
			case "r":
				run.Reset()
				hidden = false
			case "vanish":
				hidden = on(t)
			case "tab", "ptab":
				run.WriteByte(' ')
			case "br", "cr":
				run.WriteByte('\n')
			case "noBreakHyphen":
				run.WriteByte('-')
			default:
				if skipped[t.Name.Local] || t.Name.Local == "tbl" {
					if err := p.dec.Skip(); err != nil {
						return splitLines(text.String()), err
					}
					continue
				}
			}
			depth++
		case xml.EndElement:
			if depth == 0 {
				text.WriteString(run.String())
				return splitLines(text.String()), nil
			}
			depth--
			if t.Name.Local == "r" {
				if !hidden {
					text.WriteString(run.String())
				}
				run.Reset()
				hidden = false
			}
		}
	}
}

// chars reads the character data of a text element, up to its end.
func (p *parser) chars() (string, error) {
	var b strings.Builder
	depth := 0
	for {
		tok, err := p.dec.Token()
		if err != nil {
			return b.String(), err
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			depth++
		case xml.EndElement:
			if depth == 0 {
				return b.String(), nil
			}
			depth--
		}
	}
}

// splitLines cuts a paragraph's text at its breaks and collapses runs of
// white space, as a reader sees them.
func splitLines(s string) []string {
	var out []string
	for l := range strings.SplitSeq(s, "\n") {
		if l = strings.Join(strings.FieldsFunc(l, isSpace), " "); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\r', '\f', '\v', '\u00a0':
		return true
	}
	return false
}

// table reads a table's rows; level is its nesting, 1 for a table of the
// body.
func (p *parser) table(level int) (*table, error) {
	t := &table{}
	depth := 0
	for {
		tok, err := p.dec.Token()
		if err != nil {
			return t, err
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch {
			case skipped[e.Name.Local]:
				if err := p.dec.Skip(); err != nil {
					return t, err
				}
			case e.Name.Local == "tr":
				r, err := p.row(level)
				t.rows = append(t.rows, r)
				if err != nil {
					return t, err
				}
			default:
				depth++
			}
		case xml.EndElement:
			if depth == 0 {
				return t, nil
			}
			depth--
		}
	}
}

func (p *parser) row(level int) (row, error) {
	var r row
	depth := 0
	for {
		tok, err := p.dec.Token()
		if err != nil {
			return r, err
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch name := e.Name.Local; {
			case skipped[name] || name == "trPrChange":
				if err := p.dec.Skip(); err != nil {
					return r, err
				}
			case name == "gridBefore":
				r.before = clamp(intAttr(e, 0), 0, maxSpan)
				depth++
			case name == "tc":
				c, err := p.cell(level)
				r.cells = append(r.cells, c)
				if err != nil {
					return r, err
				}
			default:
				depth++
			}
		case xml.EndElement:
			if depth == 0 {
				return r, nil
			}
			depth--
		}
	}
}

func (p *parser) cell(level int) (cell, error) {
	c := cell{span: 1}
	depth := 0
	for {
		tok, err := p.dec.Token()
		if err != nil {
			return c, err
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch name := e.Name.Local; {
			case name == "gridSpan":
				c.span = clamp(intAttr(e, 1), 1, maxSpan)
				depth++
			case name == "vMerge":
				c.vMerge = mergeAttr(e)
				depth++
			case name == "hMerge":
				c.hMerge = mergeAttr(e)
				depth++
			case skipped[name]:
				if err := p.dec.Skip(); err != nil {
					return c, err
				}
			case name == "p":
				lines, err := p.paragraph()
				for _, l := range lines {
					c.content = append(c.content, block{line: l})
				}
				if err != nil {
					return c, err
				}
			case name == "tbl" && level >= maxNesting:
				if err := p.dec.Skip(); err != nil {
					return c, err
				}
			case name == "tbl":
				tb, err := p.table(level + 1)
				c.content = append(c.content, block{table: tb})
				if err != nil {
					return c, err
				}
			default:
				depth++
			}
		case xml.EndElement:
			if depth == 0 {
				return c, nil
			}
			depth--
		}
	}
}

func attr(e xml.StartElement, local string) (string, bool) {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

// on reads a toggle property such as <w:vanish/> or <w:vanish w:val="0"/>.
func on(e xml.StartElement) bool {
	v, ok := attr(e, "val")
	return !ok || !(v == "0" || v == "false" || v == "off")
}

func intAttr(e xml.StartElement, def int) int {
	v, _ := attr(e, "val")
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return def
	}
	return n
}

// mergeAttr reads w:vMerge or w:hMerge: restart opens a merged cell; a
// cell without the value, or with continue, goes on with the one above
// (or to the left).
func mergeAttr(e xml.StartElement) int {
	if v, _ := attr(e, "val"); v == "restart" {
		return restart
	}
	return continued
}

func clamp(x, lo, hi int) int { return max(lo, min(x, hi)) }
