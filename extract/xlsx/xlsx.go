package xlsx

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/grid"
	"github.com/budgetx/budgetx/model"
)

// MaxUnzip is the most bytes a workbook may unpack to. It is checked
// against the sizes in the zip directory before anything is inflated, and
// Go's zip reader fails an entry that inflates past its stated size, so a
// zip bomb is refused before it costs memory.
const MaxUnzip = 256 << 20

// Extractor reads xlsx workbooks.
type Extractor struct{}

// New returns an xlsx extractor.
func New() *Extractor { return &Extractor{} }

// Format returns model.XLSX.
func (*Extractor) Format() model.Format { return model.XLSX }

var oleMagic = []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")

// Extract reads every visible worksheet of f as a page.
func (*Extractor) Extract(ctx context.Context, f extract.File) (_ *model.Document, err error) {
	pos := extract.Pos{File: f.Name}
	defer extract.Recover(&err, pos, "xlsx reader failed")
	if bytes.HasPrefix(f.Data, oleMagic) {
		// Office keeps a password-protected workbook in an OLE2 file.
		if bytes.Contains(f.Data, utf16("EncryptedPackage")) {
			return nil, &extract.Error{Pos: pos, Err: fmt.Errorf("%w: password-protected workbook; save it without a password and try again", extract.ErrEncrypted)}
		}
		return nil, &extract.Error{Pos: pos, Err: fmt.Errorf("%w: OLE2 file where an xlsx workbook was expected", extract.ErrMalformed)}
	}
	parts, err := open(f.Data)
	if err != nil {
		return nil, &extract.Error{Pos: pos, Err: err}
	}
	defer parts.wb.Close()
	refs, err := parts.sheets()
	if err != nil {
		return nil, &extract.Error{Pos: pos, Err: err}
	}
	doc := &model.Document{Name: f.Name, Format: model.XLSX, Meta: meta(parts.wb)}
	ssData, err := parts.part("xl/sharedStrings.xml")
	if err != nil {
		return nil, &extract.Error{Pos: pos, Err: err}
	}
	sst := readSharedStrings(ssData)
	st := newStyles(parts.wb)
	var hidden []string
	for _, ref := range refs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		pos := extract.Pos{File: f.Name, Sheet: ref.name}
		switch {
		case ref.hidden:
			hidden = append(hidden, ref.name)
			continue
		case strings.Contains(ref.path, "chartsheets/"), strings.Contains(ref.path, "dialogsheets/"):
			continue // a chart or dialog holds no cells
		}
		var sh grid.Sheet
		if err := parts.readSheet(ctx, ref.path, sst, st, &sh); err != nil {
			if errors.Is(err, errMissing) {
				doc.Findings = append(doc.Findings, model.Finding{Severity: model.SevError, Code: model.CodeMissingSheet,
					Message: fmt.Sprintf("%s: worksheet part %s is missing", pos, ref.path)})
				continue
			}
			return nil, &extract.Error{Pos: pos, Err: err}
		}
		page := &model.Page{Number: len(doc.Pages) + 1, Name: ref.name}
		doc.Pages = append(doc.Pages, page)
		doc.Findings = append(doc.Findings, sh.Fill(page, pos)...)
	}
	doc.Findings = append(doc.Findings, grid.HiddenSheets(f.Name, hidden)...)
	if len(doc.Pages) == 0 {
		return nil, &extract.Error{Pos: pos, Err: fmt.Errorf("%w: workbook without a visible worksheet", extract.ErrMalformed)}
	}
	return doc, nil
}

var errMissing = errors.New("missing part")

// readSheet reads the worksheet part at name into sh: streamed when this
// package holds it, from memory when excelize does.
func (p *pkg) readSheet(ctx context.Context, name string, sst []string, st *styles, sh *grid.Sheet) error {
	rc, size, err := p.openBulky(name)
	if err != nil {
		return err
	}
	z := &tokenizer{b: p.small(name)}
	if rc != nil {
		defer rc.Close()
		z = stream(rc)
	} else if z.b == nil {
		return errMissing
	}
	if err := readSheet(ctx, z, max(size, len(z.b)), sst, st, sh); err != nil {
		if ctx.Err() != nil {
			return err
		}
		return fmt.Errorf("%w: xlsx: damaged zip archive: %s: %v", extract.ErrMalformed, name, err)
	}
	return nil
}

// openError says why excelize could not open a workbook.
func openError(err error) error {
	switch {
	case errors.Is(err, excelize.ErrWorkbookPassword), errors.Is(err, excelize.ErrWorkbookFileFormat):
		return fmt.Errorf("%w: %v", extract.ErrEncrypted, err)
	case strings.Contains(err.Error(), "unzip size"):
		return fmt.Errorf("%w: workbook unpacks to more than %d MB: %v", extract.ErrMalformed, MaxUnzip>>20, err)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrChecksum):
		return fmt.Errorf("%w: xlsx: damaged zip archive (an entry is cut short or larger than it says): %v", extract.ErrMalformed, err)
	}
	return fmt.Errorf("%w: xlsx: %v", extract.ErrMalformed, err)
}

func meta(wb *excelize.File) model.Meta {
	var m model.Meta
	if p, err := wb.GetDocProps(); err == nil && p != nil {
		m.Title, m.Author = p.Title, p.Creator
	}
	if p, err := wb.GetAppProps(); err == nil && p != nil {
		m.Producer = strings.TrimSpace(p.Application + " " + p.AppVersion)
	}
	return m
}

func utf16(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}

// sheetRef names one sheet of the workbook and its part.
type sheetRef struct {
	name, path string
	hidden     bool
}

// sheets lists the workbook's sheets in order, from the workbook part and
// its relationships.
func (p *pkg) sheets() ([]sheetRef, error) {
	wbPath := "xl/workbook.xml"
	z := tokenizer{b: p.small("_rels/.rels")}
	for t, ok := z.next(); ok; t, ok = z.next() {
		if typ, _ := attr(t.attrs, "Type"); string(t.name) == "Relationship" && strings.HasSuffix(typ, "/officeDocument") {
			target, _ := attr(t.attrs, "Target")
			wbPath = strings.TrimPrefix(target, "/")
		}
	}
	wbXML := p.small(wbPath)
	if wbXML == nil {
		return nil, fmt.Errorf("%w: xlsx without a workbook part (%s)", extract.ErrMalformed, wbPath)
	}
	dir := path.Dir(wbPath)
	targets := make(map[string]string)
	z = tokenizer{b: p.small(dir + "/_rels/" + path.Base(wbPath) + ".rels")}
	for t, ok := z.next(); ok; t, ok = z.next() {
		if string(t.name) == "Relationship" {
			id, _ := attr(t.attrs, "Id")
			target, _ := attr(t.attrs, "Target")
			if strings.HasPrefix(target, "/") {
				targets[id] = target[1:]
			} else {
				targets[id] = path.Join(dir, target)
			}
		}
	}
	var refs []sheetRef
	z = tokenizer{b: wbXML}
	for t, ok := z.next(); ok; t, ok = z.next() {
		if string(t.name) != "sheet" || t.end {
			continue
		}
		name, _ := attr(t.attrs, "name")
		id, _ := attr(t.attrs, "id")
		state, _ := attr(t.attrs, "state")
		refs = append(refs, sheetRef{name: name, path: targets[id], hidden: state == "hidden" || state == "veryHidden"})
	}
	return refs, nil
}
