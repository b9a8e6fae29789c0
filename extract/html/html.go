package html

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"golang.org/x/net/html"

	"github.com/PuerkitoBio/goquery"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/grid"
	"github.com/budgetx/budgetx/model"
)

// Extractor reads HTML pages.
type Extractor struct{}

// New returns an HTML extractor.
func New() *Extractor { return &Extractor{} }

// Format returns model.HTML.
func (*Extractor) Format() model.Format { return model.HTML }

// ErrNoTables marks a page that holds no table of figures.
var ErrNoTables = fmt.Errorf("%w: HTML page without tables", extract.ErrUnsupported)

// Extract reads f as one page.
func (*Extractor) Extract(ctx context.Context, f extract.File) (_ *model.Document, err error) {
	pos := extract.Pos{File: f.Name}
	defer extract.Recover(&err, pos, "HTML reader failed")
	src, cs, mismatch := decode(f.Data)
	root, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return nil, &extract.Error{Pos: pos, Err: fmt.Errorf("%w: HTML: %v", extract.ErrMalformed, err)}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	dom := goquery.NewDocumentFromNode(root)
	doc := &model.Document{Name: f.Name, Format: model.HTML}
	doc.Meta.Title = strings.TrimSpace(dom.Find("title").First().Text())
	doc.Meta.Producer, _ = dom.Find(`meta[name="Generator"], meta[name="generator"]`).First().Attr("content")
	if mismatch {
		doc.Findings = append(doc.Findings, model.Finding{Severity: model.SevWarning, Code: model.CodeCharsetMismatch,
			Message: fmt.Sprintf("%s: declared UTF-8 but is not; read as %s", f.Name, cs)})
	}
	if pages := positionedPages(root); len(pages) > 0 {
		if doc.Pages, err = layoutPositioned(ctx, pages); err != nil {
			return nil, err
		}
		doc.Meta.Pages = len(doc.Pages)
		if !hasFigures(doc.Pages...) {
			return nil, &extract.Error{Pos: pos, Err: fmt.Errorf("%w: no table on its %d positioned pages holds a figure", ErrNoTables, len(doc.Pages))}
		}
		return doc, nil
	}
	page := &model.Page{Number: 1}
	doc.Pages = []*model.Page{page}
	if err := readPage(ctx, root, page); err != nil {
		return nil, err
	}
	if !hasFigures(page) {
		return nil, &extract.Error{Pos: pos, Err: fmt.Errorf("%w: no table on it holds a figure (%d tables, %d lines of text)",
			ErrNoTables, len(page.Tables), len(page.Lines))}
	}
	return doc, nil
}

// readPage reads the body of a page into page: its lines and its tables,
// each with the title, caption and notes around it.
func readPage(ctx context.Context, root *html.Node, page *model.Page) error {
	var f flow
	f.walk(root)
	f.breakLine()
	since := 0 // the first line after the previous table
	for i, it := range f.items {
		if it.table == nil {
			page.Lines = append(page.Lines, model.Line{Text: it.line})
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		var above []string
		for _, prev := range f.items[since:i] {
			if prev.table == nil {
				above = append(above, prev.line)
			}
		}
		since = i + 1
		tables, lines := readTables(it.table, page.Number)
		for _, l := range lines {
			page.Lines = append(page.Lines, model.Line{Text: l})
		}
		grid.Surround(tables, above, linesBelow(f.items[i+1:]))
		page.Tables = append(page.Tables, tables...)
	}
	return nil
}

// readTables reads a table: usually one fragment, more when lone title
// rows inside the grid start further tables (see grid.Split). It returns
// too the lines of the rows outside the grids, such as a title row.
func readTables(t *html.Node, page int) (out []*model.Table, lines []string) {
	rows, caption := readTable(t, page)
	for _, b := range grid.Split(rows, page) {
		lines = append(lines, b.Lines...)
		if b.Table == nil {
			continue
		}
		if len(caption) > 0 {
			b.Table.Title, b.Table.Caption = grid.HeadingAbove(caption, b.Table.Caption)
			caption = nil
		}
		out = append(out, b.Table)
	}
	return out, lines
}

// linesBelow returns the lines of items up to the first table.
func linesBelow(items []item) []string {
	var lines []string
	for _, it := range items {
		if it.table != nil {
			break
		}
		lines = append(lines, it.line)
	}
	return lines
}

var (
	figure = regexp.MustCompile(`^[-+－（(]?[0-9０-９][0-9０-９,，]*([.．][0-9０-９]+)?[)）%％]?$`)
)

// hasFigures reports whether a table on the pages holds a number in a cell.
func hasFigures(pages ...*model.Page) bool {
	for _, p := range pages {
		for _, t := range p.Tables {
			for _, r := range t.Rows {
				for _, c := range r.Cells {
					if figure.MatchString(strings.TrimSpace(strings.Join(c.Lines, ""))) {
						return true
					}
				}
			}
		}
	}
	return false
}
