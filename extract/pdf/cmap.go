package pdf

import (
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/budgetx/budgetx/model"
)

// cmap is a parsed CMap stream: a ToUnicode map (code → text) or an
// embedded encoding CMap (code → CID). Codes are keyed by their byte length
// as well as their value, since <41> and <0041> are different codes.
type cmap struct {
	space [4][]codeRange // codespace ranges by code length - 1
	uni   map[codeKey]string
	cid   map[codeKey]uint32
	// cidRanges holds cidrange entries, looked up when cid lacks the code,
	// so that a range covering all of Unicode costs nothing to store.
	cidRanges []cidRange
}

// codeKey is a code and its byte length, packed so that a map hashes one
// word (a lookup for every glyph).
type codeKey uint64

func keyOf(n int, code uint32) codeKey { return codeKey(n)<<32 | codeKey(code) }

type codeRange struct{ lo, hi uint32 }

type cidRange struct {
	n      uint8
	lo, hi uint32
	cid    uint32
}

// Limits on what one CMap may hold, so that a hostile range cannot make
// the reader allocate without bound.
const (
	maxRange   = 1 << 16
	maxEntries = 1 << 18
)

// parseCMap reads the operators of a CMap that matter for text extraction:
// codespace ranges, bfchar/bfrange (ToUnicode) and cidchar/cidrange
// (encoding CMaps). Anything else is skipped; malformed entries are dropped.
func parseCMap(data []byte) *cmap {
	m := &cmap{uni: make(map[codeKey]string), cid: make(map[codeKey]uint32)}
	lx := lexer{data: data}
	var ops []token // operands since the last keyword
	for {
		t, ok := lx.next()
		if !ok {
			break
		}
		if t.kind != tokKeyword {
			ops = append(ops, t)
			if len(ops) > 3*maxRange {
				ops = ops[:0]
			}
			continue
		}
		switch t.text {
		case "endcodespacerange":
			for i := 0; i+1 < len(ops); i += 2 {
				lo, hi := ops[i], ops[i+1]
				n := len(lo.text)
				if lo.kind != tokHex || hi.kind != tokHex || n == 0 || n > 4 || len(hi.text) != n {
					continue
				}
				m.space[n-1] = append(m.space[n-1], codeRange{be(lo.text), be(hi.text)})
			}
		case "endbfchar":
			for i := 0; i+1 < len(ops); i += 2 {
				src, dst := ops[i], ops[i+1]
				if src.kind != tokHex || len(src.text) == 0 || len(src.text) > 4 || len(m.uni) >= maxEntries {
					continue
				}
				switch dst.kind {
				case tokHex:
					m.uni[keyOf(len(src.text), be(src.text))] = utf16Text(dst.text, 0)
				case tokName:
					if r, ok := glyphRune(dst.text); ok {
						m.uni[keyOf(len(src.text), be(src.text))] = model.Unify(string(r))
					}
				}
			}
		case "endbfrange":
			m.bfrange(ops)
		case "endcidchar":
			for i := 0; i+1 < len(ops); i += 2 {
				src, dst := ops[i], ops[i+1]
				if src.kind != tokHex || len(src.text) == 0 || len(src.text) > 4 || dst.kind != tokNumber || len(m.cid) >= maxEntries {
					continue
				}
				m.cid[keyOf(len(src.text), be(src.text))] = uint32(dst.num)
			}
		case "endcidrange":
			for i := 0; i+2 < len(ops); i += 3 {
				lo, hi, dst := ops[i], ops[i+1], ops[i+2]
				n := len(lo.text)
				if lo.kind != tokHex || hi.kind != tokHex || n == 0 || n > 4 || len(hi.text) != n || dst.kind != tokNumber {
					continue
				}
				if len(m.cidRanges) < maxEntries {
					m.cidRanges = append(m.cidRanges, cidRange{uint8(n), be(lo.text), be(hi.text), uint32(dst.num)})
				}
			}
		}
		ops = ops[:0]
	}
	return m
}

// bfrange reads the operands of one beginbfrange … endbfrange block:
// triples of <lo> <hi> and either <dst>, whose last UTF-16 unit counts up
// through the range, or an array with one destination per code.
func (m *cmap) bfrange(ops []token) {
	for i := 0; i+2 < len(ops); {
		lo, hi := ops[i], ops[i+1]
		n := len(lo.text)
		valid := lo.kind == tokHex && hi.kind == tokHex && n > 0 && n <= 4 && len(hi.text) == n
		if ops[i+2].kind == tokArrayStart {
			j := i + 3
			var dsts []string
			for ; j < len(ops) && ops[j].kind != tokArrayEnd; j++ {
				if ops[j].kind == tokHex {
					dsts = append(dsts, ops[j].text)
				}
			}
			if valid {
				a := be(lo.text)
				for k, d := range dsts {
					if len(m.uni) >= maxEntries {
						break
					}
					m.uni[keyOf(n, a+uint32(k))] = utf16Text(d, 0)
				}
			}
			i = j + 1
			continue
		}
		dst := ops[i+2]
		i += 3
		if !valid || dst.kind != tokHex {
			continue
		}
		a, b := be(lo.text), be(hi.text)
		if b < a || b-a >= maxRange {
			continue
		}
		for c := a; c <= b && len(m.uni) < maxEntries; c++ {
			m.uni[keyOf(n, c)] = utf16Text(dst.text, uint16(c-a))
		}
	}
}

