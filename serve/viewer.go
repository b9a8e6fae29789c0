package serve

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/model"
	"github.com/budgetx/budgetx/store"
)

// viewer is the pane beside a grid that shows where it was printed.
type viewer struct {
	Kind  string // pdf (drawn by pdf.js), html (the original, sandboxed), sheet, or none
	Src   string // the original's address
	Page  int    // the page to show first
	Pages []int  // the pages to choose from
	Box   string // a box to outline on Page at once, "x0 y0 x1 y1"
	Note  string // what the pane shows, or why it shows nothing
	Sheet []sheet
}

// sheet is a page of a workbook, Word document or text dump as the
// extractor read it, before any repair.
type sheet struct {
	Name string
	Grid [][]gridCell
}

// viewerFor returns the pane for pages first to last of doc, showing page
// first.
func (s *Server) viewerFor(r *http.Request, doc store.DocumentInfo, first, last, page int) viewer {
	v := viewer{Page: max(page, 1), Src: "/documents/" + strconv.FormatInt(doc.ID, 10) + "/original"}
	for p := first; p <= last && p > 0; p++ {
		v.Pages = append(v.Pages, p)
	}
	if err := s.orig.available(doc); err != nil {
		v.Kind, v.Src, v.Note = "none", "", "The original cannot be shown: "+err.Error()+"."
		return v
	}
	switch doc.Format {
	case "pdf":
		v.Kind = "pdf"
	case "html":
		v.Kind = "html"
	case "xlsx", "xls", "docx", "text":
		v.Kind, v.Src = "sheet", ""
		v.Sheet, v.Note = s.sheets(r.Context(), doc, first, last)
	default:
		v.Kind, v.Src, v.Note = "none", "", "A "+doc.Format+" original is not shown here."
	}
	return v
}

// sheetTimeout bounds reading an original again for the sheet view.
const sheetTimeout = 20 * time.Second

// sheets reads the original of doc again and returns its pages first to
// last as the extractor saw them, with a note that says what they are.
func (s *Server) sheets(ctx context.Context, doc store.DocumentInfo, first, last int) ([]sheet, string) {
	if s.opt.Extract == nil {
		return nil, "This budgetx does not read originals again."
	}
	x, err := s.extracted(ctx, doc)
	if err != nil {
		return nil, "The original could not be read again: " + err.Error() + "."
	}
	var out []sheet
	for _, p := range x.Pages {
		if p.Number < first || p.Number > last {
			continue
		}
		name := p.Name
		if name == "" {
			name = fmt.Sprintf("page %d", p.Number)
		}
		for i, t := range p.Tables {
			sh := sheet{Name: name, Grid: fragmentGrid(t)}
			if len(p.Tables) > 1 {
				sh.Name = fmt.Sprintf("%s, table %d of %d", name, i+1, len(p.Tables))
			}
			out = append(out, sh)
		}
	}
	return out, "The sheet as read from the original file, before any repair."
}

// extracted returns doc's original as its extractor reads it, keeping the
// last few read.
func (s *Server) extracted(ctx context.Context, doc store.DocumentInfo) (*model.Document, error) {
	s.sheetsMu.Lock()
	x := s.sheetDocs[doc.SHA256]
	s.sheetsMu.Unlock()
	if x != nil {
		return x, nil
	}
	f, _, err := s.orig.open(doc)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, sheetTimeout)
	defer cancel()
	name := doc.Source[strings.LastIndexAny(doc.Source, `/\`)+1:]
	x, err = s.opt.Extract(ctx, extract.File{Name: name, Data: data})
	if err != nil {
		return nil, err
	}
	s.sheetsMu.Lock()
	if len(s.sheetDocs) >= keptSheets {
		clear(s.sheetDocs)
	}
	s.sheetDocs[doc.SHA256] = x
	s.sheetsMu.Unlock()
	return x, nil
}

// keptSheets is how many originals read again are kept in memory.
const keptSheets = 8

// fragmentGrid lays out a table fragment as extracted.
func fragmentGrid(t *model.Table) [][]gridCell {
	var in []gridIn
	ncols := 0
	for i, r := range t.Rows {
		for _, c := range r.Cells {
			in = append(in, gridIn{row: i, col: c.Col, rowSpan: c.RowSpan, colSpan: c.ColSpan,
				text: strings.Join(c.Lines, "\n"), page: c.Page})
			ncols = max(ncols, c.Col+max(c.ColSpan, 1))
		}
	}
	return buildGrid(len(t.Rows), ncols, in)
}
