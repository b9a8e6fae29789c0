package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/store/storetest"
)

func TestShow(t *testing.T) {
	_, db := storetest.Open(t)
	byID, errOut, code := invoke(t, "show", "--db", db, "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"document 1  ok  text  2 pages\n",
		"  source    " + storetest.PerformanceSource + "\n",
		"  org       县人社局\n",
		"  year      2024 预算\n",
		"\ntables (1)\n",
		"\nprojects (2)\n",
		"seq  name                            budget (元)  indicators  weight  pages  unit_name\n",
		"  2  公益性岗位监管经费                12,800.00           7      90  1–2\n",
		"2 个项目预算数之和",
		"62,800.00",
		"\nfindings (2)\n",
		"warning   total_mismatch",
	} {
		if !strings.Contains(byID, want) {
			t.Errorf("show 1 lacks %q:\n%s", want, byID)
		}
	}

	// The same document by other names.
	file := filepath.Join(t.TempDir(), "copy.txt")
	os.WriteFile(file, []byte(storetest.PerformanceSource), 0o644)
	for _, ref := range []string{
		storetest.SHA256(storetest.PerformanceSource)[:8],
		storetest.PerformanceSource,
		"000_1bc0f094e30d8739.txt",
		file,
	} {
		out, errOut, code := invoke(t, "show", "--db", db, ref)
		if code != 0 || out != byID {
			t.Errorf("show %s: exit %d, %s\n%s", ref, code, errOut, out)
		}
	}

	out, _, _ := invoke(t, "show", "--db", db, "2")
	for _, want := range []string{"general_budget_expense", "合计", "1,734,952.06", "warning   subtotal_mismatch"} {
		if !strings.Contains(out, want) {
			t.Errorf("show 2 lacks %q:\n%s", want, out)
		}
	}

	_, errOut, code = invoke(t, "show", "--db", db, "nosuchfile.pdf")
	if code != 1 || !strings.Contains(errOut, "no such document") {
		t.Errorf("show of an unknown document: exit %d, %s", code, errOut)
	}
}

func TestShowJSON(t *testing.T) {
	_, db := storetest.Open(t)
	out, errOut, code := invoke(t, "show", "--db", db, "--format", "json", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Document map[string]any
		Tables   []map[string]any
		Projects []map[string]any
		Totals   []map[string]any
		Findings []map[string]any
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got.Document["id"] != 1.0 || len(got.Tables) != 1 || len(got.Projects) != 2 ||
		len(got.Totals) != 1 || len(got.Findings) != 2 {
		t.Errorf("show --format json:\n%s", out)
	}
	if got.Projects[1]["budget_fen"] != 1280000.0 {
		t.Errorf("project 2: %v", got.Projects[1])
	}
}
