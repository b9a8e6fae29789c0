package pdf

import (
	"math"
	"testing"

	"github.com/budgetx/budgetx/extract/layout"
)

// pathWalker is a walker with nothing but the state path operators use,
// in y-up user space equal to page space.
func pathWalker() *walker {
	return &walker{out: &layout.Page{Number: 1, Width: 595, Height: 842}, gs: gstate{ctm: identity, th: 1}}
}

// paint runs an operator that takes no operands.
func (w *walker) paint(op string) {
	var stk operands
	w.op(&stk, op)
}

// TestFilledShapes: what each filled or stroked shape adds as rules.
func TestFilledShapes(t *testing.T) {
	type rule = layout.Rule
	cases := []struct {
		name string
		draw func(w *walker)
		want []rule
	}{
		{"mitred horizontal trapezoid", func(w *walker) {
			w.moveTo(798, 70.42)
			w.lineTo(42, 70.42)
			w.lineTo(42, 71.17)
			w.lineTo(797.25, 71.17)
			w.paint("h")
			w.paint("f")
		}, []rule{{X0: 42, Y0: 70.795, X1: 798, Y1: 70.795}}},
		{"mitred vertical trapezoid", func(w *walker) {
			w.moveTo(798, 559.28)
			w.lineTo(798, 70.42)
			w.lineTo(797.25, 71.17)
			w.lineTo(797.25, 559.28)
			w.paint("h")
			w.paint("f")
		}, []rule{{X0: 797.625, Y0: 70.42, X1: 797.625, Y1: 559.28}}},
		{"a thin polygon of many vertices", func(w *walker) {
			w.moveTo(10, 100)
			for x := 20.0; x <= 300; x += 10 {
				w.lineTo(x, 100+math.Mod(x, 20)/20)
			}
			w.lineTo(300, 101.5)
			w.lineTo(10, 101.5)
			w.paint("f")
		}, []rule{{X0: 10, Y0: 100.75, X1: 300, Y1: 100.75}}},
		{"a shaded cell shows its four edges", func(w *walker) {
			w.gs.fillL = 0.85
			w.rect(100, 200, 80, 20)
			w.paint("f")
		}, []rule{{X0: 100, Y0: 200, X1: 180, Y1: 200}, {X0: 100, Y0: 220, X1: 180, Y1: 220}, {X0: 100, Y0: 200, X1: 100, Y1: 220}, {X0: 180, Y0: 200, X1: 180, Y1: 220}}},
		{"a white box is no border", func(w *walker) {
			w.gs.fillL = 1
			w.rect(0, 0, 595, 842)
			w.paint("f")
		}, nil},
		{"a round blob is no border", func(w *walker) {
			w.moveTo(100, 100)
			w.curveTo([]float64{150, 100, 150, 150, 100, 150})
			w.curveTo([]float64{50, 150, 50, 100, 100, 100})
			w.paint("f")
		}, nil},
		{"a triangle is no border", func(w *walker) {
			w.moveTo(100, 100)
			w.lineTo(200, 100)
			w.lineTo(200, 150)
			w.paint("f")
		}, nil},
		{"a stroked outline: its straight sides only", func(w *walker) {
			w.moveTo(10, 10)
			w.lineTo(110, 10)
			w.curveTo([]float64{130, 10, 130, 30, 110, 30})
			w.lineTo(10, 30)
			w.lineTo(50, 60) // diagonal
			w.paint("S")
		}, []rule{{X0: 10, Y0: 10, X1: 110, Y1: 10}, {X0: 10, Y0: 30, X1: 110, Y1: 30}}},
		{"a rule under a clip is cut to it", func(w *walker) {
			w.rect(100, 100, 200, 200)
			w.paint("W")
			w.paint("n")
			w.moveTo(0, 150)
			w.lineTo(595, 150)
			w.paint("S")
		}, []rule{{X0: 100, Y0: 150, X1: 300, Y1: 150}}},
		{"a line without a current point starts a subpath", func(w *walker) {
			w.lineTo(10, 10)
			w.lineTo(90, 10)
			w.paint("S")
		}, []rule{{X0: 10, Y0: 10, X1: 90, Y1: 10}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := pathWalker()
			c.draw(w)
			got := w.out.Rules
			if len(got) != len(c.want) {
				t.Fatalf("rules %v, want %v", got, c.want)
			}
			for i := range got {
				g, r := got[i], c.want[i]
				if math.Abs(g.X0-r.X0)+math.Abs(g.Y0-r.Y0)+math.Abs(g.X1-r.X1)+math.Abs(g.Y1-r.Y1) > 1e-9 {
					t.Errorf("rule %d = %v, want %v", i, g, r)
				}
			}
		})
	}
}

