package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/model"
	. "github.com/budgetx/budgetx/store"
	"github.com/budgetx/budgetx/store/storetest"
)

func fen(n int64) *int64 { return &n }

func sample(sha string) *Document {
	w := 10.0
	return &Document{
		SHA256: sha, Source: "a.txt", Format: model.Text, Size: 10, Status: StatusOK, PipelineVersion: 1,
		Records: &model.Records{
			Info: model.Info{Title: "项目支出绩效目标表", FiscalYear: 2024, Kind: "预算", Pages: 2},
			Tables: []model.TableRecord{{
				Seq: 1, Title: "项目支出绩效目标表", Kind: "project_performance", Unit: "元", PageFirst: 1, PageLast: 2,
				NRows: 2, NCols: 2, Cells: []model.CellRecord{{Row: 1, Col: 1, RowSpan: 1, ColSpan: 1, Text: "项目名称", Page: 1}},
			}},
			Projects: []model.Project{{
				Seq: 1, TableSeq: 1, Name: "甲", BudgetFen: fen(123), PageFirst: 1, PageLast: 2,
				Indicators: []model.Indicator{{Seq: 1, Level3: "人数", Operator: "≥", Weight: &w, Page: 2}},
			}},
			Findings: []model.Finding{{Severity: model.SevWarning, Code: "weight_sum", Message: "m", TableSeq: 1, ProjectSeq: 1}},
		},
	}
}

func TestHealth(t *testing.T) { storetest.ForEach(t, testHealth) }

func testHealth(t *testing.T, backend storetest.Backend) {
	ctx := context.Background()
	db, _ := backend.Empty(t)

	good := sample("good")
	good.Records.Tables[0].Checks = []model.Check{{Code: "weight_sum", Run: 2, Failed: 1}}
	// A second project without an amount or indicators, under a table that
	// names indicator levels.
	rec := good.Records
	rec.Tables[0].Cells = append(rec.Tables[0].Cells, model.CellRecord{Row: 2, Col: 1, Text: "产出指标", Page: 1})
	rec.Projects = append(rec.Projects, model.Project{Seq: 2, TableSeq: 1, Name: "乙"})

	bad := sample("bad")
	bad.Source = "b.pdf"
	bad.Records.Projects = nil
	bad.Records.Findings = []model.Finding{{Severity: model.SevWarning, Code: "column_sum_mismatch", Message: "m", TableSeq: 1}}
	bad.Records.Tables = []model.TableRecord{{
		Seq: 1, Title: "0.00", Kind: model.KindOther, NRows: 1, NCols: 3,
		Cells: []model.CellRecord{
			{Row: 1, Col: 1, Text: "1,234.56"}, {Row: 1, Col: 2, Text: "0.00"},
			{Row: 1, Col: 3, Text: "41,052,896.08一、部门预算 12.00"}, {Row: 1, Col: 4, Text: "0.125"},
		},
		Checks: []model.Check{{Code: "column_sum_mismatch", Run: 3, Failed: 1}},
	}}
	failed := &Document{SHA256: "failed", Source: "c.pdf", Size: 1, Status: StatusFailed, Error: "c.pdf: broken", PipelineVersion: 1}
	for _, d := range []*Document{good, bad, failed} {
		if _, err := db.Put(ctx, d); err != nil {
			t.Fatal(err)
		}
	}

	r, err := db.Health(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Documents) != 3 || r.Documents[0].Source != "c.pdf" {
		t.Fatalf("documents %+v: want three, the failed one first", r.Documents)
	}
	byID := map[string]DocumentHealth{}
	for _, d := range r.Documents {
		byID[d.Source] = d
	}
	g := byID["a.txt"]
	if g.Projects != 2 || g.ProjectsWithoutAmount != 1 || g.Indicators != 1 || g.IndicatorProjects != 2 ||
		g.IndicatorProjectsBare != 1 || g.ChecksRun != 2 || g.ChecksFailed != 1 || g.Findings["warning"] != 1 {
		t.Errorf("a.txt: %+v", g.Counts)
	}
	if !strings.Contains(strings.Join(g.Reasons, "\n"), "1 of 2 projects have no amount") {
		t.Errorf("a.txt reasons %q", g.Reasons)
	}
	b := byID["b.pdf"]
	if b.AmountTables != 1 || b.AmountTablesUnclassified != 1 || b.AmountTablesUntitled != 1 || b.AmountTablesMismatched != 1 ||
		b.AmountCells != 3 || b.JoinedCells != 1 || b.UnclassifiedTables != 1 {
		t.Errorf("b.pdf: %+v", b.Counts)
	}
	if tot := r.Totals; tot.Documents != 3 || tot.Status["failed"] != 1 || tot.Projects != 2 || tot.ChecksRun != 5 ||
		tot.ChecksFailed != 2 || tot.Checks["weight_sum"].Run != 2 || tot.Tables != 2 {
		t.Errorf("totals %+v", tot)
	}

	// A selection reports on its documents alone.
	r, err = db.Health(ctx, []int64{g.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Documents) != 1 || r.Totals.Projects != 2 || r.Totals.Tables != 1 {
		t.Errorf("selection: %+v", r.Totals)
	}
}
