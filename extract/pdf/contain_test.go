package pdf

import (
	"bytes"
	"compress/zlib"
	"context"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/extract"
)

// TestContentLimits: a content stream that decodes to too much, or ends
// inside a hex string (which once made the library's lexer run away),
// fails its page with its own error, naming the stream.
func TestContentLimits(t *testing.T) {
	res := []byte("<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>")
	defer func(n int) { maxDecoded = n }(maxDecoded)
	maxDecoded = 1 << 20
	var bomb bytes.Buffer
	w := zlib.NewWriter(&bomb)
	w.Write([]byte("BT /F1 12 Tf 72 700 Td ("))
	zeros := make([]byte, 1<<20)
	for range maxDecoded>>20 + 1 {
		w.Write(zeros)
	}
	w.Close()
	for _, tc := range []struct {
		name string
		file []byte
		msg  string
	}{
		{"a string that decodes to more than the limit", onePageFiltered(res, "/Filter /FlateDecode", bomb.Bytes()), "object 5 0: a stream that decodes to too much: more than 1 MB"},
		{"a hex string cut off at the end", onePage(res, []byte("BT /F1 12 Tf 72 700 Td <48 65 6C")), "object 5 0: content stream: malformed hex string at byte 23"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := New().Extract(context.Background(), extract.File{Name: "x.pdf", Data: tc.file})
			if err != nil {
				t.Fatal(err)
			}
			if len(doc.Findings) != 1 || doc.Findings[0].Code != "page_failed" || !strings.Contains(doc.Findings[0].Message, tc.msg) {
				t.Errorf("findings %+v, want one page_failed saying %q", doc.Findings, tc.msg)
			}
		})
	}
}

// TestContentBreak: a content stream that breaks keeps what it drew
// before the break; brackets opened past the nesting limit are not
// opened, and do not end it.
func TestContentBreak(t *testing.T) {
	res := []byte("<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>")
	content := "BT /F1 12 Tf 72 700 Td (Before) Tj ET " + strings.Repeat("[", 2000) + " BT /F1 12 Tf 72 680 Td (Nested) Tj ET " +
		"BT /F1 12 Tf 72 660 Td <4E6Fzz> Tj ET BT /F1 12 Tf 72 640 Td (After) Tj ET"
	doc, err := New().Extract(context.Background(), extract.File{Name: "x.pdf", Data: onePage(res, []byte(content))})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range doc.Pages[0].Lines {
		lines = append(lines, l.Text)
	}
	if got := strings.Join(lines, "|"); got != "Before|Nested" {
		t.Errorf("lines %q, want Before|Nested", got)
	}
	if len(doc.Findings) != 1 || doc.Findings[0].Code != "content_damaged" ||
		!strings.Contains(doc.Findings[0].Message, "x.pdf:p1: object 5 0: content stream: malformed hex string") {
		t.Errorf("findings %+v", doc.Findings)
	}
}

// TestFontDamage: a page whose font is missing from the file fails alone,
// naming the font's object; a ToUnicode map that cannot be read leaves the
// font's encoding to decode its text.
func TestFontDamage(t *testing.T) {
	missing := []byte("<< /Font << /F1 9 0 R >> >>")
	doc, err := New().Extract(context.Background(), extract.File{Name: "x.pdf", Data: onePage(missing, []byte("BT /F1 12 Tf 72 700 Td (Text) Tj ET"))})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Findings) != 1 || doc.Findings[0].Message != `x.pdf:p1: font "F1" cannot be read: object 9 0: the object is missing from the file` {
		t.Errorf("findings %+v", doc.Findings)
	}
	broken := []byte("<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /ToUnicode 6 0 R >> >> >>")
	tu := "<< /Length 3 /Filter /FlateDecode >>\nstream\nxyz\nendstream"
	doc, err = New().Extract(context.Background(), extract.File{Name: "x.pdf", Data: onePage(broken, []byte("BT /F1 12 Tf 72 700 Td (Text) Tj ET"), tu)})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Pages[0].Lines) != 1 || doc.Pages[0].Lines[0].Text != "Text" {
		t.Errorf("lines %+v, want the text through the encoding", doc.Pages[0].Lines)
	}
	if len(doc.Findings) != 1 || doc.Findings[0].Code != "font_damaged" || !strings.Contains(doc.Findings[0].Message, "object 6 0") {
		t.Errorf("findings %+v", doc.Findings)
	}
}
