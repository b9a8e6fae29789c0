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
	"github.com/budgetx/budgetx/model"
)

// damagedInputs returns the PDFs to damage: the project's fixtures, and the
// real documents when they are present. Without DAMAGED=all only a fixed
// sample of the real documents is taken (every tenth by name, of those
// under 1 MB), to keep the test fast; make damaged sweeps them all.
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
		if fi, err := os.Stat(f); err == nil && i%10 == 0 && fi.Size() < 1<<20 {
			files = append(files, f)
		}
	}
	return files
}

var objectNamed = regexp.MustCompile(`\bobject \d+ \d+\b`)

// TestDamaged damages each input four ways (see package damage) and
// compares, per file, the pages budgetx reads with the pages pdftotext
// yields text for. Where pdftotext recovers text on a page that held a
// table in the intact file, budgetx must give that table there (tables
// holding at least half of its characters), or a finding on that page
// naming the object that spoiled it (page_tree_lost, for the whole file,
// when the pages' order is lost). It logs the counts beside
// pdftotext's, by kind of damage; go test -v shows them.
func TestDamaged(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	tmp := t.TempDir()
	type tally struct {
		files, pages             [2]int // pdftotext, budgetx: files with text, pages with text
		tableFiles, tablePages   int    // table pages of the intact file where pdftotext has text
		kept, named, failedFiles int
	}
	by := make(map[damage.Kind]*tally)
	for _, kind := range damage.Kinds {
		by[kind] = &tally{}
	}
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
			n := by[kind]
			for i, pages := range []map[int]bool{ref, read} {
				if len(pages) > 0 {
					n.files[i]++
					n.pages[i] += len(pages)
				}
			}
			if len(read) < len(ref) {
				t.Logf("%s: pdftotext has text on %d pages, budgetx reads %d", label, len(ref), len(read))
			}
			wanted, ok := 0, 0
			for p, want := range had {
				if !ref[p] {
					continue
				}
				wanted++
				switch kept, why := tableOrFinding(doc, p, want); {
				case kept:
					n.kept++
					ok++
				case why == "":
					n.named++
					ok++
				default:
					t.Errorf("%s p%d: %s", label, p, why)
				}
			}
			if wanted > 0 {
				n.tableFiles++
				n.tablePages += wanted
				if ok < wanted {
					n.failedFiles++
				}
			}
		}
	}
	t.Logf("%-9s  %-19s  %-19s  %s", "damage", "files with text", "pages with text", "intact table pages where pdftotext has text: budgetx gives the table / names the object")
	t.Logf("%-9s  %-19s  %-19s", "", "pdftotext  budgetx", "pdftotext  budgetx")
	for _, kind := range damage.Kinds {
		n := by[kind]
		t.Logf("%-9s  %9d  %7d  %9d  %7d  %d pages in %d files: %d / %d", kind, n.files[0], n.files[1], n.pages[0], n.pages[1],
			n.tablePages, n.tableFiles, n.kept, n.named)
	}
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
func readPages(doc *model.Document) map[int]bool {
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
// want); if not, whether a finding there names an object (why is then
// empty), and otherwise why not.
func tableOrFinding(doc *model.Document, n int, want map[rune]int) (kept bool, why string) {
	if doc == nil {
		return false, "the file failed"
	}
	share := 0.0
	for _, p := range doc.Pages {
		if p.Number == n && len(p.Tables) > 0 {
			got := charCounts(tableText(p))
			all, have := 0, 0
			for r, k := range want {
				all += k
				have += min(k, got[r])
			}
			if 2*have >= all {
				return true, ""
			}
			share = float64(have) / float64(all)
		}
	}
	var msgs []string
	for _, f := range doc.Findings {
		// When the page tree is lost, which page is which is a guess:
		// the finding that says so names the object for every page.
		if f.Page == n || f.Code == "page_tree_lost" {
			if objectNamed.MatchString(f.Message) {
				return false, ""
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