// lookupCID maps a code through an encoding CMap.
func (m *cmap) lookupCID(n int, code uint32) (uint32, bool) {
	if c, ok := m.cid[keyOf(n, code)]; ok {
		return c, true
	}
	for _, r := range m.cidRanges {
		if int(r.n) == n && r.lo <= code && code <= r.hi {
			return r.cid + code - r.lo, true
		}
	}
	return 0, false
}

// codeLen returns the length of the code at the start of s by the CMap's
// codespace ranges, or 0 when the CMap declares none that match.
func (m *cmap) codeLen(s string) int {
	var code uint32
	for n := 1; n <= 4 && n <= len(s); n++ {
		code = code<<8 | uint32(s[n-1])
		for _, r := range m.space[n-1] {
			if r.lo <= code && code <= r.hi {
				return n
			}
		}
	}
	return 0
}

func (m *cmap) hasSpace() bool {
	return len(m.space[0])+len(m.space[1])+len(m.space[2])+len(m.space[3]) > 0
}

// be reads a big-endian unsigned integer of up to four bytes.
func be(s string) uint32 {
	var v uint32
	for i := 0; i < len(s) && i < 4; i++ {
		v = v<<8 | uint32(s[i])
	}
	return v
}

// utf16Text decodes big-endian UTF-16 after adding add to its last unit,
// and brings compatibility characters to their unified forms.
func utf16Text(s string, add uint16) string {
	if len(s) == 0 {
		return ""
	}
	if len(s) == 1 { // some producers write one byte; read it as Latin-1
		return model.Unify(string(rune(s[0]) + rune(add)))
	}
	units := make([]uint16, len(s)/2)
	for i := range units {
		units[i] = uint16(s[2*i])<<8 | uint16(s[2*i+1])
	}
	units[len(units)-1] += add
	return model.Unify(string(utf16.Decode(units)))
}

// A lexer splits PostScript-like CMap text, and PDF objects, into tokens.
// It is small and forgiving: unknown bytes are skipped. It counts what it
// forgave, which a stricter reader would have failed on.
type lexer struct {
	data []byte
	pos  int
	odd  int // stray delimiters, bad escapes and hex digits, strings not closed
}

type tokKind uint8

const (
	tokKeyword tokKind = iota
	tokNumber
	tokHex
	tokString
	tokName
	tokArrayStart
	tokArrayEnd
	tokDictStart
	tokDictEnd
)

type token struct {
	kind tokKind
	text string // keyword, name, or the bytes of a string
	num  float64
}

func (lx *lexer) next() (token, bool) {
	d := lx.data
	for lx.pos < len(d) {
		c := d[lx.pos]
		switch {
		case c == '%':
			for lx.pos < len(d) && d[lx.pos] != '\n' && d[lx.pos] != '\r' {
				lx.pos++
			}
		case isWhite(c):
			lx.pos++
		case c == '[':
			lx.pos++
			return token{kind: tokArrayStart}, true
		case c == ']':
			lx.pos++
			return token{kind: tokArrayEnd}, true
		case c == '<' && lx.pos+1 < len(d) && d[lx.pos+1] == '<':
			lx.pos += 2
			return token{kind: tokDictStart}, true
		case c == '>' && lx.pos+1 < len(d) && d[lx.pos+1] == '>':
			lx.pos += 2
			return token{kind: tokDictEnd}, true
		case c == '<':
			return lx.hex(), true
		case c == '(':
			return lx.str(), true
		case c == '/':
			lx.pos++
			start := lx.pos
			for lx.pos < len(d) && !isWhite(d[lx.pos]) && !isDelim(d[lx.pos]) {
				lx.pos++
			}
			return token{kind: tokName, text: string(d[start:lx.pos])}, true
		case isDelim(c):
			lx.odd++
			lx.pos++
		default:
			start := lx.pos
			for lx.pos < len(d) && !isWhite(d[lx.pos]) && !isDelim(d[lx.pos]) {
				lx.pos++
			}
			b := d[start:lx.pos]
			if (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' {
				if f, ok := decimal(b); ok {
					return token{kind: tokNumber, num: f}, true
				}
				if f, err := strconv.ParseFloat(string(b), 64); err == nil {
					return token{kind: tokNumber, num: f}, true
				}
			}
			return token{kind: tokKeyword, text: keyword(b)}, true
		}
	}
	return token{}, false
}

// operators are the content-stream operators and the CMap keywords the
// lexer meets, found by their bytes without a copy or a string hash: the
// lexer looks up every operator of every page.
var operators = newWords(strings.Fields(`b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX f F f* G g gs h
	i ID j J K k l m M MP n q Q re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf Tj TJ TL Tm Tr Ts Tw Tz v w W W* y ' "
	true false null def begin end`))

