package normalize

import "testing"

func TestPerformanceGoals(t *testing.T) {
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

func TestPerformanceGoalsNeedsPerformance(t *testing.T) {
	// A list of projects with their aims is not a performance table.
	rec := Document(gridDoc("项目清单", []string{"单位：万元"}, []string{
		"项目名称|金额|年度目标",
		"法治建设|69.00|实施年度重点项目。",
	}))
	if len(rec.Projects) != 0 || rec.Tables[0].Kind == KindProjectPerformance {
		t.Errorf("projects %q from a table of kind %s", names(rec), rec.Tables[0].Kind)
	}
}
