package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/internal/goldenfile"
	"github.com/budgetx/budgetx/internal/shared"
	"github.com/budgetx/budgetx/store"
)

// wildHealthGolden holds the health of the wild sample as last recorded.
const wildHealthGolden = "../../fixtures/realdocs/wild-health.json"

// wildHealth is what the golden records: the figures that tell how well
// the sample is read, over the whole sample and per document.
type wildHealth struct {
	Figures   map[string]float64 `json:"figures"`
	Totals    store.HealthTotals `json:"totals"`
	Documents []wildDocument     `json:"documents"`
}

// wildDocument is one document's line of the golden.
type wildDocument struct {
	File   string `json:"file"`
	Status string `json:"status"`
	store.Counts
}

// A figure is one measure of the sample's health and the way it improves.
type figure struct {
	name   string
	higher bool // a higher value is better; else lower is
	value  func(t *store.HealthTotals) float64
}

func ratio(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) / float64(whole)
}

// figures are the measures a change must not worsen. Counts that move
// either way when a table or a project is found or merged (tables,
// projects, indicators) are recorded but not judged; what is judged are
// shares and the counts of damage.
var figures = []figure{
	{"failed_documents", false, func(t *store.HealthTotals) float64 { return float64(t.Status["failed"]) }},
	{"amount_cells", true, func(t *store.HealthTotals) float64 { return float64(t.AmountCells) }},
	{"joined_cells", false, func(t *store.HealthTotals) float64 { return float64(t.JoinedCells) }},
	{"amount_tables_classified_share", true, func(t *store.HealthTotals) float64 {
		return ratio(t.AmountTables-t.AmountTablesUnclassified, t.AmountTables)
	}},
	{"amount_tables_untitled", false, func(t *store.HealthTotals) float64 { return float64(t.AmountTablesUntitled) }},
	{"amount_tables_mismatched_share", false, func(t *store.HealthTotals) float64 {
		return ratio(t.AmountTablesMismatched, t.AmountTables)
	}},
	{"projects_with_amount_share", true, func(t *store.HealthTotals) float64 {
		return ratio(t.Projects-t.ProjectsWithoutAmount, t.Projects)
	}},
	{"indicator_projects_with_indicators_share", true, func(t *store.HealthTotals) float64 {
		return ratio(t.IndicatorProjects-t.IndicatorProjectsBare, t.IndicatorProjects)
	}},
	{"indicators_unparsed", false, func(t *store.HealthTotals) float64 { return float64(t.IndicatorsUnparsed) }},
	{"checks_failed_share", false, func(t *store.HealthTotals) float64 { return ratio(t.ChecksFailed, t.ChecksRun) }},
}

// wildDir returns the wild sample's folder. It skips the test when the
// folder is absent, except in CI, which always has it.
func wildDir(t *testing.T) string {
	t.Helper()
	return shared.Require(t, filepath.Join("..", "..", "..", "shared", "realdocs", "wild"))
}

// TestWildHealth ingests the wild sample and compares its health with the
// golden: a figure that got worse fails; one that got better fails too
// until -update records it, so each step shows in the history.
func TestWildHealth(t *testing.T) {
	dir := wildDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "w*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no documents in %s: %v", dir, err)
	}
	db := filepath.Join(t.TempDir(), "wild.db")
	code, _, errOut := budgetx(t, append([]string{"ingest", "--db", db}, files...)...)
	if code != 0 && code != exitSomeFailed {
		t.Fatalf("ingest: exit %d: %s", code, errOut)
	}
	code, out, errOut := budgetx(t, "report", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, errOut)
	}
	var r store.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	checkReport(t, db, &r)
	checkMismatches(t, db)
	got := wildHealth{Figures: map[string]float64{}, Totals: r.Totals}
	for _, f := range figures {
		got.Figures[f.name] = round(f.value(&r.Totals))
	}
	for _, d := range r.Documents {
		got.Documents = append(got.Documents, wildDocument{File: filepath.Base(d.Source), Status: d.Status, Counts: d.Counts})
	}
	slices.SortFunc(got.Documents, func(a, b wildDocument) int { return strings.Compare(a.File, b.File) })

	js, err := got.marshal()
	if err != nil {
		t.Fatal(err)
	}
	if goldenfile.Updating() {
		goldenfile.Check(t, wildHealthGolden, js) // writes it
		return
	}
	data, err := os.ReadFile(wildHealthGolden)
	if err != nil {
		t.Fatalf("%v (run with -update to record the sample's health)", err)
	}
	var want wildHealth
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	worse, better := compareFigures(want.Figures, got.Figures)
	if len(worse) > 0 {
		t.Errorf("the wild sample reads worse:\n  %s", strings.Join(worse, "\n  "))
	}
	if string(js) != string(data) {
		t.Errorf("the wild sample's health changed (better: %s); when the change is right, record it with go test ./cmd/budgetx -run TestWildHealth -update\n  %s",
			strings.Join(better, "; "), strings.Join(documentChanges(want.Documents, got.Documents), "\n  "))
	}
}

