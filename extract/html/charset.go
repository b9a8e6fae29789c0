package html

import (
	"bytes"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// prescan is how far into a page its <meta> charset is looked for. The
// HTML standard looks at 1024 bytes, but Chinese portals put long scripts
// before their meta tags.
const prescan = 64 << 10

// decode returns the page as UTF-8 and the name of the charset it was read
// in; mismatch is set when the page declares UTF-8 but is not.
func decode(data []byte) (text string, name string, mismatch bool) {
	enc, name, mismatch := Encoding(data, "")
	if name == "utf-8" {
		data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
		return string(bytes.ToValidUTF8(data, []byte("\uFFFD"))), name, mismatch
	}
	return decodeWith(enc, data), name, mismatch
}

// Encoding tells the charset a page is written in: from a byte-order mark,
// else the charset of its response's Content-Type (pass "" when there is
// none), else a <meta> tag in its first 64 KB; an undeclared page is UTF-8
// when its bytes are and GB18030 otherwise. GB2312 and GBK pages are read
// as GB18030, their superset, so nothing they hold is lost. mismatch is
// set when the page declares UTF-8 but is not.
func Encoding(data []byte, contentType string) (enc encoding.Encoding, name string, mismatch bool) {
	switch {
	case bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")):
		return unicode.UTF8, "utf-8", false
	case bytes.HasPrefix(data, []byte("\xFF\xFE")):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "utf-16le", false
	case bytes.HasPrefix(data, []byte("\xFE\xFF")):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "utf-16be", false
	}
	label := ""
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		label = params["charset"]
	}
	if label == "" {
		label = metaCharset(data[:min(len(data), prescan)])
	}
	enc, canon := charset.Lookup(label)
	switch {
	case enc == nil && utf8.Valid(data), canon == "utf-8" && utf8.Valid(data):
		return unicode.UTF8, "utf-8", false
	case enc == nil, canon == "utf-8", isGB(canon):
		return simplifiedchinese.GB18030, "gb18030", canon == "utf-8"
	}
	return enc, canon, false
}

func isGB(name string) bool {
	return name == "gbk" || name == "gb18030" || name == "gb2312" || name == "hz-gb-2312"
}

func decodeWith(e encoding.Encoding, data []byte) string {
	out, err := e.NewDecoder().Bytes(data)
	if err != nil {
		return string(bytes.ToValidUTF8(data, []byte("\uFFFD")))
	}
	return string(out)
}

// metaCharset returns the charset a page declares in <meta charset> or
// <meta http-equiv="Content-Type" content="…; charset=…">, looking no
// further than the start of the body.
func metaCharset(head []byte) string {
	z := html.NewTokenizer(bytes.NewReader(head))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch string(name) {
			case "body":
				return ""
			case "meta":
				var content, httpEquiv string
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					switch strings.ToLower(string(k)) {
					case "charset":
						return strings.TrimSpace(string(v))
					case "content":
						content = string(v)
					case "http-equiv":
						httpEquiv = strings.ToLower(string(v))
					}
				}
				if httpEquiv == "content-type" {
					if _, params, ok := strings.Cut(strings.ToLower(content), "charset="); ok {
						return strings.Trim(strings.TrimSpace(strings.SplitN(params, ";", 2)[0]), `"'`)
					}
				}
			}
		}
	}
}
