package normalize

import (
	"strings"
	"testing"

	"github.com/budgetx/budgetx/model"
)

// grid builds a one-page table from rows written with | between cells; a
// cell written as text{2x1} spans two rows and one column.
func grid(title, unit string, rows ...string) *model.Document {
	f := &model.Table{Page: 1, Title: title, Caption: []string{"单位：" + unit}}
	for _, r := range rows {
		row := model.Row{Page: 1}
		for col, text := range strings.Split(r, "|") {
			c := model.Cell{Col: col, RowSpan: 1, ColSpan: 1, Page: 1}
			if i := strings.Index(text, "{"); i >= 0 {
				var rs, cs int
				fmtSscan(text[i:], &rs, &cs)
				c.RowSpan, c.ColSpan, text = rs, cs, text[:i]
			}
			if text == "~" {
				continue // covered by a span
			}
			if text != "" {
				c.Lines = []string{text}
			}
			row.Cells = append(row.Cells, c)
		}
		f.Rows = append(f.Rows, row)
	}
	return &model.Document{Pages: []*model.Page{{Number: 1, Tables: []*model.Table{f}}}}
}

func fmtSscan(s string, rs, cs *int) {
	s = strings.Trim(s, "{}")
	a, b, _ := strings.Cut(s, "x")
	*rs, *cs = atoi(a), atoi(b)
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

type lineWant struct {
	code, name, column, kind string
	level                    int
	fen                      int64 // -1: no amount
	total                    bool
}

func checkLines(t *testing.T, got []model.BudgetLine, want []lineWant) {
	t.Helper()
	if len(got) != len(want) {
		for _, l := range got {
			t.Logf("%+v", l)
		}
		t.Fatalf("%d lines, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		fen := int64(-1)
		if g.AmountFen != nil {
			fen = *g.AmountFen
		}
		if g.Code != w.code || g.Name != w.name || g.ColumnName != w.column || g.SubjectKind != w.kind ||
			g.Level != w.level || fen != w.fen || g.IsTotal != w.total {
			t.Errorf("line %d: %s %s %q %s level %d %d total %v; want %s %s %q %s level %d %d total %v", i,
				g.Code, g.Name, g.ColumnName, g.SubjectKind, g.Level, fen, g.IsTotal,
				w.code, w.name, w.column, w.kind, w.level, w.fen, w.total)
		}
	}
}

func TestBudgetLinesSplitCodes(t *testing.T) {
	rec := Document(grid("2025年部门支出预算总表", "元",
		"项目{1x4}|~|~|~|支出预算{1x3}|~|~",
		"功能分类科目编码{1x3}|~|~|功能分类科目名称{2x1}|合计{2x1}|基本支出{2x1}|项目支出{2x1}",
		"类|款|项",
		"201|||一般公共服务支出|1,100.50|1,000.00|100.50",
		"201|6||财政事务|1,100.50|1,000.00|100.50",
		"201|6|1|行政运行|1,100.50|1,000.00|-",
		"合计{1x4}|~|~|~|1,100.50|1,000.00|100.50",
	))
	tr := rec.Tables[0]
	if tr.Kind != model.KindExpenseSummary {
		t.Fatalf("kind %s", tr.Kind)
	}
	checkLines(t, tr.Lines, []lineWant{
		{"201", "一般公共服务支出", "合计", "功能分类", 1, 110050, false},
		{"201", "一般公共服务支出", "基本支出", "功能分类", 1, 100000, false},
		{"201", "一般公共服务支出", "项目支出", "功能分类", 1, 10050, false},
		{"20106", "财政事务", "合计", "功能分类", 2, 110050, false},
		{"20106", "财政事务", "基本支出", "功能分类", 2, 100000, false},
		{"20106", "财政事务", "项目支出", "功能分类", 2, 10050, false},
		{"2010601", "行政运行", "合计", "功能分类", 3, 110050, false},
		{"2010601", "行政运行", "基本支出", "功能分类", 3, 100000, false},
		{"2010601", "行政运行", "项目支出", "功能分类", 3, -1, false},
		{"", "合计", "合计", "功能分类", 0, 110050, true},
		{"", "合计", "基本支出", "功能分类", 0, 100000, true},
		{"", "合计", "项目支出", "功能分类", 0, 10050, true},
	})
}

func TestBudgetLinesTwoSidedWithRowNumbers(t *testing.T) {
	rec := Document(grid("收入支出决算总表", "万元",
		"收入{1x3}|~|~|支出{1x3}|~|~",
		"项目|行次|金额|项目|行次|金额",
		"栏次||1|栏次||2",
		"一、一般公共预算财政拨款收入|1|19,572.91|一、一般公共服务支出|32|10,685.56",
		"本年收入合计|2|19,572.91|本年支出合计|33|10,685.56",
	))
	checkLines(t, rec.Tables[0].Lines, []lineWant{
		{"", "一、一般公共预算财政拨款收入", "金额", "收入", 1, 19572910000, false},
		{"", "本年收入合计", "金额", "收入", 0, 19572910000, true},
		{"", "一、一般公共服务支出", "金额", "支出", 1, 10685560000, false},
		{"", "本年支出合计", "金额", "支出", 0, 10685560000, true},
	})
}

func TestBudgetLinesCodeAndNameInOneCell(t *testing.T) {
	rec := Document(grid("预算05表一般公共预算支出表", "万元",
		"功能分类科目|合计|基本支出",
		"2040601-行政运行|12,482.549431|12,482.549431",
		"208 05 05 机关事业单位基本养老保险缴费支出|1.5|",
	))
	checkLines(t, rec.Tables[0].Lines, []lineWant{
		{"2040601", "行政运行", "合计", "功能分类", 3, 12482549431, false},
		{"2040601", "行政运行", "基本支出", "功能分类", 3, 12482549431, false},
		{"2080505", "机关事业单位基本养老保险缴费支出", "合计", "功能分类", 3, 1500000, false},
		{"2080505", "机关事业单位基本养老保险缴费支出", "基本支出", "功能分类", 3, -1, false},
	})
}
