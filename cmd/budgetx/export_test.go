package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/budgetx/budgetx/store/storetest"
)

func TestExport(t *testing.T) {
	_, db := storetest.Open(t)
	dir := t.TempDir()
	tests := []struct {
		format, out string
		files       []string
	}{
		{"csv", "csv", []string{"documents.csv", "tables.csv", "projects.csv", "indicators.csv",
			"budget_lines.csv", "findings.csv"}},
		{"jsonl", "jsonl", []string{"documents.jsonl", "tables.jsonl", "projects.jsonl",
			"indicators.jsonl", "budget_lines.jsonl", "findings.jsonl"}},
		{"xlsx", "budget.xlsx", nil},
	}
	for _, tt := range tests {
		out := filepath.Join(dir, tt.out)
		stdout, errOut, code := invoke(t, "export", "--db", db, "--format", tt.format, "--out", out)
		if code != 0 {
			t.Fatalf("export %s: exit %d: %s", tt.format, code, errOut)
		}
		if !strings.Contains(stdout, "indicators      16  ") {
			t.Errorf("export %s printed:\n%s", tt.format, stdout)
		}
		for _, f := range tt.files {
			if _, err := os.Stat(filepath.Join(out, f)); err != nil {
				t.Errorf("export %s: %v", tt.format, err)
			}
		}
	}
	f, err := excelize.OpenFile(filepath.Join(dir, "budget.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for sheet, n := range map[string]int{"projects": 2, "indicators": 16} {
		rows, err := f.GetRows(sheet)
		if err != nil || len(rows) != n+1 {
			t.Errorf("sheet %s: %d rows, %v; want a header and %d", sheet, len(rows), err, n)
		}
	}

	for _, args := range [][]string{
		{"--format", "xml", "--out", dir},
		{"--format", "csv"},
		{"--out", dir},
	} {
		if _, errOut, code := invoke(t, append([]string{"export", "--db", db}, args...)...); code != 1 {
			t.Errorf("export %q: exit %d, %s; want 1", args, code, errOut)
		}
	}
}
