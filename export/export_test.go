package export

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/budgetx/budgetx/store"
	"github.com/budgetx/budgetx/store/storetest"
)

// want is how many rows of each entity the sample database holds.
var want = map[string]int{
	"documents": 2, "tables": 2, "projects": 2, "indicators": 16, "budget_lines": 9, "findings": 3,
	"cells": 154,
}

// key is the first column of each entity: its id, or for cells the table
// they belong to.
func key(entity string) string {
	if entity == "cells" {
		return "table_id"
	}
	return "id"
}

func checkWritten(t *testing.T, got []Written) {
	t.Helper()
	if len(got) != len(Entities) {
		t.Fatalf("wrote %d entities, want %d", len(got), len(Entities))
	}
	for i, w := range got {
		if w.Entity != Entities[i].Name || w.Rows != want[w.Entity] {
			t.Errorf("wrote %d %s, want %d %s", w.Rows, w.Entity, want[Entities[i].Name], Entities[i].Name)
		}
	}
}

func TestCSV(t *testing.T) {
	db, _ := storetest.Open(t)
	dir := filepath.Join(t.TempDir(), "out")
	got, err := CSV(context.Background(), db, dir, false)
	if err != nil {
		t.Fatal(err)
	}
	checkWritten(t, got)
	for _, e := range Entities {
		recs := readCSV(t, filepath.Join(dir, e.Name+".csv"))
		if len(recs) != 1+want[e.Name] {
			t.Errorf("%s.csv: %d records, want a header and %d rows", e.Name, len(recs), want[e.Name])
		}
		if recs[0][0] != key(e.Name) {
			t.Errorf("%s.csv header: %q", e.Name, recs[0])
		}
	}
	if cells := readCSV(t, filepath.Join(dir, "cells.csv")); !slices.Contains(cells[0], "x0") || !slices.Contains(cells[0], "y1") {
		t.Errorf("cells.csv header %q: want the box columns x0, y0, x1, y1", cells[0])
	}
	projects := readCSV(t, filepath.Join(dir, "projects.csv"))
	col := slices.Index(projects[0], "budget_yuan")
	if col < 0 || slices.Contains(projects[0], "budget_fen") {
		t.Fatalf("projects.csv header %q: want budget_yuan in place of budget_fen", projects[0])
	}
	if projects[1][col] != "50000.00" || projects[2][col] != "12800.00" {
		t.Errorf("budgets %q, %q; want 50000.00, 12800.00", projects[1][col], projects[2][col])
	}
	// An empty amount stays empty, not 0.
	lines := readCSV(t, filepath.Join(dir, "budget_lines.csv"))
	last := lines[len(lines)-1]
	if col := slices.Index(lines[0], "amount_yuan"); last[col] != "" {
		t.Errorf("the missing 项目支出 of 2080109 is %q, want empty", last[col])
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
		t.Errorf("temporary files left: %q", left)
	}

	// With a byte-order mark for Excel.
	if _, err := CSV(context.Background(), db, dir, true); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "documents.csv"))
	if !bytes.HasPrefix(b, []byte("\uFEFFid,sha256,")) {
		t.Errorf("documents.csv starts %q, want a BOM then the header", b[:min(len(b), 20)])
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

func TestJSONL(t *testing.T) {
	db, _ := storetest.Open(t)
	dir := t.TempDir()
	got, err := JSONL(context.Background(), db, dir)
	if err != nil {
		t.Fatal(err)
	}
	checkWritten(t, got)
	objects := func(name string) []map[string]any {
		f, err := os.Open(filepath.Join(dir, name+".jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		var out []map[string]any
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var m map[string]any
			dec := json.NewDecoder(strings.NewReader(sc.Text()))
			dec.UseNumber()
			if err := dec.Decode(&m); err != nil {
				t.Fatalf("%s.jsonl line %d: %v", name, len(out)+1, err)
			}
			out = append(out, m)
		}
		return out
	}
	for _, e := range Entities {
		if n := len(objects(e.Name)); n != want[e.Name] {
			t.Errorf("%s.jsonl: %d lines, want %d", e.Name, n, want[e.Name])
		}
	}
	p := objects("projects")[1]
	if p["name"] != "公益性岗位监管经费" || p["budget_yuan"] != json.Number("12800.00") || p["unit_code"] != nil {
		t.Errorf("project 2: %v", p)
	}
	in := objects("indicators")[12]
	if in["level3"] != "公益性岗位补贴金额" || in["value_num"] != nil || in["weight"] != json.Number("20") {
		t.Errorf("indicator 13: %v", in)
	}
}

// writeXLSX exports db to a workbook and opens it.
func writeXLSX(t *testing.T, db *store.DB) (*excelize.File, []Written) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "budget.xlsx")
	written, err := XLSX(context.Background(), db, path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, written
}

func TestXLSX(t *testing.T) {
	db, _ := storetest.Open(t)
	f, got := writeXLSX(t, db)
	checkWritten(t, got)
	var names []string
	for _, e := range Entities {
		names = append(names, e.Name)
	}
	if got := f.GetSheetList(); !slices.Equal(got, names) {
		t.Fatalf("sheets %q, want %q", got, names)
	}
	for _, name := range names {
		rows, err := f.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1+want[name] || rows[0][0] != key(name) {
			t.Errorf("sheet %s: %d rows, first %q; want a header and %d rows", name, len(rows), rows[0], want[name])
		}
		panes, err := f.GetPanes(name)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("sheet %s: panes %+v, %v; want the header row frozen", name, panes, err)
		}
	}

	projects, _ := f.GetRows("projects")
	col := slices.Index(projects[0], "budget_yuan")
	cell, _ := excelize.CoordinatesToCellName(col+1, 2)
	if v, _ := f.GetCellValue("projects", cell); v != "50,000.00" {
		t.Errorf("projects %s shows %q, want 50,000.00", cell, v)
	}
	if v, _ := f.GetCellValue("projects", cell, excelize.Options{RawCellValue: true}); v != "50000" {
		t.Errorf("projects %s holds %q, want the number 50000", cell, v)
	}
	if w, _ := f.GetColWidth("projects", "K"); projects[0][10] != "name" || w < 30 {
		t.Errorf("column K (%s) is %.0f wide, want room for the project names", projects[0][10], w)
	}
	if cols := colOrder(t, f.Path, "xl/worksheets/sheet3.xml"); !slices.IsSorted(cols) || len(cols) != len(projects[0]) {
		t.Errorf("the projects sheet's <col> elements are for columns %v, want each column in order", cols)
	}
	style, _ := f.GetCellStyle("projects", "A1")
	if s, _ := f.GetStyle(style); s == nil || s.Font == nil || !s.Font.Bold {
		t.Errorf("the header is not bold: %+v", s)
	}

	// Ids lead to the rows they name.
	links := []struct{ sheet, cell, formula, value string }{
		{"projects", "B3", `HYPERLINK("#'documents'!A2",1)`, "1"},
		{"indicators", "B17", `HYPERLINK("#'projects'!A3",2)`, "2"},
		{"budget_lines", "E2", `HYPERLINK("#'tables'!A3",2)`, "2"},
	}
	for _, l := range links {
		formula, _ := f.GetCellFormula(l.sheet, l.cell)
		value, _ := f.GetCellValue(l.sheet, l.cell)
		if formula != l.formula || value != l.value {
			t.Errorf("%s!%s: %s = %q; want %s = %q", l.sheet, l.cell, formula, value, l.formula, l.value)
		}
	}
}

