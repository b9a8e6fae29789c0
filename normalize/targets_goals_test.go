package normalize

import (
	"testing"

	"github.com/budgetx/budgetx/model"
)

func TestTargetsGoals(t *testing.T) {
	rec := Document(gridDoc("表11：2026年市级部门项目支出绩效表", []string{"部门名称：杭州市某局", "单位:万元"},
		[]string{
			"单位名称|项目名称|金额|绩效目标",
			"杭州市某局|法治建设|69.00|实施年度重点项目。",
			"杭州市某监狱|狱政设施建设|1,059.66|保障监狱正常运转",
		},
		[]string{"||| 维护监管秩序。"},
	))
	if len(rec.Projects) != 2 {
		t.Fatalf("projects %q, want two", names(rec))
	}
	p := rec.Projects[1]
	if p.Name != "狱政设施建设" || p.UnitName != "杭州市某监狱" || p.DepartmentName != "杭州市某局" || fen(p) != "10,596,600.00" ||
		p.Goal != "保障监狱正常运转维护监管秩序。" || p.PageLast != 2 || len(p.Indicators) != 0 {
		t.Errorf("second project %+v", p)
	}
	if hasFinding(rec, "text_truncated", "") {
		t.Errorf("the goals end their sentences: %+v", rec.Findings)
	}
}

func TestTargetsGoalsNeedsPerformance(t *testing.T) {
	// A list of projects with their aims is not a performance table.
	rec := Document(gridDoc("项目清单", []string{"单位：万元"}, []string{
		"项目名称|金额|年度目标",
		"法治建设|69.00|实施年度重点项目。",
	}))
	if len(rec.Projects) != 0 || rec.Tables[0].Kind == model.KindProjectPerformance {
		t.Errorf("projects %q from a table of kind %s", names(rec), rec.Tables[0].Kind)
	}
}

// Guangzhou's 重点项目 table: the amount's unit in its header, and a goal
// that goes on to pack numbered indicators.
func TestTargetsGoalsPackedInGoal(t *testing.T) {
	rec := Document(gridDoc("七、重点项目预算绩效目标情况", nil, []string{
		"项目|预算数（单位：万元）|绩效目标",
		"公共交通财政补贴|300,000|通过开展公共交通财政补贴，保持公交行业平稳运行。",
		"道路养护专项|3,500|通过开展道路养护，主要达到如下目标：1、1-产出指标；11-数量指标；道路养护长度；实施周期指标值:47.1公里；年度指标值:47.1公里。2、2-效益指标；22-社会效益；安全事故发生数；年度指标值:安全事故发生控制数为零。",
	}))
	if len(rec.Projects) != 2 || fen(rec.Projects[0]) != "3,000,000,000.00" || rec.Tables[0].Unit != "万元" {
		t.Fatalf("projects %+v, unit %q", rec.Projects, rec.Tables[0].Unit)
	}
	p := rec.Projects[1]
	if p.Goal != "通过开展道路养护，主要达到如下目标：" || fen(p) != "35,000,000.00" {
		t.Errorf("second project %+v", p)
	}
	checkIndicators(t, p,
		"产出指标|数量指标|道路养护长度||47.1|47.1|公里||1",
		"效益指标|社会效益|安全事故发生数||安全事故发生控制数为零||||1",
	)
}
