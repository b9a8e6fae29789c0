package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/budgetx/budgetx/internal/goldenfile"
	"github.com/budgetx/budgetx/store/pgtest"
)

const seedPath = "../../fixtures/seed/000_1bc0f094e30d8739.txt"

// TestMain lets the test binary stand in for budgetx itself, so tests can
// run it as a separate process (and kill it) without building it first.
func TestMain(m *testing.M) {
	if os.Getenv("BUDGETX_BE_MAIN") == "1" {
		main()
	}
	os.Exit(pgtest.Main(m))
}

// budgetx runs the command in-process and returns its exit code and output.
func budgetx(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

func seed(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err) // fixtures/seed holds it
	}
	return data
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func count(t *testing.T, db, query string) int {
	t.Helper()
	code, out, errOut := budgetx(t, "query", "--db", db, "--format", "csv", query)
	if code != 0 {
		t.Fatalf("query %q: exit %d: %s", query, code, errOut)
	}
	var n int
	lines := strings.Split(strings.TrimSpace(out), "\n")
	fmt.Sscan(lines[len(lines)-1], &n)
	return n
}

func TestIngestSeed(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	writeFile(t, filepath.Join(dir, "in", "seed.txt"), seed(t))
	code, out, errOut := budgetx(t, "ingest", "--db", db, filepath.Join(dir, "in"))
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	if n := count(t, db, "select count(*) from projects"); n != 13 {
		t.Errorf("%d projects, want 13", n)
	}
	if n := count(t, db, "select count(*) from indicators"); n != 89 {
		t.Errorf("%d indicators, want 89", n)
	}
	if n := count(t, db, "select count(*) from projects where unit_code = '307003' and department_code = '307'"); n != 13 {
		t.Errorf("%d projects of unit 307003, want 13", n)
	}
}

func TestIngestTwiceIsUnchanged(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	in := filepath.Join(dir, "in")
	writeFile(t, filepath.Join(in, "a.txt"), seed(t))
	writeFile(t, filepath.Join(in, "sub", "b.txt"), append(seed(t), "\n\n注：副本\n"...))
	if code, _, errOut := budgetx(t, "ingest", "--db", db, in); code != 0 {
		t.Fatalf("first run: exit %d: %s", code, errOut)
	}
	code, out, errOut := budgetx(t, "ingest", "--db", db, "--json", in)
	if code != 0 {
		t.Fatalf("second run: exit %d: %s", code, errOut)
	}
	var sum jsonSummary
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("summary is not JSON: %v\n%s", err, out)
	}
	if sum.Files != 2 || sum.Unchanged != 2 || sum.OK != 0 {
		t.Errorf("second run: %+v, want 2 files, both unchanged", sum)
	}
	if n := count(t, db, "select count(*) from documents"); n != 2 {
		t.Errorf("%d documents, want 2", n)
	}
	// --force re-extracts and replaces, keeping one row per file.
	if code, _, errOut := budgetx(t, "ingest", "--db", db, "--force", in); code != 0 {
		t.Fatalf("forced run: exit %d: %s", code, errOut)
	}
	if n := count(t, db, "select count(*) from projects"); n != 26 {
		t.Errorf("%d projects after --force, want 26", n)
	}
}

func TestIngestBadFiles(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	in := filepath.Join(dir, "in")
	random := make([]byte, 4096)
	for i := range random {
		random[i] = byte(i*7919 + i/13)
	}
	writeFile(t, filepath.Join(in, "good.txt"), seed(t))
	writeFile(t, filepath.Join(in, "random.pdf"), random)
	writeFile(t, filepath.Join(in, "truncated.pdf"), []byte("%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pag"))
	writeFile(t, filepath.Join(in, "page.pdf"), []byte("<!DOCTYPE html>\n<html><head><title>预算公开</title></head><body><p>正文</p></body></html>"))
	code, out, errOut := budgetx(t, "ingest", "--db", db, in)
	if code != exitSomeFailed {
		t.Fatalf("exit %d, want %d\n%s%s", code, exitSomeFailed, out, errOut)
	}
	if n := count(t, db, "select count(*) from documents where status = 'ok' and source like '%good.txt'"); n != 1 {
		t.Errorf("the good file did not land")
	}
	for _, name := range []string{"random.pdf", "truncated.pdf", "page.pdf"} {
		q := fmt.Sprintf("select count(*) from documents where status = 'failed' and source like '%%%s' and error like '%%%s%%'", name, name)
		if n := count(t, db, q); n != 1 {
			t.Errorf("%s: no failed document whose error names the file", name)
		}
		if !strings.Contains(errOut, name) {
			t.Errorf("stderr does not name %s:\n%s", name, errOut)
		}
	}
	if strings.Contains(errOut, "panic") {
		t.Errorf("something panicked:\n%s", errOut)
	}
	// Run again, the failed files still count as failed, without being read.
	code, out, _ = budgetx(t, "ingest", "--db", db, "--json", in)
	if code != exitSomeFailed || !strings.Contains(out, `"failed": 3`) || !strings.Contains(out, `"unchanged": 1`) ||
		strings.Count(out, "stored earlier") != 3 {
		t.Errorf("second run: exit %d\n%s", code, out)
	}
	// --retry-failed reads them again.
	writeFile(t, filepath.Join(in, "random.pdf"), append(seed(t), "\n\n注：另一份\n"...))
	code, out, _ = budgetx(t, "ingest", "--db", db, "--json", "--retry-failed", in)
	if code != exitSomeFailed || !strings.Contains(out, `"failed": 2`) || !strings.Contains(out, `"ok": 1`) ||
		strings.Contains(out, "stored earlier") {
		t.Errorf("--retry-failed: exit %d\n%s", code, out)
	}
}

