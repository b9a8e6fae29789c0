package normalize

import (
	"testing"

	"github.com/budgetx/budgetx/model"
)

func findingCodes(rec *model.Records) map[string]int {
	out := map[string]int{}
	for _, f := range rec.Findings {
		out[string(f.Code)]++
	}
	return out
}

func TestValidateHierarchyAndColumns(t *testing.T) {
	rec := Document(grid("2025年部门支出预算总表", "元",
		"项目{1x4}|~|~|~|支出预算{1x3}|~|~",
		"功能分类科目编码{1x3}|~|~|功能分类科目名称{2x1}|合计{2x1}|基本支出{2x1}|项目支出{2x1}",
		"类|款|项",
		"201|||一般公共服务支出|300.00|200.00|100.00",
		"201|06||财政事务|300.00|200.00|100.00",
		"201|06|01|行政运行|250.00|200.00|50.00",
		"201|06|02|一般行政管理事务|50.01|0|50.01",
		"208|||社会保障和就业支出|10.00|10.00|",
		"208|05||行政事业单位养老支出|10.00|10.00|",
		"208|05|05|机关事业单位基本养老保险缴费支出|10.00|10.00|",
		"合计{1x4}|~|~|~|310.00|210.00|100.00",
	))
	// 250.00 + 50.01 is 300.01: within 0.01 per term of 300.00. Nothing else
	// is off.
	if got := findingCodes(rec); len(got) != 0 {
		t.Fatalf("findings on a consistent table: %+v", rec.Findings)
	}

	rec = Document(grid("2025年部门支出预算总表", "元",
		"项目{1x4}|~|~|~|支出预算{1x3}|~|~",
		"功能分类科目编码{1x3}|~|~|功能分类科目名称{2x1}|合计{2x1}|基本支出{2x1}|项目支出{2x1}",
		"类|款|项",
		"201|||一般公共服务支出|300.00|200.00|100.00",
		"201|06||财政事务|300.00|200.00|100.00",
		"201|06|01|行政运行|250.00|200.00|50.00",
		"201|06|02|一般行政管理事务|45.00|0|45.00",   // 项 short of its 款 by 5.00
		"合计{1x4}|~|~|~|301.00|200.00|100.00", // 合计 off by 1.00, across and down
	))
	got := findingCodes(rec)
	if got["subtotal_mismatch"] != 2 || got["column_sum_mismatch"] != 1 || got["total_mismatch"] != 1 {
		t.Errorf("findings %v, want 2 subtotal (合计 and 项目支出 of 20106), 1 column sum (row 8), 1 total", got)
		for _, f := range rec.Findings {
			t.Log(f.Message)
		}
	}
	if !hasFinding(rec, "subtotal_mismatch", "row 5 p1: 20106 财政事务 合计 = sum of its 2 sub-items: printed 300.00, computed 295.00 (difference 5.00 元)") {
		t.Errorf("the subtotal finding does not say where and by how much: %+v", rec.Findings)
	}
	// Every failure is one failed check; the checks that held count too.
	checks := map[string]model.Check{}
	for _, c := range rec.Tables[0].Checks {
		checks[string(c.Code)] = c
	}
	for code, n := range got {
		if c := checks[code]; c.Failed != n || c.Run <= c.Failed {
			t.Errorf("%s: %d findings, checks %+v: want as many failed and more run", code, n, c)
		}
	}
	// 201 = 20106 and 20106 = 20106xx in three columns each.
	if c := checks["subtotal_mismatch"]; c.Run != 6 {
		t.Errorf("subtotal checks %+v, want 6 run", c)
	}
}

func TestValidateFinalAccountsTotals(t *testing.T) {
	rec := Document(grid("收入支出决算总表", "万元",
		"收入{1x2}|~|支出{1x2}|~",
		"项目|金额|项目|金额",
		"一、一般公共预算财政拨款收入|100.00|一、一般公共服务支出|90.00",
		"二、其他收入|20.00|二、教育支出|10.00",
		"本年收入合计|120.00|本年支出合计|100.00",
		"年初结转和结余|5.00|年末结转和结余|25.00",
		"一般公共预算财政拨款|5.00||",
		"总计|125.00|总计|126.00",
	))
	if !hasFinding(rec, "total_mismatch", "总计 金额 = 本年支出合计 + the lines between: printed 126.00, computed 125.00") {
		for _, f := range rec.Findings {
			t.Log(f.Message)
		}
		t.Errorf("the expenditure grand total is off by 1.00 and not reported")
	}
	if n := findingCodes(rec)["total_mismatch"]; n != 1 {
		t.Errorf("%d total findings, want 1 (the income side adds up)", n)
	}
}

