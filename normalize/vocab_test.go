package normalize

import "testing"

func TestCanon(t *testing.T) {
	for in, want := range map[string]string{
		"合 计":         "合计",
		"总计：":         "总计",
		"合计:":         "合计",
		"项目资金（万元）":    "项目资金(万元)",
		"项目资金【万元】":    "项目资金(万元)",
		"权重（％）":       "权重(%)",
		"ＡＢＣ１２３":      "ABC123",
		"年度预算资金总额：":   "年度预算资金总额",
		"\u2f08员":     "人员", // a Kangxi radical for 人
		"一般公共预算　支出表。": "一般公共预算支出表",
	} {
		if got := canon(in); got != want {
			t.Errorf("canon(%q) = %q, want %q", in, got, want)
		}
	}
}

// Every entry of the vocabulary is written as canon leaves it, or no label
// could ever match it.
func TestVocabularyCanonical(t *testing.T) {
	lists := []labels{packedIndicatorLabels, packedGoalLabels, packedNameLabels, formNameLabels, formDeptLabels,
		formUnitLabels, formGoalLabels, formBudgetLabels, formOtherLabels, totalLabels, grandTotalLabels,
		totalColumnLabels, splitCodeLabels, rowNumberLabels, captionOrgLabels}
	lists = append(lists, roleLabels[:]...)
	for _, ls := range lists {
		for _, l := range ls {
			if canon(l) != l {
				t.Errorf("vocabulary entry %q is not canonical: %q", l, canon(l))
			}
		}
	}
}

func TestLabelsMatch(t *testing.T) {
	for _, tt := range []struct {
		ls    labels
		label string
		want  int
	}{
		{formBudgetLabels, "年度预算资金总额", 2},
		{formBudgetLabels, "实施期资金总额", 11},
		{formBudgetLabels, "年度资金申请总额", 0},
		{formBudgetLabels, "执行率分值(10分)", -1},
		{formOtherLabels, "执行率分值(10分)", 21},
		{formDeptLabels, "主管部门及代码", 1},
		{columnNumberMarks, "**", 1},
		{columnNumberMarks, "合计", -1},
	} {
		if got := tt.ls.index(tt.label); got != tt.want {
			t.Errorf("%q: entry %d, want %d", tt.label, got, tt.want)
		}
	}
}