func TestQueryIsReadOnly(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	writeFile(t, filepath.Join(dir, "seed.txt"), seed(t))
	if code, _, errOut := budgetx(t, "ingest", "--db", db, filepath.Join(dir, "seed.txt")); code != 0 {
		t.Fatal(errOut)
	}
	for _, stmt := range []string{"delete from documents", "drop table projects", "insert into findings(document_id, severity, code, message) values (1, 'info', 'x', 'y')"} {
		code, _, errOut := budgetx(t, "query", "--db", db, stmt)
		if code != exitFatal || !strings.Contains(errOut, "read-only") {
			t.Errorf("%q: exit %d, stderr %q; want a read-only refusal", stmt, code, errOut)
		}
	}
	if n := count(t, db, "select count(*) from documents"); n != 1 {
		t.Errorf("%d documents after refused writes, want 1", n)
	}
	if n := count(t, db, "select count(*) from projects"); n != 13 {
		t.Errorf("%d projects after refused writes, want 13", n)
	}
}

func TestQueryFormats(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	writeFile(t, filepath.Join(dir, "seed.txt"), seed(t))
	budgetx(t, "ingest", "--db", db, filepath.Join(dir, "seed.txt"))
	q := "select seq, name, budget_fen from projects order by seq limit 2"

	_, out, _ := budgetx(t, "query", "--db", db, "--format", "json", q)
	var objs []map[string]any
	if err := json.Unmarshal([]byte(out), &objs); err != nil || len(objs) != 2 || objs[0]["name"] != "实施职业技能提升行动项目业务费" {
		t.Errorf("json: %v %v\n%s", err, objs, out)
	}
	_, out, _ = budgetx(t, "query", "--db", db, "--format", "csv", "--excel", q)
	if !strings.HasPrefix(out, "\uFEFFseq,name,budget_fen\n1,实施职业技能提升行动项目业务费,5000000\n") {
		t.Errorf("csv:\n%s", out)
	}
	_, out, _ = budgetx(t, "query", "--db", db, q)
	lines := strings.Split(out, "\n")
	// Columns line up by display width: Chinese characters count two.
	if w0, w2 := displayWidth(lines[0]), displayWidth(lines[2]); w0 > w2 {
		t.Errorf("table header wider than its rows:\n%s", out)
	}
	if i, j := strings.Index(lines[2], "5000000"), strings.Index(lines[3], "1280000"); displayWidth(lines[2][:i]) != displayWidth(lines[3][:j]) {
		t.Errorf("amounts do not line up:\n%s", out)
	}
	_, out, _ = budgetx(t, "query", "--db", db, "--max-rows", "1", "--format", "csv", q)
	if strings.Count(out, "\n") != 2 {
		t.Errorf("--max-rows 1 printed:\n%s", out)
	}
}

// batch writes n distinct copies of the seed into a new folder.
func batch(t *testing.T, n int) string {
	t.Helper()
	data := seed(t)
	in := filepath.Join(t.TempDir(), "in")
	for i := range n {
		// Each copy differs, so each is a document of its own.
		writeFile(t, filepath.Join(in, fmt.Sprintf("doc%03d.txt", i)), append(append([]byte(nil), data...), fmt.Sprintf("\n\n注：副本%d\n", i)...))
	}
	return in
}

// startIngest runs budgetx ingest as a child process and returns once it
// has stored at least min documents.
func startIngest(t *testing.T, db, in string, min int) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "ingest", "--db", db, "--jobs", "2", in)
	cmd.Env = append(os.Environ(), "BUDGETX_BE_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for stored(t, db) < min && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	return cmd
}

// checkWhole checks that db is intact and holds only whole documents (each
// copy of the seed has 13 projects); it returns how many documents it holds.
func checkWhole(t *testing.T, db string) int {
	t.Helper()
	h := openDB(t, db)
	defer h.Close()
	var check string
	if err := h.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q %v", check, err)
	}
	var docs, projects, partial int
	h.QueryRow("select count(*) from documents").Scan(&docs)
	h.QueryRow("select count(*) from projects").Scan(&projects)
	h.QueryRow("select count(*) from documents d where (select count(*) from projects p where p.document_id = d.id) != 13").Scan(&partial)
	if projects != 13*docs || partial != 0 {
		t.Fatalf("half-written documents: %d documents, %d projects, %d without all 13", docs, projects, partial)
	}
	return docs
}

