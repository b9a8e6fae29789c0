package soffice

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/model"
)

func seedDoc(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "docs", "seed.doc"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestWithoutLibreOffice: a file fails with an error that says what to
// install.
func TestWithoutLibreOffice(t *testing.T) {
	e := New()
	e.bin = ""
	_, err := e.Extract(context.Background(), extract.File{Name: "附件1.doc", Data: seedDoc(t)})
	if !errors.Is(err, ErrNoLibreOffice) || !errors.Is(err, extract.ErrUnsupported) {
		t.Fatalf("error %v, want ErrNoLibreOffice", err)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "附件1.doc: ") || !strings.Contains(msg, "apt-get install libreoffice-writer-nogui") {
		t.Errorf("error %q names neither the file nor what to install", msg)
	}
}

func office(t *testing.T) *Extractor {
	t.Helper()
	e := New()
	if !e.Available() {
		t.Skip("LibreOffice is not installed (" + Install + ")")
	}
	return e
}

// TestConvert reads the seed's doc (LibreOffice wrote it from the seed's
// docx; normalize's cross-format test checks its records), and fails a
// damaged copy, a conversion past its time, and a cancelled one, each as
// it should.
func TestConvert(t *testing.T) {
	e := office(t)
	data := seedDoc(t)
	doc, err := e.Extract(context.Background(), extract.File{Name: "seed.doc", Data: data})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Format != model.DOC || len(doc.Pages) != 1 || len(doc.Pages[0].Tables) != 1 {
		t.Fatalf("format %s, %d pages; want one page of one table", doc.Format, len(doc.Pages))
	}
	if tb := doc.Pages[0].Tables[0]; tb.Title != "部门预算项目绩效目标表（2024年度）" || len(tb.Rows) != 91 {
		t.Errorf("table %q of %d rows, want the seed's title and 91 rows", tb.Title, len(tb.Rows))
	}

	_, err = e.Extract(context.Background(), extract.File{Name: "cut.doc", Data: data[:4096]})
	if !errors.Is(err, extract.ErrMalformed) || !strings.HasPrefix(err.Error(), "cut.doc: ") {
		t.Errorf("a cut doc: %v, want a malformed file named in the error", err)
	}

	slow := New()
	slow.timeout = time.Millisecond
	_, err = slow.Extract(context.Background(), extract.File{Name: "slow.doc", Data: data})
	if !errors.Is(err, extract.ErrMalformed) || !strings.Contains(err.Error(), "did not convert it within") {
		t.Errorf("a conversion past its time: %v", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.Extract(ctx, extract.File{Name: "seed.doc", Data: data}); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled conversion: %v, want context.Canceled", err)
	}
}
