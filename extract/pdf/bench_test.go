package pdf

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/layout"
	"github.com/budgetx/budgetx/internal/shared"
)

// BenchmarkWalk walks every page of the real documents (content streams to
// glyphs and rules, without building tables); it reports time per page.
func BenchmarkWalk(b *testing.B) {
	datas := readRealDocs(b)
	b.ResetTimer()
	pages := 0
	for range b.N {
		for _, data := range datas {
			src, err := open(data)
			if err != nil {
				b.Fatal(err)
			}
			st := newDocState(src)
			var in layout.Page
			list := src.pageList()
			for i, pa := range list {
				if _, err := walkPage(st, i+1, pa.v, &in); err != nil {
					b.Fatal(err)
				}
				pages++
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(pages), "ms/page")
}

// BenchmarkExtract extracts the real documents whole (walk and table
// building); it reports time per page.
func BenchmarkExtract(b *testing.B) {
	datas := readRealDocs(b)
	b.ResetTimer()
	pages := 0
	for range b.N {
		for _, data := range datas {
			doc, err := New().Extract(context.Background(), extract.File{Name: "b.pdf", Data: data})
			if err == nil {
				pages += len(doc.Pages)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(pages), "ms/page")
}

// readRealDocs reads the real PDFs, skipping the benchmark without them.
func readRealDocs(b *testing.B) [][]byte {
	files, _ := filepath.Glob(filepath.Join(shared.Require(b, realdocs), "*.pdf"))
	if len(files) == 0 {
		b.Fatal("no real documents in " + realdocs)
	}
	var datas [][]byte
	for _, f := range files {
		d, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		datas = append(datas, d)
	}
	return datas
}
