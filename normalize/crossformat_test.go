package normalize_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/formats"
	"github.com/budgetx/budgetx/extract/soffice"
	"github.com/budgetx/budgetx/internal/goldenfile"
	"github.com/budgetx/budgetx/model"
	"github.com/budgetx/budgetx/normalize"
)

// TestCrossFormat reads the seed table in every format budgetx reads (see
// extract/formats), as the fixture generator writes it (HTML in UTF-8 and
// GB2312, xlsx, xls, docx, doc, and PDFs printed by LibreOffice Calc and
// Writer and by Chromium) and as the seed's text dump, and checks that each
// normalizes to the seed's golden projects and indicators. Pages and table
// numbers differ by format (the layouts break pages at other rows) and are
// not compared; goal texts are, in full: the generated files hold the whole
// text even where the printed cell clips it.
func TestCrossFormat(t *testing.T) {
	var want golden
	data, err := os.ReadFile("../fixtures/seed/golden.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	reg := formats.Registry()
	docs, _ := filepath.Glob(filepath.Join("..", "fixtures", "docs", "seed*"))
	dumps, _ := filepath.Glob(filepath.Join("..", "fixtures", "seed", "*.txt"))
	read := map[model.Format]bool{}
	for _, path := range append(docs, dumps...) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := reg.Extract(context.Background(), extract.File{Name: name, Data: data})
			if errors.Is(err, soffice.ErrNoLibreOffice) {
				read[model.DOC] = true // as far as it can be here
				t.Skip("LibreOffice is not installed (" + soffice.Install + ")")
			}
			if err != nil {
				t.Fatal(err)
			}
			read[doc.Format] = true
			checkProjects(t, normalize.Document(doc).Projects, want.Projects)
		})
	}
	for _, ex := range formats.All() {
		if !read[ex.Format()] {
			t.Errorf("no seed fixture in %s", ex.Format())
		}
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
			t.Errorf("project %d differs:\n%s", i+1, goldenfile.Diff(string(wj), string(gj)))
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