// fuzzNumber reads one coordinate from data: mostly a point on or near
// the page, sometimes zero, huge, tiny, infinite or not a number.
func fuzzNumber(data []byte) (float64, []byte) {
	if len(data) < 2 {
		return 0, nil
	}
	b, n := data[0], data[1]
	if b >= 248 {
		specials := [...]float64{0, 1e300, -1e308, math.NaN(), math.Inf(1), math.Inf(-1), 5e-324, 0.75}
		return specials[b-248], data[1:]
	}
	return float64(int(b)*4+int(n%4)) - 40 + float64(n)/256, data[2:]
}

func fuzzNumbers(data []byte, n int) ([]float64, []byte) {
	out := make([]float64, n)
	for i := range out {
		out[i], data = fuzzNumber(data)
	}
	return out, data
}

// FuzzPaths draws paths read from the input (moves, lines, curves,
// rectangles, polylines of many vertices, closes, clips, matrices,
// colours, paints and glyphs) and builds the page: no input may panic,
// and every rule must come out horizontal or vertical, ends in order.
func FuzzPaths(f *testing.F) {
	f.Add([]byte("m\x20\x00\x80\x00l\xc0\x00\x80\x00l\xc0\x00\x80\x03l\x20\x00\x80\x03hf"))
	f.Add([]byte("r\x10\x00\x10\x00\x30\x00\x08\x00fr\x10\x00\x12\x00\x30\x00\x08\x00ft\x14\x00\x11\x00"))
	f.Add([]byte("M\x01\x00\xfa\x01\x00\xfa\x01\x00\xfa\x01\x00\x00Pm\x10\x00\x10\x00\xffhfS"))
	f.Add([]byte("qr\x10\x00\x10\x00\x40\x00\x40\x00Wnm\x00\x00\x20\x00l\xff\x00\x20\x00SQ"))
	f.Add([]byte("g\xe0\x00r\x10\x00\x10\x00\x20\x00\x08\x00fr\x18\x00\x10\x00\x20\x00\x08\x00ft\x12\x00\x12\x00t\x1a\x00\x12\x00"))
	f.Add([]byte("m\xf9\x00\xfa\x00l\xfb\x00\xfc\x00c\xfd\x00\xfe\x00\xff\x00\xf8\x00\x01\x00\x02\x00hBS"))
	f.Fuzz(func(t *testing.T, data []byte) {
		w := pathWalker()
		var nums []float64
		for len(data) > 0 {
			op := data[0]
			data = data[1:]
			switch op {
			case 'm':
				nums, data = fuzzNumbers(data, 2)
				w.moveTo(nums[0], nums[1])
			case 'l':
				nums, data = fuzzNumbers(data, 2)
				w.lineTo(nums[0], nums[1])
			case 'c':
				nums, data = fuzzNumbers(data, 6)
				w.curveTo(nums)
			case 'v':
				nums, data = fuzzNumbers(data, 4)
				w.curveTo(nums)
			case 'r':
				nums, data = fuzzNumbers(data, 4)
				w.rect(nums[0], nums[1], nums[2], nums[3])
			case 'P': // a polyline of many vertices
				if len(data) == 0 {
					break
				}
				n := int(data[0]) * 64
				nums, data = fuzzNumbers(data[1:], 2)
				for i := range n {
					w.lineTo(nums[0]+float64(i%7), nums[1]+float64(i%3)/4)
				}
			case 'M':
				nums, data = fuzzNumbers(data, 6)
				w.gs.ctm = matrix(nums).mul(w.gs.ctm)
			case 'g':
				nums, data = fuzzNumbers(data, 1)
				w.gs.fillL = nums[0] / 256
			case 't':
				nums, data = fuzzNumbers(data, 2)
				x, y := w.gs.ctm.apply(nums[0], nums[1])
				w.out.Glyphs = append(w.out.Glyphs, layout.Glyph{Text: "1", Size: 8})
				g := &w.out.Glyphs[len(w.out.Glyphs)-1]
				g.Box.X0, g.Box.Y0, g.Box.X1, g.Box.Y1 = x, y, x+4, y+8
				if w.gs.clipped {
					g.Clip = w.gs.clip
				}
			case 'h', 'f', 'S', 'B', 'b', 'n', 'W', 'q', 'Q':
				w.paint(string(op))
			}
		}
		for _, r := range w.out.Rules {
			if r.X0 > r.X1 || r.Y0 > r.Y1 {
				t.Fatalf("rule with its ends out of order: %+v", r)
			}
			if r.X1-r.X0 > skewTol && r.Y1-r.Y0 > skewTol {
				t.Fatalf("a rule neither horizontal nor vertical: %+v", r)
			}
		}
		p := layout.Build(w.out)
		for _, tb := range p.Tables {
			for _, row := range tb.Rows {
				for _, c := range row.Cells {
					if c.Col < 0 || c.RowSpan < 1 || c.ColSpan < 1 {
						t.Fatalf("cell out of its grid: %+v", c)
					}
				}
			}
		}
	})
}
