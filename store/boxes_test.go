package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/budgetx/budgetx/model"
	"github.com/budgetx/budgetx/store"
)

// A cell's box is stored in x0, y0, x1, y1; a cell without one leaves
// them NULL.
func TestCellBoxes(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rec := &model.Records{Tables: []model.TableRecord{{
		Seq: 1, Title: "表", Kind: model.KindOther, PageFirst: 2, PageLast: 2, NRows: 1, NCols: 2,
		Cells: []model.CellRecord{
			{Row: 1, Col: 1, RowSpan: 1, ColSpan: 1, Text: "合计", Page: 2, Box: model.Rect{X0: 10.5, Y0: 20, X1: 90, Y1: 34.25}},
			{Row: 1, Col: 2, RowSpan: 1, ColSpan: 1, Text: "1.00", Page: 2},
		},
	}}}
	if _, err := db.Put(ctx, &store.Document{SHA256: "ab", Source: "a.pdf", Format: model.PDF,
		Status: store.StatusOK, PipelineVersion: 1, Records: rec}); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(ctx, "SELECT col, x0, y0, x1, y1 FROM cells ORDER BY col")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]any{{int64(1), 10.5, 20.0, 90.0, 34.25}, {int64(2), nil, nil, nil, nil}}
	for i, w := range want {
		for j := range w {
			if rows.Values[i][j] != w[j] {
				t.Errorf("cell %d: %v, want %v", i+1, rows.Values[i], w)
				break
			}
		}
	}
}
