package normalize

import (
	"regexp"
	"strings"
)

// A printedValue is an indicator's target as one printed text, taken apart:
// 每年≥20场, ≥13459.00(平方米), 不低于50%, 9000元及以内, 优.
type printedValue struct {
	op      string   // normalised through operators; "" when none is printed
	text    string   // the number alone when op, number and unit are all the text holds; else the text as printed
	num     *float64 // nil unless the text states one number as the target
	measure string
}

var (
	// valueRE reads [words][operator]number[unit][以上|以内|以下]. The
	// words are lazy so that an operator after them is taken as one;
	// operators are listed longest first.
	valueRE    = regexp.MustCompile(`^(.*?)(` + opAlternation + `)?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*([(（][^()（）]{1,8}[)）]|[^0-9\s,，;；。、：:()（）]{0,5}?)(及?以[上下内])?$`)
	opPrefixRE = regexp.MustCompile(`^(?:` + opAlternation + `)`)
)

const opAlternation = `大于等于|小于等于|不低于|不少于|不小于|不高于|不超过|不多于|不大于|大于|小于|等于|至少|最多|>=|<=|＞＝|＜＝|[≥≤≧≦＞＜﹥﹤><＝=]`

// parseValue takes a printed target apart. A number counts as the target
// only when nothing but an operator stands before it, or an operator links
// it to words before it (每年≥20场): 次年2月份前 states a date, not 2, and
// 人数不少于100人,用品不少于20000份 states two targets.
func parseValue(s string) printedValue {
	v := printedValue{text: s}
	m := valueRE.FindStringSubmatch(s)
	if m == nil {
		if op := opPrefixRE.FindString(s); op != "" {
			v.op = operators[op]
		}
		return v
	}
	pre, op, num, measure, post := m[1], m[2], m[3], m[4], m[5]
	if pre != "" && op == "" || strings.ContainsAny(pre, "0123456789") {
		return v // no operator links the words to the number, or two numbers
	}
	v.op = operators[op]
	if v.op == "" && post != "" {
		v.op = map[string]string{"以上": "≥", "以下": "≤", "以内": "≤"}[strings.TrimPrefix(post, "及")]
	}
	v.num = parseNumber(num)
	v.measure = strings.Trim(measure, "()（）")
	if pre == "" && post == "" {
		v.text = num
	}
	return v
}

// splitLevels takes apart an indicator name printed with its classes in
// front, 产出指标数量指标北京市行政执法资格考试人数, into its three levels.
// A name that does not start with a first-level class stays whole.
func splitLevels(s string) (level1, level2, level3 string) {
	for _, w := range level1Words {
		if rest, ok := strings.CutPrefix(s, w); ok {
			level1, s = w, rest
			break
		}
	}
	if level1 == "" {
		return "", "", s
	}
	for _, w := range level2Words {
		if rest, ok := strings.CutPrefix(s, w); ok {
			level2, s = w, rest
			break
		}
	}
	return level1, level2, s
}
