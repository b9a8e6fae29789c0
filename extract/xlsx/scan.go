package xlsx

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// tokenizer walks the elements of an XML part without building a tree and
// without the cost of encoding/xml, for the few element kinds a worksheet
// needs. It is not a validating parser: it finds tags, their attributes and
// the text between them, and skips comments, processing instructions and
// declarations.
type tokenizer struct {
	b []byte
	i int
}

// tag is one start or end tag. Name is the local name, without a prefix;
// name and attrs point into the input.
type tag struct {
	name  []byte
	attrs []byte // the raw attribute text of a start tag
	end   bool   // an end tag
	empty bool   // a self-closing start tag
}

// next returns the next tag, or false at the end of the input.
func (z *tokenizer) next() (tag, bool) {
	for {
		j := bytes.IndexByte(z.b[z.i:], '<')
		if j < 0 {
			z.i = len(z.b)
			return tag{}, false
		}
		z.i += j + 1
		if z.i >= len(z.b) {
			return tag{}, false
		}
		switch z.b[z.i] {
		case '?':
			z.skipPast("?>")
			continue
		case '!':
			switch {
			case bytes.HasPrefix(z.b[z.i:], []byte("!--")):
				z.skipPast("-->")
			case bytes.HasPrefix(z.b[z.i:], []byte("![CDATA[")):
				z.skipPast("]]>")
			default:
				z.skipPast(">")
			}
			continue
		}
		var t tag
		if z.b[z.i] == '/' {
			t.end = true
			z.i++
		}
		start := z.i
		for z.i < len(z.b) && !isSpace(z.b[z.i]) && z.b[z.i] != '>' && z.b[z.i] != '/' {
			z.i++
		}
		t.name = localName(z.b[start:z.i])
		attrStart := z.i
		var quote byte
		for z.i < len(z.b) {
			c := z.b[z.i]
			if quote != 0 {
				if c == quote {
					quote = 0
				}
			} else if c == '"' || c == '\'' {
				quote = c
			} else if c == '>' {
				break
			}
			z.i++
		}
		attrEnd := z.i
		if attrEnd > attrStart && z.b[attrEnd-1] == '/' {
			t.empty = true
			attrEnd--
		}
		t.attrs = z.b[attrStart:attrEnd]
		if z.i < len(z.b) {
			z.i++ // past '>'
		}
		return t, true
	}
}

func (z *tokenizer) skipPast(s string) {
	if j := bytes.Index(z.b[z.i:], []byte(s)); j >= 0 {
		z.i += j + len(s)
	} else {
		z.i = len(z.b)
	}
}

// raw returns the character data from the current position to the next
// tag as it is in the input, when it needs no decoding (no entity, no
// CDATA section); otherwise it returns the decoded text, newly allocated.
func (z *tokenizer) raw() []byte {
	j := bytes.IndexByte(z.b[z.i:], '<')
	if j < 0 {
		j = len(z.b) - z.i
	}
	b := z.b[z.i : z.i+j]
	if bytes.IndexByte(b, '&') < 0 && !bytes.HasPrefix(z.b[z.i+j:], []byte("<![CDATA[")) {
		z.i += j
		return b
	}
	return []byte(z.text())
}

// text returns the character data from the current position to the next
// tag, entities decoded and CDATA sections included.
func (z *tokenizer) text() string {
	var sb strings.Builder
	for z.i < len(z.b) {
		j := bytes.IndexByte(z.b[z.i:], '<')
		if j < 0 {
			j = len(z.b) - z.i
		}
		unescape(&sb, z.b[z.i:z.i+j])
		z.i += j
		if !bytes.HasPrefix(z.b[z.i:], []byte("<![CDATA[")) {
			break
		}
		z.i += len("<![CDATA[")
		k := bytes.Index(z.b[z.i:], []byte("]]>"))
		if k < 0 {
			k = len(z.b) - z.i
		}
		sb.Write(z.b[z.i : z.i+k])
		z.i = min(len(z.b), z.i+k+3)
	}
	return sb.String()
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
