package normalize

import (
	"testing"

	"github.com/budgetx/budgetx/model"
)

func TestClassifyTitle(t *testing.T) {
	tests := []struct {
		title string
		kind  model.Kind
	}{
		{"部门预算项目绩效目标表（2024年度）", model.KindProjectPerformance},
		{"2026年项目支出绩效目标表（含转移支付项目）", model.KindProjectPerformance},
		{"表11 项目支出绩效表", model.KindProjectPerformance},
		{"预算13表 部门整体支出绩效目标表", model.KindOverallPerformance},
		{"项目支出绩效自评表", model.KindSelfEvaluation},
		{"2025年部门财务收支预算总表", model.KindIncomeExpenseSummary},
		{"预算01表 收支总表", model.KindIncomeExpenseSummary},
		{"公开01表 收入支出决算总表", model.KindIncomeExpenseSummary},
		{"部门收入预算总表", model.KindIncomeSummary},
		{"部门支出预算总表", model.KindExpenseSummary},
		{"部门财政拨款收支预算总表", model.KindAppropriation},
		{"财政拨款收入支出决算总表", model.KindAppropriation},
		{"一般公共预算支出功能分类预算表", model.KindGeneralExpense},
		{"一般公共预算基本支出部门预算经济分类预算表", model.KindGeneralBasicExpense},
		{"五、一般公共预算“三公”经费支出表", model.KindThreePublic},
		{`财政拨款"三公"经费支出表`, model.KindThreePublic},
		{"政府性基金预算支出表", model.KindGovFund},
		{"国有资本经营预算支出表", model.KindStateCapital},
		{"表10 项目支出预算表", model.KindProjectExpense},
		{"政府采购预算明细表", model.KindProcurement},
		{"支出决算表", model.KindExpenseSummary},
		{"财政拨款支出预算表（功能科目）", model.KindAppropriationExpense},
		{"财政拨款基本支出预算表（经济科目）", model.KindAppropriationBasic},
		{"一般公共预算机关运行经费支出预算表", model.KindOperatingExpense},
		{"预算11表财政拨款政府购买服务明细表", model.KindPurchaseService},
		{"基本支出预算情况表", model.KindBasicExpense},
		{"项目支出总表", model.KindProjectExpense},
		{"部门综合预算专项业务经费支出表", model.KindProjectExpense},
		{"部门综合预算收支总表", model.KindIncomeExpenseSummary},
		{"部门综合预算一般公共预算支出明细表", model.KindGeneralExpense},
		{"十二、部门预算项目支出及其他支出预算表", model.KindProjectExpense},
		{"目录", model.KindOther},
		{"部门主要职能", model.KindOther},
	}
	for _, tt := range tests {
		if got := classifyTitle(tt.title); got != tt.kind {
			t.Errorf("classifyTitle(%q) = %s (bare %q), want %s", tt.title, got, bareTitle(tt.title), tt.kind)
		}
	}
}

func TestAmountUnitAndYear(t *testing.T) {
	if u := amountUnit("部门预算项目绩效目标表", "金额单位：元"); u != "元" {
		t.Errorf("unit %q, want 元", u)
	}
	if u := amountUnit("单位:万元"); u != "万元" {
		t.Errorf("unit %q, want 万元", u)
	}
	if y := fiscalYear("部门预算项目绩效目标表（2024年度）"); y != 2024 {
		t.Errorf("year %d, want 2024", y)
	}
	if k := documentKind("2024年度部门决算"); k != "决算" {
		t.Errorf("kind %q, want 决算", k)
	}
}
