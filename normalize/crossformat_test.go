package normalize_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/docx"
	"github.com/budgetx/budgetx/extract/html"
	"github.com/budgetx/budgetx/extract/pdf"
	"github.com/budgetx/budgetx/extract/soffice"
	"github.com/budgetx/budgetx/extract/text"
	"github.com/budgetx/budgetx/extract/xls"
	"github.com/budgetx/budgetx/extract/xlsx"
	"github.com/budgetx/budgetx/model"
	"github.com/budgetx/budgetx/normalize"
)

// TestCrossFormat reads the seed table in every format the fixture
// generator writes (HTML in UTF-8 and GB2312, xlsx, xls, docx, doc, and PDFs
// printed by LibreOffice Calc and Writer and by Chromium) and checks that each normalizes to the seed's
// golden projects and indicators. Pages and table numbers differ by format
// (the layouts break pages at other rows) and are not compared; goal texts
// are, in full: the generated files hold the whole text even where the
// printed cell clips it.
func TestCrossFormat(t *testing.T) {
	var want golden
	data, err := os.ReadFile("../fixtures/seed/golden.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	reg := extract.NewRegistry(text.New(), pdf.New(), html.New(), xlsx.New(), xls.New(), docx.New(), soffice.New())
	office := soffice.New()
	for _, name := range []string{"seed.html", "seed-gb2312.html", "seed.xlsx", "seed.xls", "seed-libreoffice.pdf", "seed-chromium.pdf",
		"seed.docx", "seed-writer.pdf", "seed.doc"} {
		t.Run(name, func(t *testing.T) {
			if filepath.Ext(name) == ".doc" && !office.Available() {
				t.Skip("LibreOffice is not installed (" + soffice.Install + ")")
			}
			data, err := os.ReadFile(filepath.Join("..", "fixtures", "docs", name))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := reg.Extract(context.Background(), extract.File{Name: name, Data: data})
			if err != nil {
				t.Fatal(err)
			}
			checkProjects(t, normalize.Document(doc).Projects, want.Projects)
		})
	}
}

// checkProjects compares projects with the golden ones, pages and table
// numbers aside.
func checkProjects(t *testing.T, got, want []model.Project) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d projects, want %d", len(got), len(want))
	}
	for i := range want {
		gj, _ := json.MarshalIndent(withoutPages(got[i]), "", "  ")
		wj, _ := json.MarshalIndent(withoutPages(want[i]), "", "  ")
		if string(gj) != string(wj) {
			t.Errorf("project %d differs:\n%s", i+1, lineDiff(string(wj), string(gj)))
		}
	}
}

// withoutPages returns a copy of p with its page and table numbers cleared.
func withoutPages(p model.Project) model.Project {
	p.TableSeq, p.PageFirst, p.PageLast = 0, 0, 0
	p.Indicators = append([]model.Indicator(nil), p.Indicators...)
	for i := range p.Indicators {
		p.Indicators[i].Page = 0
	}
	return p
}
