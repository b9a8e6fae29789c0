package extracttest

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/model"
)

// Template extracts the budget template workbook at path (skipping the
// test when it is absent) and checks it: pages sheets, and on every sheet
// whose name ends in 表 one table, titled with prefix and …表, whose
// caption ends with its unit. It expects nine such sheets.
func Template(t *testing.T, ex extract.Extractor, path string, pages int, prefix string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skip("real documents not present:", err)
	}
	doc, err := ex.Extract(context.Background(), extract.File{Name: path, Data: data})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Pages) != pages {
		t.Errorf("%d pages, want %d sheets", len(doc.Pages), pages)
	}
	tables := 0
	for _, p := range doc.Pages {
		if !strings.HasSuffix(strings.TrimSpace(p.Name), "表") {
			continue
		}
		if len(p.Tables) != 1 {
			t.Errorf("sheet %s: %d tables, want 1", p.Name, len(p.Tables))
			continue
		}
		tables++
		tb := p.Tables[0]
		if !strings.HasPrefix(tb.Title, prefix) || !strings.HasSuffix(tb.Title, "表") {
			t.Errorf("sheet %s: title %q", p.Name, tb.Title)
		}
		if len(tb.Caption) == 0 || !strings.HasPrefix(tb.Caption[len(tb.Caption)-1], "单位") {
			t.Errorf("sheet %s: caption %q has no unit", p.Name, tb.Caption)
		}
	}
	if tables != 9 {
		t.Errorf("%d table sheets, want 9", tables)
	}
}

// Refused checks that an extraction failed as it should: no document, and
// an error that wraps want, names the file first and says text.
func Refused(t *testing.T, doc *model.Document, err, want error, file, text string) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("err = %v, want %v", err, want)
	}
	if doc != nil {
		t.Error("a document came back with the error")
	}
	if !strings.HasPrefix(err.Error(), file+":") || !strings.Contains(err.Error(), text) {
		t.Errorf("error %q should name %s and say %q", err, file, text)
	}
}

// Junk returns n bytes of deterministic noise.
func Junk(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7919 + i>>3)
	}
	return b
}
