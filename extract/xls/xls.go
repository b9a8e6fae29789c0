package xls

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/richardlehane/mscfb"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/grid"
	"github.com/budgetx/budgetx/model"
)

// Extractor reads BIFF8 workbooks.
type Extractor struct{}

// New returns an xls extractor.
func New() *Extractor { return &Extractor{} }

// Format returns model.XLS.
func (*Extractor) Format() model.Format { return model.XLS }

// Extract reads every visible worksheet of f as a page.
func (*Extractor) Extract(ctx context.Context, f extract.File) (_ *model.Document, err error) {
	pos := extract.Pos{File: f.Name}
	defer extract.Recover(&err, pos, "xls reader failed")
	wbStream, err := workbookStream(f.Data)
	if err != nil {
		return nil, &extract.Error{Pos: pos, Err: err}
	}
	g, err := readGlobals(wbStream)
	if err != nil {
		return nil, &extract.Error{Pos: pos, Err: err}
	}
	doc := &model.Document{Name: f.Name, Format: model.XLS}
	if g.sstShort {
		doc.Findings = append(doc.Findings, model.Finding{Severity: model.SevWarning, Code: model.CodeBadCells,
			Message: fmt.Sprintf("%s: the shared string table is cut short; cells pointing past it are left out", f.Name)})
	}
	var hidden []string
	for _, sh := range g.sheets {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		pos := extract.Pos{File: f.Name, Sheet: sh.name}
		switch {
		case sh.kind != 0: // a chart, macro or VBA sheet holds no cells
			continue
		case sh.hidden:
			hidden = append(hidden, sh.name)
			continue
		}
		var cells grid.Sheet
		if err := g.readSheet(wbStream, sh.offset, &cells); err != nil {
			doc.Findings = append(doc.Findings, model.Finding{Severity: model.SevError, Code: model.CodeBadSheet,
				Message: fmt.Sprintf("%s: %v", pos, err)})
			continue
		}
		page := &model.Page{Number: len(doc.Pages) + 1, Name: sh.name}
		doc.Pages = append(doc.Pages, page)
		doc.Findings = append(doc.Findings, cells.Fill(page, pos)...)
	}
	doc.Findings = append(doc.Findings, grid.HiddenSheets(f.Name, hidden)...)
	if len(doc.Pages) == 0 {
		return nil, &extract.Error{Pos: pos, Err: fmt.Errorf("%w: workbook without a readable worksheet", extract.ErrMalformed)}
	}
	return doc, nil
}

// workbookStream returns the BIFF workbook stream of an OLE2 file.
func workbookStream(data []byte) ([]byte, error) {
	r, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: OLE2 compound file: %v", extract.ErrMalformed, err)
	}
	what := "OLE2 compound file without a workbook"
	for {
		e, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: OLE2 compound file: %v", extract.ErrMalformed, err)
		}
		switch e.Name {
		case "Workbook":
			b, err := io.ReadAll(io.LimitReader(e, int64(len(data))))
			if err != nil {
				return nil, fmt.Errorf("%w: workbook stream: %v", extract.ErrMalformed, err)
			}
			return b, nil
		case "Book":
			what = "Excel 5.0/95 workbook (BIFF5); save it as .xlsx or Excel 97–2003 .xls"
		case "WordDocument":
			what = "Word or WPS document (doc/wps)"
		case "EncryptedPackage":
			return nil, fmt.Errorf("%w: password-protected workbook; save it without a password and try again", extract.ErrEncrypted)
		}
	}
	return nil, fmt.Errorf("%w: %s", extract.ErrUnsupported, what)
}

// sheet is one sheet listed in the workbook globals.
type sheet struct {
	name   string
	offset int // of its BOF record in the workbook stream
	hidden bool
	kind   int // 0 worksheet, 1 macro sheet, 2 chart, 6 VBA module
}

// globals is what the workbook globals substream says.
type globals struct {
	sheets   []sheet
	sst      []string
	sstShort bool
	formats  map[int]string // number format codes by index
	xfs      []int          // number format index of each XF record
	date1904 bool
	kinds    map[int]grid.NumKind
}

var errBIFF5 = fmt.Errorf("%w: Excel 5.0/95 workbook (BIFF5); save it as .xlsx or Excel 97–2003 .xls", extract.ErrUnsupported)

// readGlobals reads the workbook globals, from the first BOF to its EOF.
func readGlobals(b []byte) (*globals, error) {
	s := &stream{b: b}
	bof, ok := s.next()
	if !ok || bof.typ != recBOF {
		return nil, fmt.Errorf("%w: workbook stream does not open with a BOF record", extract.ErrMalformed)
	}
	if d := (reader{r: bof}); d.u16() != 0x0600 {
		return nil, errBIFF5
	}
	g := &globals{formats: make(map[int]string), kinds: make(map[int]grid.NumKind)}
	for {
		r, ok := s.next()
		if !ok || r.typ == recEOF {
			break
		}
		d := reader{r: r}
		switch r.typ {
		case recFilePass:
			return nil, fmt.Errorf("%w: password-protected workbook; save it without a password and try again", extract.ErrEncrypted)
		case recDateMode:
			g.date1904 = d.u16() == 1
		case recFormat:
			i := d.u16()
			if code := d.str(false); d.err == nil {
				g.formats[i] = code
			}
		case recXF:
			d.skip(2)
			g.xfs = append(g.xfs, d.u16())
		case recSST:
			d.skip(4)
			n := int(d.u32())
			for i := 0; i < n && d.err == nil; i++ {
				if s := d.str(false); d.err == nil {
					g.sst = append(g.sst, s)
				}
			}
			g.sstShort = d.err != nil
		case recBoundSheet:
			off := int(d.u32())
			state, kind := d.u8(), d.u8()
			name := d.str(true)
			if d.err == nil {
				g.sheets = append(g.sheets, sheet{name: name, offset: off, hidden: state&0x03 != 0, kind: kind})
			}
		}
	}
	if len(g.sheets) == 0 {
		return nil, fmt.Errorf("%w: workbook without sheets", extract.ErrMalformed)
	}
	return g, nil
}

