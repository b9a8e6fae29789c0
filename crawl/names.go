package crawl

import (
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// fileName returns the name a download goes by: the one its
// Content-Disposition gives, else the last segment of its URL.
//
// Servers write the name in many ways: RFC 6266 and 5987
// (filename*=UTF-8”%E9%A2%84.pdf, also with GBK), raw GBK or UTF-8 bytes
// in quotes, percent-encoded bytes in quotes, and RFC 2047 encoded words.
func fileName(h http.Header, u *url.URL) string {
	if name := dispositionName(h.Get("Content-Disposition")); name != "" {
		return name
	}
	if u == nil {
		return ""
	}
	return cleanName(decodeBytes([]byte(path.Base(u.Path))))
}

// dispositionName reads the file name of a Content-Disposition header, ""
// when it has none.
func dispositionName(cd string) string {
	params := dispositionParams(cd)
	if v, ok := params["filename*"]; ok {
		if name := decodeExtValue(v); name != "" {
			return cleanName(name)
		}
	}
	v, ok := params["filename"]
	if !ok {
		return ""
	}
	if strings.Contains(v, "=?") {
		dec := mime.WordDecoder{CharsetReader: func(label string, r io.Reader) (io.Reader, error) {
			return charset.NewReaderLabel(label, r)
		}}
		if s, err := dec.DecodeHeader(v); err == nil {
			return cleanName(s)
		}
	}
	if b, err := url.PathUnescape(v); err == nil && strings.Contains(v, "%") {
		v = b
	}
	return cleanName(decodeBytes([]byte(v)))
}

// dispositionParams splits a Content-Disposition header into its
// parameters, keeping their bytes as sent (mime.ParseMediaType would turn
// raw GBK bytes into replacement characters). Names are lower-cased;
// quoted values are unquoted.
func dispositionParams(cd string) map[string]string {
	params := make(map[string]string)
	_, rest, _ := strings.Cut(cd, ";")
	for rest != "" {
		var part string
		part, rest = cutParam(rest)
		name, value, ok := strings.Cut(part, "=")
		if !ok {
			continue
		}
		name = strings.ToLower(strings.TrimSpace(name))
		value = strings.TrimSpace(value)
		if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
			value = strings.NewReplacer(`\"`, `"`, `\\`, `\`).Replace(value[1 : len(value)-1])
		}
		params[name] = value
	}
	return params
}

// cutParam cuts s at the first semicolon outside quotes.
func cutParam(s string) (param, rest string) {
	quoted := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			quoted = !quoted
		case ';':
			if !quoted {
				return s[:i], s[i+1:]
			}
		}
	}
	return s, ""
}

// decodeExtValue decodes an RFC 5987 value: charset'language'%XX…
func decodeExtValue(v string) string {
	cs, rest, ok := strings.Cut(v, "'")
	if !ok {
		return ""
	}
	_, encoded, ok := strings.Cut(rest, "'")
	if !ok {
		return ""
	}
	raw, err := url.PathUnescape(encoded)
	if err != nil {
		return ""
	}
	if enc, _ := charset.Lookup(cs); enc != nil && !strings.EqualFold(cs, "utf-8") {
		if s, err := enc.NewDecoder().String(raw); err == nil {
			return s
		}
	}
	return decodeBytes([]byte(raw))
}

// decodeBytes reads a name that is UTF-8 or, failing that, GBK.
func decodeBytes(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	if s, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b); err == nil {
		return string(s)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// cleanName keeps the last element of a name that carries a path, and
// drops control characters.
func cleanName(s string) string {
	s = strings.ReplaceAll(s, `\`, "/")
	s = s[strings.LastIndex(s, "/")+1:]
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if s == "." || s == ".." {
		return ""
	}
	return s
}
