package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/budgetx/budgetx/internal/goldenfile"
	"github.com/budgetx/budgetx/store"
	"github.com/budgetx/budgetx/store/pgtest"
)

// stamps matches the times a database records (ingested_at), which differ
// between two ingests of the same files.
var stamps = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`)

// answers runs a read command and returns its output with times blanked.
func answers(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errOut := budgetx(t, args...)
	if code != 0 {
		t.Fatalf("%q: exit %d: %s", args, code, errOut)
	}
	return stamps.ReplaceAllString(out, "TIME")
}

// sameAnswersInputs lists the files of the cross-backend comparison: the
// fixture documents (but those read through LibreOffice, which is slow and
// TestPostgresIngestTogether covers), the seed, and the real documents
// when present.
func sameAnswersInputs(t *testing.T) []string {
	var in []string
	docs, _ := filepath.Glob(filepath.Join("..", "..", "fixtures", "docs", "*"))
	for _, d := range docs {
		if ext := filepath.Ext(d); ext != ".doc" && ext != ".wps" && !strings.HasPrefix(filepath.Base(d), ".") {
			in = append(in, d)
		}
	}
	if _, err := os.Stat(seedPath); err == nil {
		in = append(in, seedPath)
	}
	rd := filepath.Join("..", "..", "..", "shared", "realdocs")
	if _, err := os.Stat(rd); err == nil {
		for _, pat := range []string{"*.pdf", "*.html", "templates/*", "special/*"} {
			m, _ := filepath.Glob(filepath.Join(rd, pat))
			in = append(in, m...)
		}
	} else if os.Getenv("CI") != "" {
		t.Fatal("../shared/realdocs is missing")
	}
	return in
}

// TestPostgresSameAnswers ingests the same files into SQLite and into
// PostgreSQL and checks that every read command answers the same.
func TestPostgresSameAnswers(t *testing.T) {
	pg := pgtest.URL(t)
	lite := filepath.Join(t.TempDir(), "b.db")
	in := sameAnswersInputs(t)
	var sums []string
	for _, db := range []string{lite, pg} {
		code, out, errOut := budgetx(t, append([]string{"ingest", "--db", db, "--jobs", "2", "--json"}, in...)...)
		if code != 0 && code != exitSomeFailed {
			t.Fatalf("ingest into %s: exit %d: %s", db, code, errOut)
		}
		var sum jsonSummary
		json.Unmarshal([]byte(out), &sum)
		sum.Seconds, sum.Writing = 0, 0
		b, _ := json.Marshal(sum)
		sums = append(sums, string(b))
	}
	if sums[0] != sums[1] {
		t.Fatalf("ingest summaries differ:\nsqlite   %s\npostgres %s", sums[0], sums[1])
	}
	t.Logf("ingested: %s", sums[0])

	same := func(what string, args ...string) {
		t.Helper()
		a := answers(t, append(args[:1:1], append([]string{"--db", lite}, args[1:]...)...)...)
		b := answers(t, append(args[:1:1], append([]string{"--db", pg}, args[1:]...)...)...)
		if a != b {
			t.Errorf("%s differs between SQLite and PostgreSQL: %s", what, goldenfile.Diff(a, b))
		}
	}
	for _, q := range []string{
		"select * from documents order by id",
		"select * from tables order by id",
		"select * from cells order by table_id, row, col",
		"select * from projects order by id",
		"select * from indicators order by id",
		"select * from budget_lines order by id",
		"select * from findings order by id",
		"select * from checks order by table_id, code",
		"select * from v_projects order by id",
		"select * from v_indicators order by id",
		"select * from v_budget_lines order by id",
		`select d.id, count(*) as lines, sum(b.amount_fen) as fen, sum(b.amount_fen) / 100.0 as yuan,
			avg(b.amount_fen) as mean, max(b.is_total) as totals
		   from budget_lines b join tables t on t.id = b.table_id join documents d on d.id = t.document_id
		  group by d.id order by d.id`,
	} {
		same(q, "query", "--format", "csv", q)
	}
	same("query as JSON", "query", "--format", "json", "select * from v_indicators order by id")
	same("query as a table", "query", "select id, org_name, budget_yuan, weight_sum from v_projects order by id")

	dir := t.TempDir()
	for i, db := range []string{lite, pg} {
		for _, f := range []string{"csv", "jsonl"} {
			answers(t, "export", "--db", db, "--format", f, "--out", filepath.Join(dir, f+strconv.Itoa(i)))
		}
		answers(t, "export", "--db", db, "--format", "xlsx", "--out", filepath.Join(dir, "x"+strconv.Itoa(i)+".xlsx"))
	}
	for _, f := range []string{"csv", "jsonl"} {
		files, _ := filepath.Glob(filepath.Join(dir, f+"0", "*"))
		if len(files) < 6 {
			t.Fatalf("export %s wrote %d files", f, len(files))
		}
		for _, a := range files {
			b := filepath.Join(dir, f+"1", filepath.Base(a))
			da, _ := os.ReadFile(a)
			db, err := os.ReadFile(b)
			if err != nil {
				t.Fatal(err)
			}
			sa, sb := stamps.ReplaceAllString(string(da), "TIME"), stamps.ReplaceAllString(string(db), "TIME")
			if sa != sb {
				t.Errorf("export %s %s differs: %s", f, filepath.Base(a), goldenfile.Diff(sa, sb))
			}
		}
	}
	if a, b := workbook(t, filepath.Join(dir, "x0.xlsx")), workbook(t, filepath.Join(dir, "x1.xlsx")); a != b {
		t.Errorf("export xlsx differs: %s", goldenfile.Diff(a, b))
	}

	for _, text := range []string{"公共预算", "一般公共预算支出", "项目 支出", "合计", "率", "绩效目标", "办公", "ABC", "100%"} {
		same("search "+text, "search", "--format", "json", "--limit", "0", text)
	}
	same("search as a table", "search", "公共预算")
	same("report", "report", "--json")
	same("report", "report")
	ids := strings.Fields(answers(t, "query", "--db", lite, "--format", "csv", "select id from documents order by id"))[1:]
	if len(ids) < 10 {
		t.Fatalf("%d documents stored", len(ids))
	}
	for i, id := range ids {
		same("show "+id, "show", "--format", "json", id)
		if i%5 == 0 {
			same("show "+id, "show", id)
		}
	}
}

// workbook renders every sheet of an xlsx file as lines of cells.
func workbook(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			fmt.Fprintf(&b, "%s: %s\n", sheet, strings.Join(r, "\t"))
		}
	}
	return stamps.ReplaceAllString(b.String(), "TIME")
}

// ingestProcess starts budgetx ingest --json as a child process.
func ingestProcess(t *testing.T, db string, args ...string) (*exec.Cmd, *strings.Builder) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"ingest", "--db", db, "--json"}, args...)...)
	cmd.Env = append(os.Environ(), "BUDGETX_BE_MAIN=1")
	var out strings.Builder
	cmd.Stdout = &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &out
}

func exitCode(err error) int {
	var ee *exec.ExitError
	if err == nil {
		return 0
	}
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	return -1
}

// records lists, keyed by each document's sha256 rather than by ids (which
// differ between runs), what a database holds of documents, projects,
// indicators and budget lines.
func records(t *testing.T, db string) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		"select sha256, source, status, pages, title, error from documents order by sha256",
		`select d.sha256, p.seq, p.name, p.budget_fen, p.goal, p.unit_name, p.page_first, p.page_last, t.seq as table_seq
		   from projects p join documents d on d.id = p.document_id left join tables t on t.id = p.table_id
		  order by d.sha256, p.seq`,
		`select d.sha256, p.seq as project, i.seq, i.level1, i.level2, i.level3, i.operator, i.value_text,
		        i.value_num, i.measure_unit, i.weight, i.direction, i.page
		   from indicators i join projects p on p.id = i.project_id join documents d on d.id = p.document_id
		  order by d.sha256, p.seq, i.seq`,
		`select d.sha256, t.seq as table_seq, b.id - (select min(id) from budget_lines x where x.table_id = b.table_id) as n,
		        b.row, b.code, b.name, b.column_name, b.amount_fen, b.is_total, b.raw
		   from budget_lines b join tables t on t.id = b.table_id join documents d on d.id = t.document_id
		  order by d.sha256, t.seq, n`,
	} {
		b.WriteString(answers(t, "query", "--db", db, "--format", "csv", q))
	}
	return b.String()
}

// together copies the seed n times and the fixture documents into a new
// folder: files of every format, each a document of its own.
func together(t *testing.T, n int) string {
	in := batch(t, n)
	docs, _ := filepath.Glob(filepath.Join("..", "..", "fixtures", "docs", "*"))
	for _, d := range docs {
		data, err := os.ReadFile(d)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(in, "fixtures", filepath.Base(d)), data)
	}
	return in
}

// TestPostgresIngestTogether starts two ingests over one folder into one new
// PostgreSQL database at once: they store every document exactly once, and
// the database holds what one SQLite run of the folder holds.
func TestPostgresIngestTogether(t *testing.T) {
	in := together(t, 20)
	lite := filepath.Join(t.TempDir(), "b.db")
	code, out, errOut := budgetx(t, "ingest", "--db", lite, "--json", in)
	if code != 0 && code != exitSomeFailed {
		t.Fatalf("sqlite: exit %d: %s", code, errOut)
	}
	var want jsonSummary
	json.Unmarshal([]byte(out), &want)

	pg := pgtest.URL(t)
	a, aout := ingestProcess(t, pg, "--jobs", "2", in)
	b, bout := ingestProcess(t, pg, "--jobs", "2", in)
	codes := []int{exitCode(a.Wait()), exitCode(b.Wait())}
	var sums [2]jsonSummary
	for i, o := range []string{aout.String(), bout.String()} {
		if err := json.Unmarshal([]byte(o), &sums[i]); err != nil {
			t.Fatalf("process %d: exit %d, %v: %q", i, codes[i], err, o)
		}
		if sums[i].Files != want.Files {
			t.Errorf("process %d saw %d files, want %d", i, sums[i].Files, want.Files)
		}
		if sums[i].OK+sums[i].Partial+sums[i].Failed+sums[i].Unchanged+sums[i].Elsewhere != sums[i].Files {
			t.Errorf("process %d does not account for every file: %+v", i, sums[i])
		}
	}
	t.Logf("sqlite: %+v\npostgres: %+v\n          %+v", want, sums[0], sums[1])
	if sums[0].OK+sums[1].OK != want.OK || sums[0].Partial+sums[1].Partial != want.Partial {
		t.Errorf("the two processes stored %d+%d ok and %d+%d partial documents; one SQLite run %d and %d",
			sums[0].OK, sums[1].OK, sums[0].Partial, sums[1].Partial, want.OK, want.Partial)
	}
	if got, wantRecords := records(t, pg), records(t, lite); got != wantRecords {
		t.Errorf("the records differ from one SQLite run: %s", goldenfile.Diff(wantRecords, got))
	}
	if n := count(t, pg, "select count(*) from claims"); n != 0 {
		t.Errorf("%d claims left", n)
	}
}

// pgCount counts rows on any backend, 0 while the database is not ready.
func pgCount(db, query string) int {
	h, err := store.OpenReadOnly(context.Background(), db)
	if err != nil {
		return 0
	}
	defer h.Close()
	rows, err := h.Query(context.Background(), query)
	if err != nil || len(rows.Values) == 0 {
		return 0
	}
	n, _ := rows.Values[0][0].(int64)
	return int(n)
}

// TestPostgresKillOneOfTwo kills one of two ingests sharing a folder with
// SIGKILL midway: the other takes over the files the dead one held, and a
// rerun finds everything stored, once.
func TestPostgresKillOneOfTwo(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	const n = 200
	in := batch(t, n)
	pg := pgtest.URL(t)
	a, _ := ingestProcess(t, pg, "--jobs", "2", in)
	b, bout := ingestProcess(t, pg, "--jobs", "2", in)
	deadline := time.Now().Add(60 * time.Second)
	for pgCount(pg, "select count(*) from documents") < 20 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	a.Process.Signal(syscall.SIGKILL)
	a.Wait()
	killedAt := pgCount(pg, "select count(*) from documents")
	if code := exitCode(b.Wait()); code != 0 {
		t.Fatalf("the survivor: exit %d", code)
	}
	if killedAt >= n {
		t.Fatalf("the kill did not land mid-batch (%d of %d stored)", killedAt, n)
	}
	var sum jsonSummary
	json.Unmarshal([]byte(bout.String()), &sum)
	t.Logf("killed one at %d documents; the survivor: %+v", killedAt, sum)
	if sum.OK+sum.Elsewhere+sum.Unchanged != n || sum.Failed != 0 {
		t.Errorf("the survivor: %+v", sum)
	}
	if docs, projects := count(t, pg, "select count(*) from documents"), count(t, pg, "select count(*) from projects"); docs != n || projects != 13*n {
		t.Errorf("%d documents and %d projects, want %d and %d", docs, projects, n, 13*n)
	}
	code, out, errOut := budgetx(t, "ingest", "--db", pg, "--json", in)
	if code != 0 {
		t.Fatalf("rerun: exit %d: %s", code, errOut)
	}
	json.Unmarshal([]byte(out), &sum)
	if sum.Unchanged != n || sum.OK != 0 {
		t.Errorf("rerun: %+v; want all %d unchanged", sum, n)
	}
}

// TestSQLiteNewDatabaseTogether starts two ingests on a SQLite database that
// does not exist yet: both migrate it without colliding, and share the
// files as they do on PostgreSQL.
func TestSQLiteNewDatabaseTogether(t *testing.T) {
	const n = 30
	in := batch(t, n)
	for round := range 3 {
		db := filepath.Join(t.TempDir(), "new.db")
		a, aout := ingestProcess(t, db, "--jobs", "1", in)
		b, bout := ingestProcess(t, db, "--jobs", "1", in)
		if ca, cb := exitCode(a.Wait()), exitCode(b.Wait()); ca != 0 || cb != 0 {
			t.Fatalf("round %d: exit codes %d and %d", round, ca, cb)
		}
		var sa, sb jsonSummary
		json.Unmarshal([]byte(aout.String()), &sa)
		json.Unmarshal([]byte(bout.String()), &sb)
		if sa.OK+sb.OK != n || sa.Files != n || sb.Files != n {
			t.Errorf("round %d: the processes stored %d and %d of %d files", round, sa.OK, sb.OK, n)
		}
		if docs := count(t, db, "select count(*) from documents"); docs != n {
			t.Errorf("round %d: %d documents", round, docs)
		}
	}
}

// TestPostgresBadURL checks that a URL budgetx cannot use gives one clear
// line on stderr and exit 1, for every command, never a stack or the
// password.
func TestPostgresBadURL(t *testing.T) {
	s := pgtest.Shared(t)
	sock := url.QueryEscape(s.Dir)
	port := strconv.Itoa(s.Port)
	cfg := writeConfig(t, "sites:\n  - name: x\n    start: [\"http://127.0.0.1:1/\"]\n")
	tests := []struct {
		name, url, want string
	}{
		{"wrong host", "postgres://budgetx@nosuchhost.invalid/budgetx?connect_timeout=5", `cannot find the host "nosuchhost.invalid"`},
		{"nothing listening", "postgres://budgetx@127.0.0.1:1/budgetx", "cannot reach a PostgreSQL server at 127.0.0.1:1"},
		{"no such database", "postgres:///nosuchdb?host=" + sock + "&port=" + port + "&user=budgetx", `no database "nosuchdb" on the server`},
		{"wrong password", "postgres://budgetx:s3cret@127.0.0.1:" + port + "/postgres", `refused the password of user "budgetx"`},
		{"malformed", "postgresql://budgetx@127.0.0.1:notaport/x", "not a PostgreSQL URL"},
	}
	commands := [][]string{
		{"ingest", seedPath}, {"query", "select 1"}, {"export", "--format", "csv", "--out", t.TempDir()},
		{"search", "预算"}, {"show", "1"}, {"report"}, {"crawl", "--config", cfg}, {"serve", "--addr", "127.0.0.1:0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, c := range commands {
				args := append([]string{c[0], "--db", tt.url}, c[1:]...)
				code, out, errOut := budgetx(t, args...)
				lines := strings.Split(strings.TrimSpace(errOut), "\n")
				if code != 1 || len(lines) != 1 || !strings.HasPrefix(lines[0], "budgetx: ") ||
					!strings.Contains(errOut, tt.want) || strings.Contains(errOut, "s3cret") || out != "" {
					t.Errorf("%s: exit %d, stdout %q, stderr:\n%s\nwant exit 1 and one line with %q", c[0], code, out, errOut, tt.want)
				}
			}
		})
	}
}
