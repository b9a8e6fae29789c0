package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/budgetx/budgetx/model"
	"github.com/budgetx/budgetx/store"
	"github.com/budgetx/budgetx/store/storetest"
)

// bigDocument is a document of 10 tables of 200 rows by 10 columns, half
// text and half amounts: 20,000 cells, about a long budget disclosure.
func bigDocument() *store.Document {
	rec := &model.Records{Info: model.Info{Title: "bench", Pages: 40}}
	for t := 1; t <= 10; t++ {
		tr := model.TableRecord{Seq: t, Title: fmt.Sprintf("表%d 一般公共预算支出表", t), NRows: 200, NCols: 10}
		for r := 1; r <= 200; r++ {
			for c := 1; c <= 10; c++ {
				text := fmt.Sprintf("%d,%03d.%02d", r*c, r, c)
				if c <= 5 {
					text = fmt.Sprintf("社会保障和就业支出第%d行第%d列行政运行", r, c)
				}
				tr.Cells = append(tr.Cells, model.CellRecord{Row: r, Col: c, RowSpan: 1, ColSpan: 1,
					Text: text, Page: t*4 + r/50})
			}
		}
		rec.Tables = append(rec.Tables, tr)
	}
	return &store.Document{SHA256: "bench", Source: "bench", Status: store.StatusOK, Records: rec}
}

// BenchmarkPut stores (and, after the first time, replaces) a document of
// 20,000 cells, with and without the full-text index.
func BenchmarkPut(b *testing.B) {
	for _, indexed := range []bool{true, false} {
		b.Run(fmt.Sprintf("indexed=%v", indexed), func(b *testing.B) {
			store.SetWithoutFTS5(!indexed)
			defer store.SetWithoutFTS5(false)
			db, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			doc := bigDocument()
			for b.Loop() {
				if _, err := db.Put(context.Background(), doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSearch(b *testing.B) {
	db, _ := storetest.Open(b)
	if _, err := db.Put(context.Background(), bigDocument()); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{"行政运行", "岗位", "第199行第5列"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				if _, err := db.Search(context.Background(), q, 50); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
