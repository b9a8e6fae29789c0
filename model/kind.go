package model

// Kind names the standard table a table is, as its title says; the
// values are those of tables.kind and of the JSON records.
type Kind string

// The kinds of table, as DESIGN.md names them.
const (
	KindIncomeExpenseSummary Kind = "income_expense_summary"       // 收支总表
	KindIncomeSummary        Kind = "income_summary"               // 收入总表
	KindExpenseSummary       Kind = "expense_summary"              // 支出总表
	KindAppropriation        Kind = "appropriation_summary"        // 财政拨款收支总表
	KindGeneralExpense       Kind = "general_budget_expense"       // 一般公共预算支出表
	KindGeneralBasicExpense  Kind = "general_budget_basic_expense" // 一般公共预算基本支出表
	KindThreePublic          Kind = "three_public_expense"         // “三公”经费支出表
	KindGovFund              Kind = "gov_fund_expense"             // 政府性基金预算支出表
	KindStateCapital         Kind = "state_capital_expense"        // 国有资本经营预算支出表
	KindProjectExpense       Kind = "project_expense"              // 项目支出表
	KindProcurement          Kind = "procurement"                  // 政府采购预算表
	KindAppropriationExpense Kind = "appropriation_expense"        // 财政拨款支出表 (功能科目)
	KindAppropriationBasic   Kind = "appropriation_basic_expense"  // 财政拨款基本支出表 (经济科目)
	KindOperatingExpense     Kind = "operating_expense"            // 机关运行经费支出表
	KindPurchaseService      Kind = "purchase_service"             // 政府购买服务明细表
	KindBasicExpense         Kind = "basic_expense"                // 基本支出表, all funds
	KindProjectPerformance   Kind = "project_performance"          // 项目支出绩效目标表
	KindOverallPerformance   Kind = "overall_performance"          // 整体支出绩效目标表
	KindSelfEvaluation       Kind = "performance_self_evaluation"  // 绩效自评表
	KindOther                Kind = "other"                        // no standard table, or an unknown title
)
