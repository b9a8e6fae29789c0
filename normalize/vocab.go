package normalize

import (
	"path"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/budgetx/budgetx/model"
)

// The vocabulary: every label interpretation recognises, as data. Each is
// compared after canon, so a list holds one spelling of a label and a
// template that prints it in full-width letters, with a colon, with spaces
// inside (合 计) or in other brackets matches it all the same. An entry is
// a pattern in the syntax of path.Match: * stands for any text, so
// *总额 is any label that ends in 总额. Adding a template's wording is a
// line here, with a test.

// canon returns a label as the vocabulary compares it: full-width letters,
// digits and punctuation in their ASCII forms, look-alike ideographs
// unified, no white space, brackets of every kind as ( ), and no colon or
// other punctuation at the end.
func canon(s string) string {
	s = model.Unify(s)
	if hasWidthForms(s) {
		s = width.Fold.String(s)
	}
	for _, r := range s {
		if unicode.IsSpace(r) || bracket(r) != 0 {
			s = strings.Map(func(r rune) rune {
				switch {
				case unicode.IsSpace(r):
					return -1
				case bracket(r) != 0:
					return bracket(r)
				}
				return r
			}, s)
			break
		}
	}
	for {
		r, n := utf8.DecodeLastRuneInString(s)
		switch r {
		case ':', ';', ',', '.', '、', '。':
			s = s[:len(s)-n]
			continue
		}
		return s
	}
}

// bracket returns ( or ) for a bracket of any kind but those, else 0.
func bracket(r rune) rune {
	switch r {
	case '[', '【', '〔', '［':
		return '('
	case ']', '】', '〕', '］':
		return ')'
	}
	return 0
}

// hasWidthForms reports whether s holds a character width.Fold changes:
// the fullwidth and halfwidth forms (Ａ, ：, ｶ), the ideographic space and
// the halfwidth won sign.
// Most labels hold none, and folding copies the string.
func hasWidthForms(s string) bool {
	for _, r := range s {
		if r >= 0xFF00 && r <= 0xFFEF || r == 0x3000 || r == 0x20A9 {
			return true
		}
	}
	return false
}

// labelText is a cell's text as a label: canonical, without 其中 before it
// or the unit after it (项目资金（万元）, 预算数（单位：万元）).
func labelText(s string) string {
	return formUnitRE.ReplaceAllString(withoutSubsetMark(canon(s)), "")
}

// formUnitRE matches the unit a label prints in brackets at its end.
var formUnitRE = regexp.MustCompile(`\((?:单位:|金额单位:)?(亿元|万元|元)\)$`)

// labels is a list of label patterns.
type labels []string

// match reports whether the canonical label l matches an entry.
func (ls labels) match(l string) bool { return ls.index(l) >= 0 }

// index returns the first entry l matches, or -1.
func (ls labels) index(l string) int {
	for i, p := range ls {
		// A pattern that opens with a plain character matches only a
		// label that opens with it: most are passed over here, before
		// path.Match reads their first chunk whole.
		if n := plainHead(p); n > 0 && !strings.HasPrefix(l, p[:n]) {
			continue
		}
		if ok, _ := path.Match(p, l); ok {
			return i
		}
	}
	return -1
}