// marshal writes the golden: the figures and totals indented, then one
// line per document, so that a diff shows which documents changed.
func (h *wildHealth) marshal() ([]byte, error) {
	var b strings.Builder
	b.WriteString("{\n")
	for _, part := range []struct {
		name string
		v    any
	}{{"figures", h.Figures}, {"totals", h.Totals}} {
		js, err := json.MarshalIndent(part.v, "  ", "  ")
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "  %q: %s,\n", part.name, js)
	}
	b.WriteString("  \"documents\": [\n")
	for i, d := range h.Documents {
		js, err := json.Marshal(d)
		if err != nil {
			return nil, err
		}
		b.WriteString("    ")
		b.Write(js)
		if i < len(h.Documents)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("  ]\n}\n")
	return []byte(b.String()), nil
}

// compareFigures lists the figures that got worse and those that got
// better from want to got.
func compareFigures(want, got map[string]float64) (worse, better []string) {
	for _, f := range figures {
		g, w := got[f.name], want[f.name]
		switch {
		case g == w:
		case (g > w) == f.higher:
			better = append(better, fmt.Sprintf("%s: %v, was %v", f.name, g, w))
		default:
			worse = append(worse, fmt.Sprintf("%s: %v, was %v", f.name, g, w))
		}
	}
	return worse, better
}

func TestCompareFigures(t *testing.T) {
	was := map[string]float64{"joined_cells": 10, "projects_with_amount_share": 0.5, "amount_cells": 100}
	worse, better := compareFigures(was, map[string]float64{"joined_cells": 11, "projects_with_amount_share": 0.6, "amount_cells": 100})
	if len(worse) != 1 || !strings.HasPrefix(worse[0], "joined_cells: 11") {
		t.Errorf("worse = %q, want joined_cells", worse)
	}
	if len(better) != 1 || !strings.HasPrefix(better[0], "projects_with_amount_share: 0.6") {
		t.Errorf("better = %q, want projects_with_amount_share", better)
	}
	worse, _ = compareFigures(was, map[string]float64{"joined_cells": 10, "projects_with_amount_share": 0.5, "amount_cells": 99})
	if len(worse) != 1 || !strings.HasPrefix(worse[0], "amount_cells: 99") {
		t.Errorf("fewer amount cells: worse = %q", worse)
	}
}

