package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/ingest"
	"github.com/budgetx/budgetx/model"
)

// buggy is an extractor with a bug: it indexes past the end of a slice.
type buggy struct{}

func (buggy) Format() model.Format { return model.Text }

func (buggy) Extract(_ context.Context, f extract.File) (*model.Document, error) {
	lines := strings.Split(string(f.Data), "\n")
	_ = lines[len(lines)+1]
	return nil, nil
}

// TestPanicStored: a file whose extractor panics is stored as failed, with
// a one-line error that names the file and says it is an internal error,
// and with the stack, which leads to the line that panicked, in
// error_detail.
func TestPanicStored(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.txt")
	if err := os.WriteFile(path, []byte("单位名称\t项目名称\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := openDB(t)
	sum, err := ingest.New(db, extract.NewRegistry(buggy{}), ingest.Options{}).Run(context.Background(), []string{path})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 1 {
		t.Fatalf("summary %+v, want 1 failed", sum)
	}
	var status, msg, detail string
	if err := db.QueryRowContext(context.Background(), "SELECT status, error, error_detail FROM documents").Scan(&status, &msg, &detail); err != nil {
		t.Fatal(err)
	}
	if status != "failed" {
		t.Errorf("status %q, want failed", status)
	}
	if !strings.HasPrefix(msg, path+": malformed file: internal error: runtime error: index out of range") || strings.Contains(msg, "\n") {
		t.Errorf("error %q: want one line naming the file and the internal error", msg)
	}
	if !strings.HasPrefix(detail, "goroutine ") || !strings.Contains(detail, "ingest_test.buggy.Extract") ||
		!strings.Contains(detail, "panic_test.go:") {
		t.Errorf("error_detail is no stack that leads to buggy.Extract:\n%s", detail)
	}
}
