package normalize

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/budgetx/budgetx/model"
)

// A Shanghai 财政项目支出绩效目标填报表: one form per project.
var shanghaiForms = [][]string{{
	"财政项目支出绩效目标填报表@1x8|~|~|~|~|~|~|~",
	"项目名称@1x2|~|社区服务中心@1x2|~|项目性质|阶段性项目|项目类别|特定目标类",
	"主管部门@1x2|~|某街道办事处@1x2|~|实施单位|某街道办事处@1x3|~|~",
	"项目资金（元）@4x2|~|项目资金总额@1x2|~|4,100,000.00|年度资金申请总额@1x2|~|4,100,000.00",
	"~|~|其中：财政资金@2x2|~|4,100,000.00@2x1|其中：当年财政拨款@1x2|~|4,100,000.00",
	"~|~|~|~|~|上年结转资金@1x2|~|0.00",
	"~|~|其他资金@1x2|~|0.00|其他资金@1x2|~|0.00",
	"项目绩效目标@2x1|项目总目标@1x4|~|~|~|年度总体目标@1x3|~|~",
	"~|建成社区服务场所。@1x4|~|~|~|年内建成社区服务场所。@1x3|~|~",
	"|一级指标|二级指标|三级指标@1x3|~|~|年度(/项目)指标值@1x2|~",
	"绩效指标@3x1|产出指标@2x1|数量指标|规划建筑面积@1x3|~|~|≥13459.00(平方米)@1x2|~",
	"~|~|质量指标|完工及时率@1x3|~|~|及时率@1x2|~",
	"~|满意度指标|服务对象满意度指标|居民满意度@1x3|~|~|不低于50%@1x2|~",
}, {
	"项目名称@1x2|~|运行经费@1x2|~|项目性质|经常性项目|项目类别|其他运转类",
	"项目资金（元）@4x2|~|项目资金总额@1x2|~|10,903,043.00|年度资金申请总额@1x2|~|10,903,043.00",
	"~|~|其中：财政资金@2x2|~|10,903,043.00@2x1|其中：当年财政拨款@1x2|~|11,419,043.00",
	"~|~|~|~|~|上年结转资金@1x2|~|0.00",
	"~|~|其他资金@1x2|~|0.00|其他资金@1x2|~|0.00",
	"项目绩效目标@2x1|项目总目标@1x4|~|~|~|年度总体目标@1x3|~|~",
	"~|保障运行。@1x4|~|~|~|保障运行。@1x3|~|~",
	"|一级指标|二级指标|三级指标@1x3|~|~|年度(/项目)指标值@1x2|~",
	"绩效指标@1x1|效益指标|社会效益指标|安全责任事故@1x3|~|~|安全无事故@1x2|~",
}}

func TestTargetsForms(t *testing.T) {
	rec := Document(gridDoc("", nil, shanghaiForms...))
	if len(rec.Projects) != 2 || rec.Tables[0].Kind != model.KindProjectPerformance {
		t.Fatalf("projects %q in a table of kind %s", names(rec), rec.Tables[0].Kind)
	}
	p := rec.Projects[0]
	if p.Name != "社区服务中心" || p.DepartmentName != "某街道办事处" || p.UnitName != "某街道办事处" ||
		fen(p) != "4,100,000.00" || p.Goal != "年内建成社区服务场所。" || p.PageFirst != 1 || p.PageLast != 1 {
		t.Errorf("first form read as %+v", p)
	}
	checkIndicators(t, p,
		"产出指标|数量指标|规划建筑面积|≥|13459.00|13459|平方米||1",
		"产出指标|质量指标|完工及时率||及时率||||1",
		"满意度指标|服务对象满意度指标|居民满意度|≥|50|50|%||1",
	)
	p = rec.Projects[1]
	if p.Name != "运行经费" || fen(p) != "10,903,043.00" || p.PageFirst != 2 {
		t.Errorf("second form read as %+v", p)
	}
	checkIndicators(t, p, "效益指标|社会效益指标|安全责任事故||安全无事故||||2")
	if !hasFinding(rec, "budget_parts_mismatch", "运行经费: the amount 10,903,043.00 differs from the sum of the amounts printed under it, 11,419,043.00 + 0.00 + 0.00") {
		t.Errorf("no budget_parts_mismatch in %+v", rec.Findings)
	}
	if hasFinding(rec, "budget_parts_mismatch", "社区服务中心") {
		t.Error("社区服务中心's amounts add up")
	}
}

