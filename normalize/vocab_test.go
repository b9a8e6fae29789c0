package normalize

import (
	"testing"
	"unicode"

	"golang.org/x/text/width"
)

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

// A first-level class is the whole cell, not a text that opens with one of
// its words.
func TestIsLevel1(t *testing.T) {
	for s, want := range map[string]bool{
		"产出指标":      true,
		"满意度":       true,
		"效益指标（30分）": true,
		"满意度，切实彰显对优抚群体": false,
		"产出数量": false,
		"":     false,
	} {
		if got := isLevel1(s); got != want {
			t.Errorf("isLevel1(%q) = %v, want %v", s, got, want)
		}
	}
}

// The two parts of a cut cell keep a repeat once, and only a repeat the
// page break makes: the second page drawing the cell again from its head,
// or the first page showing it whole.
func TestJoinSeam(t *testing.T) {
	for _, tt := range []struct{ a, b, want string }{
		{"农村和城镇公益性", "岗位人员共955人，实时农村和城镇公益性", "农村和城镇公益性岗位人员共955人，实时农村和城镇公益性"},
		{"农村和城镇公益性", "农村和城镇公益性岗位人员共955人", "农村和城镇公益性岗位人员共955人"},
		{"农村和城镇公益性岗位人员共955人", "岗位人员共955人", "农村和城镇公益性岗位人员共955人"},
		{"保障系统稳定运行全年故障率", "稳定运行全年故障率低于百分之一", "保障系统稳定运行全年故障率低于百分之一"},
		{"提升服务", "水平", "提升服务水平"},
	} {
		if got := joinSeam(tt.a, tt.b); got != tt.want {
			t.Errorf("joinSeam(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
}

// canon skips folding only text width.Fold leaves as it is: every
// character it changes is one hasWidthForms sees.
func TestCanonWidth(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if s := string(r); width.Fold.String(s) != s && !hasWidthForms(s) {
			t.Errorf("width.Fold changes %U, and hasWidthForms does not see it", r)
		}
	}
}
