package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// This file reads PDF objects for the repair layer: the cross-reference
// sections, trailers and object headers that decide where each object is,
// before the library reads anything. It is forgiving where the library
// is strict (garbage inside a dictionary is skipped, not fatal) and
// bounded where the library is not: every object is read inside a window
// of the file, nesting and container sizes have limits, and each limit
// gives its own error.

// pobj is a PDF object as the repair layer reads it.
type pobj struct {
	kind pkind
	num  float64
	s    string // the bytes of a string, a name without its slash, or a keyword
	arr  []pobj
	dict map[string]pobj
	ref  objRef
}

type pkind uint8

const (
	pNull pkind = iota
	pBool
	pNum
	pString
	pName
	pArray
	pDict
	pRef
	pKeyword // a keyword out of place: garbage kept so the caller may ignore it
)

// Limits of the repair layer's parser.
const (
	maxNesting = 32      // arrays and dictionaries inside each other
	maxItems   = 1 << 20 // elements of one array or dictionary
	maxSkipped = 64      // garbage tokens skipped inside one dictionary
)

var (
	errNesting = fmt.Errorf("objects nested more than %d deep", maxNesting)
	errItems   = fmt.Errorf("a container of more than %d elements", maxItems)
	errGarbage = fmt.Errorf("more than %d stray tokens in a dictionary", maxSkipped)
	errEnd     = errors.New("the object is cut off")
)

// key returns a dictionary entry, or null.
func (o pobj) key(k string) pobj {
	if o.kind != pDict {
		return pobj{}
	}
	return o.dict[k]
}

// name returns o's name, or "".
func (o pobj) name() string {
	if o.kind != pName {
		return ""
	}
	return o.s
}

// integer returns o as an integer, if it is a number without a fraction
// that fits in an int64.
func (o pobj) integer() (int64, bool) {
	if o.kind != pNum || o.num != math.Trunc(o.num) || math.Abs(o.num) > 1<<53 {
		return 0, false
	}
	return int64(o.num), true
}

// parser reads objects from a window of a file: lx.data ends where the
// window does, usually at the next object's header, so that an object
// that is never closed cannot run through the rest of the file.
type parser struct {
	lx      lexer
	ahead   []token // tokens read ahead, last one first out
	depth   int
	skipped int // tokens skipped as garbage
}

// bad counts what the parser and its lexer forgave: where a strict reader
// would have failed.
func (p *parser) bad() int { return p.skipped + p.lx.odd }

func newParser(data []byte, from int) *parser {
	return &parser{lx: lexer{data: data, pos: from}}
}

func (p *parser) next() (token, bool) {
	if n := len(p.ahead); n > 0 {
		t := p.ahead[n-1]
		p.ahead = p.ahead[:n-1]
		return t, true
	}
	return p.lx.next()
}

func (p *parser) back(t token) { p.ahead = append(p.ahead, t) }

// ends reports whether a keyword ends any object being read: it belongs
// to the file's structure, never inside an object.
func ends(kw string) bool {
	switch kw {
	case "endobj", "stream", "endstream", "obj", "xref", "trailer", "startxref":
		return true
	}
	return false
}

