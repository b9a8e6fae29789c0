package normalize

import (
	"strconv"
	"testing"

	"github.com/budgetx/budgetx/model"
)

func TestStitchTargetPages(t *testing.T) {
	// Page 1 divides columns for its money block; the continuation on page
	// 2 has only the columns its rows need, and no title. With a few
	// columns fewer stitchPages joins it; with many it does not. Either way
	// its cells take page 1's columns by their edges.
	cell := func(col, span int, x0, x1 float64, text string) model.Cell {
		return model.Cell{Col: col, ColSpan: span, RowSpan: 1, Box: model.Rect{X0: x0, X1: x1}, Lines: []string{text}}
	}
	for _, parts := range []int{3, 6} {
		t.Run(strconv.Itoa(parts), func(t *testing.T) {
			w := 300 / float64(parts)
			money := []model.Cell{cell(0, 1, 0, 100, "预算支出总额")}
			for i := range parts {
				money = append(money, cell(1+i, 1, 100+w*float64(i), 100+w*float64(i+1), "0.00"))
			}
			valueCol := parts // the last money column
			doc := &model.Document{Pages: []*model.Page{
				{Number: 1, Tables: []*model.Table{{Title: "部门整体支出绩效目标表", Rows: []model.Row{
					{Page: 1, Cells: []model.Cell{cell(0, 1, 0, 100, "部门名称"), cell(1, parts, 100, 400, "某局")}},
					{Page: 1, Cells: money},
					{Page: 1, Cells: []model.Cell{cell(0, 1, 0, 100, "整体绩效目标"), cell(1, parts, 100, 400, "目标。")}},
					{Page: 1, Cells: []model.Cell{cell(0, 1, 0, 100, "绩效指标"), cell(1, parts-1, 100, 400-w, "指标性质"), cell(valueCol, 1, 400-w, 400, "指标值")}},
					{Page: 1, Cells: []model.Cell{cell(0, 1, 0, 100, "产出指标数量指标课题数"), cell(1, parts-1, 100, 400-w, "≥"), cell(valueCol, 1, 400-w, 400, "3")}},
				}}}},
				{Number: 2, Tables: []*model.Table{{Rows: []model.Row{
					{Page: 2, Cells: []model.Cell{cell(0, 1, 0, 100.5, "效益指标社会效益指标调查次数"), cell(1, 1, 100, 400-w, "＝"), cell(2, 1, 399-w, 400, "1")}},
				}}}},
			}}
			rec := Document(doc)
			if len(rec.Tables) != 1 || rec.Tables[0].PageLast != 2 {
				t.Fatalf("got %d tables; want the continuation joined to the first", len(rec.Tables))
			}
			if len(rec.Projects) != 1 || len(rec.Projects[0].Indicators) != 2 {
				t.Fatalf("projects %+v", rec.Projects)
			}
			in := rec.Projects[0].Indicators[1]
			if in.Level2 != "社会效益指标" || in.Operator != "=" || in.ValueText != "1" || in.Page != 2 {
				t.Errorf("continued indicator %+v", in)
			}
			for _, c := range rec.Tables[0].Cells {
				if c.Text == "1" && (c.Row != 6 || c.Col != valueCol+1) {
					t.Errorf("the continued value stored at row %d col %d, want row 6 col %d", c.Row, c.Col, valueCol+1)
				}
			}
		})
	}
}

func TestStitchTargetPagesNeedsBoxes(t *testing.T) {
	// Without geometry nothing tells which columns are the same: an
	// untitled table after a performance table stays a table of its own.
	rec := Document(gridDoc("部门整体支出绩效目标表", nil, []string{
		"部门名称|某局|||||",
		"整体绩效目标|目标。|||||",
		"活动|绩效指标|指标性质|指标值|度量单位|||",
		"甲|产出指标数量指标人数|≥|3|人|||",
	}, []string{"乙|次数|=|1"}))
	if len(rec.Tables) != 2 {
		t.Errorf("got %d tables, want 2", len(rec.Tables))
	}
}
