package store_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/store"
	"github.com/budgetx/budgetx/store/storetest"
)

// found lists a search's hits as "kind:text", in order.
func found(t *testing.T, db *store.DB, query string) []string {
	t.Helper()
	res, err := db.Search(context.Background(), query, 0)
	if err != nil {
		t.Fatalf("search %q: %v", query, err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Kind+":"+h.Text)
	}
	return out
}

func TestSearch(t *testing.T) { storetest.ForEach(t, testSearch) }

func testSearch(t *testing.T, b storetest.Backend) {
	db, _ := b.Open(t)
	tests := []struct {
		query string
		want  []string // hits, in order
	}{
		{"公益性岗位监管经费", []string{"project:公益性岗位监管经费", "cell:公益性岗位监管经费"}},
		// An inner fragment of a name, long enough for the trigram index.
		{"岗位监管", []string{"project:公益性岗位监管经费", "cell:公益性岗位监管经费"}},
		{"公益性岗位", []string{
			"project:公益性岗位监管经费",
			"indicator:公益性岗位运行", "indicator:监管公益性岗位个数", "indicator:公益性岗位补贴金额",
			"goal:农村和城镇公益性岗位人员共955人，实时农村和城镇公益性岗位人员在岗情况的管理，建立实名制数据库",
			"cell:公益性岗位运行", "cell:公益性岗位监管经费",
			"cell:农村和城镇公益性岗位人员共955人，实时农村和城镇公益性岗位人员在岗情况的管理，建立实名制数据库",
			"cell:监管公益性岗位个数", "cell:公益性岗位补贴金额",
		}},
		// Two characters: too short for trigrams, found with LIKE.
		{"巡查", []string{"indicator:对在岗人员巡查月数", "cell:对在岗人员巡查月数"}},
		{"率", []string{
			"indicator:补贴发放率", "indicator:城镇登记失业率", "indicator:监管工作完成率",
			"indicator:城镇登记失业率", "indicator:补贴发放率", "indicator:监督工作完成率",
			"cell:补贴发放率", "cell:城镇登记失业率", "cell:监管工作完成率",
			"cell:城镇登记失业率", "cell:补贴发放率", "cell:监督工作完成率",
		}},
		// Every term must match: one long term, one short.
		{"城镇 失业率", []string{"indicator:城镇登记失业率", "indicator:城镇登记失业率",
			"cell:城镇登记失业率", "cell:城镇登记失业率"}},
		{"一般公共预算支出表", []string{"table:2024年一般公共预算支出表"}},
		{"社会保险经办", []string{"cell:社会保险经办机构"}},
		// LIKE wildcards and FTS5 syntax are plain text.
		{"100%", nil},
		{`"岗位 OR`, nil},
		{"没有这个项目", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			if got := found(t, db, tt.query); !slices.Equal(got, tt.want) {
				t.Errorf("search %q:\n got %q\nwant %q", tt.query, got, tt.want)
			}
		})
	}
}

// needFTS5 skips a test of the full-text index in a build without FTS5.
func needFTS5(t *testing.T, db *store.DB) {
	t.Helper()
	res, err := db.Search(context.Background(), "公益性岗位", 1)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Indexed {
		t.Skip("built without SQLite FTS5 (go test -tags sqlite_fts5)")
	}
}

func TestSearchHitPlace(t *testing.T) { storetest.ForEach(t, testSearchHitPlace) }

func testSearchHitPlace(t *testing.T, b storetest.Backend) {
	db, _ := b.Open(t)
	needFTS5(t, db)
	res, err := db.Search(context.Background(), "监督工作完成率", 0)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Indexed || len(res.Hits) != 2 {
		t.Fatalf("indexed %v, %d hits; want the index and 2 hits", res.Indexed, len(res.Hits))
	}
	h := res.Hits[0]
	want := store.Hit{
		Kind: "indicator", DocumentID: 1, OrgName: "县人社局", FiscalYear: 2024,
		Source: storetest.PerformanceSource, TableID: h.TableID, TableSeq: 1,
		TableTitle: "部门预算项目绩效目标表（2024年度）", ProjectID: h.ProjectID,
		Project: "公益性岗位监管经费", Page: 2, Text: "监督工作完成率",
	}
	if h != want || h.TableID == 0 || h.ProjectID == 0 {
		t.Errorf("hit\n got %+v\nwant %+v", h, want)
	}
	if c := res.Hits[1]; c.Kind != "cell" || c.Page != 2 || c.TableSeq != 1 || c.ProjectID != 0 {
		t.Errorf("cell hit %+v: want a cell of table 1 on page 2", c)
	}
}

func TestSearchLimit(t *testing.T) { storetest.ForEach(t, testSearchLimit) }

