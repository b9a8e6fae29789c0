package normalize

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/budgetx/budgetx/model"
)

// cleanText repairs the text of one cell or line: it strips HTML that leaked
// from a budget system's rich-text fields, decodes entities, removes the
// white space that converters put inside Chinese text (keeping one space
// between Latin words and numbers), and normalises full-width digits and
// CJK compatibility characters. Everything else stays as printed: full-width
// punctuation such as （）and ： is not touched. cleanText is idempotent.
func cleanText(s string) string {
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

// joinLines joins the lines of a wrapped cell: Chinese text joins without a
// space, Latin words and numbers with one.
func joinLines(lines []string) string {
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

// normalizeRunes maps full-width digits and Latin letters to ASCII, the
// CJK look-alikes model.Unify knows to the ideographs they stand for, and
// NBSP and ideographic spaces to plain spaces.
func normalizeRunes(s string) string {
	s = model.Unify(s)
	for _, r := range s {
		if mapRune(r) != r {
			return strings.Map(mapRune, s)
		}
	}
	return s
}

func mapRune(r rune) rune {
	switch {
	case r == 0xA0, r == 0x3000, r == 0x2002, r == 0x2003, r == 0x2009, r == 0x200B:
		return ' '
	case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
		return r - 0xFEE0
	}
	return r
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
