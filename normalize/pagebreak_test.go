package normalize_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/html"
	"github.com/budgetx/budgetx/extract/pdf"
	"github.com/budgetx/budgetx/model"
	"github.com/budgetx/budgetx/normalize"
)

// readFixture extracts and normalizes one of the project's fixture files.
func readFixture(t *testing.T, path string) *model.Records {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	reg := extract.NewRegistry(pdf.New(), html.New())
	doc, err := reg.Extract(context.Background(), extract.File{Name: filepath.Base(path), Data: data})
	if err != nil {
		t.Fatal(err)
	}
	return normalize.Document(doc)
}

// TestPageSplitLabel reads a hand-drawn table whose second unit's merged
// label cell runs over a page break, its label printed on the first page
// only, that page's part of the table ending well above the foot: the
// three projects under the blank continuation on the second page belong
// to the second unit, not to the third printed further down.
func TestPageSplitLabel(t *testing.T) {
	rec := readFixture(t, "../fixtures/pdf/split-label.pdf")
	want := []string{"101001", "101001", "101002", "101002", "101002", "101002", "101002", "101002", "101003", "101003"}
	if len(rec.Projects) != len(want) {
		t.Fatalf("%d projects, want %d", len(rec.Projects), len(want))
	}
	for i, p := range rec.Projects {
		if p.UnitCode != want[i] {
			t.Errorf("project %d (%s, page %d): unit %s, want %s", i+1, p.Name, p.PageFirst, p.UnitCode, want[i])
		}
	}
	if n := len(rec.Tables); n != 1 {
		t.Errorf("%d tables, want the two pages stitched into one", n)
	}
}

// TestUnitsPrint reads the seed's projects regrouped under three units and
// printed by Chromium with each unit's label over its first project only
// (fixtures/gen -units): the projects a page break carries to the next
// page, under blank label cells, stay with the label above them.
func TestUnitsPrint(t *testing.T) {
	var want golden
	data, err := os.ReadFile("../fixtures/seed/units.golden.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"units.html", "units-chromium.pdf"} {
		t.Run(name, func(t *testing.T) {
			checkProjects(t, readFixture(t, filepath.Join("..", "fixtures", "docs", name)).Projects, want.Projects)
		})
	}
}
