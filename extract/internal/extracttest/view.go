// Package extracttest helps test extractors: a compact view of documents
// for golden files (see internal/goldenfile), and checks shared by the
// extractors.
package extracttest

import (
	"fmt"
	"strings"

	"github.com/budgetx/budgetx/model"
)

// Doc is a compact view of an extracted document for golden files: text
// lines as strings, each cell as "c<col> <rows>x<cols> p<page>: line | line",
// and geometry only where the format has it.
type Doc struct {
	Format   model.Format    `json:"format"`
	Meta     model.Meta      `json:"meta"`
	Pages    []Page          `json:"pages"`
	Findings []model.Finding `json:"findings,omitempty"`
}

// Page is a compact view of an model.Page.
type Page struct {
	Number int      `json:"number"`
	Name   string   `json:"name,omitempty"`
	Lines  []string `json:"lines,omitempty"`
	Tables []Table  `json:"tables,omitempty"`
}

// Table is a compact view of an model.Table.
type Table struct {
	Page    int        `json:"page"`
	Title   string     `json:"title,omitempty"`
	Caption []string   `json:"caption,omitempty"`
	Notes   []string   `json:"notes,omitempty"`
	Rows    [][]string `json:"rows"`
}

// View returns the compact view of doc.
func View(doc *model.Document) Doc {
	v := Doc{Format: doc.Format, Meta: doc.Meta, Findings: doc.Findings}
	for _, p := range doc.Pages {
		pv := Page{Number: p.Number, Name: p.Name}
		for _, l := range p.Lines {
			pv.Lines = append(pv.Lines, l.Text)
		}
		for _, t := range p.Tables {
			tv := Table{Page: t.Page, Title: t.Title, Caption: t.Caption, Notes: t.Notes, Rows: [][]string{}}
			for _, r := range t.Rows {
				row := []string{}
				for _, c := range r.Cells {
					row = append(row, fmt.Sprintf("c%d %dx%d p%d: %s", c.Col, c.RowSpan, c.ColSpan, c.Page, strings.Join(c.Lines, " | ")))
				}
				tv.Rows = append(tv.Rows, row)
			}
			pv.Tables = append(pv.Tables, tv)
		}
		v.Pages = append(v.Pages, pv)
	}
	return v
}
