package pdf

//go:generate go run ./internal/gencid -in /usr/share/poppler/cidToUnicode/Adobe-GB1 -out adobe-gb1.bin

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"strings"
	"unicode/utf8"

	lpdf "github.com/ledongthuc/pdf"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/model"
)

// adobeGB1 maps Adobe-GB1 CIDs to Unicode, three big-endian bytes each.
//
//go:embed adobe-gb1.bin
var adobeGB1 string

func gb1Rune(cid uint32) rune {
	i := int(cid) * 3
	if i+3 > len(adobeGB1) {
		return 0
	}
	return rune(adobeGB1[i])<<16 | rune(adobeGB1[i+1])<<8 | rune(adobeGB1[i+2])
}

// codes says how a font's strings split into character codes.
type codes uint8

const (
	oneByte  codes = iota // simple fonts
	twoByte               // Identity-H/V, UCS-2
	gbkCodes              // GBK/GB2312 EUC: one byte below 0x81, else two
	utf16Codes
	cmapCodes // an embedded encoding CMap's codespace ranges
)

// text says how a code becomes text when no ToUnicode map covers it.
type textMode uint8

const (
	textNone  textMode = iota // nothing known: undecodable
	textTable                 // simple fonts: the 256-entry table
	textUCS2                  // the code is UCS-2 or UTF-16
	textGBK                   // the code is GBK, decoded as GB18030
	textGB1                   // the CID is an Adobe-GB1 CID
)

// font is what the walker needs of a PDF font, parsed once per document.
type font struct {
	name     string
	codes    codes
	enc      *cmap // embedded encoding CMap, for cmapCodes
	toUni    *cmap // ToUnicode, nil when absent
	mode     textMode
	simple   [256]string  // simple fonts: text per code
	widths   [256]float64 // simple fonts: width per code, in text space
	cidW     map[uint32]float64
	dw       float64 // default width, in text space
	scale    float64 // glyph space to text space: 1/1000, or Type 3's FontMatrix
	vertical bool
	misses   int // glyphs drawn on the current page whose code had no text
	drawn    int
	inUse    bool  // listed in docState.used
	damage   error // what could not be read of the font, which it does without
}

// split returns the first code of s and its length in bytes.
func (f *font) split(s string) (code uint32, n int) {
	switch f.codes {
	case oneByte:
		return uint32(s[0]), 1
	case twoByte:
		if len(s) < 2 {
			return uint32(s[0]), 1
		}
		return uint32(s[0])<<8 | uint32(s[1]), 2
	case gbkCodes:
		if s[0] < 0x81 || len(s) < 2 {
			return uint32(s[0]), 1
		}
		return uint32(s[0])<<8 | uint32(s[1]), 2
	case utf16Codes:
		if len(s) >= 4 && s[0] >= 0xD8 && s[0] <= 0xDB {
			return be(s[:4]), 4
		}
		if len(s) < 2 {
			return uint32(s[0]), 1
		}
		return uint32(s[0])<<8 | uint32(s[1]), 2
	default:
		if n := f.enc.codeLen(s); n > 0 {
			return be(s[:n]), n
		}
		return uint32(s[0]), 1
	}
}

// cid maps a code to a CID for width lookup.
func (f *font) cid(code uint32, n int) uint32 {
	if f.codes == cmapCodes {
		if c, ok := f.enc.lookupCID(n, code); ok {
			return c
		}
	}
	return code
}

// width returns the advance of a code in text space units (before the
// font size).
func (f *font) width(code uint32, n int) float64 {
	if f.codes == oneByte {
		return f.widths[code&0xFF]
	}
	if f.codes == gbkCodes && n == 1 {
		return f.dw / 2
	}
	if w, ok := f.cidW[f.cid(code, n)]; ok {
		return w
	}
	return f.dw
}

// text returns the text of one code, "" when the font does not say.
func (f *font) text(code uint32, n int) string {
	if f.toUni != nil {
		if s, ok := f.toUni.uni[keyOf(n, code)]; ok {
			return s
		}
	}
	switch f.mode {
	case textTable:
		return f.simple[code&0xFF]
	case textUCS2:
		var r rune
		if n == 4 {
			hi, lo := rune(code>>16), rune(code&0xFFFF)
			r = (hi-0xD800)<<10 + (lo - 0xDC00) + 0x10000
		} else {
			r = rune(code)
		}
		return runeText(r)
	case textGBK:
		if n == 1 {
			return runeText(rune(code))
		}
		b := [2]byte{byte(code >> 8), byte(code)}
		out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b[:])
		if err != nil {
			return ""
		}
		return model.Unify(string(out))
	case textGB1:
		return runeText(gb1Rune(f.cid(code, n)))
	}
	return ""
}

// runeText returns r as text, interned for ASCII so that the common case
// does not allocate.
func runeText(r rune) string {
	switch {
	case r <= 0 || r == utf8.RuneError:
		return ""
	case r < 0x80:
		return asciiText[r : r+1]
	}
	return model.Unify(string(r))
}

