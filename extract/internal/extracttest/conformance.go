package extracttest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/model"
)

// Conformance checks the contract every extractor keeps (see
// extract.Extractor) on its samples, which it must read:
//   - what it returns has its positions set: pages numbered 1, 2, …, every
//     row and cell on a page, columns from 0, spans of at least 1;
//   - a cancelled context stops it with context.Canceled;
//   - copies of each sample cut at many offsets, and each sample's first
//     bytes followed by noise, give a valid document or an error that wraps
//     one of the package's kinds and names the file — never a panic.
func Conformance(t *testing.T, ex extract.Extractor, samples map[string][]byte) {
	t.Helper()
	if len(samples) == 0 {
		t.Fatal("no samples")
	}
	for name, data := range samples {
		doc, err := ex.Extract(context.Background(), extract.File{Name: name, Data: data})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if err := Positions(doc); err != nil {
			t.Errorf("%s: %v", name, err)
		}

		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := ex.Extract(ctx, extract.File{Name: name, Data: data}); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: a cancelled extraction returned %v, want context.Canceled", name, err)
		}

		step := max(1, len(data)/50)
		for n := 0; n < len(data); n += step {
			Clean(t, ex, fmt.Sprintf("%s cut at %d", name, n), data[:n])
		}
		head := min(len(data), 16)
		noise := append(append([]byte(nil), data[:head]...), Junk(4096)...)
		Clean(t, ex, name+" head and noise", noise)
	}
}

// Clean extracts data as the file name and fails the test when the outcome
// breaks the contract: a panic, an error of no known kind or without the
// file's name, or a document whose positions are not set.
func Clean(t *testing.T, ex extract.Extractor, name string, data []byte) {
	t.Helper()
	var (
		doc *model.Document
		err error
	)
	func() {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("panic: %v", p)
			}
		}()
		doc, err = ex.Extract(context.Background(), extract.File{Name: name, Data: data})
	}()
	if err != nil {
		known := false
		for _, kind := range []error{extract.ErrMalformed, extract.ErrUnsupported, extract.ErrEncrypted, extract.ErrNoTextLayer} {
			known = known || errors.Is(err, kind)
		}
		// A panic an extractor recovered from still breaks the contract.
		var pe *extract.Panic
		internal := errors.As(err, &pe) || strings.Contains(err.Error(), "panic") || strings.Contains(err.Error(), "runtime error")
		if !known || internal || !strings.HasPrefix(err.Error(), name+":") {
			t.Errorf("%s: %v", name, err)
		}
		return
	}
	if err := Positions(doc); err != nil {
		t.Errorf("%s: %v", name, err)
	}
}

// Positions checks that a document's pages, rows and cells say where they
// are.
func Positions(doc *model.Document) error {
	if doc == nil || len(doc.Pages) == 0 {
		return errors.New("a document without pages")
	}
	for i, p := range doc.Pages {
		if p.Number != i+1 {
			return fmt.Errorf("page %d numbered %d", i+1, p.Number)
		}
		for _, tb := range p.Tables {
			if tb.Page != p.Number {
				return fmt.Errorf("p%d: a table on page %d", p.Number, tb.Page)
			}
			for r, row := range tb.Rows {
				if row.Page < 1 {
					return fmt.Errorf("p%d:r%d: no page", p.Number, r+1)
				}
				cols := make(map[int]bool, len(row.Cells))
				for _, c := range row.Cells {
					if cols[c.Col] {
						return fmt.Errorf("p%d:r%d: two cells in column %d", p.Number, r+1, c.Col)
					}
					cols[c.Col] = true
					if c.Page < 1 || c.Col < 0 || c.RowSpan < 1 || c.ColSpan < 1 {
						return fmt.Errorf("p%d:r%d: cell at column %d on page %d spans %d×%d",
							p.Number, r+1, c.Col, c.Page, c.RowSpan, c.ColSpan)
					}
				}
			}
		}
	}
	return nil
}

// Seeds returns the seed table as the fixture generator writes it in each
// format (fixtures/docs/seed*) and the seed's text dumps (fixtures/seed),
// read from the repository at root and grouped by the format Sniff tells.
func Seeds(t *testing.T, root string) map[model.Format]map[string][]byte {
	t.Helper()
	docs, _ := filepath.Glob(filepath.Join(root, "fixtures", "docs", "seed*"))
	dumps, _ := filepath.Glob(filepath.Join(root, "fixtures", "seed", "*.txt"))
	out := map[model.Format]map[string][]byte{}
	for _, f := range append(docs, dumps...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		format, err := extract.Sniff(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if out[format] == nil {
			out[format] = map[string][]byte{}
		}
		out[format][filepath.Base(f)] = data
	}
	return out
}
