package normalize

import (
	"regexp"
	"strings"

	"github.com/budgetx/budgetx/model"
)

var (
	yearRE     = regexp.MustCompile(`[（(]?(?:19|20)\d\d\s*年(?:度)?[）)]?`)
	numberRE   = regexp.MustCompile(`^(?:附?表\s*[0-9一二三四五六七八九十]+(?:[-－—][0-9]+)?|(?:预算|公开|决算)\s*[0-9]+\s*表|[（(]?[一二三四五六七八九十]+[）)、.．]|[0-9]+[、.．])\s*`)
	trailNumRE = regexp.MustCompile(`\s*(?:[（(]?(?:预算|公开|决算)?\s*[0-9]+\s*表[）)]?|附?表\s*[0-9]+(?:[-－—][0-9]+)?)$`)
	quoteRE    = regexp.MustCompile(`["“”'‘’「」]`)
	scopeRE    = regexp.MustCompile(`^(?:.*?(?:区级|市级|县级|省级|本级))?(?:预算单位|部门|单位)(?:综合预算)?`)
)

// bareTitle strips a table title down to what identifies the table: no year,
// no numbering (表3-1, 预算05表, 公开01表, 五、), no scope (部门, 单位,
// 预算单位), no quotes around 三公.
func bareTitle(title string) string {
	t := cleanText(title)
	t = numberRE.ReplaceAllString(t, "")
	t = trailNumRE.ReplaceAllString(t, "")
	t = yearRE.ReplaceAllString(t, "")
	t = quoteRE.ReplaceAllString(t, "")
	t = numberRE.ReplaceAllString(t, "")
	t = scopeRE.ReplaceAllString(t, "")
	return strings.TrimSpace(t)
}

// repairTitle picks a table's title. The extractor takes the text just
// above the grid, which is sometimes a running page header or the end of a
// paragraph; a caption line that names a known table then wins, and a line
// that ends a sentence is no title at all.
func repairTitle(t *table) {
	sentence := strings.HasSuffix(t.Title, "。")
	if !sentence && classifyTitle(t.Title) != model.KindOther {
		return
	}
	for i, c := range t.Caption {
		if classifyTitle(c) != model.KindOther && strings.HasSuffix(strings.TrimRight(c, "）)"), "表") {
			t.Caption = append(append([]string{}, t.Caption[:i]...), t.Caption[i+1:]...)
			if t.Title != "" && !sentence {
				t.Caption = append([]string{t.Title}, t.Caption...)
			}
			t.Title = c
			return
		}
	}
	if sentence {
		t.Title = ""
	}
}

// classifyTitle returns the kind of table a title names, or model.KindOther.
func classifyTitle(title string) model.Kind {
	t := bareTitle(title)
	if t == "" || strings.Contains(t, "目录") {
		return model.KindOther
	}
	for _, r := range titleKinds {
		all := true
		for _, w := range r.words {
			if !strings.Contains(t, w) {
				all = false
				break
			}
		}
		if all {
			return r.kind
		}
	}
	return model.KindOther
}

var unitRE = regexp.MustCompile(`单位\s*[:：]\s*(亿元|万元|元)`)

// amountUnit finds the amount unit a table's caption or title prints
// (单位：元, 金额单位：万元); "" when none is printed.
func amountUnit(lines ...string) string {
	for _, l := range lines {
		if m := unitRE.FindStringSubmatch(l); m != nil {
			return m[1]
		}
	}
	return ""
}

// fiscalYear finds the year a title names (2024年, （2024年度）); 0 if none.
func fiscalYear(title string) int {
	m := yearRE.FindString(cleanText(title))
	if m == "" {
		return 0
	}
	i := strings.IndexAny(m, "12")
	y := 0
	for _, c := range m[i : i+4] {
		y = y*10 + int(c-'0')
	}
	return y
}

// documentKind tells a budget (预算) from final accounts (决算) by a title.
func documentKind(title string) string {
	switch {
	case strings.Contains(title, "决算"):
		return "决算"
	case strings.Contains(title, "预算"):
		return "预算"
	}
	return ""
}