// checkReport checks a report against the database's own counts, and
// that every document with a standard table had its identities checked.
func checkReport(t *testing.T, db string, r *store.Report) {
	t.Helper()
	for _, c := range []struct {
		name  string
		got   int
		query string
	}{
		{"documents", r.Totals.Documents, "select count(*) from documents"},
		{"tables", r.Totals.Tables, "select count(*) from tables"},
		{"unclassified_tables", r.Totals.UnclassifiedTables, "select count(*) from tables where kind = 'other'"},
		{"projects", r.Totals.Projects, "select count(*) from projects"},
		{"projects_without_amount", r.Totals.ProjectsWithoutAmount, "select count(*) from projects where budget_fen is null"},
		{"indicators", r.Totals.Indicators, "select count(*) from indicators"},
		{"checks_failed", r.Totals.ChecksFailed, "select count(*) from findings where code in (select code from checks)"},
	} {
		if want := count(t, db, c.query); c.got != want {
			t.Errorf("report totals: %s = %d, the database holds %d", c.name, c.got, want)
		}
	}
	standard := map[int64]bool{}
	code, out, errOut := budgetx(t, "query", "--db", db, "--format", "csv",
		"select distinct document_id from tables where kind <> 'other'")
	if code != 0 {
		t.Fatalf("query: %s", errOut)
	}
	for _, l := range strings.Fields(out)[1:] {
		var id int64
		fmt.Sscan(l, &id)
		standard[id] = true
	}
	for _, d := range r.Documents {
		if standard[d.ID] && d.ChecksRun == 0 {
			t.Errorf("%s has a standard table and no check ran on it", d.Source)
		}
		if d.ChecksFailed > d.ChecksRun {
			t.Errorf("%s: %d checks failed of %d run", d.Source, d.ChecksFailed, d.ChecksRun)
		}
	}
	if len(standard) < 40 {
		t.Errorf("only %d documents have a standard table", len(standard))
	}
}

// wildMismatches lists the mismatch findings on the wild sample that a
// reader checked against the printed page: a printed inconsistency, or a
// known extraction gap with its reason.
const wildMismatches = "../../fixtures/realdocs/wild-mismatches.tsv"

// checkMismatches fails on any *_mismatch finding on the wild sample that
// wild-mismatches.tsv does not list: a new one is either a bug of ours to
// fix or a printed inconsistency to check and record.
func checkMismatches(t *testing.T, db string) {
	t.Helper()
	data, err := os.ReadFile(wildMismatches)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Split(line, "\t")
		if i == 0 || strings.HasPrefix(line, "#") {
			continue
		}
		if len(f) != 5 || f[4] == "" {
			t.Fatalf("%s line %d: want document, table, code, message and why", wildMismatches, i+1)
		}
		listed[strings.Join(f[:4], "\t")] = true
	}
	code, out, errOut := budgetx(t, "query", "--db", db, "--format", "json",
		`select d.source, t.seq, f.code, f.message from findings f join documents d on d.id = f.document_id
		 left join tables t on t.id = f.table_id where f.code like '%\_mismatch' escape '\' order by f.id`)
	if code != 0 {
		t.Fatalf("query: %s", errOut)
	}
	var rows []struct {
		Source  string `json:"source"`
		Seq     int    `json:"seq"`
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		key := strings.Join([]string{filepath.Base(r.Source), fmt.Sprint(r.Seq), r.Code, r.Message}, "\t")
		if !listed[key] {
			t.Errorf("a mismatch %s does not list; check it against the page and add it, or fix what made it:\n%s", wildMismatches, key)
		}
	}
}

// round keeps four decimals of a share, so that the golden reads well.
func round(v float64) float64 {
	return float64(int64(v*10000+0.5)) / 10000
}

// documentChanges lists, per document, the figures that changed.
func documentChanges(want, got []wildDocument) []string {
	old := map[string]wildDocument{}
	for _, d := range want {
		old[d.File] = d
	}
	var out []string
	for _, d := range got {
		o, ok := old[d.File]
		if !ok {
			out = append(out, d.File+": new")
			continue
		}
		a, _ := json.Marshal(o)
		b, _ := json.Marshal(d)
		if string(a) == string(b) {
			continue
		}
		var am, bm map[string]any
		json.Unmarshal(a, &am)
		json.Unmarshal(b, &bm)
		var diffs []string
		for k, v := range bm {
			if fmt.Sprint(am[k]) != fmt.Sprint(v) {
				diffs = append(diffs, fmt.Sprintf("%s %v→%v", k, am[k], v))
			}
		}
		slices.Sort(diffs)
		out = append(out, d.File+": "+strings.Join(diffs, ", "))
	}
	return out
}