// resume runs the ingest again and checks that it stores exactly the
// documents the first run did not.
func resume(t *testing.T, db, in string, done, n int) {
	t.Helper()
	code, out, errOut := budgetx(t, "ingest", "--db", db, "--json", in)
	if code != 0 {
		t.Fatalf("re-run: exit %d: %s", code, errOut)
	}
	var sum jsonSummary
	json.Unmarshal([]byte(out), &sum)
	if sum.Unchanged != done || sum.OK != n-done {
		t.Errorf("re-run: %+v; want %d unchanged and %d ok", sum, done, n-done)
	}
	if c := count(t, db, "select count(*) from documents where status = 'ok'"); c != n {
		t.Errorf("%d documents ok after the re-run, want %d", c, n)
	}
}

// TestInterruptMidBatch sends SIGINT (Ctrl-C) to an ingest and checks that
// it stops cleanly with exit code 130 and that running again completes it.
func TestInterruptMidBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	const n = 600
	in := batch(t, n)
	db := filepath.Join(t.TempDir(), "b.db")
	cmd := startIngest(t, db, in, 10)
	cmd.Process.Signal(os.Interrupt)
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitInterrupted {
		t.Fatalf("exit: %v, want code %d (the batch must still be running when interrupted)", err, exitInterrupted)
	}
	done := checkWhole(t, db)
	t.Logf("interrupted after %d of %d documents", done, n)
	resume(t, db, in, done, n)
}

// TestKillMidBatch kills an ingest with SIGKILL while it works through a
// batch, then checks that the database is intact, holds only whole
// documents, and that running the same command again completes the batch.
func TestKillMidBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	const n = 600
	in := batch(t, n)
	db := filepath.Join(t.TempDir(), "b.db")
	cmd := startIngest(t, db, in, 10)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	done := checkWhole(t, db)
	if done == 0 || done >= n {
		t.Fatalf("the kill did not land mid-batch (%d of %d stored)", done, n)
	}
	t.Logf("killed after %d of %d documents", done, n)
	resume(t, db, in, done, n)
}

// TestJobsGiveTheSameDatabase ingests one batch with one and with two jobs
// and compares every stored row.
func TestJobsGiveTheSameDatabase(t *testing.T) {
	in := batch(t, 12)
	dump := func(jobs string) string {
		db := filepath.Join(t.TempDir(), "b.db")
		if code, _, errOut := budgetx(t, "ingest", "--db", db, "--jobs", jobs, in); code != 0 {
			t.Fatal(errOut)
		}
		var b strings.Builder
		for _, q := range []string{
			"select id, sha256, source, status, title, pages from documents order by id",
			"select * from tables order by id",
			"select * from cells order by table_id, row, col",
			"select * from projects order by id",
			"select * from indicators order by id",
			"select * from findings order by id",
		} {
			_, out, _ := budgetx(t, "query", "--db", db, "--format", "csv", q)
			b.WriteString(out)
		}
		return b.String()
	}
	if one, two := dump("1"), dump("2"); one != two {
		t.Errorf("--jobs 1 and --jobs 2 stored different rows:\n%s", goldenfile.Diff(one, two))
	}
}

func TestReextractOutdated(t *testing.T) {
	in := batch(t, 2)
	db := filepath.Join(t.TempDir(), "b.db")
	if code, _, errOut := budgetx(t, "ingest", "--db", db, in); code != 0 {
		t.Fatal(errOut)
	}
	h, err := sql.Open("sqlite3", db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Exec("update documents set pipeline_version = 0 where source like '%doc000.txt'"); err != nil {
		t.Fatal(err)
	}
	h.Close()
	_, out, _ := budgetx(t, "ingest", "--db", db, "--json", in)
	if !strings.Contains(out, `"unchanged": 2`) {
		t.Errorf("without the flag an outdated document is unchanged:\n%s", out)
	}
	_, out, _ = budgetx(t, "ingest", "--db", db, "--json", "--reextract-outdated")
	if !strings.Contains(out, `"ok": 1`) || !strings.Contains(out, `"files": 1`) {
		t.Errorf("--reextract-outdated without paths:\n%s", out)
	}
	if n := count(t, db, "select count(*) from documents where pipeline_version = 0"); n != 0 {
		t.Errorf("%d documents still outdated", n)
	}
}

func openDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	h, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// stored counts the documents in db, 0 while it does not exist yet.
func stored(t *testing.T, db string) int {
	if _, err := os.Stat(db); err != nil {
		return 0
	}
	h := openDB(t, db)
	defer h.Close()
	var n int
	if err := h.QueryRow("select count(*) from documents").Scan(&n); err != nil {
		return 0
	}
	return n
}