// words is a set of short words held in a table without collisions: a
// word's bytes packed in an integer (see pack), multiplied by mul, give
// its slot in the top bits.
type words struct {
	mul   uint64
	keys  [1 << wordBits]uint64
	words [1 << wordBits]string
}

const wordBits = 10

// newWords finds a multiplier that gives each word a slot of its own; with
// a thousand slots for a hundred words, one in twenty does.
func newWords(list []string) *words {
	for mul := uint64(0x9e3779b97f4a7c15); ; mul += 2 {
		t := &words{mul: mul}
		for _, w := range list {
			k, _ := pack([]byte(w))
			i := t.slot(k)
			if t.keys[i] != 0 {
				t = nil
				break
			}
			t.keys[i], t.words[i] = k, w
		}
		if t != nil {
			return t
		}
	}
}

func (t *words) slot(k uint64) uint64 { return k * t.mul >> (64 - wordBits) }

// find returns the word of the set that b spells.
func (t *words) find(b []byte) (string, bool) {
	k, ok := pack(b)
	if !ok || k == 0 {
		return "", false
	}
	i := t.slot(k)
	return t.words[i], t.keys[i] == k
}

// pack packs a word of up to seven bytes, and its length, into an integer.
func pack(b []byte) (uint64, bool) {
	if len(b) > 7 {
		return 0, false
	}
	k := uint64(len(b)) << 56
	for i, c := range b {
		k |= uint64(c) << (8 * i)
	}
	return k, true
}

// keyword returns the keyword b spells: one of operators, without a copy.
func keyword(b []byte) string {
	if w, ok := operators.find(b); ok {
		return w
	}
	return string(b)
}

// decimal reads the numbers content streams are made of (12, -3.5, .25)
// without a conversion to string; ok is false for any other form, which
// strconv reads.
func decimal(b []byte) (f float64, ok bool) {
	neg := false
	switch {
	case len(b) == 0 || len(b) > 15:
		return 0, false
	case b[0] == '-':
		neg, b = true, b[1:]
	case b[0] == '+':
		b = b[1:]
	}
	var mant int64
	scale, digits, point := 1.0, 0, false
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			mant = mant*10 + int64(c-'0')
			digits++
			if point {
				scale *= 10
			}
		case c == '.' && !point:
			point = true
		default:
			return 0, false
		}
	}
	if digits == 0 {
		return 0, false
	}
	f = float64(mant) / scale
	if neg {
		f = -f
	}
	return f, true
}

func (lx *lexer) hex() token {
	d := lx.data
	lx.pos++ // '<'
	var out []byte
	var hi byte
	half := false
	for lx.pos < len(d) && d[lx.pos] != '>' {
		v, ok := unhex(d[lx.pos])
		lx.pos++
		if !ok {
			if !isWhite(d[lx.pos-1]) {
				lx.odd++
			}
			continue
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		out = append(out, hi<<4)
	}
	if lx.pos < len(d) {
		lx.pos++ // '>'
	} else {
		lx.odd++
	}
	return token{kind: tokHex, text: string(out)}
}

func (lx *lexer) str() token {
	d := lx.data
	lx.pos++ // '('
	var out []byte
	depth := 1
	for lx.pos < len(d) {
		c := d[lx.pos]
		lx.pos++
		switch c {
		case '\\':
			out = lx.escape(out)
			continue
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return token{kind: tokString, text: string(out)}
			}
		}
		out = append(out, c)
	}
	lx.odd++
	return token{kind: tokString, text: string(out)}
}

// escape reads the escape sequence after a backslash in a literal
// string and appends what it stands for. An unknown escape stands for
// its character, as readers treat it; a backslash at the end of the data
// stands for nothing.
func (lx *lexer) escape(out []byte) []byte {
	d := lx.data
	if lx.pos >= len(d) {
		return out
	}
	c := d[lx.pos]
	lx.pos++
	switch c {
	case 'n':
		return append(out, '\n')
	case 'r':
		return append(out, '\r')
	case 't':
		return append(out, '\t')
	case 'b':
		return append(out, '\b')
	case 'f':
		return append(out, '\f')
	case '\r':
		if lx.pos < len(d) && d[lx.pos] == '\n' {
			lx.pos++
		}
		return out // a line continuation
	case '\n':
		return out
	case '0', '1', '2', '3', '4', '5', '6', '7':
		v := c - '0'
		for k := 0; k < 2 && lx.pos < len(d) && d[lx.pos] >= '0' && d[lx.pos] <= '7'; k++ {
			v = v<<3 | (d[lx.pos] - '0')
			lx.pos++
		}
		return append(out, v)
	case '(', ')', '\\':
		return append(out, c)
	}
	lx.odd++
	return append(out, c)
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func isWhite(c byte) bool {
	switch c {
	case 0, '\t', '\n', '\f', '\r', ' ':
		return true
	}
	return false
}

func isDelim(c byte) bool {
	switch c {
	case '<', '>', '(', ')', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}
