package normalize

import (
	"strconv"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/model"
)

const targetsHeader = "单位名称|项目名称|预算数|年度目标|一级指标|二级指标|三级指标|指标性质|指标值|度量单位|权重|指标方向性"

// targetsDoc builds a document whose pages each hold one table fragment (see
// gridDoc). The first page carries the title and the header.
func targetsDoc(pages ...[]string) *model.Document {
	pages = append([][]string(nil), pages...)
	if len(pages) > 0 {
		pages[0] = append([]string{targetsHeader}, pages[0]...)
	}
	return gridDoc("项目支出绩效目标表（2024年度）", []string{"金额单位：元"}, pages...)
}

func names(rec *model.Records) []string {
	var out []string
	for _, p := range rec.Projects {
		out = append(out, p.Name)
	}
	return out
}

func TestTargetsShiftedRow(t *testing.T) {
	rec := Document(targetsDoc([]string{
		"|甲项目|1,000.00|目标。|产出指标|数量指标|培训人数|≥|50|人|45|正向指标",
		// The dump dropped the empty 单位名称 cell: every cell sits one column left.
		"|||效益指标|社会效益指标|就业率|＝|100|%|45|正向指标",
	}))
	if len(rec.Projects) != 1 || len(rec.Projects[0].Indicators) != 2 {
		t.Fatalf("got projects %v", names(rec))
	}
	in := rec.Projects[0].Indicators[1]
	if in.Level1 != "效益指标" || in.Level3 != "就业率" || in.Operator != "=" || *in.ValueNum != 100 ||
		in.MeasureUnit != "%" || *in.Weight != 45 || in.Direction != "正向指标" {
		t.Errorf("shifted row read as %+v", in)
	}
	// The stored grid is realigned too: 一级指标 is column 5.
	for _, c := range rec.Tables[0].Cells {
		if c.Text == "效益指标" && c.Col != 5 {
			t.Errorf("效益指标 stored in column %d, want 5", c.Col)
		}
	}
}

func TestTargetsLoneRowAfterPageBreak(t *testing.T) {
	rec := Document(targetsDoc(
		[]string{
			"|甲项目|1,000.00|目标。|产出指标|数量指标|培训人数|≥|50|人|80|正向指标",
		},
		[]string{
			"效益指标|社会效益指标|公益性岗位运行|定性|优||10", // shifted four columns left
			"|乙项目|2,000.00|目标。|产出指标|数量指标|次数|=|1|次|90|",
		},
	))
	if got := names(rec); len(got) != 2 || got[0] != "甲项目" || got[1] != "乙项目" {
		t.Fatalf("projects %v, want [甲项目 乙项目]", got)
	}
	first := rec.Projects[0]
	if len(first.Indicators) != 2 || first.Indicators[1].Level3 != "公益性岗位运行" || first.Indicators[1].Operator != "定性" ||
		first.Indicators[1].ValueNum != nil || first.Indicators[1].Page != 2 {
		t.Errorf("the lone row did not join 甲项目: %+v", first.Indicators)
	}
	if first.PageFirst != 1 || first.PageLast != 2 {
		t.Errorf("甲项目 on pages %d–%d, want 1–2", first.PageFirst, first.PageLast)
	}
}

func TestTargetsNameSplitAcrossPages(t *testing.T) {
	rec := Document(targetsDoc(
		[]string{
			"|创业担保贷款、农村劳务合作社企业用工监测|50,000.00|根据《关于规范农村劳务经|产出指标|数量指标|监测月数|=|12|月|50|",
		},
		[]string{
			"|、工业用上蓝领等工作经费|30,000.00|<p>纪人认定的通知》，开展工作。</p>|产出指标|数量指标|站点个数|=|1|个|40|",
			"|下一个项目|1.00|目标。|产出指标|数量指标|个数|=|1|个|90|",
		},
	))
	if got := names(rec); len(got) != 2 || got[0] != "创业担保贷款、农村劳务合作社企业用工监测、工业用上蓝领等工作经费" {
		t.Fatalf("projects %q", got)
	}
	p := rec.Projects[0]
	if p.Goal != "根据《关于规范农村劳务经纪人认定的通知》，开展工作。" {
		t.Errorf("goal %q", p.Goal)
	}
	if *p.BudgetFen != 8_000_000 || len(p.Indicators) != 2 || p.PageFirst != 1 || p.PageLast != 2 {
		t.Errorf("stitched project: budget %d, %d indicators, pages %d–%d", *p.BudgetFen, len(p.Indicators), p.PageFirst, p.PageLast)
	}
	if !hasFinding(rec, "budget_fragments", "50,000.00 (p1) + 30,000.00 (p2)") {
		t.Errorf("no budget_fragments finding in %+v", rec.Findings)
	}
}

