package pdf

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/model"
)

func readFixtures(tb testing.TB) map[string][]byte {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join(fixtures, "*.pdf"))
	if len(files) == 0 {
		tb.Fatalf("no fixtures in %s", fixtures)
	}
	out := make(map[string][]byte)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		out[filepath.Base(f)] = data
	}
	return out
}

// checkClean fails when an extraction went wrong in a way no input may
// cause: an error of no known kind, a runtime error caught at a boundary,
// or a document without pages.
func checkClean(t *testing.T, name string, doc *model.Document, err error) {
	t.Helper()
	if err != nil {
		if strings.Contains(err.Error(), "runtime error") {
			t.Errorf("%s: %v", name, err)
		}
		if !errors.Is(err, extract.ErrMalformed) && !errors.Is(err, extract.ErrEncrypted) && !errors.Is(err, extract.ErrNoTextLayer) {
			t.Errorf("%s: error of no known kind: %v", name, err)
		}
		var pe *extract.Error
		if !errors.As(err, &pe) || pe.Pos.File != name {
			t.Errorf("%s: error without the file's position: %v", name, err)
		}
		return
	}
	if len(doc.Pages) == 0 {
		t.Errorf("%s: a document without pages and without an error", name)
	}
	for _, f := range doc.Findings {
		if strings.Contains(f.Message, "runtime error") {
			t.Errorf("%s: %s", name, f.Message)
		}
	}
}

// TestTruncated cuts every fixture at many offsets: each copy must give a
// document or an error of a known kind, never a panic.
func TestTruncated(t *testing.T) {
	for name, data := range readFixtures(t) {
		step := max(1, len(data)/97)
		for n := 0; n < len(data); n += step {
			doc, err := New().Extract(context.Background(), extract.File{Name: name, Data: data[:n]})
			checkClean(t, name, doc, err)
		}
	}
}

// TestCancelled: a cancelled context stops extraction between pages.
func TestCancelled(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(fixtures, "clipped-seam.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := New().Extract(ctx, extract.File{Name: "x.pdf", Data: data}); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

// TestRegistry: the extractor reads what extract.Sniff calls a PDF.
func TestRegistry(t *testing.T) {
	reg := extract.NewRegistry(New())
	data := readFixtures(t)["padded-header.pdf"]
	doc, err := reg.Extract(context.Background(), extract.File{Name: "p.pdf", Data: data})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Format != model.PDF || len(doc.Pages) != 1 || len(doc.Pages[0].Tables) != 1 {
		t.Fatalf("got format %s, %d pages", doc.Format, len(doc.Pages))
	}
}

// FuzzExtract feeds the extractor mutated fixtures: no input may make it
// panic or fail in a way of no known kind.
func FuzzExtract(f *testing.F) {
	for _, data := range readFixtures(f) {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := New().Extract(context.Background(), extract.File{Name: "fuzz.pdf", Data: data})
		checkClean(t, "fuzz.pdf", doc, err)
	})
}
