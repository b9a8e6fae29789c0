package ingest_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/extract/formats"
	"github.com/budgetx/budgetx/ingest"
	"github.com/budgetx/budgetx/store"
)

func openDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "budgetx.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func newIngester(db *store.DB, o ingest.Options) *ingest.Ingester {
	return ingest.New(db, formats.Registry(), o)
}

// rows runs a query and returns its rows, one line each, columns joined
// by " | ".
func rows(t *testing.T, db *store.DB, query string) []string {
	t.Helper()
	var out []string
	err := db.Each(context.Background(), query, nil, func([]string) error { return nil }, func(vals []any) error {
		parts := make([]string, len(vals))
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			parts[i] = fmt.Sprint(v)
		}
		out = append(out, strings.Join(parts, " | "))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func archiveFixture(t *testing.T, name string) string {
	t.Helper()
	return filepath.Join("..", "fixtures", "archive", name)
}

// The records of a document, without ids or its source: what must be the
// same whichever archive it came in.
const recordsQuery = `SELECT d.format, d.status, p.unit_name, p.name, p.budget_fen, p.goal,
	(SELECT group_concat(level3 || ' ' || operator || ' ' || value_text, '; ') FROM indicators i WHERE i.project_id = p.id)
	FROM projects p JOIN documents d ON d.id = p.document_id ORDER BY d.sha256, p.seq`

// TestArchives ingests the seed, as docx and xls, packed by three
// archivers: every member is a document named archive!/member, the three
// give the same records, and a second run repeats no work.
func TestArchives(t *testing.T) {
	var want []string
	for _, name := range []string{"bundle.zip", "bundle.rar", "bundle.7z"} {
		t.Run(name, func(t *testing.T) {
			db := openDB(t)
			in := newIngester(db, ingest.Options{Jobs: 2})
			path := archiveFixture(t, name)
			sum, err := in.Run(context.Background(), []string{path})
			if err != nil {
				t.Fatal(err)
			}
			if sum.OK != 2 || sum.Failed != 0 || sum.Files != 2 {
				t.Fatalf("summary %+v, want two documents ok", sum)
			}
			docs := rows(t, db, "SELECT source, format, status FROM documents ORDER BY id")
			wantDocs := []string{
				path + "!/青溪县人社局2024年部门预算/附件1 项目支出绩效目标表.docx | docx | ok",
				path + "!/青溪县人社局2024年部门预算/附件2 项目支出绩效目标表.xls | xls | ok",
			}
			if strings.Join(docs, "\n") != strings.Join(wantDocs, "\n") {
				t.Errorf("documents\n%s\nwant\n%s", strings.Join(docs, "\n"), strings.Join(wantDocs, "\n"))
			}
			recs := rows(t, db, recordsQuery)
			if len(recs) != 26 {
				t.Errorf("%d projects, want 13 from each document", len(recs))
			}
			if want == nil {
				want = recs
			} else if strings.Join(recs, "\n") != strings.Join(want, "\n") {
				t.Errorf("records differ from the zip's")
			}
			again, err := in.Run(context.Background(), []string{path})
			if err != nil {
				t.Fatal(err)
			}
			if again.Unchanged != 2 || again.OK+again.Failed != 0 {
				t.Errorf("second run %+v, want both members unchanged", again)
			}
		})
	}
}

func makeZip(t *testing.T, names []string, data ...[]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i, name := range names {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data[i])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestBrokenArchives ingests a batch of a zip bomb, archives cut short and
// a good page: each broken archive is one failed document that says why,
// and the batch goes on.
func TestBrokenArchives(t *testing.T) {
	dir := t.TempDir()
	page, err := os.ReadFile(filepath.Join("..", "fixtures", "docs", "seed.html"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cut := func(name string) []byte {
		data, err := os.ReadFile(archiveFixture(t, name))
		if err != nil {
			t.Fatal(err)
		}
		return data[:len(data)*2/3]
	}
	files := []string{
		write("1-bomb.zip", makeZip(t, []string{"a.html", "bomb.txt"}, page, make([]byte, 64<<20))),
		write("2-cut.zip", cut("bundle.zip")),
		write("3-cut.rar", cut("bundle.rar")),
		write("4-cut.7z", cut("bundle.7z")),
		write("5-seed.html", append(page, "<!-- another copy -->"...)),
	}
	db := openDB(t)
	sum, err := newIngester(db, ingest.Options{Jobs: 2}).Run(context.Background(), files)
	if err != nil {
		t.Fatal(err)
	}
	got := rows(t, db, "SELECT source, coalesce(format, ''), status, coalesce(error, '') FROM documents ORDER BY id")
	want := []struct{ source, format, status, says string }{
		{files[0] + "!/a.html", "html", "ok", ""},
		{files[0], "zip", "failed", "malformed file: archive past its limits: inflates to more than 200 times its size at bomb.txt (a zip bomb?)"},
		{files[1], "zip", "failed", "malformed file: zip archive: zip: not a valid zip file"},
		{files[2] + "!/青溪县人社局2024年部门预算/附件1 项目支出绩效目标表.docx", "docx", "ok", ""},
		{files[2], "rar", "failed", "附件2 项目支出绩效目标表.xls: malformed file"},
		{files[3], "7z", "failed", "malformed file: 7z archive"},
		{files[4], "html", "ok", ""},
	}
	if len(got) != len(want) {
		t.Fatalf("documents\n%s\nwant %d", strings.Join(got, "\n"), len(want))
	}
	for i, w := range want {
		prefix := w.source + " | " + w.format + " | " + w.status + " | "
		if !strings.HasPrefix(got[i], prefix) || !strings.Contains(got[i], w.says) {
			t.Errorf("document %d\n%s\nwant %s…%s", i+1, got[i], prefix, w.says)
		}
	}
	if sum.Failed != 4 || sum.OK != 3 {
		t.Errorf("summary %+v, want 4 failed and 3 ok", sum)
	}
	// Run again: the broken archives count as failed without being opened
	// (the members read from them are stored already).
	again, err := newIngester(db, ingest.Options{Jobs: 2}).Run(context.Background(), files)
	if err != nil {
		t.Fatal(err)
	}
	if again.Failed != 4 || again.Unchanged != 1 || again.Files != 5 {
		t.Errorf("second run %+v, want 4 failed and 1 unchanged", again)
	}
	for _, f := range again.Failures {
		if !strings.Contains(f.Err.Error(), "stored earlier") {
			t.Errorf("%s: %v, want the stored failure", f.Path, f.Err)
		}
	}
}
