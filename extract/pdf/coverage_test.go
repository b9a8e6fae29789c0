package pdf

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/internal/shared"
	"github.com/budgetx/budgetx/model"
)

// TestRealDocuments extracts every PDF among the real documents and
// compares the text that lands in tables (cells, titles, captions, notes)
// with what pdftotext -layout finds on the same pages: on each table page,
// the share of pdftotext's non-whitespace characters (as a multiset) that
// the tables hold, and on every page the characters the tables hold beyond
// pdftotext's count (duplicates).
//
// A table page is a page where a table was found that holds at least half
// of the page's text. Pages where a small table sits in narrative (a list
// of units under 部门决算单位构成) are counted apart as mixed pages: their
// narrative is free text, rightly outside the tables.
func TestRealDocuments(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(shared.Require(t, realdocs), "*.pdf"))
	if len(files) == 0 {
		t.Fatal("no real documents in " + realdocs)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	var allWant, allGot int
	for _, file := range files {
		name := filepath.Base(file)
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := New().Extract(context.Background(), extract.File{Name: name, Data: data})
		if strings.Contains(name, "IMAGE-ONLY") {
			if !errors.Is(err, extract.ErrNoTextLayer) {
				t.Errorf("%s: got %v, want an error wrapping ErrNoTextLayer", name, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, f := range doc.Findings {
			if f.Severity == model.SevError {
				t.Errorf("%s: finding %s: %s", name, f.Code, f.Message)
			}
		}
		out, err := exec.Command("pdftotext", "-layout", file, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		ref := strings.Split(string(out), "\f")
		var want, got, dup, tablePages, mixed, mixedWant, mixedGot int
		for _, p := range doc.Pages {
			if len(p.Tables) == 0 || p.Number > len(ref) {
				continue
			}
			w := charCounts(ref[p.Number-1])
			g := charCounts(tableText(p))
			pw, pg := 0, 0
			for r, n := range w {
				pw += n
				pg += min(n, g[r])
			}
			if 2*pg < pw {
				mixed++
				mixedWant += pw
				mixedGot += pg
			} else {
				tablePages++
				want += pw
				got += pg
			}
			if os.Getenv("COVERAGE_PAGES") != "" && pg < pw {
				var missing []rune
				for r, n := range w {
					for range n - g[r] {
						missing = append(missing, r)
					}
				}
				t.Logf("  %s p%d: %d/%d, missing %q", name, p.Number, pg, pw, string(missing[:min(len(missing), 80)]))
			}
			pd := 0
			for r, n := range g {
				pd += max(0, n-w[r])
			}
			dup += pd
			if os.Getenv("COVERAGE_PAGES") != "" && pd > 0 {
				t.Logf("  %s p%d: %d characters beyond pdftotext", name, p.Number, pd)
			}
		}
		allWant += want
		allGot += got
		share := 1.0
		if want > 0 {
			share = float64(got) / float64(want)
		}
		t.Logf("%-60s %2d table pages, coverage %6.2f%% (%d/%d); beyond pdftotext %d; %d mixed pages (%d/%d in tables)",
			name, tablePages, 100*share, got, want, dup, mixed, mixedGot, mixedWant)
		if share < 0.95 {
			t.Errorf("%s: coverage %.2f%% is under 95%%", name, 100*share)
		}
		if dup*100 > want {
			t.Errorf("%s: %d characters in tables beyond pdftotext's count", name, dup)
		}
	}
	if allWant > 0 {
		share := float64(allGot) / float64(allWant)
		t.Logf("overall coverage %.2f%% (%d/%d)", 100*share, allGot, allWant)
		if share < 0.98 {
			t.Errorf("overall coverage %.2f%% is under 98%%", 100*share)
		}
	}
}

// tableText is the text of a page's tables: cells, titles, captions and
// notes.
func tableText(p *model.Page) string {
	var b strings.Builder
	for _, t := range p.Tables {
		fmt.Fprintln(&b, t.Title)
		for _, c := range t.Caption {
			fmt.Fprintln(&b, c)
		}
		for _, r := range t.Rows {
			for _, c := range r.Cells {
				fmt.Fprintln(&b, c.Text())
			}
		}
		for _, n := range t.Notes {
			fmt.Fprintln(&b, n)
		}
	}
	return b.String()
}

func charCounts(s string) map[rune]int {
	m := make(map[rune]int)
	for _, r := range s {
		if !unicode.IsSpace(r) {
			m[r]++
		}
	}
	return m
}
