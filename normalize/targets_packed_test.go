package normalize

import "testing"

func TestTargetsPacked(t *testing.T) {
	rec := Document(gridDoc("项目支出绩效目标表（含转移支付项目）", []string{"部门名称：广州市某局", "单位：万元"},
		[]string{
			"项目名称（资金使用单位）|总计|财政拨款|财政专户拨款|其他资金|绩效目标|绩效指标",
			"合计|30.00|30.00|||||",
			"广州市某局|30.00|30.00||||",
			"会议保障项目|10.00|10.00|||保障会议。|1、1-产出指标；11-数量指标；会议活动保障次数；实施周期指标值:每年≥20场；年度指标值:每年≥20场。2、3-满意度指标；31-服务对象满意度；线下培训效果评价；实施周期指标值:≥4.5分；年度指标值:≥4.5分。",
			"运维项目|20.50|20.50|||保障系统运行|1、1-产出指标；12-质量指标；系统可用率；实施周期指标值:≥99.5%；年度指标值:≥99%。",
		},
		[]string{
			// The rest of 运维项目, cut by the page break.
			"||||||2、4-成本指标；41-经济成本指标；诉讼费用；实施周期指标值:≤《收费标准》建议律师费；年度指标值:9000元及以内。",
		}))
	if len(rec.Projects) != 2 {
		t.Fatalf("projects %q, want two", names(rec))
	}
	p := rec.Projects[0]
	if p.Name != "会议保障项目" || fen(p) != "100,000.00" || p.Goal != "保障会议。" || p.UnitName != "广州市某局" || p.DepartmentName != "广州市某局" {
		t.Errorf("first project %+v", p)
	}
	checkIndicators(t, p,
		"产出指标|数量指标|会议活动保障次数|≥|每年≥20场|20|场||1",
		"满意度指标|服务对象满意度|线下培训效果评价|≥|4.5|4.5|分||1",
	)
	p = rec.Projects[1]
	if p.PageFirst != 1 || p.PageLast != 2 {
		t.Errorf("运维项目 on pages %d–%d, want 1–2", p.PageFirst, p.PageLast)
	}
	checkIndicators(t, p,
		"产出指标|质量指标|系统可用率|≥|99|99|%||1",
		"成本指标|经济成本指标|诉讼费用|≤|9000元及以内|9000|元||2",
	)
	if !hasFinding(rec, "total_mismatch", "广州市某局: the projects sum to 305,000.00 but the row declares 300,000.00") {
		t.Errorf("no total_mismatch for the unit in %+v", rec.Findings)
	}
	if hasFinding(rec, "total_mismatch", "合计") {
		t.Error("合计 equals its one unit")
	}
	if !hasFinding(rec, "text_truncated", "运维项目") || hasFinding(rec, "weight_sum", "") {
		t.Errorf("findings %+v: want text_truncated for 运维项目 and no weight_sum", rec.Findings)
	}
}

func TestTargetsPackedRounding(t *testing.T) {
	// 万元 amounts rounded to two decimals: 0.01 per term is no mismatch.
	rec := Document(gridDoc("项目支出绩效目标表", []string{"单位：万元"}, []string{
		"项目名称|总计|绩效目标|绩效指标",
		"合计|0.02||",
		"甲|0.01|目标。|1、1-产出指标；11-数量指标；次数；年度指标值:1次。",
		"乙|0.02|目标。|1、1-产出指标；11-数量指标；次数；年度指标值:1次。",
	}))
	if len(rec.Projects) != 2 || hasFinding(rec, "total_mismatch", "") {
		t.Errorf("projects %q, findings %+v", names(rec), rec.Findings)
	}
}

// Guangzhou's other punctuation: items numbered 1. and 2、 (and numbered
// again from 1 within a cell), ， between the classes, ASCII ; after an
// item, ≦ for ≤, and 总计：/合计： with colons.
func TestTargetsPackedPunctuation(t *testing.T) {
	rec := Document(gridDoc("2026年项目支出绩效目标表（含转移支付项目）", []string{"部门名称：广州市某局", "单位：万元"}, []string{
		"项目名称（资金使用单位）|总计：|财政拨款|财政专户拨款|其他资金|绩效目标|绩效指标",
		"合计：|300.00|300.00||||",
		"环保监督检查员经费|300.00|300.00|||强化基层环保工作。|" +
			"1.1－产出指标，11－数量指标，项目专职环保员数量；实施周期指标值：≦核定人数，年度指标值：≦核定人数；" +
			"2、1－产出指标，12－质量指标，环境应急事件响应率；实施周期指标值：100%，年度指标值：100%;" +
			"1、1－产出指标，12－质量指标，专职环保员队伍管理规范化；实施周期指标值：考察是否符合规范，合规得满分，不合规不得分。年度指标值：是；" +
			"3、2－效益指标，22－社会效益，环保信访投诉办结率；实施周期指标值：≥90%，年度指标值：≥90%;",
	}))
	if len(rec.Projects) != 1 || fen(rec.Projects[0]) != "3,000,000.00" {
		t.Fatalf("projects %+v", rec.Projects)
	}
	checkIndicators(t, rec.Projects[0],
		"产出指标|数量指标|项目专职环保员数量|≤|≦核定人数||||1",
		"产出指标|质量指标|环境应急事件响应率||100|100|%||1",
		"产出指标|质量指标|专职环保员队伍管理规范化||是||||1",
		"效益指标|社会效益|环保信访投诉办结率|≥|90|90|%||1",
	)
	if hasFinding(rec, "indicators_unparsed", "") || hasFinding(rec, "total_mismatch", "") {
		t.Errorf("findings %+v", rec.Findings)
	}
	if c := rec.Tables[0].Checks; len(c) != 1 || c[0].Code != "total_mismatch" || c[0].Run != 1 {
		t.Errorf("checks %+v: want the 合计： row checked once", c)
	}
}
