package model

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Unify brings the CJK look-alikes that fonts and converters produce to the
// characters a reader means: Kangxi radicals (⼈ U+2F08 → 人), CJK
// compatibility ideographs (U+F900–FAFF, U+2F800–2FA1F) and the radicals
// supplement (⻔ → 门), which Unicode gives no decomposition. Other text is
// returned as it is, without copying.
func Unify(s string) string {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if lookalike(r) {
			return unifySlow(s)
		}
		i += n
	}
	return s
}

func lookalike(r rune) bool {
	return r >= 0x2E80 && r <= 0x2FDF || r >= 0xF900 && r <= 0xFAFF || r >= 0x2F800 && r <= 0x2FA1F
}

func unifySlow(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch u, ok := radicals[r]; {
		case ok:
			b.WriteRune(u)
		case !lookalike(r), r <= 0x2EFF: // a supplement radical without a mapping stays
			b.WriteRune(r)
		default:
			b.WriteString(norm.NFKC.String(string(r)))
		}
	}
	return b.String()
}

// radicals maps the CJK radicals supplement to the ideographs they are drawn
// for in Chinese text: the common simplified character where the radical
// has several readings (⻬ and the Japanese ⻫ are both 齐 in a Chinese
// budget).
var radicals = map[rune]rune{
	'⺀': '冫', '⺁': '厂', '⺃': '乚', '⺄': '乙', '⺅': '亻', '⺇': '几', '⺈': '刀', '⺉': '刂',
	'⺊': '卜', '⺋': '卩', '⺌': '小', '⺎': '兀', '⺏': '尣', '⺐': '尢', '⺑': '𡯂', '⺒': '巳',
	'⺓': '幺', '⺔': '彑', '⺕': '彐', '⺖': '忄', '⺗': '心', '⺘': '扌', '⺙': '攵', '⺛': '无',
	'⺜': '日', '⺝': '月', '⺞': '歺', '⺟': '母', '⺠': '民', '⺡': '氵', '⺢': '氺', '⺣': '灬',
	'⺤': '爫', '⺥': '爫', '⺦': '丬', '⺧': '牛', '⺨': '犭', '⺩': '王', '⺪': '疋', '⺫': '目',
	'⺬': '示', '⺭': '礻', '⺮': '竹', '⺯': '糸', '⺰': '纟', '⺱': '罒', '⺲': '罒', '⺳': '网',
	'⺴': '网', '⺵': '网', '⺶': '羊', '⺷': '羊', '⺸': '羊', '⺹': '耂', '⺺': '聿', '⺻': '聿',
	'⺼': '月', '⺽': '臼', '⺾': '艹', '⺿': '艹', '⻀': '艹', '⻁': '虎', '⻂': '衤', '⻃': '覀',
	'⻄': '西', '⻅': '见', '⻆': '角', '⻇': '角', '⻈': '讠', '⻉': '贝', '⻊': '足', '⻋': '车',
	'⻌': '辶', '⻍': '辶', '⻎': '辶', '⻏': '阝', '⻐': '钅', '⻑': '長', '⻒': '镸', '⻓': '长',
	'⻔': '门', '⻕': '阝', '⻖': '阝', '⻗': '雨', '⻘': '青', '⻙': '韦', '⻚': '页', '⻛': '风',
	'⻜': '飞', '⻝': '食', '⻞': '食', '⻟': '食', '⻠': '饣', '⻡': '首', '⻢': '马', '⻣': '骨',
	'⻤': '鬼', '⻥': '鱼', '⻦': '鸟', '⻧': '卤', '⻨': '麦', '⻩': '黄', '⻪': '黾', '⻫': '齐',
	'⻬': '齐', '⻭': '齿', '⻮': '齿', '⻯': '龙', '⻰': '龙', '⻱': '龟', '⻲': '龟', '⻳': '龟',
}
