package main

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/store"
	"github.com/budgetx/budgetx/store/storetest"
)

func TestSearchTable(t *testing.T) {
	_, db := storetest.Open(t)
	out, errOut, code := invoke(t, "search", "--db", db, "公益性岗位")
	// A build without FTS5 says that it read every text.
	if code != 0 || (errOut != "" && !strings.Contains(errOut, "no full-text index")) {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 13 || lines[12] != "(10 matches)" {
		t.Fatalf("want a header, a rule, 10 hits and a count:\n%s", out)
	}
	if !strings.HasPrefix(lines[2], "project") || !strings.HasSuffix(lines[2], "公益性岗位监管经费") {
		t.Errorf("first hit %q: want the project", lines[2])
	}
	for _, l := range lines[2:5] {
		if displayWidth(l) > displayWidth(lines[1]) {
			t.Errorf("hit wider than the rule:\n%s", out)
		}
	}
	// Indicators name their project.
	if !strings.Contains(lines[3], "indicator") || !strings.Contains(lines[3], "实施职业技能提升行动项目业务费") {
		t.Errorf("second hit %q: want an indicator of 实施职业技能提升行动项目业务费", lines[3])
	}

	out, _, _ = invoke(t, "search", "--db", db, "--limit", "3", "公益性岗位")
	if !strings.HasSuffix(out, "(3 of 10 matches; --limit 0 shows all)\n") {
		t.Errorf("--limit 3:\n%s", out)
	}
}

func TestSearchJSON(t *testing.T) {
	_, db := storetest.Open(t)
	out, errOut, code := invoke(t, "search", "--db", db, "--format", "json", "岗位监管")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	hits := objects(t, out)
	if len(hits) != 2 {
		t.Fatalf("%d hits, want the project and its cell:\n%s", len(hits), out)
	}
	p := hits[0]
	if p["kind"] != "project" || p["text"] != "公益性岗位监管经费" || p["document_id"] != 1.0 ||
		p["page"] != 1.0 || p["table_seq"] != 1.0 || p["source"] != storetest.PerformanceSource {
		t.Errorf("project hit: %v", p)
	}
	out, _, code = invoke(t, "search", "--db", db, "--format", "csv", "没有这个")
	if code != 0 || out != "kind,document_id,org_name,fiscal_year,source,table_id,table_seq,table_title,project_id,project,page,text\n" {
		t.Errorf("no match as csv: exit %d\n%s", code, out)
	}
}

// searchJSON returns the text of each hit, as kind:text.
func searchJSON(t *testing.T, db, text string) []string {
	t.Helper()
	out, errOut, code := invoke(t, "search", "--db", db, "--format", "json", "--limit", "0", text)
	if code != 0 {
		t.Fatalf("search %s: exit %d: %s", text, code, errOut)
	}
	var got []string
	for _, h := range objects(t, out) {
		got = append(got, h["kind"].(string)+":"+h["text"].(string))
	}
	return got
}

// The seed, ingested and then ingested again with --force, gives the same
// hits: the index follows the delete and insert of a re-ingest.
func TestSearchAfterReingest(t *testing.T) {
	seed := seedPath
	db := filepath.Join(t.TempDir(), "budgetx.db")
	if _, errOut, code := invoke(t, "ingest", "--db", db, seed); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, errOut)
	}
	before := searchJSON(t, db, "公益性岗位")
	if len(before) == 0 {
		t.Fatal("the seed has no text with 公益性岗位")
	}
	if _, errOut, code := invoke(t, "ingest", "--db", db, "--force", seed); code != 0 {
		t.Fatalf("ingest --force: exit %d: %s", code, errOut)
	}
	if after := searchJSON(t, db, "公益性岗位"); !slices.Equal(after, before) {
		t.Errorf("after re-ingesting:\n got %q\nwant %q", after, before)
	}
	if got := searchJSON(t, db, "岗位监管"); !slices.Contains(got, "cell:公益性岗位监管经费") {
		t.Errorf("岗位监管 finds %q, want the 公益性岗位监管经费 cell", got)
	}
}

// An ingest killed before it indexed what it stored leaves the documents
// queued for the index; search indexes them before it searches.
func TestSearchCatchesUp(t *testing.T) {
	db := filepath.Join(t.TempDir(), "budgetx.db")
	h, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range storetest.Documents() {
		if _, err := h.Put(context.Background(), doc); err != nil {
			t.Fatal(err)
		}
	}
	pending, err := h.SearchPending(context.Background())
	h.Close()
	if err != nil {
		t.Fatal(err)
	}
	if got := searchJSON(t, db, "岗位监管"); !slices.Contains(got, "project:公益性岗位监管经费") {
		t.Errorf("with %d tables and projects waiting: 岗位监管 finds %q", pending, got)
	}
}
