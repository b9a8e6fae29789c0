package normalize

import (
	"strings"
	"testing"

	"github.com/budgetx/budgetx/model"
)

func weighted(ws ...float64) []model.Indicator {
	var out []model.Indicator
	for _, w := range ws {
		out = append(out, model.Indicator{Level1: "产出指标", Weight: &w})
	}
	return out
}

// Each signal, alone: what it weighs for joining (+) or keeping apart (−).
func TestContinuationSignals(t *testing.T) {
	table := &blocks{opening: "广州", nameLength: 12}
	for _, tt := range []struct {
		name   string
		fn     signal
		a, b   fragment
		weight int
	}{
		{"closed cells", closedAtFoot, fragment{ruled: true}, fragment{ruled: true}, -3},
		{"open text", closedAtFoot, fragment{}, fragment{}, 0},
		{"name repeated", nameRepeated, fragment{name: "平台升级"}, fragment{name: "平台升级"}, 6},
		{"no name", noName, fragment{name: "甲"}, fragment{}, 6},
		{"weights complete together", weightsComplete, fragment{indicators: weighted(35)}, fragment{indicators: weighted(55)}, 4},
		{"weights to 100", weightsComplete, fragment{indicators: weighted(90)}, fragment{indicators: weighted(10)}, 4},
		{"each whole", weightsComplete, fragment{indicators: weighted(40, 50)}, fragment{indicators: weighted(90)}, -4},
		{"no weights", weightsComplete, fragment{indicators: []model.Indicator{{}}}, fragment{indicators: weighted(55)}, 0},
		{"name ends on 、", nameCut, fragment{name: "就业见习、"}, fragment{}, 4},
		{"name leaves a bracket open", nameCut, fragment{name: "监督检查员经费（白"}, fragment{}, 4},
		{"name ends on a word", nameCut, fragment{name: "就业见习、创业"}, fragment{}, 3},
		{"name ends as names do", nameCut, fragment{name: "公益性岗位监管经费"}, fragment{}, -1},
		{"name opens with 、", nameGoesOn, fragment{}, fragment{name: "、工业用上蓝领"}, 3},
		{"name opens with 经费", nameGoesOn, fragment{}, fragment{name: "经费（省级）"}, 3},
		{"name too short", nameGoesOn, fragment{}, fragment{name: "项目"}, 4},
		{"a name", nameGoesOn, fragment{}, fragment{name: "农村劳动力实名制"}, 0},
		{"opening differs", nameOpensAsOthers, fragment{name: "广州市镇（街）"}, fragment{name: "园区环保监督"}, 2},
		{"opening shared", nameOpensAsOthers, fragment{name: "广州市甲"}, fragment{name: "广州市乙"}, -2},
		{"short beside the table's", nameShort, fragment{}, fragment{name: "辅助经费"}, 1},
		{"name across the cut in the goal", nameInGoal, fragment{name: "保障机构运行", goal: "落实机构运行辅助人员"}, fragment{name: "辅助经费"}, 3},
		{"whole name across the cut in the goal", nameInGoal, fragment{name: "机构运行", goal: "保障机构运行辅助人员"}, fragment{name: "辅助经费"}, 5},
		{"name ends on 经费", nameCut, fragment{name: "军供工作经费"}, fragment{name: "退役"}, -3},
		{"name ends on 经费 and a qualifier", nameCut, fragment{name: "非定额公用经费-行政"}, fragment{name: "非定额公用经费-事业"}, -3},
		{"经费 before a bracket", nameCut, fragment{name: "监督检查员经费"}, fragment{name: "（增城区）"}, -1},
		{"names whole", namesWhole, fragment{name: "财务和审计工作专项"}, fragment{name: "数字环保标准规范体系研究项目"}, -1},
		{"names whole after a qualifier", namesWhole, fragment{name: "检查员经费（增城区）"}, fragment{name: "其他运行经费"}, -1},
		{"a bracket closes no name", namesWhole, fragment{name: "广州市镇（街）"}, fragment{name: "园区环保监督检查员经费"}, 0},
		{"a tail is no whole name", namesWhole, fragment{name: "公益性岗位补贴"}, fragment{name: "经费（省级）"}, 0},
		{"money named twice", endsTwice, fragment{name: "业务用房物业管理费"}, fragment{name: "工作经费"}, -3},
		{"项目 twice", endsTwice, fragment{name: "运行智能分析系统建设项目"}, fragment{name: "赛区运行保障指挥系统建设项目"}, -3},
		{"two endings", endsTwice, fragment{name: "财务和审计工作专项"}, fragment{name: "体系研究项目"}, 0},
		{"a money word after another ending", endsTwice, fragment{name: "城乡居民养老保险补贴"}, fragment{name: "经费"}, 0},
		{"name ends on a code", nameCut, fragment{name: "GZIT2022-SM-W-C-051103"}, fragment{name: "广州市数字政府"}, 1},
		{"goal stops on a semicolon", goalCut, fragment{goal: "保证安全生产0事故；"}, fragment{goal: "提供清洁服务"}, 0},
		{"goal opens with a numbered point", goalOpens, fragment{goal: "健全完善环保监管责任"}, fragment{goal: "1、通过政府购买服务"}, -2},
		{"goal opens a clause after a comma", goalOpens, fragment{goal: "配备功能齐全，"}, fragment{goal: "确保工作能够安全高效运行。"}, 0},
		{"goal opens mid-phrase after a full stop", goalCut, fragment{goal: "提升就业水平。"}, fragment{goal: "的通知》要求"}, 2},
		{"goal runs on past a closing mark", goalCut, fragment{goal: "落实《就业促进法》"}, fragment{goal: "的通知》要求"}, 4},
		{"a closing mark says nothing", goalCut, fragment{goal: "落实《就业促进法》"}, fragment{goal: "通过开展工作"}, 0},
		{"goal runs on mid-sentence", goalCut, fragment{goal: "十五条政策措施"}, fragment{goal: "的通知》要求"}, 4},
		{"goal stops on a comma", goalCut, fragment{goal: "完善监管体制，"}, fragment{goal: "全面提升水平。"}, 3},
		{"goal ends a sentence", goalCut, fragment{goal: "提升服务水平。"}, fragment{goal: "通过开展工作"}, -1},
		{"goal stops mid-sentence", goalCut, fragment{goal: "进一步加"}, fragment{goal: "强环境应急"}, 2},
		{"decimal point", goalCut, fragment{goal: "共计500."}, fragment{goal: "00万元"}, 2},
		{"goal opens as goals do", goalOpens, fragment{goal: "进一步加"}, fragment{goal: "通过开展工作"}, -1},
		{"goal opens mid-word", goalOpens, fragment{goal: "进一步加"}, fragment{goal: "强环境应急"}, 1},
		{"after a full stop", goalOpens, fragment{goal: "水平。"}, fragment{goal: "强环境应急"}, 0},
		{"classes each whole", classesComplement,
			fragment{indicators: []model.Indicator{{Level1: "产出指标"}, {Level1: "效益指标"}, {Level1: "满意度指标"}}},
			fragment{indicators: []model.Indicator{{Level1: "产出指标"}, {Level1: "效益指标"}, {Level1: "满意度指标"}}}, -1},
		{"classes together", classesComplement,
			fragment{indicators: []model.Indicator{{Level1: "产出指标"}}},
			fragment{indicators: []model.Indicator{{Level1: "效益指标"}, {Level1: "满意度指标"}}}, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w, saw := tt.fn(table, &tt.a, &tt.b)
			if w != tt.weight {
				t.Errorf("weight %d (%s), want %d", w, saw, tt.weight)
			}
			if w != 0 && saw == "" {
				t.Error("a signal that weighs says what it saw")
			}
		})
	}
}