func TestTargetsSelfEvaluation(t *testing.T) {
	rec := Document(gridDoc("培训专项项目绩效自评表", []string{"（2024年度）"}, []string{
		"项目名称@1x2|~|培训专项@1x6|~|~|~|~|~",
		"主管部门@1x2|~|[292]国家信访局@1x2|~|实施单位|国家信访局@1x3|~|~",
		"项目资金（万元）@5x2|~||年初预算数|全年预算数|全年执行数|分值|得分",
		"~|~|年度资金总额：|180.61|180.03|180.03|10.0|10",
		"~|~|其中：财政拨款|140.61|140.61|140.61|--|--",
		"~|~|上年结转|40.00|39.42|39.42|--|--",
		"~|~|其他资金|0.00|0.00|0.00|--|--",
		"年度总体目标@2x1|预期目标@1x3|~|~|实际完成情况@1x3|~|~",
		"~|培训干部。@1x3|~|~|完成培训。@1x3|~|~",
		"绩效指标@3x1|一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分",
		"~|产出指标@2x1|数量指标|培训人数|≥300人|366人|50|50",
		"~|~|时效指标|完成考核|次年2月份前|已完成|30|28",
		"~|满意度指标|服务对象满意度指标|受训学员满意率|≥95%|100%|10|10",
		"总分@1x6|~|~|~|~|~|100|98",
	}))
	if len(rec.Projects) != 1 || rec.Tables[0].Kind != model.KindSelfEvaluation {
		t.Fatalf("projects %q in a table of kind %s", names(rec), rec.Tables[0].Kind)
	}
	p := rec.Projects[0]
	if p.Name != "培训专项" || p.DepartmentCode != "292" || p.DepartmentName != "国家信访局" || p.UnitName != "国家信访局" ||
		fen(p) != "1,800,300.00" || p.Goal != "培训干部。" {
		t.Errorf("form read as %+v", p)
	}
	// The weight is the 分值; the actual value and the score are not stored.
	checkIndicators(t, p,
		"产出指标|数量指标|培训人数|≥|300|300|人|50|1",
		"产出指标|时效指标|完成考核||次年2月份前|||30|1",
		"满意度指标|服务对象满意度指标|受训学员满意率|≥|95|95|%|10|1",
	)
	if hasFinding(rec, "weight_sum", "") || hasFinding(rec, "budget_parts_mismatch", "") {
		t.Errorf("weights sum to 90 and the money adds up: %+v", rec.Findings)
	}
}

func TestTargetsOverall(t *testing.T) {
	rec := Document(gridDoc("预算13表部门整体支出绩效目标表", []string{"（2026年度）"}, []string{
		"部门名称@1x2|~|北京市某局@1x7|~|~|~|~|~|~",
		"总体资金情况（万元）@3x2|~|预算支出总额@2x1|财政拨款@1x3|~|~|其他资金@1x3|~|~",
		"~|~|~|合计|基本支出|项目支出|合计|基本支出|项目支出",
		"~|~|23,083.340436|22,976.340436|15,260.115635|7,716.224801|107.000000|57.000000|50.000000",
		"@4x1|整体绩效目标|坚持法治引领。@1x7|~|~|~|~|~|~",
		"~|其他说明|@1x7|~|~|~|~|~|~",
		"~|活动@1x2|~|绩效指标@1x2|~|指标性质|指标值@1x2|~|度量单位",
		"~|法制建设@1x2|~|产出指标数量指标北京市行政执法资格考试人数@1x2|~|≤|4500@1x2|~|人次",
		"~|普法宣传@1x2|~|效益指标可持续影响指标营造尊法氛围@1x2|~|定性|效果显著@1x2|~|",
	}))
	if len(rec.Projects) != 1 {
		t.Fatalf("projects %q, want one", names(rec))
	}
	p := rec.Projects[0]
	if p.Name != "部门整体支出" || p.DepartmentName != "北京市某局" || fen(p) != "230,833,404.36" || p.Goal != "坚持法治引领。" {
		t.Errorf("overall form read as %+v", p)
	}
	checkIndicators(t, p,
		"产出指标|数量指标|北京市行政执法资格考试人数|≤|4500|4500|人次||1",
		"效益指标|可持续影响指标|营造尊法氛围|定性|效果显著||||1",
	)
}

func TestTargetsOverallWeights(t *testing.T) {
	// Chongqing: the department's name in the caption, the goal under its
	// label, weights.
	rec := Document(gridDoc("2026年部门整体绩效目标表", []string{"表十", "单位名称：重庆市某局"}, []string{
		"当年整体绩效目标@1x6|~|~|~|~|~",
		"建设水网。@1x6|~|~|~|~|~",
		"绩效指标@3x1|指标名称|指标性质|指标值|计量单位|指标权重(%)",
		"~|续建大中型水库|≥|27|座|60",
		"~|年度预算执行率|=|100|%|30",
	}))
	if len(rec.Projects) != 1 {
		t.Fatalf("projects %q, want one", names(rec))
	}
	p := rec.Projects[0]
	if p.Name != "部门整体" || p.DepartmentName != "重庆市某局" || p.BudgetFen != nil || p.Goal != "建设水网。" {
		t.Errorf("overall form read as %+v", p)
	}
	checkIndicators(t, p, "||续建大中型水库|≥|27|27|座|60|1", "||年度预算执行率|=|100|100|%|30|1")
	if hasFinding(rec, "weight_sum", "") {
		t.Errorf("90 is a complete block: %+v", rec.Findings)
	}
}

