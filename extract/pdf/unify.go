package pdf

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// unify brings the CJK look-alikes that real ToUnicode maps produce to the
// characters a reader means: Kangxi radicals (⼈ U+2F08 → 人), CJK
// compatibility ideographs (U+F900–FAFF, U+2F800–2FA1F) and the simplified
// forms of the CJK radicals supplement (⻔ → 门), which Unicode gives no
// decomposition. Other text is returned as is; full-width digits and the
// like are normalize's concern.
func unify(s string) string {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if needsUnify(r) {
			return unifySlow(s)
		}
		i += n
	}
	return s
}

func needsUnify(r rune) bool {
	return r >= 0x2E80 && r <= 0x2FDF || r >= 0xF900 && r <= 0xFAFF || r >= 0x2F800 && r <= 0x2FA1F
}

func unifySlow(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteString(unifyRune(r))
	}
	return b.String()
}

// unifyRune maps one rune; see unify.
func unifyRune(r rune) string {
	if !needsUnify(r) {
		return string(r)
	}
	if u, ok := radicals[r]; ok {
		return string(u)
	}
	if r >= 0x2E80 && r <= 0x2EFF {
		return string(r)
	}
	return norm.NFKC.String(string(r))
}

// radicals maps the CJK radicals supplement to the ideographs they stand
// for, as seen in Chinese official documents.
var radicals = map[rune]rune{
	'⺀': '冫', '⺁': '厂', '⺃': '乚', '⺄': '乙', '⺅': '亻', '⺇': '几', '⺈': '𠂊', '⺉': '刂',
	'⺊': '卜', '⺋': '㔾', '⺌': '小', '⺎': '兀', '⺏': '尣', '⺐': '尢', '⺑': '𡯂',
	'⺒': '巳', '⺓': '幺', '⺔': '彑', '⺕': '彐', '⺖': '忄', '⺗': '㣺', '⺘': '扌', '⺙': '攵',
	'⺛': '无', '⺜': '日', '⺝': '月', '⺞': '歺', '⺟': '母', '⺠': '民', '⺡': '氵', '⺢': '氺',
	'⺣': '灬', '⺤': '爫', '⺥': '爫', '⺦': '丬', '⺧': '牛', '⺨': '犭', '⺩': '王', '⺪': '疋',
	'⺫': '目', '⺬': '示', '⺭': '礻', '⺮': '竹', '⺯': '糸', '⺰': '纟', '⺱': '罒', '⺲': '罒',
	'⺳': '网', '⺴': '网', '⺵': '网', '⺶': '羊', '⺷': '羊', '⺸': '羊', '⺹': '耂', '⺺': '聿',
	'⺻': '聿', '⺼': '肉', '⺽': '臼', '⺾': '艹', '⺿': '艹', '⻀': '艹', '⻁': '虎', '⻂': '衤',
	'⻃': '覀', '⻄': '西', '⻅': '见', '⻆': '角', '⻇': '角', '⻈': '讠', '⻉': '贝', '⻊': '足',
	'⻋': '车', '⻌': '辶', '⻍': '辶', '⻎': '辶', '⻏': '阝', '⻐': '钅', '⻑': '長', '⻒': '镸',
	'⻓': '长', '⻔': '门', '⻕': '阝', '⻖': '阝', '⻗': '雨', '⻘': '青', '⻙': '韦', '⻚': '页',
	'⻛': '风', '⻜': '飞', '⻝': '食', '⻞': '飠', '⻟': '飠', '⻠': '饣', '⻡': '首', '⻢': '马',
	'⻣': '骨', '⻤': '鬼', '⻥': '鱼', '⻦': '鸟', '⻧': '卤', '⻨': '麦', '⻩': '黄', '⻪': '黾',
	'⻫': '斉', '⻬': '齐', '⻭': '歯', '⻮': '齿', '⻯': '竜', '⻰': '龙', '⻱': '龜', '⻲': '亀',
	'⻳': '龟',
}

// glyphRune reads a glyph name as Unicode: uniXXXX, uXXXX[XX], and the
// few Adobe names that Chinese budget documents use outside those forms.
func glyphRune(name string) (rune, bool) {
	if r, ok := glyphNames[name]; ok {
		return r, true
	}
	hex := ""
	switch {
	case strings.HasPrefix(name, "uni") && len(name) >= 7:
		hex = name[3:7]
	case strings.HasPrefix(name, "u") && len(name) >= 5 && len(name) <= 7:
		hex = name[1:]
	}
	if hex == "" {
		if utf8.RuneCountInString(name) == 1 {
			r, _ := utf8.DecodeRuneInString(name)
			return r, r > ' ' && r != utf8.RuneError
		}
		return 0, false
	}
	v, err := strconv.ParseUint(hex, 16, 32)
	if err != nil || v == 0 || v > utf8.MaxRune {
		return 0, false
	}
	return rune(v), true
}

var glyphNames = map[string]rune{
	"space": ' ', "exclam": '!', "quotedbl": '"', "numbersign": '#', "dollar": '$',
	"percent": '%', "ampersand": '&', "quotesingle": '\'', "parenleft": '(', "parenright": ')',
	"asterisk": '*', "plus": '+', "comma": ',', "hyphen": '-', "period": '.', "slash": '/',
	"zero": '0', "one": '1', "two": '2', "three": '3', "four": '4', "five": '5', "six": '6',
	"seven": '7', "eight": '8', "nine": '9', "colon": ':', "semicolon": ';', "less": '<',
	"equal": '=', "greater": '>', "question": '?', "at": '@', "bracketleft": '[',
	"backslash": '\\', "bracketright": ']', "underscore": '_', "braceleft": '{', "bar": '|',
	"braceright": '}', "asciitilde": '~', "quoteleft": '‘', "quoteright": '’',
	"quotedblleft": '“', "quotedblright": '”', "endash": '–', "emdash": '—', "bullet": '•',
	"periodcentered": '·', "yen": '¥', "multiply": '×', "divide": '÷', "degree": '°',
	"greaterequal": '≥', "lessequal": '≤', "notequal": '≠', "minus": '−',
}
