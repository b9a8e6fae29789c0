package xlsx

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// tokenizer walks the elements of an XML part without building a tree and
// without the cost of encoding/xml, for the few element kinds a worksheet
// needs. It is not a validating parser: it finds tags, their attributes and
// the text between them, and skips comments, processing instructions and
// declarations. It reads either a part held in b or, when src is set, a
// stream through a small window, so a large worksheet need not be inflated
// whole.
type tokenizer struct {
	b     []byte
	i     int
	src   io.Reader // more input after b, or nil
	err   error     // the first error reading src
	chunk int       // how much to read from src at a time
}

// window is how much of a streamed part the tokenizer reads at a time.
const window = 64 << 10

// stream returns a tokenizer that reads src through a window.
func stream(src io.Reader) *tokenizer {
	return &tokenizer{b: make([]byte, 0, window), src: src, chunk: window}
}

// tag is one start or end tag. Name is the local name, without a prefix.
// Name and attrs point into the tokenizer's window: they are valid until
// its next call.
type tag struct {
	name  []byte
	attrs []byte // the raw attribute text of a start tag
	end   bool   // an end tag
	empty bool   // a self-closing start tag
}

var (
	lt    = []byte("<")
	cdata = []byte("<![CDATA[")
)

// more reads more of the stream behind the unread input, which it moves to
// the front of the window (so offsets from z.i stay valid). It reports
// false when the stream has no more.
func (z *tokenizer) more() bool {
	if z.src == nil {
		return false
	}
	n := copy(z.b[:cap(z.b)], z.b[z.i:])
	z.b, z.i = z.b[:n], 0
	if cap(z.b)-n < max(z.chunk/2, 1) { // one token fills the window: widen it
		b := make([]byte, n, max(2*cap(z.b), n+z.chunk))
		copy(b, z.b)
		z.b = b
	}
	for {
		m, err := z.src.Read(z.b[n:min(cap(z.b), n+z.chunk)])
		z.b = z.b[:n+m]
		if err != nil {
			if err != io.EOF {
				z.err = err
			}
			z.src = nil
			return m > 0
		}
		if m > 0 {
			return true
		}
	}
}

// index returns the offset from z.i of the first sep at or after offset
// off, reading on as needed, or -1 when the input ends first.
func (z *tokenizer) index(off int, sep []byte) int {
	for {
		if off <= len(z.b)-z.i {
			if j := bytes.Index(z.b[z.i+off:], sep); j >= 0 {
				return off + j
			}
			off = max(off, len(z.b)-z.i-len(sep)+1)
		}
		if !z.more() {
			return -1
		}
	}
}

// ensure reads on until n bytes from z.i are at hand, and reports whether
// they are.
func (z *tokenizer) ensure(n int) bool {
	for len(z.b)-z.i < n {
		if !z.more() {
			return false
		}
	}
	return true
}

// skip moves past the first sep at or after offset off, or to the end.
func (z *tokenizer) skip(off int, sep string) {
	if k := z.index(off, []byte(sep)); k >= 0 {
		z.i += k + len(sep)
	} else {
		z.i = len(z.b)
	}
}

// next returns the next tag, or false at the end of the input.
func (z *tokenizer) next() (tag, bool) {
	for {
		j := z.index(0, lt)
		if j < 0 {
			z.i = len(z.b)
			return tag{}, false
		}
		z.i += j
		if !z.ensure(2) {
			z.i = len(z.b)
			return tag{}, false
		}
		switch z.b[z.i+1] {
		case '?':
			z.skip(2, "?>")
			continue
		case '!':
			z.ensure(len(cdata))
			switch {
			case bytes.HasPrefix(z.b[z.i:], []byte("<!--")):
				z.skip(4, "-->")
			case bytes.HasPrefix(z.b[z.i:], cdata):
				z.skip(len(cdata), "]]>")
			default:
				z.skip(2, ">")
			}
			continue
		}
		end := z.tagEnd(1)
		if end < 0 {
			z.i = len(z.b)
			return tag{}, false
		}
		var t tag
		b := z.b[z.i+1 : z.i+end] // between '<' and '>'
		z.i += end + 1
		if len(b) > 0 && b[0] == '/' {
			t.end, b = true, b[1:]
		}
		k := 0
		for k < len(b) && !isSpace(b[k]) && b[k] != '/' {
			k++
		}
		t.name, t.attrs = localName(b[:k]), b[k:]
		if n := len(t.attrs); n > 0 && t.attrs[n-1] == '/' {
			t.empty, t.attrs = true, t.attrs[:n-1]
		}
		return t, true
	}
}

