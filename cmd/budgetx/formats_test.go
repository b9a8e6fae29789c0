package main

import (
	"github.com/budgetx/budgetx/internal/shared"
	"path/filepath"
	"strings"
	"testing"
)

// realdocs returns the path of a real document under ../shared/realdocs,
// skipping the test when the folder is absent.
func realdocs(t *testing.T, rel string) string {
	t.Helper()
	return shared.Require(t, filepath.Join("..", "..", "..", "shared", "realdocs", rel))
}

// TestIngestTemplates ingests the Shanghai xlsx and xls templates: both
// land ok, and every table has its title and unit.
func TestIngestTemplates(t *testing.T) {
	dir := realdocs(t, "templates")
	db := filepath.Join(t.TempDir(), "t.db")
	if code, _, stderr := budgetx(t, "ingest", "--db", db, dir); code != exitOK {
		t.Fatalf("ingest exit %d: %s", code, stderr)
	}
	_, out, _ := budgetx(t, "query", "--db", db, "--format", "csv",
		"select format, status, pages from documents order by format")
	if want := "format,status,pages\nxls,ok,16\nxlsx,ok,17\n"; out != want {
		t.Errorf("documents:\n%s\nwant\n%s", out, want)
	}
	_, out, _ = budgetx(t, "query", "--db", db, "--format", "csv",
		"select count(*), sum(title like '2026年%表') from tables")
	if want := "count(*),sum(title like '2026年%表')\n18,18\n"; out != want {
		t.Errorf("tables:\n%s\nwant 18 tables, all titled", out)
	}
}

// TestIngestArticlePage ingests an article page saved under a PDF's name:
// it fails with a reason a reader understands, and the batch says so.
func TestIngestArticlePage(t *testing.T) {
	page := realdocs(t, filepath.Join("special", "cq-sifaju_2026_bumen-yusuan_FAKE-PDF-actually-HTML.pdf"))
	db := filepath.Join(t.TempDir(), "t.db")
	code, _, stderr := budgetx(t, "ingest", "--db", db, page)
	if code != exitSomeFailed || !strings.Contains(stderr, "HTML page without tables") {
		t.Errorf("exit %d, stderr %q; want %d and the reason", code, stderr, exitSomeFailed)
	}
	_, out, _ := budgetx(t, "query", "--db", db, "--format", "csv", "select status from documents")
	if out != "status\nfailed\n" {
		t.Errorf("documents: %q, want one failed", out)
	}
}
