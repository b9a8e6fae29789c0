package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/store/storetest"
)

// invoke runs budgetx with args and returns what it printed and its exit
// code.
func invoke(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), code
}

// objects parses a JSON array of objects.
func objects(t *testing.T, s string) []map[string]any {
	t.Helper()
	var out []map[string]any
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		t.Fatalf("not a JSON array of objects: %v\n%q", err, s)
	}
	return out
}

func TestQueryTable(t *testing.T) {
	_, db := storetest.Open(t)
	out, errOut, code := invoke(t, "query", "--db", db,
		"select seq, name, budget_fen, goal is null as no_goal from projects order by seq")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 5 || lines[4] != "(2 rows)" {
		t.Fatalf("want a header, a rule, 2 rows and a count:\n%s", out)
	}
	// Every line is as wide on screen as the others, though Chinese text
	// takes more bytes than columns.
	for _, l := range lines[1:4] {
		if displayWidth(l) != displayWidth(lines[0]) {
			t.Errorf("misaligned (%d columns, header %d):\n%s", displayWidth(l), displayWidth(lines[0]), out)
		}
	}
	want := "  2  公益性岗位监管经费                 1280000        0"
	if lines[3] != want {
		t.Errorf("row 2:\n got %q\nwant %q", lines[3], want)
	}
}

func TestQueryJSON(t *testing.T) {
	_, db := storetest.Open(t)
	tests := []struct {
		sql   string
		count int
	}{
		{"select id, name, budget_fen, goal from projects order by id", 2},
		{"select * from v_indicators", 16},
		{"select * from projects where 0", 0},
	}
	for _, tt := range tests {
		out, errOut, code := invoke(t, "query", "--db", db, "--format", "json", tt.sql)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tt.sql, code, errOut)
		}
		if got := objects(t, out); len(got) != tt.count {
			t.Errorf("%s: %d objects, want %d", tt.sql, len(got), tt.count)
		}
	}
	out, errOut, code := invoke(t, "query", "--db", db, "--format", "json",
		"select id, name, budget_fen, null as empty from projects order by id")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	p := objects(t, out)[1]
	if p["id"] != 2.0 || p["name"] != "公益性岗位监管经费" || p["budget_fen"] != 1280000.0 || p["empty"] != nil {
		t.Errorf("project 2: %v", p)
	}
	if _, ok := p["empty"]; !ok {
		t.Error("a NULL column is missing from the object")
	}
}

func TestQueryCSV(t *testing.T) {
	_, db := storetest.Open(t)
	for _, excel := range []bool{false, true} {
		args := []string{"query", "--db", db, "--format", "csv", "select seq, name, goal from projects order by seq"}
		if excel {
			args = append(args, "--excel")
		}
		out, errOut, code := invoke(t, args...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if bom := strings.HasPrefix(out, "\uFEFF"); bom != excel {
			t.Errorf("--excel %v: byte-order mark %v", excel, bom)
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\uFEFF"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 3 || strings.Join(recs[0], ",") != "seq,name,goal" || recs[2][1] != "公益性岗位监管经费" {
			t.Errorf("--excel %v: %q", excel, recs)
		}
	}
}

func TestQueryMaxRows(t *testing.T) {
	_, db := storetest.Open(t)
	tests := []struct {
		max      string
		rows     int
		cutShown bool
	}{
		{"0", 16, false},
		{"1", 1, true},
		{"15", 15, true},
		{"16", 16, false},
		{"100", 16, false},
	}
	for _, tt := range tests {
		out, errOut, code := invoke(t, "query", "--db", db, "--format", "json", "--max-rows", tt.max,
			"select * from indicators")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if got := len(objects(t, out)); got != tt.rows {
			t.Errorf("--max-rows %s: %d rows, want %d", tt.max, got, tt.rows)
		}
		if cut := strings.Contains(errOut, "first "+tt.max+" rows"); cut != tt.cutShown {
			t.Errorf("--max-rows %s: stderr %q", tt.max, errOut)
		}
	}
}

func TestQueryErrors(t *testing.T) {
	_, db := storetest.Open(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"delete from projects"}, "read-only"},
		{[]string{"select nonsense from nowhere"}, "no such table"},
		{[]string{"--format", "xml", "select 1"}, "unknown format"},
		{[]string{"--max-rows", "-1", "select 1"}, "--max-rows"},
	}
	for _, tt := range tests {
		_, errOut, code := invoke(t, append([]string{"query", "--db", db}, tt.args...)...)
		if code != 1 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%q: exit %d, stderr %q; want 1 and %q", tt.args, code, errOut, tt.want)
		}
	}
	out, _, _ := invoke(t, "query", "--db", db, "select count(*) from projects")
	if !strings.Contains(out, "2") {
		t.Errorf("a refused delete changed the database: %s", out)
	}
}
