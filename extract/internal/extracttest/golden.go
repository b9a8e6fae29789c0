// Package extracttest helps test extractors: golden files of pretty JSON
// (rewritten with -update), a compact view of documents for them, and
// checks shared by the spreadsheet extractors.
package extracttest

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/model"
)

var update = flag.Bool("update", false, "rewrite golden files with what the tests get")

// Check compares got, as indented JSON, with the file at path. With
// -update it writes the file instead. A mismatch reports the first lines
// that differ.
func Check(t *testing.T, path string, got any) {
	t.Helper()
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the tests with -update to write it)", err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("%s differs from what the test got (rerun with -update and review the diff):\n%s", path, diff(string(want), string(b)))
	}
}

// diff shows the lines around the first difference of want and got.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	var b strings.Builder
	for k := max(0, i-3); k < i; k++ {
		b.WriteString("  " + w[k] + "\n")
	}
	for k := i; k < min(len(w), i+5); k++ {
		b.WriteString("- " + w[k] + "\n")
	}
	for k := i; k < min(len(g), i+5); k++ {
		b.WriteString("+ " + g[k] + "\n")
	}
	return b.String()
}

// Doc is a compact view of an extracted document for golden files: text
// lines as strings, each cell as "c<col> <rows>x<cols> p<page>: line | line",
// and geometry only where the format has it.
type Doc struct {
	Format   model.Format    `json:"format"`
	Meta     model.Meta      `json:"meta"`
	Pages    []Page          `json:"pages"`
	Findings []model.Finding `json:"findings,omitempty"`
}

// Page is a compact view of an model.Page.
type Page struct {
	Number int      `json:"number"`
	Name   string   `json:"name,omitempty"`
	Lines  []string `json:"lines,omitempty"`
	Tables []Table  `json:"tables,omitempty"`
}

// Table is a compact view of an model.Table.
type Table struct {
	Page    int        `json:"page"`
	Title   string     `json:"title,omitempty"`
	Caption []string   `json:"caption,omitempty"`
	Notes   []string   `json:"notes,omitempty"`
	Rows    [][]string `json:"rows"`
}

// View returns the compact view of doc.
func View(doc *model.Document) Doc {
	v := Doc{Format: doc.Format, Meta: doc.Meta, Findings: doc.Findings}
	for _, p := range doc.Pages {
		pv := Page{Number: p.Number, Name: p.Name}
		for _, l := range p.Lines {
			pv.Lines = append(pv.Lines, l.Text)
		}
		for _, t := range p.Tables {
			tv := Table{Page: t.Page, Title: t.Title, Caption: t.Caption, Notes: t.Notes, Rows: [][]string{}}
			for _, r := range t.Rows {
				row := []string{}
				for _, c := range r.Cells {
					row = append(row, fmt.Sprintf("c%d %dx%d p%d: %s", c.Col, c.RowSpan, c.ColSpan, c.Page, strings.Join(c.Lines, " | ")))
				}
				tv.Rows = append(tv.Rows, row)
			}
			pv.Tables = append(pv.Tables, tv)
		}
		v.Pages = append(v.Pages, pv)
	}
	return v
}