func TestTargetsCompleteProjectsStayApart(t *testing.T) {
	// A page break between two projects whose weights each reach 90 is not
	// a split, however the second name reads.
	rec := Document(targetsDoc(
		[]string{"|非定额公用经费-行政|1.00|目标|产出指标|数量指标|次数|≤|5|次|90|"},
		[]string{"|、非定额公用经费-事业|2.00|目标|产出指标|数量指标|次数|≤|5|次|90|"},
	))
	if len(rec.Projects) != 2 {
		t.Errorf("projects %q, want two", names(rec))
	}
}

func TestTargetsUnitsAndTotals(t *testing.T) {
	rec := Document(targetsDoc([]string{
		"307-县人社局部门||3,000.00|||||||||",
		"|甲项目|1,000.00|目标。|产出指标|数量指标|次数|≥|1|次|90|反向指标",
		"307003-井研县就业创业促进中心|乙项目|1,000.00|目标。|产出指标|数量指标|次数|=|1|次|80|",
	}))
	for _, p := range rec.Projects {
		if p.DepartmentCode != "307" || p.UnitCode != "307003" || p.UnitName != "井研县就业创业促进中心" {
			t.Errorf("%s: department %s unit %s %s", p.Name, p.DepartmentCode, p.UnitCode, p.UnitName)
		}
	}
	for _, want := range []struct{ code, text string }{
		{"total_mismatch", "sum to 2,000.00 but the department row declares 3,000.00 (difference -1,000.00)"},
		{"weight_sum", "乙项目: indicator weights sum to 80"},
		{"direction_conflict", "次数 is marked 反向指标 but its operator is ≥"},
	} {
		if !hasFinding(rec, want.code, want.text) {
			t.Errorf("no %s finding saying %q in %+v", want.code, want.text, rec.Findings)
		}
	}
}

func TestMergeContinuationRows(t *testing.T) {
	open := model.Cell{Col: 1, RowSpan: 2, ColSpan: 1, Lines: []string{"实施就业创业培训、"}, Flags: model.Continued}
	rows := []model.Row{
		{Page: 1, Cells: []model.Cell{open, {Col: 2, RowSpan: 1, Lines: []string{"a"}}}},
		{Page: 1, Cells: []model.Cell{{Col: 2, RowSpan: 1, Lines: []string{"b"}}}},
	}
	next := []model.Row{
		{Page: 2, Cells: []model.Cell{{Col: 1, RowSpan: 3, Lines: []string{"就业见习"}}, {Col: 2, RowSpan: 1, Lines: []string{"c"}}}},
	}
	got := mergeContinuationRows(rows, next)
	c := got[0].Cells[0]
	if c.Lines[0] != "实施就业创业培训、就业见习" || c.RowSpan != 5 || c.Flags&model.Continued != 0 {
		t.Errorf("merged cell %+v", c)
	}
	if len(got[2].Cells) != 1 || got[2].Cells[0].Col != 2 {
		t.Errorf("the continuation cell was not removed from the next page's row: %+v", got[2].Cells)
	}
}

func TestStitchPagesDropsRepeatedHeader(t *testing.T) {
	doc := targetsDoc(
		[]string{"|甲项目|1.00|目标。|产出指标|数量指标|次数|≥|1|次|40|"},
		[]string{targetsHeader, "||||产出指标|数量指标|人数|≥|1|人|50|"},
	)
	for _, p := range doc.Pages {
		unwrapCellText(p.Tables[0])
	}
	tables := stitchPages(doc)
	if len(tables) != 1 || len(tables[0].Rows) != 3 {
		t.Fatalf("got %d tables, first with %d rows; want one table of 3 rows", len(tables), len(tables[0].Rows))
	}
}