var asciiText = func() string {
	var b [128]byte
	for i := range b {
		b[i] = byte(i)
	}
	return string(b[:])
}()

// undecodable reports whether the font drew glyphs of which most had no
// text: its codes cannot be turned into characters.
func (f *font) undecodable() bool {
	return f.drawn > 0 && f.misses*2 > f.drawn
}

// loadFont parses a font dictionary. What cannot be decoded leaves the
// font undecodable, which the walker reports; a ToUnicode map that is
// damaged gives what it can, and the font's encoding gives the rest. Any
// other part that cannot be read panics, as the library does.
func (d *docState) loadFont(v lpdf.Value, resName string) *font {
	f := &font{name: gbText(v.Key("BaseFont").Name()), scale: 0.001, dw: 1}
	if f.name == "" {
		f.name = resName
	}
	f.toUni, f.damage = d.toUnicode(v)
	if f.damage != nil {
		f.damage = fmt.Errorf("font %q (object %d %d): its ToUnicode map cannot be read whole, so the font's encoding stands in: %w",
			f.name, refOf(v).id, refOf(v).gen, f.damage)
	}
	switch field(v, "Subtype").Name() {
	case "Type0":
		f.loadType0(v)
	case "Type3":
		if m := v.Key("FontMatrix"); m.Len() == 6 && m.Index(0).Float64() != 0 {
			f.scale = m.Index(0).Float64()
		}
		f.loadSimple(v)
	default:
		f.loadSimple(v)
	}
	return f
}

func (f *font) loadSimple(v lpdf.Value) {
	f.codes = oneByte
	first := int(field(v, "FirstChar").Int64())
	ws := field(v, "Widths")
	missing := v.Key("FontDescriptor").Key("MissingWidth").Float64()
	if ws.Len() == 0 && missing == 0 {
		missing = 500 // the standard 14 fonts carry no widths; half an em is close
	}
	for c := range 256 {
		f.widths[c] = missing * f.scale
		if i := c - first; i >= 0 && i < ws.Len() {
			f.widths[c] = ws.Index(i).Float64() * f.scale
		}
	}
	// Text from ToUnicode where it has one-byte codes, else from the
	// encoding, which the library knows (base encodings and Differences).
	f.mode = textTable
	enc := simpleEncoding(v)
	diffs := differences(field(v, "Encoding"))
	unknown := 0
	for c := range 256 {
		if f.toUni != nil {
			if s, ok := f.toUni.uni[keyOf(1, uint32(c))]; ok {
				f.simple[c] = s
				continue
			}
			if s, ok := f.toUni.uni[keyOf(2, uint32(c))]; ok {
				f.simple[c] = s
				continue
			}
		}
		if name, ok := diffs[c]; ok {
			if r, ok := glyphRune(name); ok {
				f.simple[c] = runeText(r)
				continue
			}
			if opaqueGlyph.MatchString(name) {
				unknown++
				continue // a name like /g12 says nothing of the character
			}
		}
		s := enc.Decode(string([]byte{byte(c)}))
		if c < 32 || s == "\ufffd" {
			s = ""
		}
		f.simple[c] = model.Unify(s)
	}
	if f.toUni == nil && unknown > 0 && unknown >= len(diffs)/2 {
		f.mode = textNone
	}
}

// simpleEncoding returns the library's decoder for a simple font's
// encoding where that decoder is a plain table (named base encodings,
// Differences); otherwise Latin-1. The library's decoder for other cases
// parses the ToUnicode map through its PostScript interpreter, which this
// package does itself, and more safely.
func simpleEncoding(v lpdf.Value) lpdf.TextEncoding {
	enc := v.Key("Encoding")
	switch {
	case enc.Kind() == lpdf.Dict,
		enc.Name() == "WinAnsiEncoding", enc.Name() == "MacRomanEncoding":
		return (&lpdf.Font{V: v}).Encoder()
	}
	return latin1{}
}

type latin1 struct{}

func (latin1) Decode(raw string) string {
	r := make([]rune, len(raw))
	for i := 0; i < len(raw); i++ {
		r[i] = rune(raw[i])
	}
	return string(r)
}

var opaqueGlyph = regexp.MustCompile(`^(?:g|G|glyph|cid|c|index|char)[0-9A-Fa-f]+$`)

// differences reads an encoding dictionary's Differences array.
func differences(enc lpdf.Value) map[int]string {
	d := enc.Key("Differences")
	if d.Len() == 0 {
		return nil
	}
	out := make(map[int]string, d.Len())
	code := 0
	for i := 0; i < d.Len(); i++ {
		x := d.Index(i)
		switch x.Kind() {
		case lpdf.Integer:
			code = int(x.Int64())
		case lpdf.Name:
			if code >= 0 && code < 256 {
				out[code] = x.Name()
			}
			code++
		}
	}
	return out
}

