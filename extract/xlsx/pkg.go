package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/budgetx/budgetx/extract"
)

// pkg is an opened workbook package. excelize opens the small parts (the
// workbook, its relationships, styles and properties) and checks the
// package; the bulky parts, worksheets and shared strings, stay compressed
// until they are read, one at a time, so a large sheet is in memory only
// while it is scanned.
type pkg struct {
	wb   *excelize.File
	bulk map[string]*zip.File // by lower-case name
}

// bulky reports whether the part at name is read by this package rather
// than by excelize.
func bulky(name string) bool {
	name = strings.ToLower(name)
	return name == "xl/sharedstrings.xml" || strings.HasPrefix(name, "xl/worksheets/") && strings.HasSuffix(name, ".xml")
}

// open opens a workbook package.
func open(data []byte) (*pkg, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, openError(err)
	}
	p := &pkg{bulk: make(map[string]*zip.File)}
	var (
		total uint64
		small bytes.Buffer
	)
	zw := zip.NewWriter(&small)
	for _, zf := range zr.File {
		if total += zf.UncompressedSize64; total > MaxUnzip {
			return nil, fmt.Errorf("%w: workbook unpacks to more than %d MB", extract.ErrMalformed, MaxUnzip>>20)
		}
		name := strings.ReplaceAll(zf.Name, `\`, "/")
		if bulky(name) {
			p.bulk[strings.ToLower(name)] = zf
			continue
		}
		if err := copyRaw(zw, zf); err != nil {
			return nil, openError(err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, openError(err)
	}
	p.wb, err = excelize.OpenReader(&small, excelize.Options{UnzipSizeLimit: MaxUnzip, UnzipXMLSizeLimit: MaxUnzip})
	if err != nil {
		return nil, openError(err)
	}
	return p, nil
}

// copyRaw copies a zip entry, still compressed.
func copyRaw(zw *zip.Writer, zf *zip.File) error {
	r, err := zf.OpenRaw()
	if err != nil {
		return err
	}
	h := zf.FileHeader
	w, err := zw.CreateRaw(&h)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, r)
	return err
}

// openBulky opens a bulky part for streaming and returns its size, or nil
// when there is no such part.
func (p *pkg) openBulky(name string) (io.ReadCloser, int, error) {
	zf, ok := p.bulk[strings.ToLower(name)]
	if !ok {
		return nil, 0, nil
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, 0, openError(err)
	}
	// The size was checked against MaxUnzip; the zip reader fails an entry
	// that inflates past it.
	return rc, int(zf.UncompressedSize64), nil
}

// part returns the bytes of the part at name, matched without regard to
// case as Office does, or nil when there is no such part.
func (p *pkg) part(name string) ([]byte, error) {
	zf, ok := p.bulk[strings.ToLower(name)]
	if !ok {
		return p.small(name), nil
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, openError(err)
	}
	defer rc.Close()
	// The size was checked against MaxUnzip; the zip reader fails an entry
	// that inflates past it.
	buf := bytes.NewBuffer(make([]byte, 0, zf.UncompressedSize64+bytes.MinRead))
	if _, err := buf.ReadFrom(rc); err != nil {
		return nil, fmt.Errorf("%w: xlsx: damaged zip archive: %s: %v", extract.ErrMalformed, name, err)
	}
	return buf.Bytes(), nil
}

// small returns a part that excelize holds, or nil.
func (p *pkg) small(name string) []byte {
	if v, ok := p.wb.Pkg.Load(name); ok {
		b, _ := v.([]byte)
		return b
	}
	var found []byte
	p.wb.Pkg.Range(func(k, v any) bool {
		if s, _ := k.(string); strings.EqualFold(s, name) {
			found, _ = v.([]byte)
			return false
		}
		return true
	})
	return found
}