// tagEnd returns the offset from z.i of the '>' that closes the tag there,
// looking from offset off and skipping any '>' in a quoted value, or -1.
func (z *tokenizer) tagEnd(off int) int {
	var quote byte
	for {
		for ; z.i+off < len(z.b); off++ {
			switch c := z.b[z.i+off]; {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '"' || c == '\'':
				quote = c
			case c == '>':
				return off
			}
		}
		if !z.more() {
			return -1
		}
	}
}

// raw returns the character data from the current position to the next
// tag as it is in the input, when it needs no decoding (no entity, no
// CDATA section); otherwise it returns the decoded text, newly allocated.
// What it returns is valid until the tokenizer's next call.
func (z *tokenizer) raw() []byte {
	j := z.index(0, lt)
	if j < 0 {
		j = len(z.b) - z.i
	}
	z.ensure(j + len(cdata))
	b := z.b[z.i : z.i+j]
	if bytes.IndexByte(b, '&') < 0 && !bytes.HasPrefix(z.b[z.i+j:], cdata) {
		z.i += j
		return b
	}
	return []byte(z.text())
}

// text returns the character data from the current position to the next
// tag, entities decoded and CDATA sections included.
func (z *tokenizer) text() string {
	var sb strings.Builder
	for {
		j := z.index(0, lt)
		if j < 0 {
			j = len(z.b) - z.i
		}
		unescape(&sb, z.b[z.i:z.i+j])
		z.i += j
		if !z.ensure(len(cdata)) || !bytes.HasPrefix(z.b[z.i:], cdata) {
			return sb.String()
		}
		k := z.index(len(cdata), []byte("]]>"))
		if k < 0 {
			sb.Write(z.b[z.i+len(cdata):])
			z.i = len(z.b)
			return sb.String()
		}
		sb.Write(z.b[z.i+len(cdata) : z.i+k])
		z.i += k + 3
	}
}

// attr returns the value of the attribute named name (local name, any
// prefix) in raw attribute text, entities decoded.
func attr(raw []byte, name string) (string, bool) {
	v, ok := attrBytes(raw, name)
	if !ok {
		return "", false
	}
	if bytes.IndexByte(v, '&') < 0 {
		return string(v), true
	}
	var sb strings.Builder
	unescape(&sb, v)
	return sb.String(), true
}

// attrBytes returns the raw value of the attribute named name, pointing
// into raw.
func attrBytes(raw []byte, name string) ([]byte, bool) {
	for {
		raw = trimSpace(raw)
		eq := bytes.IndexByte(raw, '=')
		if eq < 0 {
			return nil, false
		}
		key := localName(trimSpaceRight(raw[:eq]))
		raw = trimSpace(raw[eq+1:])
		if len(raw) == 0 || (raw[0] != '"' && raw[0] != '\'') {
			return nil, false
		}
		q := raw[0]
		end := bytes.IndexByte(raw[1:], q)
		if end < 0 {
			return nil, false
		}
		val := raw[1 : 1+end]
		raw = raw[end+2:]
		if string(key) == name {
			return val, true
		}
	}
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	return b
}

func trimSpaceRight(b []byte) []byte {
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

func localName(b []byte) []byte {
	if k := bytes.IndexByte(b, ':'); k >= 0 {
		return b[k+1:]
	}
	return b
}

// atoi parses a non-negative decimal number of at most nine digits.
func atoi(b []byte) (int, bool) {
	b = trimSpaceRight(trimSpace(b))
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

var entities = map[string]rune{"lt": '<', "gt": '>', "amp": '&', "quot": '"', "apos": '\''}

// unescape writes b to sb with XML entities decoded; an unknown or broken
// entity is kept as written.
func unescape(sb *strings.Builder, b []byte) {
	for len(b) > 0 {
		k := bytes.IndexByte(b, '&')
		if k < 0 {
			sb.Write(b)
			return
		}
		sb.Write(b[:k])
		b = b[k:]
		semi := bytes.IndexByte(b, ';')
		if semi < 0 || semi > 12 {
			sb.WriteByte('&')
			b = b[1:]
			continue
		}
		name := string(b[1:semi])
		r, ok := entities[name]
		if !ok && strings.HasPrefix(name, "#") {
			var n uint64
			var err error
			if strings.HasPrefix(name, "#x") || strings.HasPrefix(name, "#X") {
				n, err = strconv.ParseUint(name[2:], 16, 32)
			} else {
				n, err = strconv.ParseUint(name[1:], 10, 32)
			}
			r, ok = rune(n), err == nil && utf8.ValidRune(rune(n))
		}
		if !ok {
			sb.WriteByte('&')
			b = b[1:]
			continue
		}
		sb.WriteRune(r)
		b = b[semi+1:]
	}
}
