package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/budgetx/budgetx/extract"
)

func open(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func fen(n int64) *int64 { return &n }

func sample(sha string) *Document {
	w := 10.0
	return &Document{
		SHA256: sha, Source: "a.txt", Format: extract.Text, Size: 10, Status: StatusOK, PipelineVersion: 1,
		Records: &extract.Records{
			Info: extract.Info{Title: "项目支出绩效目标表", FiscalYear: 2024, Kind: "预算", Pages: 2},
			Tables: []extract.TableRecord{{
				Seq: 1, Title: "项目支出绩效目标表", Kind: "project_performance", Unit: "元", PageFirst: 1, PageLast: 2,
				NRows: 2, NCols: 2, Cells: []extract.CellRecord{{Row: 1, Col: 1, RowSpan: 1, ColSpan: 1, Text: "项目名称", Page: 1}},
			}},
			Projects: []extract.Project{{
				Seq: 1, TableSeq: 1, Name: "甲", BudgetFen: fen(123), PageFirst: 1, PageLast: 2,
				Indicators: []extract.Indicator{{Seq: 1, Level3: "人数", Operator: "≥", Weight: &w, Page: 2}},
			}},
			Findings: []extract.Finding{{Severity: extract.SevWarning, Code: "weight_sum", Message: "m", TableSeq: 1, ProjectSeq: 1}},
		},
	}
}

func scalar(t *testing.T, db *DB, q string) any {
	t.Helper()
	rows, err := db.Query(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return rows.Values[0][0]
}

func TestPutLookupReplace(t *testing.T) {
	ctx := context.Background()
	db, _ := open(t)
	if _, found, err := db.Lookup(ctx, "abc"); found || err != nil {
		t.Fatalf("empty database: found %v, %v", found, err)
	}
	if _, err := db.Put(ctx, sample("abc")); err != nil {
		t.Fatal(err)
	}
	k, found, err := db.Lookup(ctx, "abc")
	if !found || err != nil || k.Status != StatusOK || k.PipelineVersion != 1 {
		t.Fatalf("lookup: %+v %v %v", k, found, err)
	}
	if got := scalar(t, db, "select count(*) from findings f join projects p on p.id = f.project_id join tables t on t.id = f.table_id"); got != int64(1) {
		t.Errorf("finding not linked to its table and project: %v", got)
	}
	// Replacing a document removes every row of the old one.
	if _, err := db.Put(ctx, sample("abc")); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"documents", "tables", "cells", "projects", "indicators", "findings"} {
		if got := scalar(t, db, "select count(*) from "+q); got != int64(1) {
			t.Errorf("%s: %v rows after replacing, want 1", q, got)
		}
	}
}

func TestPutIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	db, _ := open(t)
	bad := sample("def")
	bad.Records.Projects[0].Indicators[0].Operator = "≈" // violates the CHECK constraint
	if _, err := db.Put(ctx, bad); !errors.Is(err, ErrRejected) {
		t.Fatalf("err = %v, want ErrRejected", err)
	}
	for _, q := range []string{"documents", "tables", "projects"} {
		if got := scalar(t, db, "select count(*) from "+q); got != int64(0) {
			t.Errorf("%s: %v rows left by a failed document", q, got)
		}
	}
}

func TestReadOnly(t *testing.T) {
	ctx := context.Background()
	db, path := open(t)
	db.Put(ctx, sample("abc"))
	ro, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.Query(ctx, "delete from documents"); !errors.Is(err, ErrReadOnly) {
		t.Errorf("delete: %v, want ErrReadOnly", err)
	}
	if got := scalar(t, ro, "select count(*) from documents"); got != int64(1) {
		t.Errorf("%v documents", got)
	}
}

func TestMigrateTwice(t *testing.T) {
	_, path := open(t)
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("reopening: %v", err)
	}
	db.Close()
}