func TestTargetsIndicatorsOnly(t *testing.T) {
	// A report's 表1 项目年度绩效指标表: indicators and no project.
	rec := Document(gridDoc("项目2024年度绩效指标设置情况见表1。", []string{"表1：项目年度绩效指标表"}, []string{
		"一级指标|二级指标|三级指标|指标值",
		"成本指标|经济成本指标|项目总成本|不超过预算",
		"产出指标@2x1|数量指标|设备维护量|≥330台套",
		"~|质量指标|设备完好率|≥96%",
	}))
	if len(rec.Projects) != 1 || rec.Projects[0].Name != "" {
		t.Fatalf("projects %q, want one without a name", names(rec))
	}
	checkIndicators(t, rec.Projects[0],
		"成本指标|经济成本指标|项目总成本|≤|不超过预算||||1",
		"产出指标|数量指标|设备维护量|≥|330|330|台套||1",
		"产出指标|质量指标|设备完好率|≥|96|96|%||1",
	)
	if !hasFinding(rec, "project_unnamed", "表1：项目年度绩效指标表") {
		t.Errorf("no project_unnamed finding in %+v", rec.Findings)
	}
}

func TestTargetsGridTwoHeaderRows(t *testing.T) {
	// The indicator columns' labels on a row of their own are not a form:
	// the grid layout reads the table.
	rec := Document(gridDoc("项目支出绩效目标表", []string{"单位：元"}, []string{
		"项目名称@2x1|预算数@2x1|绩效指标@1x4|~|~|~",
		"~|~|一级指标|二级指标|三级指标|指标值",
		"甲项目@2x1|1.00@2x1|产出指标|数量指标|人数|≥1",
		"~|~|效益指标|社会效益指标|就业率|=100",
	}))
	if len(rec.Projects) != 1 || rec.Projects[0].Name != "甲项目" || fen(rec.Projects[0]) != "1.00" {
		t.Errorf("projects %+v", rec.Projects)
	}
}

func TestTargetsFormsIdempotent(t *testing.T) {
	doc := gridDoc("", nil, shanghaiForms...)
	first, _ := json.Marshal(Document(doc))
	second, _ := json.Marshal(Document(doc))
	if !bytes.Equal(first, second) {
		t.Error("normalizing the same document twice gave different records")
	}
}

// yantaiForm is a form of the Yantai layout: the amount after a …总额：
// label in the middle of its row, the unit in the row's first cell, the
// department with its code after an underscore, and 绩效指标 printed again
// in the first column of every indicator row.
func yantaiForm(unit, amount string) []string {
	return []string{
		"项目名称|审计业务经费@1x5|~|~|~|~",
		"主管部门及代码|231_烟台市审计局@1x2|~|实施单位|" + unit + "@1x2|~",
		"项目资金（万元）@3x1|年度预算资金总额：|" + amount + "@1x4|~|~|~",
		"~|其中：财政拨款|0.00@1x4|~|~|~",
		"~|其他资金|" + amount + "@1x4|~|~|~",
		"年度总体目标|完成审计任务。@1x5|~|~|~|~",
		"|一级指标|二级指标|三级指标|指标值@1x2|~",
		"绩效指标|产出指标|数量指标|审计项目数|≥10个@1x2|~",
		"绩效指标|产出指标|质量指标|审计质量|优@1x2|~",
		"绩效指标|满意度指标|服务对象满意度指标|满意度|≥90%@1x2|~",
	}
}

// Three forms of one name for three units, one a page, are three projects.
func TestTargetsFormsSameName(t *testing.T) {
	rec := Document(gridDoc("项目支出绩效目标表", nil,
		yantaiForm("烟台市审计局", "31.00"), yantaiForm("烟台市审计服务中心", "12.50"), yantaiForm("烟台市经济责任审计中心", "8.00")))
	if len(rec.Projects) != 3 {
		t.Fatalf("projects %q, want three", names(rec))
	}
	for i, want := range []struct{ unit, amount string }{
		{"烟台市审计局", "310,000.00"}, {"烟台市审计服务中心", "125,000.00"}, {"烟台市经济责任审计中心", "80,000.00"},
	} {
		p := rec.Projects[i]
		if p.Name != "审计业务经费" || p.UnitName != want.unit || fen(p) != want.amount || p.DepartmentCode != "231" ||
			p.DepartmentName != "烟台市审计局" || p.PageFirst != i+1 || p.Goal != "完成审计任务。" {
			t.Errorf("project %d: %+v", i+1, p)
		}
		checkIndicators(t, p,
			"产出指标|数量指标|审计项目数|≥|10|10|个||"+string(rune('1'+i)),
			"产出指标|质量指标|审计质量||优||||"+string(rune('1'+i)),
			"满意度指标|服务对象满意度指标|满意度|≥|90|90|%||"+string(rune('1'+i)),
		)
	}
	if rec.Tables[0].Unit != "万元" || hasFinding(rec, "unit_assumed", "") || hasFinding(rec, "budget_parts_mismatch", "") {
		t.Errorf("unit %q, findings %+v", rec.Tables[0].Unit, rec.Findings)
	}
}
