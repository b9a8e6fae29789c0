// Package text reads tab-separated text dumps of tables, the kind a PDF
// converter or a copy from a budget system leaves behind.
//
// A line holding a tab is a table row and each tab-separated field is a cell;
// a line without a tab is free text (a title, a caption). A blank line after
// table rows is a page break; blank lines among the free text before the
// first row are only spacing. The text is kept as written: repairs are
// normalize's work.
package text

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/model"
)

// Extractor reads text dumps.
type Extractor struct{}

// New returns a text extractor.
func New() *Extractor { return &Extractor{} }

// Format returns model.Text.
func (*Extractor) Format() model.Format { return model.Text }

// Extract splits f into pages, free lines and table fragments.
func (*Extractor) Extract(ctx context.Context, f extract.File) (*model.Document, error) {
	src, err := decode(f.Data)
	if err != nil {
		return nil, &extract.Error{Pos: extract.Pos{File: f.Name}, Err: err}
	}
	doc := &model.Document{Name: f.Name, Format: model.Text}
	page := &model.Page{Number: 1}
	doc.Pages = append(doc.Pages, page)
	var (
		table       *model.Table // the fragment being filled, nil between fragments
		free        []string     // free lines since the last fragment
		pageHasRows bool
		pageBreak   bool
	)
	for n, line := range strings.Split(src, "\n") {
		if n%4096 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		line = strings.TrimSuffix(line, "\r")
		if strings.TrimSpace(line) == "" {
			pageBreak = pageBreak || pageHasRows
			continue
		}
		if pageBreak {
			page = &model.Page{Number: page.Number + 1}
			doc.Pages = append(doc.Pages, page)
			table, pageHasRows, pageBreak = nil, false, false
		}
		if !strings.Contains(line, "\t") {
			page.Lines = append(page.Lines, model.Line{Text: line})
			free = append(free, line)
			table = nil
			continue
		}
		if table == nil {
			table = &model.Table{Page: page.Number}
			if len(free) > 0 {
				table.Title, table.Caption = free[0], free[1:]
			}
			free = nil
			page.Tables = append(page.Tables, table)
		}
		table.Rows = append(table.Rows, row(line, page.Number))
		pageHasRows = true
	}
	if !anyRows(doc) {
		return nil, &extract.Error{Pos: extract.Pos{File: f.Name},
			Err: fmt.Errorf("%w: plain text without tab-separated table rows", extract.ErrUnsupported)}
	}
	doc.Meta.Pages = len(doc.Pages)
	return doc, nil
}

func anyRows(doc *model.Document) bool {
	for _, p := range doc.Pages {
		if len(p.Tables) > 0 {
			return true
		}
	}
	return false
}

func row(line string, page int) model.Row {
	fields := strings.Split(line, "\t")
	r := model.Row{Page: page, Cells: make([]model.Cell, len(fields))}
	for i, f := range fields {
		c := model.Cell{Col: i, RowSpan: 1, ColSpan: 1, Page: page}
		if f != "" {
			c.Lines = []string{f}
		}
		r.Cells[i] = c
	}
	return r
}

// decode returns the file as UTF-8: UTF-8 as is (without a byte-order
// mark), anything else read as GB18030, the superset of GBK and GB2312.
func decode(data []byte) (string, error) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if utf8.Valid(data) {
		return string(data), nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return "", fmt.Errorf("%w: text is neither UTF-8 nor GB18030: %v", extract.ErrMalformed, err)
	}
	return string(out), nil
}
