package extract

import (
	"archive/zip"
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/richardlehane/mscfb"

	"github.com/budgetx/budgetx/model"
)

// Sniff tells the format of a file from its first bytes and, for containers
// (zip, OLE2), from the names inside. A format budgetx does not read gives an
// error wrapping ErrUnsupported that says what the file is.
func Sniff(data []byte) (_ model.Format, err error) {
	// The container readers are other people's code: a file they choke on
	// is malformed, not a reason to stop.
	defer Recover(&err, Pos{}, "")
	head := data[:min(len(data), 1024)]
	switch {
	case len(data) == 0:
		return "", fmt.Errorf("%w: empty file", ErrUnsupported)
	case bytes.Contains(head, []byte("%PDF-")):
		return model.PDF, nil
	case bytes.HasPrefix(data, []byte("PK\x03\x04")), bytes.HasPrefix(data, []byte("PK\x05\x06")):
		return sniffZip(data)
	case bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		return sniffOLE(data)
	}
	for _, m := range magics {
		if bytes.HasPrefix(data, []byte(m.prefix)) {
			return "", fmt.Errorf("%w: %s", ErrUnsupported, m.what)
		}
	}
	if looksLikeHTML(data) {
		return model.HTML, nil
	}
	if looksLikeText(data) {
		return model.Text, nil
	}
	return "", fmt.Errorf("%w: unknown binary format", ErrUnsupported)
}

var magics = []struct{ prefix, what string }{
	{"Rar!\x1A\x07", "RAR archive"},
	{"7z\xBC\xAF\x27\x1C", "7-Zip archive"},
	{"\x1F\x8B", "gzip archive"},
	{"\x89PNG\r\n\x1A\n", "PNG image"},
	{"\xFF\xD8\xFF", "JPEG image"},
	{"GIF87a", "GIF image"},
	{"GIF89a", "GIF image"},
	{"II*\x00", "TIFF image"},
	{"MM\x00*", "TIFF image"},
	{"{\\rtf", "RTF document"},
	{"%!PS", "PostScript document"},
	{"AT&TFORM", "DjVu document"},
}

// sniffZip tells xlsx workbooks and docx documents from other zip files
// (pptx, odt, plain archives).
func sniffZip(data []byte) (model.Format, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		// A truncated workbook loses its central directory but keeps the
		// names in its local headers; let the xlsx reader say what is wrong.
		if bytes.Contains(data, []byte("xl/")) {
			return model.XLSX, nil
		}
		if bytes.Contains(data, []byte("word/")) {
			return model.DOCX, nil
		}
		return "", fmt.Errorf("%w: zip archive: %v", ErrMalformed, err)
	}
	what := ""
	for _, f := range zr.File {
		switch f.Name {
		case "xl/workbook.xml", "xl/workbook.bin":
			return model.XLSX, nil
		case "word/document.xml":
			return model.DOCX, nil
		case "ppt/presentation.xml":
			what = "PowerPoint presentation (pptx)"
		case "content.xml":
			what = "OpenDocument file"
		}
	}
	if what == "" {
		return "", ErrArchive
	}
	return "", fmt.Errorf("%w: %s", ErrUnsupported, what)
}

// sniffOLE tells legacy Excel workbooks (and WPS .et sheets, which are the
// same format) and Word documents (and WPS .wps) from other OLE2 compound
// files (PowerPoint).
func sniffOLE(data []byte) (model.Format, error) {
	r, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		if bytes.Contains(data, utf16Name("Workbook")) || bytes.Contains(data, utf16Name("Book")) {
			return model.XLS, nil
		}
		return "", fmt.Errorf("%w: OLE2 compound file: %v", ErrMalformed, err)
	}
	what := "OLE2 compound file without a workbook"
	for {
		e, err := r.Next()
		if err != nil {
			break
		}
		switch e.Name {
		case "Workbook", "Book":
			return model.XLS, nil
		case "WordDocument":
			// Word 97–2003 and WPS Writer files, unless a workbook
			// turns up too.
			what = "doc"
		case "PowerPoint Document":
			what = "PowerPoint presentation (ppt)"
		case "EncryptedPackage":
			return "", fmt.Errorf("%w: password-protected Office file", ErrEncrypted)
		}
	}
	if what == "doc" {
		return model.DOC, nil
	}
	return "", fmt.Errorf("%w: %s", ErrUnsupported, what)
}

func utf16Name(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}

var htmlMarks = [][]byte{
	[]byte("<!doctype html"), []byte("<html"), []byte("<head"), []byte("<body"),
	[]byte("<meta"), []byte("<table"), []byte("<div"), []byte("<title"),
}

// looksLikeHTML reports whether the file starts, after a byte-order mark,
// white space and comments, with markup that only HTML pages carry.
func looksLikeHTML(data []byte) bool {
	head := bytes.TrimPrefix(data[:min(len(data), 4096)], []byte("\xEF\xBB\xBF"))
	head = bytes.ToLower(bytes.TrimLeft(head, " \t\r\n"))
	if !bytes.HasPrefix(head, []byte("<")) {
		return false
	}
	for _, m := range htmlMarks {
		if bytes.Contains(head, m) {
			return true
		}
	}
	return false
}

// looksLikeText reports whether the file's start is text: no NUL bytes and
// either valid UTF-8 or mostly printable bytes (GBK text is not UTF-8).
func looksLikeText(data []byte) bool {
	head := data[:min(len(data), 8192)]
	if bytes.IndexByte(head, 0) >= 0 {
		return false
	}
	// The window may cut the last rune in two.
	for k := 0; k < utf8.UTFMax && k < len(head); k++ {
		if utf8.Valid(head[:len(head)-k]) {
			return true
		}
	}
	ctrl := 0
	for _, c := range head {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			ctrl++
		}
	}
	return ctrl*100 < len(head)
}