func TestValidateCrossTable(t *testing.T) {
	doc := grid("财政拨款收支总表", "元",
		"财政拨款收入{1x2}|~|财政拨款支出{1x3}|~|~",
		"项目|预算数|项目|合计|一般公共预算",
		"一、一般公共预算资金|100.00|一、一般公共服务支出|100.00|100.00",
		"收入总计|100.00|支出总计|100.00|100.00",
	)
	other := grid("一般公共预算支出功能分类预算表", "元",
		"功能分类科目编码|功能分类科目名称|合计|基本支出|项目支出",
		"201|一般公共服务支出|90.00|90.00|",
		"合计||90.00|90.00|",
	)
	other.Pages[0].Number = 2
	other.Pages[0].Tables[0].Page = 2
	for i := range other.Pages[0].Tables[0].Rows {
		other.Pages[0].Tables[0].Rows[i].Page = 2
	}
	doc.Pages = append(doc.Pages, other.Pages...)
	rec := Document(doc)
	if !hasFinding(rec, "cross_table_mismatch", "prints 100.00 元 for the 一般公共预算 expenditure, but table 2") {
		t.Errorf("findings %+v", rec.Findings)
	}

	// Last year's budget printed beside this year's is a comparison, not
	// the table's total.
	doc = grid("2026年财政拨款收支总表", "元",
		"财政拨款收入{1x2}|~|财政拨款支出{1x3}|~|~",
		"项目|预算数|项目|合计|一般公共预算",
		"一、一般公共预算资金|100.00|一、一般公共服务支出|100.00|100.00",
		"收入总计|100.00|支出总计|100.00|100.00",
	)
	other = grid("2026年一般公共预算支出情况表", "元",
		"科目编码|科目名称|2025年预算数|2026年预算数{1x3}|~|~",
		"~|~|~|总计|基本支出|项目支出",
		"201|一般公共服务支出|90.00|100.00|60.00|40.00",
		"合计||90.00|100.00|60.00|40.00",
	)
	for _, r := range other.Pages[0].Tables[0].Rows {
		for i := range r.Cells {
			r.Cells[i].Page = 2
		}
	}
	other.Pages[0].Number = 2
	doc.Pages = append(doc.Pages, other.Pages...)
	rec = Document(doc)
	if hasFinding(rec, "cross_table_mismatch", "") || rec.Tables[1].Checks == nil {
		t.Errorf("checks %+v, findings %+v: want the 2026 总计 compared, and equal", rec.Tables[1].Checks, rec.Findings)
	}
}

func TestValidateBalance(t *testing.T) {
	rec := Document(grid("部门收支总表", "元",
		"本年收入{1x2}|~|本年支出{1x2}|~",
		"项目|预算数|项目|预算数",
		"一、财政拨款收入|100.00|一、一般公共服务支出|101.00",
		"收入总计|100.00|支出总计|101.00",
	))
	if !hasFinding(rec, "balance_mismatch", "支出总计 预算数 (row 4) = 收入总计 预算数 (row 4): printed 101.00, computed 100.00") {
		t.Errorf("findings %+v", rec.Findings)
	}
}

func TestValidateThreePublicByBudgetAndActual(t *testing.T) {
	rec := Document(grid("财政拨款“三公”经费支出决算表", "万元",
		"合计{1x2}|~|因公出国（境）费{1x2}|~|公务用车购置及运行维护费{1x6}|~|~|~|~|~|公务接待费{1x2}|~",
		"~|~|~|~|小计{1x2}|~|公务用车购置费{1x2}|~|公务用车运行维护费{1x2}|~|~|~",
		"预算数|决算数|预算数|决算数|预算数|决算数|预算数|决算数|预算数|决算数|预算数|决算数",
		"2.85|0.49|0.00|0.00|0.00|0.00|0.00|0.00|0.00|0.00|2.85|0.39",
	))
	// The 预算数 add up (0 + 0 + 2.85); the 决算数 do not (0 + 0 + 0.39 ≠ 0.49).
	if n := findingCodes(rec)["column_sum_mismatch"]; n != 1 || !hasFinding(rec, "column_sum_mismatch", "合计/决算数") {
		t.Errorf("findings %+v, want one on 合计/决算数", rec.Findings)
	}
}

// Shenzhen's 支出总表 breaks its procurement column down with 其中 columns:
// parts of the 小计, not addends beside it. A 其中 row is part of the row
// above it.
func TestValidateSubsets(t *testing.T) {
	rec := Document(grid("支出总表", "万元",
		"科目编码{2x1}|科目名称{2x1}|支出总计{2x1}|基本支出{2x1}|项目支出{2x1}|2026年政府采购项目{1x3}|~|~",
		"~|~|~|~|~|小计|其中：预留给中小企业的项目资金规模|其中：预留给小型、微型企业的项目资金规模",
		"|合计|100.00|60.00|40.00|30.00|20.00|10.00",
		"212|城乡社区支出|100.00|60.00|40.00|30.00|20.00|10.00",
		"21201|城乡社区管理事务|100.00|60.00|40.00|30.00|35.00|10.00", // a part above its whole
	))
	got := findingCodes(rec)
	if got["column_sum_mismatch"] != 0 || got["subset_mismatch"] != 1 {
		t.Errorf("findings %v: want one subset_mismatch and no column sums over 其中", got)
		for _, f := range rec.Findings {
			t.Log(f.Message)
		}
	}
	if !hasFinding(rec, "subset_mismatch", "row 5 p1: 21201城乡社区管理事务 2026年政府采购项目/其中：预留给中小企业的项目资金规模 ≤ 2026年政府采购项目/小计: the part prints 35.00, more than the 30.00 its whole prints") {
		t.Errorf("the finding does not name row, columns and amounts: %+v", rec.Findings)
	}

	rec = Document(grid("收支总表", "元",
		"项目|预算数",
		"一、一般公共预算拨款收入|100.00",
		"其中：上年结转|120.00",
		"二、事业收入|50.00",
		"收入总计|150.00",
	))
	if got := findingCodes(rec); got["subset_mismatch"] != 1 || got["total_mismatch"] != 0 {
		t.Errorf("findings %v: want the 其中 row bounded by the row above and left out of the total", got)
	}
}
