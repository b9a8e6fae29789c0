package extract_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/docx"
	"github.com/budgetx/budgetx/extract/html"
	"github.com/budgetx/budgetx/extract/internal/extracttest"
	"github.com/budgetx/budgetx/extract/pdf"
	"github.com/budgetx/budgetx/extract/text"
	"github.com/budgetx/budgetx/extract/xls"
	"github.com/budgetx/budgetx/extract/xlsx"
)

// TestConformance runs the checks every extractor passes (see
// extracttest.Conformance) on the seed table as the fixture generator
// writes it in each format, and on the seed's own text dump.
func TestConformance(t *testing.T) {
	// A small dump, so that the text extractor is tested even without the
	// seed beside the repository.
	small := []byte("表\n金额单位：元\n单位名称\t项目名称\t预算数\n307-县人社局部门\t\t1.00\n\n\t甲\t2.00\n")
	for _, tt := range []struct {
		ex      extract.Extractor
		pattern string
		extra   map[string][]byte
	}{
		{text.New(), "../fixtures/seed/*.txt", map[string][]byte{"small.txt": small}},
		{pdf.New(), "../fixtures/docs/seed*.pdf", nil},
		{html.New(), "../fixtures/docs/seed*.html", nil},
		{xlsx.New(), "../fixtures/docs/seed*.xlsx", nil},
		{xls.New(), "../fixtures/docs/seed*.xls", nil},
		{docx.New(), "../fixtures/docs/seed*.docx", nil},
	} {
		t.Run(string(tt.ex.Format()), func(t *testing.T) {
			files, _ := filepath.Glob(tt.pattern)
			samples := map[string][]byte{}
			for name, data := range tt.extra {
				samples[name] = data
			}
			for _, f := range files {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				samples[filepath.Base(f)] = data
			}
			extracttest.Conformance(t, tt.ex, samples)
		})
	}
}
