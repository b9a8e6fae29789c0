package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/store"
	"github.com/budgetx/budgetx/store/storetest"
)

func TestFindDocument(t *testing.T) { storetest.ForEach(t, testFindDocument) }

func testFindDocument(t *testing.T, b storetest.Backend) {
	ctx := context.Background()
	db, _ := b.Open(t)
	// A third document whose file name is the first one's.
	other := storetest.Documents()[1]
	other.SHA256, other.Source = storetest.SHA256("other"), "other/000_1bc0f094e30d8739.txt"
	if _, err := db.Put(ctx, other); err != nil {
		t.Fatal(err)
	}
	// A file on disk whose content is the first document's.
	onDisk := filepath.Join(t.TempDir(), "copy.txt")
	if err := os.WriteFile(onDisk, []byte(storetest.PerformanceSource), 0o644); err != nil {
		t.Fatal(err)
	}
	sha1, sha2 := storetest.SHA256(storetest.PerformanceSource), storetest.SHA256(storetest.ExpenseSource)
	tests := []struct {
		ref     string
		want    int64
		wantErr string
	}{
		{ref: "1", want: 1},
		{ref: "2", want: 2},
		{ref: sha1, want: 1},
		{ref: sha2[:8], want: 2},
		{ref: strings.ToUpper(sha2[:6]), want: 2},
		{ref: storetest.PerformanceSource, want: 1},
		{ref: storetest.ExpenseSource, want: 2},
		{ref: "2024年县人社局部门预算.xlsx", want: 2},
		{ref: onDisk, want: 1},
		{ref: "000_1bc0f094e30d8739.txt", wantErr: "names 2 documents: 1 (" + sha1[:12]},
		{ref: "99", wantErr: "no such document"},
		{ref: "abc", wantErr: "no such document"},
		{ref: "", wantErr: "no such document"},
	}
	for _, tt := range tests {
		t.Run(tt.ref, func(t *testing.T) {
			id, err := db.FindDocument(ctx, tt.ref)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("FindDocument(%q) = %d, %v; want an error with %q", tt.ref, id, err, tt.wantErr)
				}
				return
			}
			if err != nil || id != tt.want {
				t.Errorf("FindDocument(%q) = %d, %v; want %d", tt.ref, id, err, tt.want)
			}
		})
	}
}

func TestOverview(t *testing.T) { storetest.ForEach(t, testOverview) }

func testOverview(t *testing.T, b storetest.Backend) {
	ctx := context.Background()
	db, _ := b.Open(t)
	o, err := db.Overview(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Document.Values) != 1 || o.Document.Values[0][0] != int64(1) {
		t.Errorf("document part: %v", o.Document.Values)
	}
	if len(o.Tables.Values) != 1 || len(o.Projects.Values) != 2 || len(o.Findings.Values) != 2 {
		t.Errorf("%d tables, %d projects, %d findings; want 1, 2, 2",
			len(o.Tables.Values), len(o.Projects.Values), len(o.Findings.Values))
	}
	if got := o.Totals.Values; len(got) != 1 || got[0][2] != "2 个项目预算数之和" || got[0][4] != int64(6_280_000) {
		t.Errorf("totals of document 1: %v", got)
	}

	o, err = db.Overview(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	// The 合计 line in each of its three columns; no projects.
	if got := o.Totals.Values; len(got) != 3 || got[0][2] != "合计" || got[0][3] != "合计" || got[0][4] != int64(173_495_206) {
		t.Errorf("totals of document 2: %v", got)
	}
	if got := o.Findings.Values; len(got) != 1 || got[0][0] != "warning" || got[0][1] != "subtotal_mismatch" {
		t.Errorf("findings of document 2: %v", got)
	}

	if _, err := db.Overview(ctx, 3); !errors.Is(err, store.ErrNoDocument) {
		t.Errorf("overview of a missing document: err %v, want ErrNoDocument", err)
	}
}
