package pdf

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"unicode/utf8"

	lpdf "github.com/ledongthuc/pdf"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/layout"
	"github.com/budgetx/budgetx/model"
)

// Extractor reads PDF files.
type Extractor struct{}

// New returns a PDF extractor.
func New() *Extractor { return &Extractor{} }

// Format returns model.PDF.
func (*Extractor) Format() model.Format { return model.PDF }

var errTooComplex = errors.New("content stream too long")

// Extract reads every page of f: its free lines and table fragments. A
// page that cannot be read becomes a finding (page_failed, or
// no_text_layer for a scanned page); a file in which no page has text
// gives an error wrapping extract.ErrNoTextLayer.
func (*Extractor) Extract(ctx context.Context, f extract.File) (_ *model.Document, err error) {
	pos := extract.Pos{File: f.Name}
	defer extract.Recover(&err, pos, "PDF reader failed")
	src, err := open(f.Data)
	if err != nil {
		return nil, &extract.Error{Pos: pos, Err: err}
	}
	// Objects the library cannot read are read again, forgivingly, and
	// the document extracted again with their clean copies (see repair).
	var doc *model.Document
	for round := 0; ; round++ {
		doc, err = extractFrom(ctx, src, f.Name)
		if ctx.Err() != nil || round == maxRounds {
			break
		}
		next := src.repair()
		if next == nil {
			break
		}
		src = next
	}
	if err != nil {
		return nil, err
	}
	return doc, nil
}

// extractFrom reads every page of an open file.
func extractFrom(ctx context.Context, src *source, name string) (*model.Document, error) {
	pos := extract.Pos{File: name}
	st := newDocState(src)
	pages := src.pages
	if len(pages) == 0 {
		return nil, &extract.Error{Pos: pos, Err: fmt.Errorf("%w: no pages", extract.ErrMalformed)}
	}
	f := extract.File{Name: name}
	doc := &model.Document{Name: f.Name, Format: model.PDF}
	find := func(sev model.Severity, code model.Code, n int, err error) {
		doc.Findings = append(doc.Findings, model.Finding{Severity: sev, Code: code,
			Message: (&extract.Error{Pos: extract.Pos{File: f.Name, Page: n}, Err: err}).Error(), Page: n})
	}
	var merr error
	doc.Meta, merr = src.meta()
	if merr != nil {
		find(model.SevWarning, model.CodeInfoDamaged, 0, fmt.Errorf("the document information cannot be read: %w", merr))
	}
	doc.Meta.Pages = len(pages)
	if src.rebuilt != nil {
		find(model.SevInfo, model.CodeXrefRebuilt, 0, fmt.Errorf("the cross-reference table cannot be used (%v): the objects were found by scanning the file", src.rebuilt))
	}
	if src.note != nil {
		find(model.SevWarning, model.CodePageTreeLost, 0, src.note)
	}
	// Each object read through a clean copy (see repair) is reported on
	// the first page that uses it, or else for the document.
	reported := make(map[objRef]bool)
	repaired := func(n int, used map[objRef]bool) {
		refs := make([]objRef, 0, len(used))
		for ref := range used {
			if !reported[ref] {
				refs = append(refs, ref)
			}
		}
		sort.Slice(refs, func(a, b int) bool { return refs[a].id < refs[b].id })
		for _, ref := range refs {
			reported[ref] = true
			find(model.SevWarning, model.CodeObjectRepaired, n, src.repairs[ref])
		}
	}
	early := src.f.used // read before the pages: the page tree, the document information
	defer func() { src.f.used = nil }()
	var in layout.Page
	withText, scanned := 0, 0
	for i, pa := range pages {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n := i + 1
		if pa.err != nil {
			find(model.SevError, model.CodePageFailed, n, fmt.Errorf("the page tree cannot be read here: %w", pa.err))
			doc.Pages = append(doc.Pages, &model.Page{Number: n})
			continue
		}
		if early != nil {
			src.f.used = make(map[objRef]bool)
			if src.repairs[refOf(pa.v)] != nil {
				src.f.used[refOf(pa.v)] = true
			}
		}
		page, res, perr := readPage(st, n, pa.v, &in)
		repaired(n, src.f.used)
		for _, err := range res.fonts {
			find(model.SevWarning, model.CodeFontDamaged, n, err)
		}
		if perr == nil && len(res.damaged) > 0 && len(in.Glyphs) == 0 {
			perr = res.damaged[0] // nothing on the page could be read
			if b, ok := perr.(*broken); ok {
				perr = b.err
			}
			res.damaged = res.damaged[1:]
		}
		for _, err := range res.damaged {
			find(model.SevError, model.CodeContentDamaged, n, err)
		}
		if perr != nil {
			find(model.SevError, model.CodePageFailed, n, perr)
			doc.Pages = append(doc.Pages, &model.Page{Number: n})
			continue
		}
		switch {
		case len(in.Glyphs) > 0:
			withText++
		case res.images > 0:
			scanned++
			doc.Findings = append(doc.Findings, model.Finding{Severity: model.SevError, Code: model.CodeNoTextLayer,
				Message: fmt.Sprintf("%s:p%d: the page is an image without a text layer", f.Name, n), Page: n})
		}
		for _, fo := range res.undecodable {
			why := ""
			if fo.damage != nil {
				why = fmt.Sprintf(" (%v)", fo.damage)
			}
			doc.Findings = append(doc.Findings, model.Finding{Severity: model.SevError, Code: model.CodeUndecodableFont,
				Message: fmt.Sprintf("%s:p%d: font %q maps its codes to no characters; its text is left out%s", f.Name, n, fo.name, why), Page: n})
		}
		doc.Pages = append(doc.Pages, page)
	}
	repaired(0, early)
	if withText == 0 && scanned > 0 {
		return nil, &extract.Error{Pos: pos, Err: fmt.Errorf("%w: %d scanned pages", extract.ErrNoTextLayer, scanned)}
	}
	layout.DropSeamRepeats(doc.Pages)
	return doc, nil
}

