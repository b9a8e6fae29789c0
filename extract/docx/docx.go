package docx

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/model"
)

// Extractor reads docx documents.
type Extractor struct{}

// New returns a docx extractor.
func New() *Extractor { return &Extractor{} }

// Format returns model.DOCX.
func (*Extractor) Format() model.Format { return model.DOCX }

// maxPart bounds the inflated size of the document's XML: a zip bomb in
// a docx costs no more than this.
const maxPart = 256 << 20

// ErrNoTables marks a document that holds no table.
var ErrNoTables = fmt.Errorf("%w: Word document without tables", extract.ErrUnsupported)

// Extract reads f as one page.
func (*Extractor) Extract(ctx context.Context, f extract.File) (_ *model.Document, err error) {
	pos := extract.Pos{File: f.Name}
	defer extract.Recover(&err, pos, "docx reader failed")
	zr, err := zip.NewReader(bytes.NewReader(f.Data), int64(len(f.Data)))
	if err != nil {
		return nil, &extract.Error{Pos: pos, Err: fmt.Errorf("%w: docx: %v", extract.ErrMalformed, err)}
	}
	parts := make(map[string]*zip.File, len(zr.File))
	for _, zf := range zr.File {
		parts[strings.TrimPrefix(zf.Name, "/")] = zf
	}
	if parts["EncryptedPackage"] != nil {
		return nil, &extract.Error{Pos: pos, Err: fmt.Errorf("%w: password-protected Word document", extract.ErrEncrypted)}
	}
	main := mainPart(parts)
	zf := parts[main]
	if zf == nil {
		return nil, &extract.Error{Pos: pos, Err: fmt.Errorf("%w: docx without %s", extract.ErrMalformed, main)}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	body, err := readPart(zf)
	if err != nil {
		return nil, &extract.Error{Pos: pos, Err: fmt.Errorf("%w: docx %s: %v", extract.ErrMalformed, main, err)}
	}
	blocks, err := parseBody(body)
	if err != nil {
		return nil, &extract.Error{Pos: pos, Err: fmt.Errorf("%w: docx %s: %v", extract.ErrMalformed, main, err)}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	doc := &model.Document{Name: f.Name, Format: model.DOCX}
	readMeta(parts, &doc.Meta)
	page := &model.Page{Number: 1}
	doc.Pages = []*model.Page{page}
	if err := layOut(ctx, blocks, page); err != nil {
		return nil, err
	}
	if len(page.Tables) == 0 {
		return nil, &extract.Error{Pos: pos, Err: fmt.Errorf("%w (%d lines of text)", ErrNoTables, len(page.Lines))}
	}
	return doc, nil
}

// mainPart finds the document's main part through the package
// relationships, as Word does; word/document.xml when they do not say.
func mainPart(parts map[string]*zip.File) string {
	const fallback = "word/document.xml"
	zf := parts["_rels/.rels"]
	if zf == nil {
		return fallback
	}
	data, err := readPart(zf)
	if err != nil {
		return fallback
	}
	var rels struct {
		Rel []struct {
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if xml.Unmarshal(data, &rels) != nil {
		return fallback
	}
	for _, r := range rels.Rel {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			name := strings.TrimPrefix(path.Clean("/"+r.Target), "/")
			if parts[name] != nil {
				return name
			}
		}
	}
	return fallback
}

// readPart inflates a part of the package, at most maxPart bytes.
func readPart(zf *zip.File) ([]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxPart+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxPart {
		return nil, errors.New("inflates to more than 256 MB")
	}
	return data, nil
}

// readMeta reads the title, author and producing program from the
// package's properties, where it has them.
func readMeta(parts map[string]*zip.File, m *model.Meta) {
	var core struct {
		Title   string `xml:"title"`
		Creator string `xml:"creator"`
	}
	if zf := parts["docProps/core.xml"]; zf != nil {
		if data, err := readPart(zf); err == nil && xml.Unmarshal(data, &core) == nil {
			m.Title, m.Author = strings.TrimSpace(core.Title), strings.TrimSpace(core.Creator)
		}
	}
	var app struct {
		Application string `xml:"Application"`
		AppVersion  string `xml:"AppVersion"`
	}
	if zf := parts["docProps/app.xml"]; zf != nil {
		if data, err := readPart(zf); err == nil && xml.Unmarshal(data, &app) == nil {
			m.Producer = strings.TrimSpace(app.Application + " " + app.AppVersion)
		}
	}
}
