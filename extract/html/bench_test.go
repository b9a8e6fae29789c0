package html

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/extract"
)

// BenchmarkPositioned extracts the 3.5 MB page of positioned divs: 53
// pages rebuilt from coordinates by the layout builder.
func BenchmarkPositioned(b *testing.B) {
	matches, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "realdocs", "21_*.html"))
	if len(matches) == 0 {
		b.Skip("real documents not present")
	}
	data, err := os.ReadFile(matches[0])
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		doc, err := New().Extract(context.Background(), extract.File{Name: "21.html", Data: data})
		if err != nil {
			b.Fatal(err)
		}
		if len(doc.Pages) != 53 {
			b.Fatalf("%d pages", len(doc.Pages))
		}
	}
}

// BenchmarkTable reads a page with one table of 20,000 rows whose first
// cell spans them all.
func BenchmarkTable(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("<html><body><p>2026年项目支出表</p><p>单位：元</p><table>")
	for r := 0; r < 20_000; r++ {
		sb.WriteString("<tr>")
		if r == 0 {
			sb.WriteString(`<td rowspan="20000">单位</td>`)
		}
		fmt.Fprintf(&sb, "<td>项目%d</td><td>%d.50</td><td>&nbsp;</td><td>≥95%%</td></tr>", r, r)
	}
	sb.WriteString("</table></body></html>")
	data := []byte(sb.String())
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		doc, err := New().Extract(context.Background(), extract.File{Name: "t.html", Data: data})
		if err != nil {
			b.Fatal(err)
		}
		if n := len(doc.Pages[0].Tables[0].Rows); n != 20_000 {
			b.Fatalf("%d rows", n)
		}
	}
}