// object reads one object.
func (p *parser) object() (pobj, error) {
	t, ok := p.next()
	if !ok {
		return pobj{}, errEnd
	}
	switch t.kind {
	case tokNumber:
		o := pobj{kind: pNum, num: t.num}
		if id, ok := o.integer(); ok && id >= 0 && id <= math.MaxUint32 {
			if ref, ok := p.refAfter(uint32(id)); ok {
				return ref, nil
			}
		}
		return o, nil
	case tokHex, tokString:
		return pobj{kind: pString, s: t.text}, nil
	case tokName:
		return pobj{kind: pName, s: unescapeName(t.text)}, nil
	case tokArrayStart:
		return p.array()
	case tokDictStart:
		return p.dictionary()
	case tokKeyword:
		switch t.text {
		case "null":
			return pobj{}, nil
		case "true", "false":
			return pobj{kind: pBool, num: b2f(t.text == "true")}, nil
		}
		if ends(t.text) {
			p.back(t)
			return pobj{}, fmt.Errorf("%w before %q", errEnd, t.text)
		}
		return pobj{kind: pKeyword, s: t.text}, nil
	}
	return pobj{}, fmt.Errorf("unexpected %s", describe(t))
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func describe(t token) string {
	switch t.kind {
	case tokArrayEnd:
		return "]"
	case tokDictEnd:
		return ">>"
	}
	return fmt.Sprintf("%q", t.text)
}

// refAfter reads "G R" after an object number, if it is there.
func (p *parser) refAfter(id uint32) (pobj, bool) {
	t2, ok := p.next()
	if !ok {
		return pobj{}, false
	}
	if t2.kind == tokNumber && t2.num >= 0 && t2.num <= math.MaxUint16 && t2.num == math.Trunc(t2.num) {
		t3, ok := p.next()
		if ok && t3.kind == tokKeyword && t3.text == "R" {
			return pobj{kind: pRef, ref: objRef{id, uint16(t2.num)}}, true
		}
		if ok {
			p.back(t3)
		}
	}
	p.back(t2)
	return pobj{}, false
}

func (p *parser) enter() error {
	if p.depth++; p.depth > maxNesting {
		return errNesting
	}
	return nil
}

func (p *parser) array() (pobj, error) {
	if err := p.enter(); err != nil {
		return pobj{}, err
	}
	defer func() { p.depth-- }()
	o := pobj{kind: pArray}
	for {
		t, ok := p.next()
		if !ok {
			return o, fmt.Errorf("%w inside an array", errEnd)
		}
		if t.kind == tokArrayEnd {
			return o, nil
		}
		if t.kind == tokDictEnd {
			p.skipped++ // a stray ">>"
			continue
		}
		if len(o.arr) >= maxItems {
			return o, errItems
		}
		p.back(t)
		x, err := p.object()
		if err != nil {
			return o, err
		}
		if x.kind == pKeyword {
			p.skipped++
			// A stray R is the end of a reference whose number or
			// generation damage turned into garbage: the garbage and the
			// number before it are one lost element, not three.
			if x.s == "R" {
				for k := 0; k < 2 && len(o.arr) > 0; k++ {
					if last := o.arr[len(o.arr)-1]; last.kind != pNum && last.kind != pKeyword {
						break
					}
					o.arr = o.arr[:len(o.arr)-1]
				}
			}
		}
		o.arr = append(o.arr, x)
	}
}

// dictionary reads a dictionary's entries up to ">>". A token where a key
// should be is skipped, as are keywords where a value should be, so that
// a byte or two of damage spoils one entry, not the dictionary.
func (p *parser) dictionary() (pobj, error) {
	if err := p.enter(); err != nil {
		return pobj{}, err
	}
	defer func() { p.depth-- }()
	o := pobj{kind: pDict, dict: make(map[string]pobj)}
	skipped := 0
	skip := func() error {
		p.skipped++
		if skipped++; skipped > maxSkipped {
			return errGarbage
		}
		return nil
	}
	for {
		t, ok := p.next()
		if !ok {
			return o, fmt.Errorf("%w inside a dictionary", errEnd)
		}
		switch {
		case t.kind == tokDictEnd:
			return o, nil
		case t.kind == tokKeyword && ends(t.text):
			p.back(t)
			return o, fmt.Errorf("%w: a dictionary without its >>", errEnd)
		case t.kind != tokName:
			if err := skip(); err != nil {
				return o, err
			}
			continue
		}
		t.text = unescapeName(t.text)
		if len(o.dict) >= maxItems {
			return o, errItems
		}
		v, err := p.object()
		if err != nil {
			return o, err
		}
		if v.kind == pKeyword {
			if err := skip(); err != nil {
				return o, err
			}
			continue
		}
		o.dict[t.text] = v
	}
}

// streamStart returns where a stream's data begins when the parser has
// just read the stream's dictionary, or -1 when no "stream" keyword
// follows it.
func (p *parser) streamStart() int {
	if len(p.ahead) > 0 {
		t := p.ahead[len(p.ahead)-1]
		if t.kind != tokKeyword || t.text != "stream" {
			return -1
		}
		p.ahead = p.ahead[:len(p.ahead)-1]
	} else {
		t, ok := p.lx.next()
		if !ok || t.kind != tokKeyword || t.text != "stream" {
			return -1
		}
	}
	d, i := p.lx.data, p.lx.pos
	if i < len(d) && d[i] == '\r' {
		i++
	}
	if i < len(d) && d[i] == '\n' {
		i++
	}
	return i
}

// An object header is "N G obj". headerAt reads one at off, after white
// space and comments, and returns the object's number and generation and
// where its body starts.
func headerAt(data []byte, off int64) (ref objRef, body int, ok bool) {
	if off < 0 || off >= int64(len(data)) {
		return objRef{}, 0, false
	}
	i := skipSpace(data, int(off))
	id, i, ok1 := digits(data, i, 10)
	j := skipSpace(data, i)
	gen, j, ok2 := digits(data, j, 5)
	k := skipSpace(data, j)
	if !ok1 || !ok2 || j == i || k == j || !bytes.HasPrefix(data[k:], []byte("obj")) ||
		id > math.MaxUint32 || gen > math.MaxUint16 || !boundary(data, k+3) {
		return objRef{}, 0, false
	}
	return objRef{uint32(id), uint16(gen)}, k + 3, true
}

// headerBefore reads the header whose "obj" keyword starts at p, reading
// back from it, and returns where the header starts.
func headerBefore(data []byte, p int) (ref objRef, start int, ok bool) {
	if !boundary(data, p+3) {
		return objRef{}, 0, false
	}
	i := p
	back := func(max int) (int, int) { // digits ending before i, and where they start
		j := i
		for j > 0 && i-j < max && data[j-1] >= '0' && data[j-1] <= '9' {
			j--
		}
		return j, i - j
	}
	spaces := func() int {
		j := i
		for j > 0 && isWhite(data[j-1]) {
			j--
		}
		return i - j
	}
	if n := spaces(); n == 0 {
		return objRef{}, 0, false
	} else {
		i -= n
	}
	gs, gn := back(5)
	if gn == 0 {
		return objRef{}, 0, false
	}
	i = gs
	n := spaces()
	if n == 0 {
		return objRef{}, 0, false
	}
	i -= n
	is, in := back(10)
	if in == 0 || is > 0 && data[is-1] >= '0' && data[is-1] <= '9' {
		return objRef{}, 0, false
	}
	if is > 0 && !isWhite(data[is-1]) && !isDelim(data[is-1]) && !bytes.HasSuffix(data[:is], []byte("endobj")) {
		return objRef{}, 0, false
	}
	id, _ := strconv.ParseUint(string(data[is:is+in]), 10, 64)
	gen, _ := strconv.ParseUint(string(data[gs:gs+gn]), 10, 64)
	if id > math.MaxUint32 || gen > math.MaxUint16 {
		return objRef{}, 0, false
	}
	return objRef{uint32(id), uint16(gen)}, is, true
}

// boundary reports whether a keyword that ends before i ends there: at the
// end of the data, or before white space or a delimiter.
func boundary(data []byte, i int) bool {
	return i >= len(data) || isWhite(data[i]) || isDelim(data[i])
}

func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch {
		case isWhite(data[i]):
			i++
		case data[i] == '%':
			for i < len(data) && data[i] != '\n' && data[i] != '\r' {
				i++
			}
		default:
			return i
		}
	}
	return i
}

