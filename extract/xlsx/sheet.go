package xlsx

import (
	"bytes"
	"context"
	"strings"

	"github.com/budgetx/budgetx/extract/grid"
)

// Excel's limits on a worksheet.
const (
	maxRows = 1 << 20
	maxCols = 1 << 14
)

// readSheet reads the cells, hidden rows and columns and merged ranges of
// one worksheet part of size bytes, from z, into sh; cells it cannot read
// are lost to sh. It checks ctx every few thousand rows.
func readSheet(ctx context.Context, z *tokenizer, size int, sst []string, st *styles, sh *grid.Sheet) error {
	var (
		row, col = -1, -1
		c        cell
		v        []byte // the value of the cell being read, copied out of the window
		inCell   bool
		inRPh    bool
		rows     int
	)
	// A cell with a value takes some 40 bytes of XML or more.
	sh.Grow(size / 40)
	for {
		t, ok := z.next()
		if !ok {
			return z.err
		}
		switch string(t.name) {
		case "row":
			if t.end {
				continue
			}
			if rows++; rows%4096 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			row++
			if r, ok := attrBytes(t.attrs, "r"); ok {
				if n, ok := atoi(r); ok && n >= 1 && n <= maxRows {
					row = n - 1
				}
			}
			col = -1
			if truthy(t.attrs, "hidden") {
				sh.HideRow(row)
			}
		case "c":
			if t.end {
				if inCell {
					if text, ok := c.text(sst, st); ok {
						sh.Set(c.row, c.col, text)
					} else {
						sh.Lose(c.row, c.col)
					}
				}
				inCell = false
				continue
			}
			col++
			c = cell{row: row, col: col}
			if r, ok := attrBytes(t.attrs, "r"); ok {
				cc, rr, ok := parseRef(r)
				if !ok {
					sh.Lose(row, -1)
					continue
				}
				c.row, c.col, col = rr, cc, cc
			}
			if c.row < 0 {
				sh.Lose(-1, c.col)
				continue
			}
			typ, _ := attrBytes(t.attrs, "t")
			c.typ = cellType(typ)
			if s, ok := attrBytes(t.attrs, "s"); ok {
				c.style, _ = atoi(s)
			}
			inCell = !t.empty
		case "v":
			if inCell && !t.end && !t.empty {
				v = append(v[:0], z.raw()...)
				c.v = v
			}
		case "rPh":
			inRPh = !t.end && !t.empty
		case "t":
			// Inline strings; phonetic runs (rPh) are not printed.
			if inCell && !inRPh && !t.end && !t.empty {
				c.is.WriteString(z.text())
			}
		case "col":
			if t.end || !truthy(t.attrs, "hidden") {
				continue
			}
			lo, _ := attrInt(t.attrs, "min")
			hi, _ := attrInt(t.attrs, "max")
			for k := max(lo, 1); k <= min(hi, maxCols); k++ {
				sh.HideCol(k - 1)
			}
		case "mergeCell":
			if t.end {
				continue
			}
			ref, _ := attrBytes(t.attrs, "ref")
			if r, ok := parseRange(ref); ok {
				sh.Merge(r)
			}
		}
	}
}

// cell is a cell being read.
type cell struct {
	row, col int
	typ      string // the t attribute
	style    int
	v        []byte
	is       strings.Builder // inline string text
}

// cellType returns the type attribute of a cell as one of the constant
// strings the reader knows, without allocating.
func cellType(t []byte) string {
	switch string(t) {
	case "s":
		return "s"
	case "inlineStr":
		return "inlineStr"
	case "str":
		return "str"
	case "e":
		return "e"
	case "d":
		return "d"
	case "b":
		return "b"
	}
	return ""
}

// text returns what the cell shows, and false when it points outside the
// shared strings.
func (c *cell) text(sst []string, st *styles) (string, bool) {
	switch c.typ {
	case "s":
		i, ok := atoi(c.v)
		if !ok || i >= len(sst) {
			return "", len(c.v) == 0
		}
		return sst[i], true
	case "inlineStr":
		return c.is.String(), true
	case "str", "e", "d":
		return string(c.v), true
	case "b":
		switch string(bytes.TrimSpace(c.v)) {
		case "":
			return "", true
		case "1", "true":
			return "TRUE", true
		}
		return "FALSE", true
	}
	if len(c.v) == 0 {
		return "", true
	}
	return st.number(string(c.v), c.style), true
}

func truthy(attrs []byte, name string) bool {
	v, _ := attrBytes(attrs, name)
	return string(v) == "1" || string(v) == "true"
}

func attrInt(attrs []byte, name string) (int, bool) {
	v, ok := attrBytes(attrs, name)
	if !ok {
		return 0, false
	}
	return atoi(v)
}

// parseRef parses a cell reference such as AB12 (or $AB$12) into 0-based
// column and row.
func parseRef(s []byte) (col, row int, ok bool) {
	if bytes.IndexByte(s, '$') >= 0 {
		s = bytes.ReplaceAll(s, []byte("$"), nil)
	}
	i := 0
	for i < len(s) && i < 3 {
		ch := s[i] | 0x20 // lower case
		if ch < 'a' || ch > 'z' {
			break
		}
		col = col*26 + int(ch-'a') + 1
		i++
	}
	if i == 0 || col > maxCols {
		return 0, 0, false
	}
	n, ok := atoi(s[i:])
	if !ok || n < 1 || n > maxRows {
		return 0, 0, false
	}
	return col - 1, n - 1, true
}

// parseRange parses a range such as A1:C3 (or a single cell).
func parseRange(s []byte) (grid.Range, bool) {
	a, b, found := bytes.Cut(s, []byte(":"))
	if !found {
		b = a
	}
	c0, r0, ok0 := parseRef(a)
	c1, r1, ok1 := parseRef(b)
	if !ok0 || !ok1 {
		return grid.Range{}, false
	}
	return grid.Range{Row0: min(r0, r1), Col0: min(c0, c1), Row1: max(r0, r1), Col1: max(c0, c1)}, true
}

// readSharedStrings reads the shared string table: each <si>'s text runs
// joined, without phonetic runs.
func readSharedStrings(data []byte) []string {
	var (
		sst   []string
		z     = tokenizer{b: data}
		sb    strings.Builder
		inSI  bool
		inRPh bool
	)
	for {
		t, ok := z.next()
		if !ok {
			return sst
		}
		switch string(t.name) {
		case "si":
			switch {
			case t.empty:
				sst = append(sst, "")
			case t.end:
				sst = append(sst, sb.String())
				inSI = false
			default:
				sb.Reset()
				inSI = true
			}
		case "rPh":
			inRPh = !t.end && !t.empty
		case "t":
			if inSI && !inRPh && !t.end && !t.empty {
				sb.WriteString(z.text())
			}
		}
	}
}
