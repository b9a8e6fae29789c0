package normalize_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/pdf"
	"github.com/budgetx/budgetx/internal/goldenfile"
	"github.com/budgetx/budgetx/model"
	"github.com/budgetx/budgetx/normalize"
)

// breaksEntry is what fixtures/breaks/breaks.json says of one PDF of the
// page-break family (written by fixtures/gen).
type breaksEntry struct {
	File   string `json:"file"`
	Golden string `json:"golden"`
	Pages  int    `json:"pages"`
	Split  bool   `json:"split"`
	Breaks []struct {
		Page   int    `json:"page"`
		Row    int    `json:"row"`
		Cut    string `json:"cut"`
		Blocks []struct {
			Block string `json:"block"`
			Above int    `json:"above"`
			Below int    `json:"below"`
		} `json:"blocks"`
	} `json:"breaks"`
}

// TestPageBreakCuts reads each PDF of the page-break family, whose page
// breaks cut the merged 单位名称, 项目名称, 预算数 and 年度目标 cells at
// other rows than the seed's print does (after a block's first row, in
// its middle, before its last row, between blocks), through the PDF
// extractor and normalize, and checks that every project comes back whole:
// name, amount, goal, department, unit and indicators as the golden
// records hold them. A project that does not is reported with the breaks
// that cut it. Where the print splits a cut project into two blocks with
// an amount each, a budget_fragments finding names it; where a merged
// cell crosses the break, the project printed one amount and no such
// finding is made.
func TestPageBreakCuts(t *testing.T) {
	dir := filepath.Join("..", "fixtures", "breaks")
	data, err := os.ReadFile(filepath.Join(dir, "breaks.json"))
	if err != nil {
		t.Fatal(err)
	}
	var entries []breaksEntry
	if err := json.Unmarshal(data, &entries); err != nil {
		t.Fatal(err)
	}
	if len(entries) < 4 {
		t.Fatalf("%d PDFs in the family, want at least 4", len(entries))
	}
	for _, e := range entries {
		t.Run(strings.TrimSuffix(e.File, ".pdf"), func(t *testing.T) {
			want := loadRecords(t, filepath.Join("..", "fixtures", filepath.FromSlash(e.Golden))).Projects
			data, err := os.ReadFile(filepath.Join(dir, e.File))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := pdf.New().Extract(context.Background(), extract.File{Name: e.File, Data: data})
			if err != nil {
				t.Fatal(err)
			}
			if len(doc.Pages) != e.Pages {
				t.Errorf("%d pages, breaks.json plans %d", len(doc.Pages), e.Pages)
			}
			rec := normalize.Document(doc)
			got := rec.Projects
			if len(got) != len(want) {
				t.Errorf("%d projects, want %d", len(got), len(want))
			}
			whole := 0
			for i, w := range want {
				// Match by name first: a project split in two shifts the
				// ones after it.
				k := slices.IndexFunc(got, func(p model.Project) bool { return p.Name == w.Name })
				if k < 0 && i < len(got) {
					k = i
				}
				var g model.Project
				if k >= 0 {
					g = got[k]
				}
				gj, _ := json.MarshalIndent(withoutPages(g), "", "  ")
				wj, _ := json.MarshalIndent(withoutPages(w), "", "  ")
				if string(gj) == string(wj) {
					whole++
					continue
				}
				t.Errorf("project %d (%s) is not whole; %s:\n%s", i+1, w.Name, e.cutsOf(i+1), goldenfile.Diff(string(wj), string(gj)))
			}
			t.Logf("%d of %d projects whole", whole, len(want))
			fragments := map[string]bool{}
			for _, f := range rec.Findings {
				if f.Code == "budget_fragments" {
					fragments[strings.SplitN(f.Message, ":", 2)[0]] = true
				}
			}
			for i, w := range want {
				cut := e.cut(i + 1)
				if e.Split && cut && !fragments[w.Name] {
					t.Errorf("project %d (%s) was printed in two blocks, and no budget_fragments finding names it", i+1, w.Name)
				}
				if !e.Split && fragments[w.Name] {
					t.Errorf("project %d (%s) printed one amount, and a budget_fragments finding says two", i+1, w.Name)
				}
			}
		})
	}
}

// cut reports whether a break cuts project n (1-based): some of its rows
// lie on either side.
func (e breaksEntry) cut(n int) bool {
	for _, b := range e.Breaks {
		for _, c := range b.Blocks {
			if c.Block == fmt.Sprintf("project %d", n) && c.Above > 0 && c.Below > 0 {
				return true
			}
		}
	}
	return false
}

// cutsOf says which breaks meet project n (1-based), and how.
func (e breaksEntry) cutsOf(n int) string {
	var out []string
	for _, b := range e.Breaks {
		for _, c := range b.Blocks {
			if c.Block == fmt.Sprintf("project %d", n) {
				out = append(out, fmt.Sprintf("page %d opens at its row %d of %d (%s)", b.Page, c.Above+1, c.Above+c.Below, b.Cut))
			}
		}
	}
	if len(out) == 0 {
		return "no break cuts it"
	}
	return strings.Join(out, "; ")
}