// digits reads up to max decimal digits at i.
func digits(data []byte, i, max int) (v uint64, end int, ok bool) {
	j := i
	for j < len(data) && j-i < max && data[j] >= '0' && data[j] <= '9' {
		v = v*10 + uint64(data[j]-'0')
		j++
	}
	if j < len(data) && data[j] >= '0' && data[j] <= '9' {
		return 0, j, false // too many digits
	}
	return v, j, j > i
}

// unescapeName decodes a name's #xx escapes; a # without two hex digits
// after it stands for itself.
func unescapeName(s string) string {
	if strings.IndexByte(s, '#') < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '#' && i+2 < len(s) {
			hi, ok1 := unhex(s[i+1])
			lo, ok2 := unhex(s[i+2])
			if ok1 && ok2 {
				b = append(b, hi<<4|lo)
				i += 2
				continue
			}
		}
		b = append(b, s[i])
	}
	return string(b)
}

// writeName writes a name, escaping what may not stand in one as #xx.
func writeName(b *bytes.Buffer, s string) {
	b.WriteByte('/')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c > '~' || c == '#' || isDelim(c) {
			fmt.Fprintf(b, "#%02X", c)
			continue
		}
		b.WriteByte(c)
	}
}

// writeObj writes o in PDF syntax. Strings are written as hex.
func writeObj(b *bytes.Buffer, o pobj) {
	switch o.kind {
	case pNull, pKeyword:
		b.WriteString("null")
	case pBool:
		if o.num != 0 {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case pNum:
		s := strconv.FormatFloat(o.num, 'f', -1, 64)
		if _, ok := o.integer(); !ok && !strings.Contains(s, ".") {
			s += ".0" // too large for an integer: a real, which readers accept
		}
		b.WriteString(s)
	case pString:
		fmt.Fprintf(b, "<%x>", o.s)
	case pName:
		writeName(b, o.s)
	case pRef:
		fmt.Fprintf(b, "%d %d R", o.ref.id, o.ref.gen)
	case pArray:
		b.WriteByte('[')
		for i, x := range o.arr {
			if i > 0 {
				b.WriteByte(' ')
			}
			writeObj(b, x)
		}
		b.WriteByte(']')
	case pDict:
		keys := make([]string, 0, len(o.dict))
		for k := range o.dict {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteString("<<")
		for _, k := range keys {
			writeName(b, k)
			b.WriteByte(' ')
			writeObj(b, o.dict[k])
			b.WriteByte(' ')
		}
		b.WriteString(">>")
	}
}