// colOrder returns the columns of the <col> elements of a worksheet, in
// the order the file lists them.
func colOrder(t *testing.T, xlsx, sheet string) []int {
	t.Helper()
	z, err := zip.OpenReader(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	r, err := z.Open(sheet)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	var cols []int
	for _, m := range regexp.MustCompile(`<col min="(\d+)"`).FindAllSubmatch(b, -1) {
		n, _ := strconv.Atoi(string(m[1]))
		cols = append(cols, n)
	}
	return cols
}

// An entity with more rows than a sheet holds goes on in further sheets,
// and links find rows in any of them.
func TestXLSXSheetOverflow(t *testing.T) {
	defer func(n int) { sheetRows = n }(sheetRows)
	sheetRows = 6 // a header and five rows
	db, _ := storetest.Open(t)
	f, _ := writeXLSX(t, db)
	wantSheets := []string{"documents", "tables", "projects", "indicators", "indicators 2",
		"indicators 3", "indicators 4", "budget_lines", "budget_lines 2", "findings", "cells"}
	for i := 2; i <= (want["cells"]+4)/5; i++ {
		wantSheets = append(wantSheets, "cells "+strconv.Itoa(i))
	}
	if got := f.GetSheetList(); !slices.Equal(got, wantSheets) {
		t.Fatalf("sheets %q, want %q", got, wantSheets)
	}
	total := 0
	for _, s := range wantSheets[3:7] {
		rows, _ := f.GetRows(s)
		total += len(rows) - 1
	}
	if total != 16 {
		t.Errorf("%d indicators across sheets, want 16", total)
	}
}

func TestXLSXEmpty(t *testing.T) {
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "empty.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	f, _ := writeXLSX(t, db)
	rows, err := f.GetRows("indicators")
	if err != nil || len(rows) != 1 || rows[0][0] != "id" {
		t.Errorf("indicators of an empty database: %q, %v; want the header alone", rows, err)
	}
}
