package normalize

import (
	"regexp"
	"strings"
)

// tableNumberRE matches a table's printed number: 表1, 表3-1, 表十二, 公开01表,
// 预算05表, 附表2.
var tableNumberRE = regexp.MustCompile(`^(?:附?表\s*[0-9一二三四五六七八九十]+(?:[-－—][0-9]+)?|(?:预算|公开|决算)\s*[0-9]+\s*表)`)

// captionFacts reads what a table's caption and title name: the
// organisation whose table it is, and the table's number (from a caption
// line, else from the title).
func captionFacts(t *table) (org, number string) {
	for _, l := range t.Caption {
		label, value, ok := strings.Cut(strings.Replace(l, "：", ":", 1), ":")
		value = strings.TrimSpace(value)
		if ok && org == "" && value != "" && captionOrgLabels.match(canon(label)) {
			org = value
		}
		if number == "" {
			number = tableNumberRE.FindString(strings.ReplaceAll(l, " ", ""))
		}
	}
	if number == "" {
		number = tableNumberRE.FindString(strings.ReplaceAll(cleanText(t.Title), " ", ""))
	}
	return org, number
}
