package layout

import (
	"math"
	"testing"

	"github.com/budgetx/budgetx/model"
)

// fuzzCoord reads one coordinate: mostly on or near a page, sometimes
// zero, huge, tiny, infinite or not a number.
func fuzzCoord(data []byte) (float64, []byte) {
	if len(data) < 2 {
		return 0, nil
	}
	b, n := data[0], data[1]
	if b >= 248 {
		specials := [...]float64{0, 1e300, -1e308, math.NaN(), math.Inf(1), math.Inf(-1), 5e-324, 1e9}
		return specials[b-248], data[1:]
	}
	return float64(int(b)*4+int(n%4)) - 40 + float64(n)/256, data[2:]
}

// FuzzBuild lays grids over rules and glyphs read from the input:
// horizontal and vertical rules, runs of many short rules, degenerate
// and huge coordinates, glyphs with and without clips. No input may
// panic, and every cell must lie inside its table's grid.
func FuzzBuild(f *testing.F) {
	f.Add([]byte("h\x10\x00\x80\x00\x20\x00h\x10\x00\x80\x00\x28\x00v\x10\x00\x20\x00\x28\x00v\x80\x00\x20\x00\x28\x00g\x14\x00\x22\x00"))
	f.Add([]byte("H\x10\x10\x00\x20\x00V\x10\x10\x00\x20\x00g\x12\x00\x12\x00c\x10\x00\x10\x00\x14\x00\x14\x00g\x30\x00\x30\x00"))
	f.Add([]byte("h\xf9\x00\xfa\x00\xfb\x00v\xfc\x00\xfd\x00\xfe\x00g\xff\x00\xf8\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := &Page{Number: 1, Width: 595, Height: 842}
		var clip model.Rect
		read := func(n int) []float64 {
			out := make([]float64, n)
			for i := range out {
				out[i], data = fuzzCoord(data)
			}
			return out
		}
		for len(data) > 0 {
			op := data[0]
			data = data[1:]
			switch op {
			case 'h':
				a := read(3)
				p.Rules = append(p.Rules, Rule{X0: a[0], Y0: a[2], X1: a[1], Y1: a[2]})
			case 'v':
				a := read(3)
				p.Rules = append(p.Rules, Rule{X0: a[0], Y0: a[1], X1: a[0], Y1: a[2]})
			case 'H', 'V': // a ladder of many rules
				if len(data) == 0 {
					break
				}
				n := int(data[0]) * 16
				data = data[1:]
				a := read(2)
				for i := range n {
					at := a[1] + float64(i)*0.7
					if op == 'H' {
						p.Rules = append(p.Rules, Rule{X0: a[0], Y0: at, X1: a[0] + 300, Y1: at})
					} else {
						p.Rules = append(p.Rules, Rule{X0: at, Y0: a[0], X1: at, Y1: a[0] + 300})
					}
				}
			case 'c':
				a := read(4)
				clip = model.Rect{X0: a[0], Y0: a[1], X1: a[2], Y1: a[3]}
			case 'g':
				a := read(2)
				p.Glyphs = append(p.Glyphs, Glyph{Text: "1", Box: model.Rect{X0: a[0], Y0: a[1], X1: a[0] + 5, Y1: a[1] + 9}, Size: 9, Clip: clip})
			}
		}
		out := Build(p)
		for _, tb := range out.Tables {
			ncols := 0
			for _, r := range tb.Rows {
				for _, c := range r.Cells {
					ncols = max(ncols, c.Col+c.ColSpan)
				}
			}
			for i, r := range tb.Rows {
				for _, c := range r.Cells {
					if c.Col < 0 || c.RowSpan < 1 || c.ColSpan < 1 || i+c.RowSpan > len(tb.Rows) {
						t.Fatalf("cell out of its grid (row %d of %d): %+v", i, len(tb.Rows), c)
					}
				}
			}
		}
	})
}
