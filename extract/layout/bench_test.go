package layout

import (
	"fmt"
	"testing"
)

// benchPage is a ruled table of 40 rows by 8 columns with two lines of
// CJK text per cell: about 4,500 glyphs, a dense budget page.
func benchPage() *Page {
	p := newPage()
	xs := []float64{20}
	for c := 0; c < 8; c++ {
		xs = append(xs, xs[c]+70)
	}
	ys := []float64{40}
	for r := 0; r < 40; r++ {
		ys = append(ys, ys[r]+19)
	}
	p.grid(xs, ys)
	for r := 0; r < 40; r++ {
		for c := 0; c < 8; c++ {
			p.text(xs[c]+2, ys[r]+1, 7, fmt.Sprintf("项目%d支出", r))
			p.text(xs[c]+2, ys[r]+10, 7, "一般公共")
		}
	}
	return &p.Page
}

func BenchmarkBuild(b *testing.B) {
	p := benchPage()
	b.ReportAllocs()
	for b.Loop() {
		Build(p)
	}
}