// In a table whose names nearly all open with a code, the code weighs
// more than a shared word.
func TestNameOpensWithCode(t *testing.T) {
	var frags []*fragment
	for _, n := range []string{"11000022T0000004 44951-汇编译审", "11000022T0000004 46029-律师培训项目", "11000022T0000004 52603-公共法律服务", "法治宣传"} {
		frags = append(frags, &fragment{name: n})
	}
	table := tableBlocks(frags)
	if !table.coded {
		t.Fatalf("names open %q, not read as a code", table.opening)
	}
	if w, saw := nameInGoal(&blocks{names: []string{"办公、业务用房租赁经费"}}, &fragment{name: "数运中心业务"}, &fragment{name: "用房物业管理费"}); w != 3 {
		t.Errorf("a name across the cut in another name weighs %d (%s), want 3", w, saw)
	}
	if w, saw := nameOpensAsOthers(table, frags[0], frags[1]); w != -4 {
		t.Errorf("a code opening the second name weighs %d (%s), want -4", w, saw)
	}
	if w, saw := nameOpensAsOthers(table, frags[0], &fragment{name: "公共法律服务管理工作"}); w != 4 {
		t.Errorf("a name without the code weighs %d (%s), want 4", w, saw)
	}
	frags = append(frags, &fragment{name: "普法宣传"}, &fragment{name: "行政复议"})
	if tableBlocks(frags).coded {
		t.Error("a code half the names open with is read as opening all")
	}
}

// The decision: only a block that opens the next page is a candidate, and
// the score falls in the bands the thresholds set.
func TestContinuationDecision(t *testing.T) {
	table := &blocks{}
	a := &fragment{name: "实施就业创业培训、就业见习、创业", goal: "十五条政策措施", pageLast: 1, indicators: weighted(35)}
	b := &fragment{name: "补贴、职业技能鉴定工作经费", goal: "的通知》要求。", pageFirst: 2, opensPage: true, indicators: weighted(55)}
	score, evidence := continuation(table, a, b)
	if score < joinAt || len(evidence) < 3 {
		t.Errorf("the seed's cut scores %d (%s), want %d or more", score, strings.Join(evidence, "; "), joinAt)
	}
	b.opensPage = false
	if score, _ := continuation(table, a, b); score != notCandidate {
		t.Errorf("a block inside a page scores %d, want no candidate", score)
	}
	c := &fragment{name: "公益性岗位监管经费", goal: "通过监管确保在岗。", pageFirst: 2, opensPage: true, indicators: weighted(90)}
	a.indicators, a.goal, a.name = weighted(90), "保障就业。", "就业见习补贴经费"
	if score, evidence := continuation(table, a, c); score >= doubtAt {
		t.Errorf("a whole project opening the page scores %d (%s), want below %d", score, strings.Join(evidence, "; "), doubtAt)
	}
}
