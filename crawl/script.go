package crawl

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
)

// Pages of the common government content systems often write their
// attachment lists with scripts instead of plain links. The crawler runs
// no script: it reads the script's text for what a browser would end up
// linking, in the forms those systems use.
//
//   - markup in a string literal that a script writes into the page:
//     var hasFJ = '<a href="./P020260302….pdf">附件1</a><BR/>…';
//     document.write(hasFJ);
//   - a string literal that is a path to a document: var url = "/u/cms/….pdf";
//   - a click handler, or a javascript: link, that names the file and its
//     address: onclick="downloadFj('附件1.pdf','/u/cms/…/P02026….pdf')";
//   - data-pdf, data-url, data-href and data-file attributes;
//   - viewers of a PDF: <iframe src>, <embed src>, <object data>, and the
//     file= parameter of a viewer page (pdf.js's viewer.html?file=…).

// dataAttrs are the attributes that hold an attachment's address.
var dataAttrs = []string{"data-pdf", "data-url", "data-href", "data-file", "data-src"}

// readScripted adds to c the attachments that s and what it holds write
// with scripts, data attributes and viewers. Markup found in scripts is
// read the same way, to a depth of two.
func (c *collector) readScripted(s *goquery.Selection, depth int) {
	s.Find("iframe[src], frame[src], embed[src]").Each(func(_ int, e *goquery.Selection) {
		src, _ := e.Attr("src")
		c.addViewer(src, attrText(e))
	})
	s.Find("object[data]").Each(func(_ int, e *goquery.Selection) {
		src, _ := e.Attr("data")
		c.addViewer(src, attrText(e))
	})
	for _, a := range dataAttrs {
		s.Find("[" + a + "]").Each(func(_ int, e *goquery.Selection) {
			v, _ := e.Attr(a)
			c.add(v, elementText(e), "")
		})
	}
	s.Find("[onclick], a[href^='javascript:'], a[href^='JavaScript:']").Each(func(_ int, e *goquery.Selection) {
		code, _ := e.Attr("onclick")
		if href, _ := e.Attr("href"); strings.HasPrefix(strings.ToLower(strings.TrimSpace(href)), "javascript:") {
			code += ";" + href[strings.Index(href, ":")+1:]
		}
		c.addCall(code, elementText(e))
	})
	if depth >= 2 {
		return
	}
	s.Find("script").Each(func(_ int, e *goquery.Selection) {
		if _, external := e.Attr("src"); external {
			return // never fetched: the crawler runs no script
		}
		c.readScript(e.Text(), depth)
	})
}

// readScript reads the string literals of a script: markup that holds
// links is read as a page fragment, a lone path to a document is a link,
// and calls are read as click handlers are.
func (c *collector) readScript(js string, depth int) {
	for _, lit := range stringLiterals(js) {
		switch {
		case strings.Contains(lit, "<") && markupRE.MatchString(lit):
			frag, err := goquery.NewDocumentFromReader(strings.NewReader("<body>" + lit + "</body>"))
			if err != nil {
				continue
			}
			frag.Find("a[href], area[href]").Each(func(_ int, a *goquery.Selection) {
				href, _ := a.Attr("href")
				c.add(href, linkText(a), "")
			})
			c.readScripted(frag.Selection, depth+1)
		case isDocumentPath(lit):
			c.add(lit, "", "")
		}
	}
	c.addCall(js, "")
}

var (
	markupRE = regexp.MustCompile(`(?i)<\s*(a|iframe|embed|object)\b|\bdata-(pdf|url|href|file)\s*=`)
	// callRE finds calls whose arguments are string literals only, such
	// as downloadFj('附件1.pdf', '/u/cms/…/P02026….pdf').
	callRE = regexp.MustCompile(`[A-Za-z_$][\w$.]*\s*\(\s*((?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')(?:\s*,\s*(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\d+))*)\s*\)`)
)

// addCall reads the calls in code whose arguments name a document: the
// argument that is a path (or the one document name, when no argument is
// a path) is the address; another document name, else text, names it.
func (c *collector) addCall(code, text string) {
	for _, m := range callRE.FindAllStringSubmatch(code, -1) {
		args := stringLiterals(m[1])
		addr, name := "", ""
		for _, a := range args {
			if isDocumentPath(a) && addr == "" {
				addr = a
			}
		}
		for _, a := range args {
			switch {
			case a == addr:
			case addr == "" && documentName.MatchString(a):
				addr = a
			case name == "" && documentName.MatchString(a):
				name = a
			}
		}
		if addr == "" {
			continue
		}
		for _, a := range args {
			if name == "" && a != addr && hasLetters(a) {
				name = a
			}
		}
		c.add(addr, squash(first(name, text)), "")
	}
}

