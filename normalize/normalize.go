package normalize

import (
	"strings"

	"github.com/budgetx/budgetx/extract"
)

// Document normalizes doc into the records to store.
func Document(doc *extract.Document) *extract.Records {
	rec := &extract.Records{
		Info: extract.Info{
			Title:    doc.Meta.Title,
			Pages:    pageCount(doc),
			Producer: doc.Meta.Producer,
		},
		Findings: append([]extract.Finding(nil), doc.Findings...),
	}
	for _, p := range doc.Pages {
		for _, t := range p.Tables {
			rec.Tables = append(rec.Tables, tableRecord(len(rec.Tables)+1, t))
		}
	}
	return rec
}

func pageCount(doc *extract.Document) int {
	if doc.Meta.Pages > 0 {
		return doc.Meta.Pages
	}
	return len(doc.Pages)
}

func tableRecord(seq int, t *extract.Table) extract.TableRecord {
	tr := extract.TableRecord{Seq: seq, Title: t.Title, Kind: "other", PageFirst: t.Page, PageLast: t.Page}
	for i, r := range t.Rows {
		for _, c := range r.Cells {
			text := strings.Join(c.Lines, "")
			if text == "" {
				continue
			}
			tr.Cells = append(tr.Cells, extract.CellRecord{
				Row: i + 1, Col: c.Col + 1, RowSpan: c.RowSpan, ColSpan: c.ColSpan, Text: text, Page: c.Page,
			})
			tr.NCols = max(tr.NCols, c.Col+c.ColSpan)
		}
		tr.PageLast = max(tr.PageLast, r.Page)
	}
	tr.NRows = len(t.Rows)
	return tr
}