// kind returns the number format kind of an XF record.
func (g *globals) kind(xf int) grid.NumKind {
	k, ok := g.kinds[xf]
	if ok {
		return k
	}
	if xf >= 0 && xf < len(g.xfs) {
		if code, ok := g.formats[g.xfs[xf]]; ok {
			k = grid.FormatKind(code)
		} else {
			k = grid.BuiltinKind(g.xfs[xf])
		}
	}
	g.kinds[xf] = k
	return k
}

func (g *globals) number(x float64, xf int) string {
	return grid.ShowNumber(grid.ExactFloat(x), g.kind(xf), g.date1904)
}

var errorText = map[int]string{
	0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!", 0x2A: "#N/A",
}

// readSheet reads the worksheet substream at offset into cells; cell
// records it cannot read are lost to cells.
func (g *globals) readSheet(b []byte, offset int, cells *grid.Sheet) error {
	if offset < 0 || offset >= len(b) {
		return errors.New("sheet offset outside the workbook stream")
	}
	s := &stream{b: b, i: offset}
	if r, ok := s.next(); !ok || r.typ != recBOF {
		return errors.New("sheet does not open with a BOF record")
	}
	var (
		depth            int      // of substreams (charts) embedded in the sheet
		pendRow, pendCol = -1, -1 // a formula cell whose string result comes next
		set              = cells.Set
	)
	for {
		r, ok := s.next()
		if !ok {
			return nil // a sheet cut short keeps what it had
		}
		if r.typ == recBOF {
			depth++
			continue
		}
		if r.typ == recEOF {
			if depth == 0 {
				return nil
			}
			depth--
			continue
		}
		if depth > 0 {
			continue
		}
		d := reader{r: r}
		var row, col, xf int
		if cellRecord(r.typ) {
			row, col = d.u16(), d.u16()
			if r.typ != recMulRK { // MULRK gives an XF index per cell
				xf = d.u16()
			}
		}
		switch r.typ {
		case recRow:
			row = d.u16()
			d.skip(10)
			if flags := d.u16(); d.err == nil && flags&0x20 != 0 {
				cells.HideRow(row)
			}
		case recColInfo:
			first, last := d.u16(), d.u16()
			d.skip(4)
			if flags := d.u16(); d.err == nil && flags&0x01 != 0 {
				for c := first; c <= min(last, 16383); c++ {
					cells.HideCol(c)
				}
			}
		case recLabelSST:
			if i := int(d.u32()); d.err == nil && i < len(g.sst) {
				set(row, col, g.sst[i])
			} else {
				cells.Lose(row, col)
			}
		case recLabel:
			if text := d.str(false); d.err == nil {
				set(row, col, text)
			}
		case recNumber:
			if x := d.f64(); d.err == nil {
				set(row, col, g.number(x, xf))
			}
		case recRK:
			if v := d.u32(); d.err == nil {
				set(row, col, g.number(rk(v), xf))
			}
		case recMulRK:
			// The record holds one (XF, RK) pair per column from col on.
			for c := col; len(r.data)-d.i >= 8 && d.err == nil; c++ {
				xf := d.u16()
				set(row, c, g.number(rk(d.u32()), xf))
			}
		case recBoolErr:
			switch v, isErr := d.u8(), d.u8(); {
			case d.err != nil:
			case isErr != 0:
				set(row, col, errorText[v])
			default:
				set(row, col, boolText(v != 0))
			}
		case recFormula:
			if !d.need(8) {
				break
			}
			v := r.data[d.i : d.i+8]
			if v[6] != 0xFF || v[7] != 0xFF {
				set(row, col, g.number(d.f64(), xf))
				break
			}
			switch v[0] {
			case 0: // the result is in the STRING record that follows
				pendRow, pendCol = row, col
			case 1:
				set(row, col, boolText(v[2] != 0))
			case 2:
				set(row, col, errorText[int(v[2])])
			}
		case recString:
			if pendRow >= 0 {
				if text := d.str(false); d.err == nil {
					set(pendRow, pendCol, text)
				} else {
					cells.Lose(pendRow, pendCol)
				}
			}
			pendRow = -1
		case recMergedCells:
			n := d.u16()
			for i := 0; i < n && d.err == nil; i++ {
				r0, r1, c0, c1 := d.u16(), d.u16(), d.u16(), d.u16()
				if d.err == nil {
					cells.Merge(grid.Range{Row0: r0, Col0: c0, Row1: r1, Col1: c1})
				}
			}
		}
		if d.err != nil && cellRecord(r.typ) {
			cells.Lose(row, col)
		}
	}
}

// cellRecord reports whether records of type typ open with a cell's row
// and column.
func cellRecord(typ uint16) bool {
	switch typ {
	case recLabelSST, recLabel, recNumber, recRK, recMulRK, recBoolErr, recFormula:
		return true
	}
	return false
}

func boolText(b bool) string {
	if b {
		return "TRUE"
	}
	return "FALSE"
}