func hasFinding(rec *model.Records, code, text string) bool {
	for _, f := range rec.Findings {
		if string(f.Code) == code && strings.Contains(f.Message, text) {
			return true
		}
	}
	return false
}

func TestTargetsRepeatedAcrossPages(t *testing.T) {
	// WPS prints a merged cell cut by a page break again on the next page.
	rec := Document(targetsDoc(
		[]string{"|67866-平台升级改造项目|3,273.40|升级平台。|产出指标|数量指标|功能模块|≥|5|个|40|"},
		[]string{"|67866-平台升级改造项目|3,273.40|升级平台。|效益指标|社会效益指标|服务质量|定性|提升||50|"},
	))
	if len(rec.Projects) != 1 {
		t.Fatalf("projects %q, want one", names(rec))
	}
	p := rec.Projects[0]
	if *p.BudgetFen != 327340 || p.Goal != "升级平台。" || len(p.Indicators) != 2 || p.PageLast != 2 {
		t.Errorf("budget %d, goal %q, %d indicators, last page %d", *p.BudgetFen, p.Goal, len(p.Indicators), p.PageLast)
	}
	if hasFinding(rec, "budget_fragments", "") {
		t.Error("a repeated amount is not a fragment")
	}
}

// gridDoc builds a document with one table fragment per page; rows are
// written with | between cells, one cell per grid column. A cell written
// text@RxC spans R rows and C columns; ~ marks a position a merged cell
// covers (no cell there); an empty string is an empty cell. The first page
// carries the title and caption.
func gridDoc(title string, caption []string, pages ...[]string) *model.Document {
	doc := &model.Document{Name: "test.txt"}
	for i, rows := range pages {
		n := i + 1
		f := &model.Table{Page: n}
		if i == 0 {
			f.Title, f.Caption = title, caption
		}
		for _, r := range rows {
			row := model.Row{Page: n}
			for col, text := range strings.Split(r, "|") {
				if text == "~" {
					continue
				}
				c := model.Cell{Col: col, RowSpan: 1, ColSpan: 1, Page: n}
				if at := strings.LastIndex(text, "@"); at >= 0 {
					rs, cs, _ := strings.Cut(text[at+1:], "x")
					c.RowSpan, _ = strconv.Atoi(rs)
					c.ColSpan, _ = strconv.Atoi(cs)
					text = text[:at]
				}
				if text != "" {
					c.Lines = []string{text}
				}
				row.Cells = append(row.Cells, c)
			}
			f.Rows = append(f.Rows, row)
		}
		doc.Pages = append(doc.Pages, &model.Page{Number: n, Tables: []*model.Table{f}})
	}
	return doc
}

// indicatorText renders an indicator's fields in one line for comparison:
// levels, operator, value text, value number, measure, weight, page.
func indicatorText(in model.Indicator) string {
	f := []string{in.Level1, in.Level2, in.Level3, in.Operator, in.ValueText, "", in.MeasureUnit, "", strconv.Itoa(in.Page)}
	if in.ValueNum != nil {
		f[5] = strconv.FormatFloat(*in.ValueNum, 'f', -1, 64)
	}
	if in.Weight != nil {
		f[7] = strconv.FormatFloat(*in.Weight, 'f', -1, 64)
	}
	return strings.Join(f, "|")
}

func checkIndicators(t *testing.T, p model.Project, want ...string) {
	t.Helper()
	if len(p.Indicators) != len(want) {
		t.Errorf("%s: %d indicators, want %d", p.Name, len(p.Indicators), len(want))
	}
	for i, in := range p.Indicators {
		if in.Seq != i+1 {
			t.Errorf("%s: indicator %d has seq %d", p.Name, i+1, in.Seq)
		}
		if i < len(want) && indicatorText(in) != want[i] {
			t.Errorf("%s: indicator %d\n got  %s\n want %s", p.Name, i+1, indicatorText(in), want[i])
		}
	}
}

// fen prints a project's budget in 元, or nil.
func fen(p model.Project) string {
	if p.BudgetFen == nil {
		return "nil"
	}
	return model.GroupedYuan(*p.BudgetFen)
}