// addViewer adds the address of an embedded document or, for a viewer
// page (pdf.js's viewer.html?file=…), of the document it shows, which the
// viewer resolves against its own address; the viewer itself is no
// attachment.
func (c *collector) addViewer(src, text string) {
	if u, err := url.Parse(strings.TrimSpace(src)); err == nil {
		for _, key := range []string{"file", "url", "src", "pdf"} {
			f := u.Query().Get(key)
			if f == "" || !isDocumentPath(f) && !documentName.MatchString(f) {
				continue
			}
			if viewer, ok := resolve(c.base, src, c.enc); ok {
				if abs, ok := resolve(viewer, f, c.enc); ok {
					c.add(abs.String(), text, "")
					return
				}
			}
		}
	}
	c.add(src, text, "")
}

// isDocumentPath reports whether s is an address of a document file: a
// path or URL (it has a slash) whose name ends in a document extension,
// with nothing in it that a path does not hold.
func isDocumentPath(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 2000 || strings.ContainsAny(s, " <>\"'\n") || !strings.Contains(s, "/") {
		return false
	}
	p := s
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	return documentName.MatchString(p)
}

func hasLetters(s string) bool {
	for _, r := range s {
		if r >= 0x2E80 || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
			return true
		}
	}
	return false
}

// attrText is what names an embedded document: its title.
func attrText(s *goquery.Selection) string {
	t, _ := s.Attr("title")
	return squash(t)
}

// elementText is what a reader sees of an element that holds an address:
// its text, else its title.
func elementText(s *goquery.Selection) string {
	if t := squash(s.Text()); t != "" && utf8.RuneCountInString(t) <= 200 {
		return t
	}
	return attrText(s)
}

// stringLiterals returns the string literals of a script, their escapes
// decoded; literals joined by + are one. Comments are skipped; a regular
// expression literal may be misread, which costs no more than a missed or
// a stray candidate, which the site's patterns then judge.
func stringLiterals(js string) []string {
	var out []string
	joining := false // the last literal is followed by +
	for i := 0; i < len(js); {
		ch := js[i]
		switch {
		case ch == '/' && i+1 < len(js) && js[i+1] == '/':
			for i < len(js) && js[i] != '\n' {
				i++
			}
		case ch == '/' && i+1 < len(js) && js[i+1] == '*':
			end := strings.Index(js[i+2:], "*/")
			if end < 0 {
				return out
			}
			i += end + 4
		case ch == '\'' || ch == '"' || ch == '`':
			lit, n := readLiteral(js[i:])
			if joining && len(out) > 0 {
				out[len(out)-1] += lit
			} else {
				out = append(out, lit)
			}
			joining = false
			i += n
			for i < len(js) && (js[i] == ' ' || js[i] == '\t' || js[i] == '\r' || js[i] == '\n') {
				i++
			}
			if i < len(js) && js[i] == '+' {
				joining = true
				i++
			}
		case ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n':
			i++
		default:
			joining = false
			i++
		}
	}
	return out
}

// readLiteral reads the string literal s opens with; it returns its value
// and its length in s.
func readLiteral(s string) (string, int) {
	quote := s[0]
	var b strings.Builder
	i := 1
	for i < len(s) {
		ch := s[i]
		switch {
		case ch == quote:
			return b.String(), i + 1
		case ch == '\n' && quote != '`':
			return b.String(), i // an unclosed literal ends at the line
		case ch == '\\' && i+1 < len(s):
			r, n := unescape(s[i+1:])
			b.WriteString(r)
			i += 1 + n
			continue
		default:
			b.WriteByte(ch)
		}
		i++
	}
	return b.String(), i
}

// unescape decodes the escape after a backslash; it returns the text and
// the bytes it took.
func unescape(s string) (string, int) {
	switch s[0] {
	case 'n':
		return "\n", 1
	case 't':
		return "\t", 1
	case 'r':
		return "\r", 1
	case 'u':
		if len(s) >= 5 {
			if n, err := strconv.ParseUint(s[1:5], 16, 32); err == nil {
				return string(rune(n)), 5
			}
		}
	case 'x':
		if len(s) >= 3 {
			if n, err := strconv.ParseUint(s[1:3], 16, 8); err == nil {
				return string(rune(n)), 3
			}
		}
	case '\n':
		return "", 1
	}
	_, n := utf8.DecodeRuneInString(s)
	return s[:n], n
}