func (f *font) loadType0(v lpdf.Value) {
	desc := field(v, "DescendantFonts").Index(0)
	f.dw = 1
	if dw := desc.Key("DW"); dw.Kind() == lpdf.Integer || dw.Kind() == lpdf.Real {
		f.dw = dw.Float64() * f.scale
	}
	f.cidW = readW(field(desc, "W"), f.scale)
	ordering := desc.Key("CIDSystemInfo").Key("Ordering").RawString()
	enc := field(v, "Encoding")
	name := enc.Name()
	switch {
	case enc.Kind() == lpdf.Stream:
		f.codes, f.mode = cmapCodes, textNone
		if data, err := readStream(enc); err == nil {
			f.enc = parseCMap(data)
		}
		if f.enc == nil || !f.enc.hasSpace() {
			f.codes = twoByte
		}
		if ordering == "GB1" {
			f.mode = textGB1
		}
		f.vertical = enc.Key("WMode").Int64() == 1
	case name == "Identity-H" || name == "Identity-V":
		f.codes = twoByte
		if ordering == "GB1" {
			f.mode = textGB1
		}
	case strings.HasPrefix(name, "UniGB-UCS2"), strings.HasPrefix(name, "UniCNS-UCS2"),
		strings.HasPrefix(name, "UniJIS-UCS2"), strings.HasPrefix(name, "UniKS-UCS2"):
		f.codes, f.mode = twoByte, textUCS2
	case strings.HasPrefix(name, "UniGB-UTF16"), strings.HasPrefix(name, "UniCNS-UTF16"):
		f.codes, f.mode = utf16Codes, textUCS2
	case strings.HasPrefix(name, "GBK-EUC"), strings.HasPrefix(name, "GB-EUC"),
		strings.HasPrefix(name, "GBpc-EUC"), strings.HasPrefix(name, "GBK2K"), strings.HasPrefix(name, "GBKp-EUC"):
		f.codes, f.mode = gbkCodes, textGBK
	default:
		f.codes = twoByte
	}
	f.vertical = f.vertical || strings.HasSuffix(name, "-V")
}

// readW reads a CIDFont's W array: "c [w1 w2 …]" and "c1 c2 w" entries.
func readW(w lpdf.Value, scale float64) map[uint32]float64 {
	n := w.Len()
	if n == 0 {
		return nil
	}
	out := make(map[uint32]float64, n)
	for i := 0; i+1 < n; {
		c := w.Index(i).Int64()
		next := w.Index(i + 1)
		if next.Kind() == lpdf.Array {
			for j := 0; j < next.Len() && len(out) < maxEntries; j++ {
				out[uint32(c)+uint32(j)] = next.Index(j).Float64() * scale
			}
			i += 2
			continue
		}
		if i+2 >= n {
			break
		}
		c2 := next.Int64()
		wd := w.Index(i+2).Float64() * scale
		for k := c; k <= c2 && k-c < maxRange && len(out) < maxEntries; k++ {
			out[uint32(k)] = wd
		}
		i += 3
	}
	return out
}

// toUnicode reads a font's ToUnicode map. A map broken part way gives
// the mappings read before the break, with the error.
func (d *docState) toUnicode(v lpdf.Value) (m *cmap, err error) {
	defer func() {
		if p := recover(); p != nil {
			if _, bug := p.(runtime.Error); bug {
				panic(p)
			}
			m, err = nil, d.src.blame(p)
		}
	}()
	tu := field(v, "ToUnicode")
	if tu.IsNull() {
		return nil, lost(v, "ToUnicode", 0)
	}
	if tu.Kind() != lpdf.Stream {
		return nil, nil
	}
	data, err := readStream(tu)
	if err != nil {
		ref := refOf(tu)
		err = &objError{ref, err}
	}
	if m := parseCMap(data); len(m.uni) > 0 {
		return m, err
	}
	return nil, err
}

// readStream returns the decoded bytes of a stream, turning the library's
// panics on unknown filters into errors, and a runtime error, a bug, into
// an extract.Panic with its stack. A stream that decodes to more than
// maxDecoded bytes gives that many and errTooLarge.
func readStream(v lpdf.Value) ([]byte, error) { return appendStream(nil, v) }

// appendStream appends v's decoded bytes to dst, as readStream reads them,
// so that a caller may read stream after stream into one buffer.
func appendStream(dst []byte, v lpdf.Value) (data []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			data, err = dst, errPanic{p}
			if _, bug := p.(runtime.Error); bug {
				err = extract.NewPanic(p)
			}
		}
	}()
	rc := v.Reader()
	defer rc.Close()
	limit := len(dst) + maxDecoded
	data = dst
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, rerr := rc.Read(data[len(data):min(cap(data), limit+1)])
		data = data[:len(data)+n]
		if len(data) > limit {
			return data[:limit], tooLarge()
		}
		if rerr == io.EOF {
			return data, nil
		}
		if rerr != nil {
			return data, rerr
		}
	}
}

var errTooLarge = errors.New("a stream that decodes to too much")

func tooLarge() error { return fmt.Errorf("%w: more than %d MB", errTooLarge, maxDecoded>>20) }

type errPanic struct{ v any }

func (e errPanic) Error() string { return fmt.Sprint(e.v) }
