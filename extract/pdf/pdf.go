package pdf

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

	lpdf "github.com/ledongthuc/pdf"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/layout"
)

// Extractor reads PDF files.
type Extractor struct{}

// New returns a PDF extractor.
func New() *Extractor { return &Extractor{} }

// Format returns extract.PDF.
func (*Extractor) Format() extract.Format { return extract.PDF }

var errTooComplex = errors.New("content stream too long")

// Extract reads every page of f: its free lines and table fragments. A
// page that cannot be read becomes a finding (page_failed, or
// no_text_layer for a scanned page); a file in which no page has text
// gives an error wrapping extract.ErrNoTextLayer.
func (*Extractor) Extract(ctx context.Context, f extract.File) (doc *extract.Document, err error) {
	pos := extract.Pos{File: f.Name}
	defer func() {
		if p := recover(); p != nil {
			doc, err = nil, &extract.Error{Pos: pos, Err: fmt.Errorf("%w: %v", extract.ErrMalformed, p)}
		}
	}()
	r, err := open(f.Data)
	if err != nil {
		return nil, &extract.Error{Pos: pos, Err: err}
	}
	st := newDocState()
	pages := pageList(r)
	if len(pages) == 0 {
		return nil, &extract.Error{Pos: pos, Err: fmt.Errorf("%w: no pages", extract.ErrMalformed)}
	}
	doc = &extract.Document{Name: f.Name, Format: extract.PDF, Meta: meta(r)}
	doc.Meta.Pages = len(pages)
	var in layout.Page
	withText, scanned := 0, 0
	for i, pv := range pages {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n := i + 1
		page, res, perr := readPage(st, n, pv, &in)
		if perr != nil {
			doc.Findings = append(doc.Findings, extract.Finding{Severity: extract.SevError, Code: "page_failed",
				Message: (&extract.Error{Pos: extract.Pos{File: f.Name, Page: n}, Err: perr}).Error(), Page: n})
			doc.Pages = append(doc.Pages, &extract.Page{Number: n})
			continue
		}
		switch {
		case len(in.Glyphs) > 0:
			withText++
		case res.images > 0:
			scanned++
			doc.Findings = append(doc.Findings, extract.Finding{Severity: extract.SevError, Code: "no_text_layer",
				Message: fmt.Sprintf("%s:p%d: the page is an image without a text layer", f.Name, n), Page: n})
		}
		for _, name := range res.undecodable {
			doc.Findings = append(doc.Findings, extract.Finding{Severity: extract.SevError, Code: "undecodable_font",
				Message: fmt.Sprintf("%s:p%d: font %q maps its codes to no characters; its text is left out", f.Name, n, name), Page: n})
		}
		doc.Pages = append(doc.Pages, page)
	}
	if withText == 0 && scanned > 0 {
		return nil, &extract.Error{Pos: pos, Err: fmt.Errorf("%w: %d scanned pages", extract.ErrNoTextLayer, scanned)}
	}
	layout.DropSeamRepeats(doc.Pages)
	return doc, nil
}

// pageResult is what reading a page found besides its content.
type pageResult struct {
	images      int
	undecodable []string
}

// readPage walks one page into in and builds its lines and tables.
func readPage(st *docState, n int, pv lpdf.Value, in *layout.Page) (*extract.Page, pageResult, error) {
	res, err := walkPage(st, n, pv, in)
	if err != nil {
		return nil, res, err
	}
	return layout.Build(in), res, nil
}

// walkPage walks one page's content into in. A panic in the library or the
// walker fails this page only.
func walkPage(st *docState, n int, pv lpdf.Value, in *layout.Page) (res pageResult, err error) {
	defer func() {
		if p := recover(); p != nil {
			if e, ok := p.(error); ok && (errors.Is(e, errTooComplex) || errors.Is(e, errUnterminated)) {
				err = e
			} else {
				err = fmt.Errorf("%v", p)
			}
		}
	}()
	box, rot := pageBox(pv)
	w, h := box.Width(), box.Height()
	if rot == 90 || rot == 270 {
		w, h = h, w
	}
	in.Reset(n, w, h)
	wk := &walker{doc: st, out: in, res: inherited(pv, "Resources")}
	wk.gs = gstate{ctm: pageMatrix(box, rot), th: 1}
	wk.resKey = refOf(wk.res)
	st.used = st.used[:0]
	wk.run(pv.Key("Contents"))
	res.images = wk.images
	for _, f := range st.used {
		if f.undecodable() {
			res.undecodable = append(res.undecodable, f.name)
		}
		f.drawn, f.misses, f.inUse = 0, 0, false
	}
	return res, nil
}

// pageBox returns the visible box of a page (the crop box within the
// media box) and its rotation in degrees clockwise.
func pageBox(pv lpdf.Value) (extract.Rect, int) {
	box := rectOf(inherited(pv, "MediaBox"))
	if box.Width() <= 0 || box.Height() <= 0 {
		box = extract.Rect{X1: 595, Y1: 842}
	}
	if crop := rectOf(inherited(pv, "CropBox")); crop.Width() > 0 && crop.Height() > 0 {
		box = intersect(box, crop)
	}
	rot := int(inherited(pv, "Rotate").Int64()) % 360
	if rot < 0 {
		rot += 360
	}
	return box, rot / 90 * 90
}

func rectOf(v lpdf.Value) extract.Rect {
	if v.Len() != 4 {
		return extract.Rect{}
	}
	a, b, c, d := v.Index(0).Float64(), v.Index(1).Float64(), v.Index(2).Float64(), v.Index(3).Float64()
	return extract.Rect{X0: min(a, c), Y0: min(b, d), X1: max(a, c), Y1: max(b, d)}
}