func testSearchLimit(t *testing.T, b storetest.Backend) {
	db, _ := b.Open(t)
	res, err := db.Search(context.Background(), "率", 4)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 4 || res.Total != 12 {
		t.Errorf("%d hits of %d; want 4 of 12", len(res.Hits), res.Total)
	}
	if _, err := db.Search(context.Background(), "  ", 0); !errors.Is(err, store.ErrEmptySearch) {
		t.Errorf("empty search: err %v, want ErrEmptySearch", err)
	}
	// A database from before search, as an older budgetx left it.
	if _, err := db.Query(context.Background(), "DROP VIEW search_source"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Search(context.Background(), "公益性岗位", 0); !errors.Is(err, store.ErrNoSearch) {
		t.Errorf("search without search_source: err %v, want ErrNoSearch", err)
	}
}

// indexInStep checks that the full-text index holds exactly what
// search_source lists, and passes FTS5's own integrity check.
// indexInStep brings the index up to date, as ingest does when it
// finishes, and checks that it then holds exactly the searchable texts.
func indexInStep(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	if _, err := db.IndexSearch(ctx); err != nil {
		t.Fatal(err)
	}
	diff, err := db.Query(ctx, `SELECT count(*) FROM (
		SELECT key, kind, text, document_id, table_id, project_id, page FROM search_source
		EXCEPT SELECT rowid, kind, text, document_id, table_id, project_id, page FROM search)`)
	if err != nil {
		t.Fatal(err)
	}
	n, err := db.Query(ctx, `SELECT (SELECT count(*) FROM search), (SELECT count(*) FROM search_source)`)
	if err != nil {
		t.Fatal(err)
	}
	if diff.Values[0][0] != int64(0) || n.Values[0][0] != n.Values[0][1] {
		t.Errorf("index out of step: %v rows differ; %v indexed, %v sources",
			diff.Values[0][0], n.Values[0][0], n.Values[0][1])
	}
	if _, err := db.Query(ctx, `INSERT INTO search (search) VALUES ('integrity-check')`); err != nil {
		t.Errorf("integrity check: %v", err)
	}
}

func TestSearchIndexFollowsWrites(t *testing.T) {
	ctx := context.Background()
	db, _ := storetest.Open(t)
	needFTS5(t, db)
	indexInStep(t, db)
	want := found(t, db, "岗位监管")

	// Re-ingesting replaces the document: no hit may be lost or doubled.
	for _, doc := range storetest.Documents() {
		if _, err := db.Put(ctx, doc); err != nil {
			t.Fatal(err)
		}
	}
	indexInStep(t, db)
	if got := found(t, db, "岗位监管"); !slices.Equal(got, want) {
		t.Errorf("after re-ingest: %q, want %q", got, want)
	}

	// Edits through SQL keep the index right too.
	if _, err := db.Query(ctx, `UPDATE projects SET name = '公益性岗位巡查经费' WHERE name = '公益性岗位监管经费'`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Query(ctx, `UPDATE cells SET text = '' WHERE text = '公益性岗位监管经费'`); err != nil {
		t.Fatal(err)
	}
	indexInStep(t, db)
	if got := found(t, db, "岗位监管"); got != nil {
		t.Errorf("after renaming: %q, want nothing", got)
	}
	if got := found(t, db, "岗位巡查经费"); !slices.Equal(got, []string{"project:公益性岗位巡查经费"}) {
		t.Errorf("after renaming: %q, want the new name", got)
	}

	// A re-ingest that fails leaves the document without records.
	failed := storetest.Documents()[0]
	failed.Status, failed.Error, failed.Records = store.StatusFailed, "unreadable", nil
	if _, err := db.Put(ctx, failed); err != nil {
		t.Fatal(err)
	}
	indexInStep(t, db)
	if got := found(t, db, "公益性岗位"); got != nil {
		t.Errorf("after a failed re-ingest: %q, want nothing", got)
	}

	if _, err := db.Query(ctx, `DELETE FROM documents`); err != nil {
		t.Fatal(err)
	}
	indexInStep(t, db)
	if got := found(t, db, "一般公共预算"); got != nil {
		t.Errorf("after deleting: %q, want nothing", got)
	}
}

// TestIndexStepsFollowTheQueue checks that each step of IndexSearch looks
// up in the index only the rowids the queue names: a step that scans the
// whole index makes every flush cost as much as the index is large.
func TestIndexStepsFollowTheQueue(t *testing.T) {
	ctx := context.Background()
	db, _ := storetest.Open(t)
	needFTS5(t, db)
	indexInStep(t, db)
	for i, step := range store.IndexSteps {
		plan, err := db.Query(ctx, "EXPLAIN QUERY PLAN "+step, 1)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		for _, row := range plan.Values {
			detail := text(row[len(row)-1])
			// FTS5 names its constraints after the colon: "0:" is none.
			if strings.Contains(detail, "VIRTUAL TABLE INDEX") && strings.HasSuffix(detail, ":") {
				t.Errorf("step %d scans the whole index: %s\n%s", i, detail, step)
			}
		}
	}
}

// A build without FTS5 must still open and write databases, and search
// them by scanning; the first build with FTS5 builds the index.
func TestSearchWithoutFTS5(t *testing.T) {
	ctx := context.Background()
	indexed, indexedPath := storetest.Open(t)
	needFTS5(t, indexed)

	store.SetWithoutFTS5(true)
	defer store.SetWithoutFTS5(false)
	db, path := storetest.Open(t)
	res, err := db.Search(ctx, "公益性岗位", 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Indexed {
		t.Error("a build without FTS5 reported an index")
	}
	queries := []string{"公益性岗位", "岗位监管", "率", "城镇 失业率", "社会保险经办"}
	for _, q := range queries {
		if got, want := found(t, db, q), found(t, indexed, q); !slices.Equal(got, want) {
			t.Errorf("scan for %q: %q, index: %q", q, got, want)
		}
	}
	db.Close()

	// The index of a database written with FTS5 would break writes
	// without it: Open refuses.
	if _, err := store.Open(ctx, indexedPath); !errors.Is(err, store.ErrNoFTS5) {
		t.Errorf("open an indexed database without FTS5: err %v, want ErrNoFTS5", err)
	}

	// Opened by a build with FTS5, the database gets its index.
	store.SetWithoutFTS5(false)
	db, err = store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	indexInStep(t, db)
	for _, q := range queries {
		if got, want := found(t, db, q), found(t, indexed, q); !slices.Equal(got, want) {
			t.Errorf("after indexing, %q: %q, want %q", q, got, want)
		}
	}
	rest, err := db.Query(ctx, "SELECT count(*) FROM sqlite_master WHERE name = 'schema_deferred'")
	if err != nil {
		t.Fatal(err)
	}
	if rest.Values[0][0] != int64(0) {
		t.Error("schema_deferred is left after the deferred migrations ran")
	}
}

func TestViews(t *testing.T) {
	db, _ := storetest.Open(t)
	ctx := context.Background()
	tests := []struct {
		query string
		want  string
	}{
		{`SELECT name, budget_yuan, n_indicators, weight_sum, org_name, fiscal_year, source
			FROM v_projects ORDER BY id`,
			"实施职业技能提升行动项目业务费|50000|9|90|县人社局|2024|" + storetest.PerformanceSource + "\n" +
				"公益性岗位监管经费|12800|7|90|县人社局|2024|" + storetest.PerformanceSource},
		{`SELECT project_name, level3, operator, value_num, measure_unit FROM v_indicators
			WHERE level3 LIKE '%满意度%' AND operator IN ('≥', '=') AND value_num >= 90 ORDER BY id`,
			"实施职业技能提升行动项目业务费|服务对象满意度|≥|90|%\n公益性岗位监管经费|服务对象满意度|≥|90|%"},
		{`SELECT table_kind, printed_unit, page, code, name, column_name, amount_yuan
			FROM v_budget_lines WHERE code = '2080109' ORDER BY id`,
			"general_budget_expense|万元|1|2080109|社会保险经办机构|合计|405000\n" +
				"general_budget_expense|万元|1|2080109|社会保险经办机构|基本支出|405000\n" +
				"general_budget_expense|万元|1|2080109|社会保险经办机构|项目支出|"},
	}
	for _, tt := range tests {
		rows, err := db.Query(ctx, tt.query)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, r := range rows.Values {
			var s []string
			for _, v := range r {
				s = append(s, text(v))
			}
			lines = append(lines, strings.Join(s, "|"))
		}
		if got := strings.Join(lines, "\n"); got != tt.want {
			t.Errorf("%s\n got %s\nwant %s", tt.query, got, tt.want)
		}
	}
}

func text(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

// A database a build without FTS5 wrote before the newest migration
// existed gets its deferred index first and the newer migrations after, as
// if it had been built in order.
func TestDeferredBeforeNewer(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "budgetx.db")
	// Make the database as a build without FTS5 that knew four migrations
	// left it.
	store.SetWithoutFTS5(true)
	store.SetLastMigration(4)
	db, err := store.Open(ctx, path)
	store.SetWithoutFTS5(false)
	store.SetLastMigration(0)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = store.Open(ctx, path)
	if err != nil {
		t.Fatalf("a build with FTS5 cannot open it: %v", err)
	}
	defer db.Close()
	for _, doc := range storetest.Documents() {
		if _, err := db.Put(ctx, doc); err != nil {
			t.Fatal(err)
		}
	}
	needFTS5(t, db)
	indexInStep(t, db)
	if got := found(t, db, "岗位监管"); len(got) == 0 {
		t.Error("no hits after upgrading")
	}
}