// plainHead returns the length in bytes of p's first character when it is
// no pattern syntax, else 0.
func plainHead(p string) int {
	if p == "" || strings.IndexByte(`*?[\`, p[0]) >= 0 {
		return 0
	}
	_, n := utf8.DecodeRuneInString(p)
	return n
}

// contained reports whether some entry occurs in the canonical label l.
// Entries here are plain words.
func (ls labels) contained(l string) bool {
	for _, p := range ls {
		if strings.Contains(l, p) {
			return true
		}
	}
	return false
}

// titleKinds map a bare title (bareTitle) to a kind; the first rule whose
// words all occur in the title wins, so specific rules come before general
// ones.
var titleKinds = []struct {
	kind  model.Kind
	words []string
}{
	{model.KindSelfEvaluation, []string{"绩效自评"}},
	{model.KindOverallPerformance, []string{"整体", "绩效"}},
	{model.KindProjectPerformance, []string{"项目", "绩效"}},
	{model.KindProjectPerformance, []string{"绩效目标"}},
	{model.KindThreePublic, []string{"三公"}},
	{model.KindOperatingExpense, []string{"机关运行经费"}},
	{model.KindPurchaseService, []string{"政府购买服务"}},
	{model.KindGovFund, []string{"政府性基金"}},
	{model.KindStateCapital, []string{"国有资本经营"}},
	{model.KindGeneralBasicExpense, []string{"一般公共预算", "基本支出"}},
	{model.KindGeneralExpense, []string{"一般公共预算", "支出"}},
	{model.KindAppropriation, []string{"财政拨款", "收", "支"}},
	{model.KindAppropriationBasic, []string{"财政拨款", "基本支出"}},
	{model.KindAppropriationExpense, []string{"财政拨款", "支出"}},
	{model.KindBasicExpense, []string{"基本支出"}},
	{model.KindIncomeExpenseSummary, []string{"收支"}},
	{model.KindIncomeExpenseSummary, []string{"收入支出"}},
	{model.KindIncomeSummary, []string{"收入"}},
	{model.KindProjectExpense, []string{"项目支出"}},
	{model.KindProjectExpense, []string{"专项业务经费"}}, // Guangzhou's name for 项目支出
	{model.KindExpenseSummary, []string{"支出", "总"}},
	{model.KindExpenseSummary, []string{"支出决算"}},
	{model.KindProcurement, []string{"政府采购"}},
}

// operators maps the ways an indicator's comparison is printed to the
// symbols stored in indicators.operator.
var operators = map[string]string{
	"≥": "≥", "≧": "≥", ">=": "≥", "＞＝": "≥", "大于等于": "≥", "不低于": "≥", "不少于": "≥", "不小于": "≥", "至少": "≥",
	"≤": "≤", "≦": "≤", "<=": "≤", "＜＝": "≤", "小于等于": "≤", "不高于": "≤", "不超过": "≤", "不多于": "≤", "不大于": "≤", "最多": "≤",
	"=": "=", "＝": "=", "等于": "=",
	">": ">", "＞": ">", "﹥": ">", "大于": ">",
	"<": "<", "＜": "<", "﹤": "<", "小于": "<",
	"定性": "定性",
}

// level1Words are the first-level indicator classes (and their older
// names); a row whose 一级指标 cell holds one is an indicator row, and a
// packed indicator cell opens each item with one.
var level1Words = []string{"产出指标", "效益指标", "成本指标", "满意度指标", "效果指标", "影响指标"}

// level2Words are the second-level indicator classes, longest first so
// that a name printed after its classes splits at the right place.
var level2Words = []string{
	"服务对象满意度指标", "生态环境成本指标", "可持续影响指标", "经济效益指标", "社会效益指标", "生态效益指标",
	"经济成本指标", "社会成本指标", "数量指标", "质量指标", "时效指标", "成本指标",
}

// words is a list of plain words that open or end a text.
type words []string

func (ws words) startsAny(s string) bool {
	for _, w := range ws {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

func (ws words) endsAny(s string) bool { return ws.ending(s) != "" }

// ending returns the longest of the words s ends with, or "".
func (ws words) ending(s string) string {
	end := ""
	for _, w := range ws {
		if len(w) > len(end) && strings.HasSuffix(s, w) {
			end = w
		}
	}
	return end
}

// nameEndings are the words a project's name ends on: what the money is
// for. A name cut by a page break mostly ends on something else.
var nameEndings = words{"经费", "费", "费用", "项目", "工作", "专项", "资金", "补助", "补贴", "奖励", "工程", "建设",
	"购置", "运维", "维护", "保障", "管理", "服务", "系统", "平台", "中心", "支出", "事务", "研究", "宣传", "培训",
	"会议", "活动", "整治", "治理", "改造", "监测", "检测", "调查", "规划", "租赁", "保险", "救助", "抚恤", "行政",
	"运行", "业务", "化", ")", "）", "等"}

// finalEndings are the name endings nothing but a bracketed qualifier
// follows (…检查员经费（增城区）): a name that ends on one is whole.
var finalEndings = words{"经费", "费用"}

// wholeEndings are the name endings that close a name, before any
// qualifier (unqualified): what the money is for. Two blocks whose names both end on one
// are two projects more often than one name a page break cut.
var wholeEndings = words{"经费", "费用", "项目", "专项", "资金", "补助", "补贴", "奖励", "工程"}

// moneyWords name what the money of a project is (经费, 物业管理费,
// 专项资金); a name says it once, at its end.
var moneyWords = words{"费", "费用", "资金"}

// nameTails are words that end project names and never open one: a block
// whose name opens with one is the rest of a name a page break cut.
var nameTails = words{"经费", "费", "专项", "资金", "工作经费", "（", "("}

// goalOpenings are the words goals open with; a block whose goal opens
// with one is more likely a project of its own than the rest of one.
var goalOpenings = words{"通过", "根据", "按照", "依据", "为", "确保", "提高", "提升", "完成", "做好", "贯彻", "坚持",
	"实施", "开展", "组织", "秉持", "保障", "加强", "用于", "围绕", "落实", "推进", "推动", "深入", "积极", "全面", "以", "在",
	"本项目", "该项目", "项目", "年度", "20"}

// goalNumberRE matches the numbering a goal's first point opens with: 1.,
// 一是, （一）.
var goalNumberRE = regexp.MustCompile(`^(?:[0-9]+[、.．]|[一二三四五六七八九十]+[、是]|[（(][一二三四五六七八九十0-9]+[）)])`)

// Column roles of performance-target tables. A header cell takes a role
// when its label is one of the role's (exactOrder), else when it contains
// one (containsOrder).
var roleLabels = [nRoles]labels{
	colUnit:      {"单位名称", "预算单位", "单位"},
	colProject:   {"项目名称", "项目"},
	colBudget:    {"预算数", "项目金额", "预算金额", "项目总额", "资金总额", "年度资金总额", "金额", "预算"},
	colGoal:      {"年度目标", "绩效目标", "年度绩效目标", "项目绩效目标", "总体目标", "目标"},
	colLevel1:    {"一级指标"},
	colLevel2:    {"二级指标"},
	colLevel3:    {"三级指标", "指标名称"},
	colNature:    {"指标性质", "绩效指标性质", "性质"},
	colValue:     {"指标值", "本年绩效指标值", "年度指标值", "绩效指标值", "目标值", "指标值(包含数字及文字描述)"},
	colMeasure:   {"度量单位", "计量单位", "绩效度量单位", "单位"},
	colWeight:    {"权重", "分值", "指标权重", "权重(%)"},
	colDirection: {"指标方向性", "指标方向", "方向"},
}

// Columns of tables that pack each project's indicators into one cell.
var (
	packedIndicatorLabels = labels{"绩效指标"}
	packedGoalLabels      = labels{"绩效目标", "年度绩效目标"}
	packedNameLabels      = labels{"项目名称*"}
)

// Labels of a per-project form's cells, by what their value is. Lists run
// from the label preferred to the one used when nothing better is printed.
var (
	formNameLabels = labels{"项目名称"}
	formDeptLabels = labels{"主管部门", "主管部门及代码", "部门名称", "资金主管部门"}
	formUnitLabels = labels{"实施单位", "资金使用单位"}
	formGoalLabels = labels{"年度总体目标", "当年绩效目标", "当年整体绩效目标", "整体绩效目标", "年度绩效目标",
		"年度目标", "绩效目标", "预期目标", "项目总目标", "总体目标"}
	// The year's money before the money of the whole period: 年度资金申请总额
	// where 项目资金总额 spans years; 全年预算数 is the budget a
	// self-evaluation measures execution by. Any other …总额 (实施期资金总额)
	// is read when nothing else is printed.
	formBudgetLabels = labels{"年度资金申请总额", "全年预算数", "年度*总额", "当年*总额", "预算支出总额", "当年预算",
		"项目资金总额", "项目金额", "年度资金总额", "项目总额", "资金总额", "*总额", "预算数"}
	// formOtherLabels are labels whose values are not read; they tell a
	// label from a value.
	formOtherLabels = labels{"项目资金", "资金金额", "总体资金情况", "项目绩效目标", "实际完成情况", "其他说明",
		"项目概况", "绩效指标", "财政资金", "财政拨款", "当年财政拨款", "上年结转", "上年结转资金", "其他资金",
		"合计", "基本支出", "项目支出", "年初预算数", "全年执行数", "分值", "执行率", "执行率分值*", "得分", "项目性质",
		"项目类别", "计划开始日期", "计划完成日期", "市级支出", "补助区县", "单位名称", "活动"}
)

// totalLabels name the rows that total a table or a group (合计, 总计,
// and in a longer label 收入总计, 本年支出合计); grandTotalLabels those
// that total a whole table; totalColumnLabels the columns that total the
// columns beside them.
var (
	totalLabels       = labels{"合计", "总计", "小计", "共计"}
	grandTotalLabels  = labels{"合计", "总计", "共计"}
	totalColumnLabels = labels{"合计", "小计", "总计"}
)

// subsetMark opens a label whose row or column is part of the one before
// it, not an addend beside it: 其中：政府采购, 其中：基本支出.
const subsetMark = "其中"

// isSubset reports whether a label is marked as part of another (其中：…,
// or 其中 alone as a heading).
func isSubset(label string) bool {
	return strings.HasPrefix(canon(label), subsetMark)
}

// withoutSubsetMark returns a canonical label without the 其中 before it.
func withoutSubsetMark(l string) string {
	return strings.TrimLeft(strings.TrimPrefix(l, subsetMark), ":")
}

// captionOrgLabels label the caption line that says whose table it is:
// 编制部门：上海市普陀区财政局, 部门：江苏省人大常委会办公厅, 部门名称：深圳市民政局（本级）.
var captionOrgLabels = labels{"编制部门", "编制单位", "部门", "部门名称", "部门(单位)", "单位名称", "预算单位", "填报单位"}

// Labels of the standard budget tables' columns.
var (
	splitCodeLabels   = labels{"类", "款", "项"}      // a code printed over three columns
	rowNumberLabels   = labels{"行次", "栏次"}         // row and column numbers, not amounts
	columnNumberMarks = labels{"栏次", `\*\*`, `\*`} // a row that numbers the columns
)
