package pdf

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/fixtures/damage"
)

// damagedInputs returns the PDFs to damage: the project's fixtures, and the
// real documents when they are present. Without DAMAGED=all only a
// deterministic sample of the real documents is taken, to keep the test
// fast; make damaged sweeps them all.
func damagedInputs(t *testing.T) []string {
	files, _ := filepath.Glob(filepath.Join(fixtures, "*.pdf"))
	var real []string
	for _, dir := range []string{realdocs, filepath.Join(realdocs, "wild")} {
		m, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
		real = append(real, m...)
	}
	sort.Strings(real)
	if os.Getenv("DAMAGED") == "all" {
		return append(files, real...)
	}
	for i, f := range real {
		if i%7 == 0 {
			files = append(files, f)
		}
	}
	return files
}

var objectNamed = regexp.MustCompile(`\bobject \d+ \d+\b`)

// TestDamaged damages each input four ways (see package damage) and
// compares, per file, the pages budgetx reads with the pages pdftotext
// yields text for. Where pdftotext recovers text on a page that held a
// table in the intact file, budgetx must give a table there, or a finding
// on that page naming the object that spoiled it.
func TestDamaged(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	tmp := t.TempDir()
	type tally struct{ files, pages int }
	var ours, poppler tally
	var tableFiles, tableFilesOK, tablePages, tablePagesOK int
	for _, file := range damagedInputs(t) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(file)
		orig, err := New().Extract(context.Background(), extract.File{Name: name, Data: data})
		had := map[int]map[rune]int{}
		if err == nil {
			for _, p := range orig.Pages {
				if len(p.Tables) > 0 {
					had[p.Number] = charCounts(tableText(p))
				}
			}
		}
		for _, kind := range damage.Kinds {
			dmg := damage.Apply(kind, name, data)
			label := fmt.Sprintf("%s (%s)", name, kind)
			path := filepath.Join(tmp, "d.pdf")
			if err := os.WriteFile(path, dmg, 0o644); err != nil {
				t.Fatal(err)
			}
			ref := popplerPages(path)
			doc, err := New().Extract(context.Background(), extract.File{Name: name, Data: dmg})
			checkClean(t, name, doc, err)
			read := readPages(doc)
			if len(ref) > 0 {
				poppler.files++
				poppler.pages += len(ref)
			}
			if len(read) > 0 {
				ours.files++
				ours.pages += len(read)
			}
			wanted, got := 0, 0
			for p, want := range had {
				if !ref[p] {
					continue
				}
				wanted++
				if ok, why := tableOrFinding(doc, p, want); ok {
					got++
				} else {
					t.Logf("%s p%d: %s", label, p, why)
					if err != nil {
						t.Logf("    %v", err)
					}
				}
			}
			if wanted > 0 {
				tableFiles++
				tablePages += wanted
				tablePagesOK += got
				if got == wanted {
					tableFilesOK++
				}
			}
		}
	}
	t.Logf("pdftotext: text on %d pages of %d files; budgetx: reads %d pages of %d files", poppler.pages, poppler.files, ours.pages, ours.files)
	t.Logf("table pages where pdftotext has text: %d in %d files; budgetx gives the table or names the object on %d (%d files whole)", tablePages, tableFiles, tablePagesOK, tableFilesOK)
}

// popplerPages returns the pages on which pdftotext finds text.
func popplerPages(path string) map[int]bool {
	out, _ := exec.Command("pdftotext", "-q", path, "-").Output()
	pages := map[int]bool{}
	for i, p := range strings.Split(string(out), "\f") {
		if strings.TrimSpace(p) != "" {
			pages[i+1] = true
		}
	}
	return pages
}

// readPages returns the pages on which budgetx found text.
func readPages(doc *extract.Document) map[int]bool {
	pages := map[int]bool{}
	if doc == nil {
		return pages
	}
	for _, p := range doc.Pages {
		if len(p.Lines) > 0 || len(p.Tables) > 0 {
			pages[p.Number] = true
		}
	}
	return pages
}

// tableOrFinding reports whether doc has, on page n, the table that the
// intact file had there (tables holding at least half of its characters,
// want), or a finding there that names an object; and if not, why not.
func tableOrFinding(doc *extract.Document, n int, want map[rune]int) (bool, string) {
	if doc == nil {
		return false, "the file failed"
	}
	share := 0.0
	for _, p := range doc.Pages {
		if p.Number == n && len(p.Tables) > 0 {
			got := charCounts(tableText(p))
			all, kept := 0, 0
			for r, k := range want {
				all += k
				kept += min(k, got[r])
			}
			if 2*kept >= all {
				return true, ""
			}
			share = float64(kept) / float64(all)
		}
	}
	var msgs []string
	for _, f := range doc.Findings {
		if f.Page == n {
			if objectNamed.MatchString(f.Message) {
				return true, ""
			}
			msgs = append(msgs, f.Message)
		}
	}
	what := "no table"
	if share > 0 {
		what = fmt.Sprintf("a table with %.0f%% of the intact one's text", 100*share)
	}
	if len(msgs) > 0 {
		return false, what + "; findings without an object: " + strings.Join(msgs, "; ")
	}
	return false, what + " and no finding"
}
