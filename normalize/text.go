package normalize

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// CleanText repairs the text of one cell or line: it strips HTML that leaked
// from a budget system's rich-text fields, decodes entities, removes the
// white space that converters put inside Chinese text (keeping one space
// between Latin words and numbers), and normalises full-width digits and
// CJK compatibility characters. Everything else stays as printed: full-width
// punctuation such as （）and ： is not touched. CleanText is idempotent.
func CleanText(s string) string {
	if s == "" {
		return s
	}
	// Text escaped twice (&amp;lt;p&amp;gt;) shows its tags only once
	// decoded: strip until nothing changes, so that cleaning is idempotent.
	for range 4 {
		if !strings.ContainsAny(s, "<&") {
			break
		}
		stripped := stripHTML(s)
		if stripped == s {
			break
		}
		s = stripped
	}
	s = normalizeRunes(s)
	return collapseSpace(s)
}

// JoinLines joins the lines of a wrapped cell: Chinese text joins without a
// space, Latin words and numbers with one.
func JoinLines(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if b.Len() > 0 {
			prev, _ := utf8.DecodeLastRuneInString(b.String())
			next, _ := utf8.DecodeRuneInString(l)
			if latin(prev) && latin(next) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(l)
	}
	return b.String()
}

var (
	tagRE   = regexp.MustCompile(`(?s)<!--.*?-->|</?[a-zA-Z][a-zA-Z0-9:-]*(?:\s[^<>]*)?/?>`)
	blockRE = regexp.MustCompile(`(?i)^</?(p|div|br|li|tr|h[1-6])\b`)
)

// stripHTML removes tags and decodes entities. Block-level tags become line
// breaks' worth of space, which collapseSpace then settles.
func stripHTML(s string) string {
	s = tagRE.ReplaceAllStringFunc(s, func(tag string) string {
		if blockRE.MatchString(tag) {
			return " "
		}
		return ""
	})
	return html.UnescapeString(s)
}

// normalizeRunes maps full-width digits and Latin letters to ASCII, Kangxi
// and supplementary radicals to the ideographs they stand for, and CJK
// compatibility ideographs to their unified forms; NBSP and ideographic
// spaces become plain spaces.
func normalizeRunes(s string) string {
	ok := true
	for _, r := range s {
		if mapRune(r) != r {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	return strings.Map(mapRune, s)
}

func mapRune(r rune) rune {
	switch {
	case r < 0x2000:
		if r == 0xA0 {
			return ' '
		}
		return r
	case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
		return r - 0xFEE0
	case r == 0x3000, r == 0x2002, r == 0x2003, r == 0x2009, r == 0x200B:
		return ' '
	case r >= 0x2F00 && r <= 0x2FD5: // Kangxi radicals
		return decomposeCompat(r)
	case r >= 0x2E80 && r <= 0x2EF3: // CJK radicals supplement
		if u, ok := radicals[r]; ok {
			return u
		}
	case r >= 0xF900 && r <= 0xFAFF: // CJK compatibility ideographs
		return decomposeCompat(r)
	}
	return r
}

// decomposeCompat returns the single rune r decomposes to under NFKC, or r.
func decomposeCompat(r rune) rune {
	s := norm.NFKC.String(string(r))
	u, n := utf8.DecodeRuneInString(s)
	if n == len(s) {
		return u
	}
	return r
}

// radicals maps the simplified-form radicals that appear in real ToUnicode
// maps to the ideographs they are drawn for. They have no Unicode
// decomposition, so the table is by hand.
var radicals = map[rune]rune{
	'⺁': '厂', '⺇': '几', '⺈': '刀', '⺊': '卜', '⺋': '卩', '⺍': '小', '⺎': '兀', '⺏': '尢',
	'⺐': '尣', '⺑': '尢', '⺒': '巳', '⺓': '幺', '⺔': '彑', '⺖': '忄', '⺗': '心', '⺘': '扌',
	'⺙': '攵', '⺛': '旡', '⺝': '月', '⺞': '歺', '⺟': '母', '⺠': '民', '⺡': '氵', '⺢': '氺',
	'⺣': '灬', '⺤': '爫', '⺥': '爫', '⺦': '丬', '⺧': '牜', '⺨': '犭', '⺩': '王', '⺪': '疋',
	'⺫': '罒', '⺬': '示', '⺭': '礻', '⺮': '竹', '⺯': '糸', '⺰': '纟', '⺱': '罓', '⺲': '罒',
	'⺳': '网', '⺴': '网', '⺵': '网', '⺶': '羊', '⺷': '羊', '⺸': '羊', '⺹': '耂', '⺺': '聿',
	'⺻': '聿', '⺼': '月', '⺽': '臼', '⺾': '艹', '⺿': '艹', '⻀': '艹', '⻁': '虎', '⻂': '衤',
	'⻃': '覀', '⻄': '西', '⻅': '见', '⻆': '角', '⻇': '角', '⻈': '讠', '⻉': '贝', '⻊': '足',
	'⻋': '车', '⻌': '辶', '⻍': '辶', '⻎': '辶', '⻏': '阝', '⻐': '钅', '⻑': '長', '⻒': '镸',
	'⻓': '长', '⻔': '门', '⻕': '门', '⻖': '阝', '⻗': '雨', '⻘': '青', '⻙': '韦', '⻚': '页',
	'⻛': '风', '⻜': '飞', '⻝': '食', '⻞': '食', '⻟': '食', '⻠': '饣', '⻡': '首', '⻢': '马',
	'⻣': '骨', '⻤': '鬼', '⻥': '鱼', '⻦': '鸟', '⻧': '卤', '⻨': '麦', '⻩': '黄', '⻪': '黾',
	'⻫': '齐', '⻬': '齐', '⻭': '齿', '⻮': '齿', '⻯': '龙', '⻰': '龙', '⻱': '龟', '⻲': '龟',
	'⻳': '龟',
}

// collapseSpace trims s and removes each run of white space inside it,
// except between two Latin letters or digits, where one space stays.
func collapseSpace(s string) string {
	s = strings.TrimFunc(s, unicode.IsSpace)
	if !strings.ContainsFunc(s, unicode.IsSpace) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	var prev rune
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && latin(prev) && latin(r) {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// latin reports whether r is an ASCII letter or digit, the characters
// between which a space carries meaning.
func latin(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
}
