package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/extract/xlsx"
	"github.com/budgetx/budgetx/fixtures/hostile"
)

// TestHostileInputs ingests a folder of files made to break readers —
// truncated copies of every fixture, noise behind each format's magic, a
// zip bomb, HTML nested 100,000 deep, a page tree that loops, cells of 12
// MB — and checks that the batch finishes, that each file is stored either
// ok or failed with a reason, that nothing panicked, and that the database
// is intact.
func TestHostileInputs(t *testing.T) {
	samples := map[string][]byte{}
	for _, pattern := range []string{"../../fixtures/docs/seed*", "../../fixtures/pdf/page-tree-loop.pdf"} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			if filepath.Ext(f) == ".doc" {
				// Read through LibreOffice, seconds a copy: what is ours
				// to test there, a conversion that fails, is tested in
				// extract/soffice.
				continue
			}
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			samples[filepath.Base(f)] = data
		}
	}
	if len(samples) < 7 {
		t.Fatalf("%d samples; the fixtures are missing", len(samples))
	}
	dir := filepath.Join(t.TempDir(), "in")
	corpus := hostile.Corpus(samples, 8, xlsx.MaxUnzip)
	for name, data := range corpus {
		writeFile(t, filepath.Join(dir, name), data)
	}
	for name, data := range samples {
		writeFile(t, filepath.Join(dir, name), data) // whole, to read through
	}
	db := filepath.Join(t.TempDir(), "b.db")
	code, _, errOut := budgetx(t, "ingest", "--db", db, "--jobs", "2", dir)
	if code != exitSomeFailed {
		t.Fatalf("exit %d, want %d (some files failed)\n%s", code, exitSomeFailed, errOut)
	}
	for _, bad := range []string{"panic", "runtime error", "goroutine "} {
		if strings.Contains(errOut, bad) {
			t.Errorf("stderr mentions %q:\n%s", bad, errOut)
		}
	}
	if n := count(t, db, "select count(*) from documents"); n != len(corpus)+len(samples) {
		t.Errorf("%d documents stored for %d files", n, len(corpus)+len(samples))
	}
	for _, name := range []string{"bomb.xlsx", "nested.html", "noise.pdf", "noise.xlsx", "noise.xls", "page-tree-loop.pdf"} {
		q := "select count(*) from documents where source like '%/" + name + "' and (status = 'ok' or error like '%" + name + "%')"
		if count(t, db, q) != 1 {
			t.Errorf("%s: neither ok nor failed with an error naming it", name)
		}
	}
	if n := count(t, db, "select count(*) from documents where status = 'failed' and (error is null or error = '')"); n != 0 {
		t.Errorf("%d failed documents without a reason", n)
	}
	seeds := 0
	for name := range samples {
		if strings.HasPrefix(name, "seed") {
			seeds++
		}
	}
	if n := count(t, db, "select count(*) from documents where status = 'ok' and source like '%/seed%'"); n != seeds {
		t.Errorf("%d of the %d whole seed files ok", n, seeds)
	}
	h := openDB(t, db)
	defer h.Close()
	var check string
	if err := h.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check: %q %v", check, err)
	}
}