// pageResult is what reading a page found besides its content.
type pageResult struct {
	images      int
	undecodable []*font
	damaged     []error // content streams that broke part way
	fonts       []error // fonts read in part, first met on this page
}

// readPage walks one page into in and builds its lines and tables.
func readPage(st *docState, n int, pv lpdf.Value, in *layout.Page) (*model.Page, pageResult, error) {
	res, err := walkPage(st, n, pv, in)
	if err != nil {
		return nil, res, err
	}
	return layout.Build(in), res, nil
}

// walkPage walks one page's content into in. A failure in the library or
// the walker fails this page only; a content stream that breaks part way
// keeps what it drew (see walker.contain).
func walkPage(st *docState, n int, pv lpdf.Value, in *layout.Page) (res pageResult, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = st.failure(p)
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
	content := field(pv, "Contents")
	if content.IsNull() {
		// A page without content is blank, unless damage took it.
		if err := lost(pv, "Contents", 0); err != nil {
			return res, err
		}
	} else {
		wk.run(content)
	}
	res.images = wk.images
	res.damaged = wk.damaged
	for _, f := range st.used {
		if f.undecodable() {
			res.undecodable = append(res.undecodable, f)
		}
		// Any text of a font whose ToUnicode map is damaged may be
		// wrong: each page it draws on says so.
		if f.damage != nil && f.drawn > 0 && !f.undecodable() {
			res.fonts = append(res.fonts, f.damage)
		}
		f.drawn, f.misses, f.inUse = 0, 0, false
	}
	return res, nil
}

// pageBox returns the visible box of a page (the crop box within the
// media box) and its rotation in degrees clockwise.
func pageBox(pv lpdf.Value) (model.Rect, int) {
	box := rectOf(inherited(pv, "MediaBox"))
	if box.Width() <= 0 || box.Height() <= 0 {
		box = model.Rect{X1: 595, Y1: 842}
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

func rectOf(v lpdf.Value) model.Rect {
	if v.Len() != 4 {
		return model.Rect{}
	}
	a, b, c, d := v.Index(0).Float64(), v.Index(1).Float64(), v.Index(2).Float64(), v.Index(3).Float64()
	return model.Rect{X0: min(a, c), Y0: min(b, d), X1: max(a, c), Y1: max(b, d)}
}

// pageMatrix maps user space (y up, origin at the box's corner) to page
// space as displayed: origin top left, y down, rotation applied.
func pageMatrix(b model.Rect, rot int) matrix {
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

// inherited looks a page attribute up the page tree. The attributes every
// page has (resources, media box) are looked for under a key that damage
// changed too (see field); the optional ones, often absent all the way
// up, are not.
func inherited(pv lpdf.Value, key string) lpdf.Value {
	get := lpdf.Value.Key
	if key == "Resources" || key == "MediaBox" {
		get = field
	}
	v := pv
	for range 32 {
		if v.IsNull() {
			break
		}
		if x := get(v, key); !x.IsNull() {
			return x
		}
		v = v.Key("Parent")
	}
	return lpdf.Value{}
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
	return strings.TrimSpace(gbText(s))
}

// gbText returns s as UTF-8: Chinese producers write GBK bytes where
// UTF-8 or PDFDocEncoding belongs (document information, font names).
func gbText(s string) string {
	if !utf8.ValidString(s) {
		if b, err := simplifiedchinese.GB18030.NewDecoder().String(s); err == nil {
			s = b
		}
	}
	return strings.ToValidUTF8(s, "\uFFFD")
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

func newDocState(src *source) *docState {
	return &docState{src: src, fonts: make(map[fontKey]*font), byRes: make(map[resFont]*font)}
}

// docState holds what is parsed once per document.
type docState struct {
	src      *source
	fonts    map[fontKey]*font
	byRes    map[resFont]*font
	fallback *font
	used     []*font  // fonts drawn with on the current page
	content  [][]byte // buffers for decoded content, one for each depth of forms (walker.run)
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
		// The read position is put back, so that damage later in the
		// content stream being walked is blamed on that stream.
		last := d.src.f.last
		f = d.load(res, name)
		d.src.f.last = last
		d.byRes[resFont{resKey, name}] = f
	}
	if !f.inUse {
		f.inUse = true
		d.used = append(d.used, f)
	}
	return f
}

// load returns the font named in a resource dictionary. A font that
// cannot be read fails the page: its text cannot be placed or decoded.
func (d *docState) load(res lpdf.Value, name string) (f *font) {
	defer func() {
		if p := recover(); p != nil {
			if fe, ok := p.(*fontError); ok {
				panic(fe)
			}
			panic(&fontError{name, d.failure(p)})
		}
	}()
	fv := resource(field(res, "Font"), name)
	if fv.Kind() != lpdf.Dict {
		if err := lostIn(res, "Font", name); err != nil {
			panic(&fontError{name, err})
		}
		return d.fallbackFont()
	}
	key := fontKey{refOf(fv), name}
	f, ok := d.fonts[key]
	if !ok {
		f = d.loadFont(fv, name)
		d.fonts[key] = f
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
