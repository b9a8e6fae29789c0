package export

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/mattn/go-runewidth"
	"github.com/xuri/excelize/v2"

	"github.com/budgetx/budgetx/model"
	"github.com/budgetx/budgetx/store"
)

const (
	// Column widths in characters, and how many rows are read to choose them.
	minWidth   = 6
	maxWidth   = 60
	sampleRows = 1000
	// maxLinkChars is the longest target a HYPERLINK formula takes.
	maxLinkChars = 255
)

// sheetRows is how many rows a sheet holds, the header among them.
var sheetRows = excelize.TotalRows

// XLSX writes one workbook to path with a sheet per entity, in the order
// of Entities. Each sheet has a frozen, styled header row and columns as
// wide as their content, within bounds. Amounts are numbers in 元 with the
// format #,##0.00. Each document_id, table_id and project_id links to the
// row it names, and each document's source to its URL where it has one.
// An entity with more rows than a sheet holds goes on in sheets named
// "budget_lines 2", "budget_lines 3" and so on.
func XLSX(ctx context.Context, db *store.DB, path string) ([]Written, error) {
	f := excelize.NewFile()
	defer f.Close()
	wb, err := newWorkbook(f)
	if err != nil {
		return nil, err
	}
	var out []Written
	for _, e := range Entities {
		x := &entityWriter{wb: wb, e: e, refs: make(map[int64]string)}
		err := db.Each(ctx, e.Query, nil, func(names []string) error {
			x.cols = columnsOf(e.Name, names)
			return nil
		}, x.add)
		if err == nil {
			err = x.close()
		}
		if err != nil {
			return nil, fmt.Errorf("export %s: %w", e.Name, err)
		}
		wb.refs[e.Name] = x.refs
		out = append(out, Written{Entity: e.Name, Rows: x.n, Path: path})
	}
	f.SetActiveSheet(0)
	if err := writeFile(path, func(w io.Writer) error { return f.Write(w) }); err != nil {
		return nil, fmt.Errorf("export %s: %w", path, err)
	}
	return out, nil
}

// workbook is the file being written, with its styles and where each
// linkable row went.
type workbook struct {
	f                   *excelize.File
	header, money, link int
	sheets              int
	refs                map[string]map[int64]string // entity → id → 'sheet'!A9
}

func newWorkbook(f *excelize.File) (*workbook, error) {
	wb := &workbook{f: f, refs: make(map[string]map[int64]string)}
	var err error
	wb.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E78"}},
		Alignment: &excelize.Alignment{Vertical: "center"},
		Border:    []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}},
	})
	if err != nil {
		return nil, err
	}
	if wb.money, err = f.NewStyle(&excelize.Style{NumFmt: 4}); err != nil { // #,##0.00
		return nil, err
	}
	wb.link, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "0563C1", Underline: "single"}})
	return wb, err
}

// newSheet adds a worksheet; the first one takes the place of the sheet a
// new file starts with.
func (wb *workbook) newSheet(name string) error {
	wb.sheets++
	if wb.sheets == 1 {
		return wb.f.SetSheetName(wb.f.GetSheetName(0), name)
	}
	_, err := wb.f.NewSheet(name)
	return err
}

// entityWriter streams the rows of one entity into its sheets.
type entityWriter struct {
	wb     *workbook
	e      Entity
	cols   []column
	n      int       // rows seen
	sample [][]any   // the first rows, held until the widths are known
	widths []float64 // nil until then
	sheets int       // sheets opened for the entity
	sheet  string    // the current one
	sw     *excelize.StreamWriter
	row    int              // the last row written to it
	refs   map[int64]string // id → cell, for the entities that others link to
}

func (x *entityWriter) add(vals []any) error {
	x.n++
	if x.widths != nil {
		return x.write(vals)
	}
	x.sample = append(x.sample, vals)
	if len(x.sample) < sampleRows {
		return nil
	}
	return x.release()
}