// pageMatrix maps user space (y up, origin at the box's corner) to page
// space as displayed: origin top left, y down, rotation applied.
func pageMatrix(b extract.Rect, rot int) matrix {
	switch rot {
	case 90:
		return matrix{0, 1, 1, 0, -b.Y0, -b.X0}
	case 180:
		return matrix{-1, 0, 0, 1, b.X1, -b.Y0}
	case 270:
		return matrix{0, -1, -1, 0, b.Y1, b.X1}
	}
	return matrix{1, 0, 0, -1, -b.X0, b.Y1}
}

// inherited looks a page attribute up the page tree.
func inherited(pv lpdf.Value, key string) lpdf.Value {
	v := pv
	for range 32 {
		if v.IsNull() {
			break
		}
		if x := v.Key(key); !x.IsNull() {
			return x
		}
		v = v.Key("Parent")
	}
	return lpdf.Value{}
}

// pageList walks the page tree once, in order, refusing to visit a node
// twice so that a tree that loops ends.
func pageList(r *lpdf.Reader) []lpdf.Value {
	const maxPages, maxDepth = 100000, 64
	var out []lpdf.Value
	seen := make(map[objRef]bool)
	var walk func(node lpdf.Value, depth int)
	walk = func(node lpdf.Value, depth int) {
		if depth > maxDepth || len(out) >= maxPages || node.Kind() != lpdf.Dict {
			return
		}
		ref := refOf(node)
		if seen[ref] {
			return
		}
		seen[ref] = true
		kids := node.Key("Kids")
		if node.Key("Type").Name() == "Page" || kids.Kind() != lpdf.Array {
			out = append(out, node)
			return
		}
		for i := 0; i < kids.Len(); i++ {
			walk(kids.Index(i), depth+1)
		}
	}
	walk(r.Trailer().Key("Root").Key("Pages"), 0)
	return out
}

func meta(r *lpdf.Reader) extract.Meta {
	info := r.Trailer().Key("Info")
	return extract.Meta{
		Title:    infoText(info.Key("Title")),
		Author:   infoText(info.Key("Author")),
		Creator:  infoText(info.Key("Creator")),
		Producer: infoText(info.Key("Producer")),
	}
}

// infoText decodes a document-information string. Besides PDFDocEncoding
// and UTF-16, Chinese producers write GBK bytes, and PScript5 writes the
// GBK bytes as hex digits between angle brackets inside a literal string.
func infoText(v lpdf.Value) string {
	s := strings.TrimSpace(v.Text())
	if len(s) > 2 && s[0] == '<' && s[len(s)-1] == '>' {
		if b, err := hex.DecodeString(s[1 : len(s)-1]); err == nil {
			s = string(b)
		}
	}
	if !utf8.ValidString(s) {
		if b, err := simplifiedchinese.GB18030.NewDecoder().String(s); err == nil {
			s = b
		}
	}
	return strings.TrimSpace(s)
}

// objRef names an indirect object.
type objRef struct {
	id  uint32
	gen uint16
}

// ptrField is the index of lpdf.Value's unexported object pointer. The
// library exposes no object identity, yet caching fonts per document and
// walking a page tree that may loop both need one; reading the field
// through reflection is the least intrusive way to get it.
var ptrField = func() int {
	f, ok := reflect.TypeOf(lpdf.Value{}).FieldByName("ptr")
	if !ok || f.Type.Kind() != reflect.Struct || f.Type.NumField() != 2 {
		return -1
	}
	return f.Index[0]
}()

// refOf returns the indirect object that v is, or is stored in.
func refOf(v lpdf.Value) objRef {
	if ptrField < 0 {
		return objRef{}
	}
	p := reflect.ValueOf(&v).Elem().Field(ptrField)
	return objRef{uint32(p.Field(0).Uint()), uint16(p.Field(1).Uint())}
}

func newDocState() *docState {
	return &docState{fonts: make(map[fontKey]*font), byRes: make(map[resFont]*font)}
}

// docState holds what is parsed once per document.
type docState struct {
	fonts    map[fontKey]*font
	byRes    map[resFont]*font
	fallback *font
	used     []*font // fonts drawn with on the current page
}

type fontKey struct {
	ref  objRef
	name string
}

type resFont struct {
	res  objRef
	name string
}

// font returns the font named in a resource dictionary, parsing it the
// first time the document uses it.
func (d *docState) font(res lpdf.Value, resKey objRef, name string) *font {
	f, ok := d.byRes[resFont{resKey, name}]
	if !ok {
		fv := res.Key("Font").Key(name)
		if fv.Kind() != lpdf.Dict {
			f = d.fallbackFont()
		} else {
			key := fontKey{refOf(fv), name}
			if f, ok = d.fonts[key]; !ok {
				f = loadFont(fv, name)
				d.fonts[key] = f
			}
		}
		d.byRes[resFont{resKey, name}] = f
	}
	if !f.inUse {
		f.inUse = true
		d.used = append(d.used, f)
	}
	return f
}

// fallbackFont stands in for a missing font: one-byte Latin-1 codes.
func (d *docState) fallbackFont() *font {
	if d.fallback == nil {
		f := &font{name: "(missing)", codes: oneByte, mode: textTable, scale: 0.001}
		for c := 32; c < 256; c++ {
			f.simple[c] = runeText(rune(c))
			f.widths[c] = 0.5
		}
		d.fallback = f
	}
	return d.fallback
}