// release sets the widths from the rows held so far and writes them.
func (x *entityWriter) release() error {
	x.widths = make([]float64, len(x.cols))
	for i, c := range x.cols {
		w := runewidth.StringWidth(c.name)
		for _, vals := range x.sample {
			s := text(c, vals[i])
			if v, ok := vals[i].(int64); ok && c.money {
				s = model.GroupedYuan(v)
			}
			if i := strings.IndexByte(s, '\n'); i >= 0 {
				s = s[:i]
			}
			w = max(w, runewidth.StringWidth(s))
		}
		x.widths[i] = float64(min(max(w+2, minWidth), maxWidth))
	}
	for _, vals := range x.sample {
		if err := x.write(vals); err != nil {
			return err
		}
	}
	x.sample = nil
	return nil
}

func (x *entityWriter) close() error {
	if x.widths == nil {
		if err := x.release(); err != nil {
			return err
		}
	}
	if x.sw == nil { // no rows: still a sheet, with its header
		if err := x.nextSheet(); err != nil {
			return err
		}
	}
	return x.sw.Flush()
}

// nextSheet opens the entity's next sheet and writes its header.
func (x *entityWriter) nextSheet() error {
	if x.sw != nil {
		if err := x.sw.Flush(); err != nil {
			return err
		}
	}
	x.sheets++
	x.sheet = x.e.Name
	if x.sheets > 1 {
		x.sheet += " " + strconv.Itoa(x.sheets)
	}
	if err := x.wb.newSheet(x.sheet); err != nil {
		return err
	}
	sw, err := x.wb.f.NewStreamWriter(x.sheet)
	if err != nil {
		return err
	}
	x.sw, x.row = sw, 1
	// The stream writer puts each width before those already set, and Excel
	// wants them in column order: set them from the last column back.
	for i := len(x.widths) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, x.widths[i]); err != nil {
			return err
		}
	}
	err = sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	})
	if err != nil {
		return err
	}
	head := make([]any, len(x.cols))
	for i, c := range x.cols {
		head[i] = excelize.Cell{StyleID: x.wb.header, Value: c.name}
	}
	return sw.SetRow("A1", head, excelize.RowOpts{Height: 20})
}

func (x *entityWriter) write(vals []any) error {
	if x.sw == nil || x.row == sheetRows {
		if err := x.nextSheet(); err != nil {
			return err
		}
	}
	x.row++
	cells := make([]any, len(vals))
	for i, v := range vals {
		cells[i] = x.cell(x.cols[i], v)
	}
	if id, ok := vals[0].(int64); ok && x.cols[0].name == "id" && linked[x.e.Name] {
		x.refs[id] = fmt.Sprintf("'%s'!A%d", x.sheet, x.row)
	}
	return x.sw.SetRow("A"+strconv.Itoa(x.row), cells)
}

// linked lists the entities whose ids other entities link to.
var linked = map[string]bool{"documents": true, "tables": true, "projects": true}

// cell turns a value into what the stream writer takes.
func (x *entityWriter) cell(c column, v any) any {
	switch v := v.(type) {
	case int64:
		if c.money {
			return excelize.Cell{StyleID: x.wb.money, Value: float64(v) / 100}
		}
		if ref, ok := x.wb.refs[c.link][v]; ok {
			return excelize.Cell{StyleID: x.wb.link, Value: v,
				Formula: fmt.Sprintf(`HYPERLINK("#%s",%d)`, ref, v)}
		}
	case string:
		if c.name == "source" && isURL(v) && len(v) <= maxLinkChars {
			return excelize.Cell{StyleID: x.wb.link, Value: v,
				Formula: fmt.Sprintf(`HYPERLINK("%s","%s")`, quote(v), quote(v))}
		}
		return clip(v)
	case []byte:
		return text(c, v)
	}
	return v
}

func isURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// quote escapes s for a string literal in a formula.
func quote(s string) string { return strings.ReplaceAll(s, `"`, `""`) }

// clip shortens s to what a cell holds.
func clip(s string) string {
	if len(s) <= excelize.TotalCellChars {
		return s
	}
	r := []rune(s)
	if len(r) <= excelize.TotalCellChars {
		return s
	}
	return string(r[:excelize.TotalCellChars-1]) + "…"
}
