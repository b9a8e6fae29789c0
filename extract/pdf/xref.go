package pdf

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
)

// xtable says where each object of a file is: the file's own
// cross-reference sections once every entry has been checked against the
// bytes, or what a scan of the file found. The library is handed this
// table, written as a cross-reference stream after the file's last byte;
// it never reads the file's own sections, whose counts and offsets it
// would trust.
type xtable struct {
	ent     []xent          // by object number
	trailer map[string]pobj // Root, Info, Encrypt and ID
}

// xent is one object's place: at an offset in the file (kind 1) or inside
// an object stream (kind 2). Kind 0 is no object.
type xent struct {
	kind   uint8
	gen    uint16
	off    int64  // kind 1: where the object's header is
	stream uint32 // kind 2: the object stream holding it
	index  int    // kind 2: its place in that stream
	made   *made  // an object this package writes in the tail
}

// made is an object this package writes: one it made (a catalog, a page
// tree) or a clean copy of a damaged one, with its stream's bytes.
type made struct {
	obj    pobj
	stream []byte
	isStrm bool
	repair error // why a damaged object was copied; nil for one this package made up
}

// Limits of the cross-reference reader.
const (
	maxSections = 256     // sections chained by /Prev
	maxColumns  = 1 << 16 // a predictor's bytes per row
)

// maxDecoded is the most bytes a stream this package reads itself may
// decode to (a variable, so that tests need not inflate 64 MB).
var maxDecoded = 64 << 20

// trailerKeys are the trailer entries that the library needs.
var trailerKeys = []string{"Root", "Info", "Encrypt", "ID"}

func newXtable() *xtable {
	return &xtable{trailer: make(map[string]pobj)}
}

// set records an object's place unless a newer section already did.
func (t *xtable) set(id int, e xent, limit int) {
	if id <= 0 || id >= limit {
		return
	}
	if id >= len(t.ent) {
		t.ent = append(t.ent, make([]xent, id+1-len(t.ent))...)[:id+1]
	}
	if t.ent[id].kind == 0 {
		t.ent[id] = e
	}
}

// mergeTrailer takes the trailer keys that a newer section did not set.
func (t *xtable) mergeTrailer(d pobj) {
	for _, k := range trailerKeys {
		if _, ok := t.trailer[k]; !ok {
			if v := d.key(k); v.kind != pNull {
				t.trailer[k] = v
			}
		}
	}
}

// readXref reads the cross-reference sections the file's startxref leads
// to, newest first along /Prev (and /XRefStm, for hybrid files), as a
// reader that trusts the file would; check then holds them to the bytes.
func readXref(data []byte) (*xtable, error) {
	off, err := startxref(data)
	if err != nil {
		return nil, err
	}
	limit := maxObjects(len(data))
	t := newXtable()
	seen := make(map[int64]bool)
	for n := 0; ; n++ {
		if n >= maxSections {
			return nil, fmt.Errorf("more than %d cross-reference sections", maxSections)
		}
		if seen[off] {
			return nil, fmt.Errorf("cross-reference sections that loop at offset %d", off)
		}
		seen[off] = true
		tr, err := t.section(data, off, limit)
		if err != nil {
			return nil, err
		}
		t.mergeTrailer(tr)
		if xs, ok := tr.key("XRefStm").integer(); ok && !seen[xs] {
			seen[xs] = true
			if _, err := t.section(data, xs, limit); err != nil {
				return nil, err
			}
		}
		prev, ok := tr.key("Prev").integer()
		if !ok {
			return t, nil
		}
		off = prev
	}
}

// startxref returns the offset after the file's last startxref.
func startxref(data []byte) (int64, error) {
	i := bytes.LastIndex(data, []byte("startxref"))
	if i < 0 {
		return 0, errors.New("no startxref")
	}
	v, _, ok := digits(data, skipSpace(data, i+len("startxref")), 19)
	if !ok || v >= uint64(len(data)) {
		return 0, errors.New("startxref points outside the file")
	}
	return int64(v), nil
}

// section reads the cross-reference section at off, a table or a stream,
// and returns its trailer (a stream's dictionary serves as one).
func (t *xtable) section(data []byte, off int64, limit int) (pobj, error) {
	if off < 0 || off >= int64(len(data)) {
		return pobj{}, fmt.Errorf("a cross-reference section at offset %d, outside the file", off)
	}
	i := skipSpace(data, int(off))
	if bytes.HasPrefix(data[i:], []byte("xref")) && boundary(data, i+4) {
		return t.table(data, i+4, limit)
	}
	if _, body, ok := headerAt(data, off); ok {
		return t.stream(data, body, limit)
	}
	return pobj{}, fmt.Errorf("no cross-reference section at offset %d", off)
}

// table reads a cross-reference table's subsections and the trailer
// after them.
func (t *xtable) table(data []byte, i, limit int) (pobj, error) {
	for {
		i = skipSpace(data, i)
		if bytes.HasPrefix(data[i:], []byte("trailer")) {
			p := newParser(data, i+len("trailer"))
			tr, err := p.object()
			if err != nil || tr.kind != pDict {
				return pobj{}, fmt.Errorf("a trailer that cannot be read: %v", err)
			}
			return tr, nil
		}
		start, j, ok1 := digits(data, i, 10)
		count, j, ok2 := digits(data, skipSpace(data, j), 10)
		if !ok1 || !ok2 {
			return pobj{}, fmt.Errorf("a cross-reference table that cannot be read at offset %d", i)
		}
		if start+count > uint64(limit) {
			return pobj{}, fmt.Errorf("a cross-reference subsection of objects %d to %d, more than the file can hold", start, start+count)
		}
		i = j
		for k := uint64(0); k < count; k++ {
			off, a, ok1 := digits(data, skipSpace(data, i), 10)
			gen, b, ok2 := digits(data, skipSpace(data, a), 5)
			c := skipSpace(data, b)
			if !ok1 || !ok2 || c >= len(data) || data[c] != 'n' && data[c] != 'f' {
				return pobj{}, fmt.Errorf("a cross-reference entry that cannot be read at offset %d", i)
			}
			i = c + 1
			// Producers write the free list's head with generation 65536;
			// no object in use can have one.
			if data[c] == 'n' && off > 0 && gen <= math.MaxUint16 {
				t.set(int(start+k), xent{kind: 1, gen: uint16(gen), off: int64(off)}, limit)
			}
		}
	}
}

// stream reads a cross-reference stream whose object body starts at i.
func (t *xtable) stream(data []byte, i, limit int) (pobj, error) {
	dict, raw, _, err := streamAt(data, i)
	if err != nil {
		return pobj{}, fmt.Errorf("a cross-reference stream that cannot be read: %v", err)
	}
	if dict.key("Type").name() != "XRef" {
		return pobj{}, errors.New("a cross-reference stream without /Type /XRef")
	}
	dec, err := decodeStream(dict, raw)
	if err != nil {
		return pobj{}, fmt.Errorf("a cross-reference stream that cannot be decoded: %v", err)
	}
	var w [3]int
	ws := dict.key("W")
	if len(ws.arr) != 3 {
		return pobj{}, errors.New("a cross-reference stream without a /W of three widths")
	}
	for k, x := range ws.arr {
		v, ok := x.integer()
		if !ok || v < 0 || v > 8 {
			return pobj{}, fmt.Errorf("a cross-reference stream field of width %v", x.num)
		}
		w[k] = int(v)
	}
	row := w[0] + w[1] + w[2]
	if row == 0 {
		return pobj{}, errors.New("a cross-reference stream with empty rows")
	}
	size, _ := dict.key("Size").integer()
	index := dict.key("Index").arr
	if index == nil {
		index = []pobj{{kind: pNum}, {kind: pNum, num: float64(size)}}
	}
	pos := 0
	for k := 0; k+1 < len(index); k += 2 {
		start, ok1 := index[k].integer()
		count, ok2 := index[k+1].integer()
		if !ok1 || !ok2 || start < 0 || count < 0 || start+count > int64(limit) {
			return pobj{}, errors.New("a cross-reference stream with an /Index beyond what the file can hold")
		}
		for id := start; id < start+count && pos+row <= len(dec); id++ {
			f := func(n int) uint64 {
				var v uint64
				for _, c := range dec[pos : pos+n] {
					v = v<<8 | uint64(c)
				}
				pos += n
				return v
			}
			typ := uint64(1)
			if w[0] > 0 {
				typ = f(w[0])
			}
			a, b := f(w[1]), f(w[2])
			switch typ {
			case 1:
				if a > 0 && a < uint64(len(data)) && b <= math.MaxUint16 {
					t.set(int(id), xent{kind: 1, gen: uint16(b), off: int64(a)}, limit)
				}
			case 2:
				if a > 0 && a < uint64(limit) && b < uint64(maxItems) {
					t.set(int(id), xent{kind: 2, stream: uint32(a), index: int(b)}, limit)
				}
			}
		}
	}
	return dict, nil
}

// streamAt reads the stream object whose body starts at i: its
// dictionary, its raw bytes, and where they start. /Length is believed
// only when "endstream" follows where it says the data ends; otherwise
// the data runs to the next "endstream".
func streamAt(data []byte, i int) (pobj, []byte, int, error) {
	p := newParser(data, i)
	dict, err := p.object()
	if err != nil {
		return pobj{}, nil, 0, err
	}
	if dict.kind != pDict {
		return pobj{}, nil, 0, errors.New("not a dictionary")
	}
	s := p.streamStart()
	if s < 0 {
		return pobj{}, nil, 0, errors.New("not a stream")
	}
	if n, ok := dict.key("Length").integer(); ok && n >= 0 && n <= int64(len(data)-s) {
		e := skipSpace(data, s+int(n))
		if bytes.HasPrefix(data[e:], []byte("endstream")) {
			return dict, data[s : s+int(n)], s, nil
		}
	}
	if e := bytes.Index(data[s:], []byte("endstream")); e >= 0 {
		return dict, bytes.TrimRight(data[s:s+e], "\r\n"), s, nil
	}
	return dict, data[s:], s, nil
}

// decodeStream decodes a stream the repair layer reads itself: cross-
// reference and object streams, which producers compress with Flate, at
// most with a PNG predictor. What was decoded before an error is returned
// with it.
func decodeStream(dict pobj, raw []byte) ([]byte, error) {
	filter, parms := dict.key("Filter"), dict.key("DecodeParms")
	if filter.kind == pArray {
		if len(filter.arr) > 1 {
			return nil, errors.New("more than one filter")
		}
		if len(filter.arr) == 1 {
			filter = filter.arr[0]
		}
		if parms.kind == pArray && len(parms.arr) > 0 {
			parms = parms.arr[0]
		}
	}
	switch filter.name() {
	case "":
		if filter.kind != pNull {
			return nil, errors.New("a filter that is not a name")
		}
		return raw, nil
	case "FlateDecode":
	default:
		return nil, fmt.Errorf("filter %s is not read here", filter.name())
	}
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	out, err := io.ReadAll(io.LimitReader(zr, int64(maxDecoded)+1))
	if len(out) > maxDecoded {
		return nil, tooLarge()
	}
	pred, _ := parms.key("Predictor").integer()
	if pred < 10 {
		if pred > 1 {
			return nil, fmt.Errorf("predictor %d is not read here", pred)
		}
		return out, err
	}
	cols, ok := parms.key("Columns").integer()
	if !ok {
		cols = 1
	}
	colors, ok := parms.key("Colors").integer()
	if !ok {
		colors = 1
	}
	bpc, ok := parms.key("BitsPerComponent").integer()
	if !ok {
		bpc = 8
	}
	if cols < 1 || cols > maxColumns || colors < 1 || colors > 32 || bpc < 1 || bpc > 16 {
		return nil, errors.New("predictor parameters out of range")
	}
	bpp := max(1, int(colors*bpc+7)/8)
	rowLen := int((cols*colors*bpc + 7) / 8)
	dec, perr := unpredict(out, rowLen, bpp)
	if err == nil {
		err = perr
	}
	return dec, err
}

// unpredict undoes the PNG predictors, one filter-type byte per row.
func unpredict(data []byte, rowLen, bpp int) ([]byte, error) {
	out := make([]byte, 0, len(data))
	prev := make([]byte, rowLen)
	for len(data) >= rowLen+1 {
		typ, row := data[0], data[1:rowLen+1]
		data = data[rowLen+1:]
		cur := make([]byte, rowLen)
		for i := range row {
			var left, up, ul byte
			if i >= bpp {
				left, ul = cur[i-bpp], prev[i-bpp]
			}
			up = prev[i]
			switch typ {
			case 0:
				cur[i] = row[i]
			case 1:
				cur[i] = row[i] + left
			case 2:
				cur[i] = row[i] + up
			case 3:
				cur[i] = row[i] + byte((int(left)+int(up))/2)
			case 4:
				cur[i] = row[i] + paeth(left, up, ul)
			default:
				return out, fmt.Errorf("PNG filter type %d", typ)
			}
		}
		out = append(out, cur...)
		prev = cur
	}
	return out, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// objStream is an object stream read by the repair layer: the numbers of
// the objects it holds and where each starts in its decoded data.
type objStream struct {
	ids  []uint32
	offs []int // from the start of the decoded data, /First included
	data []byte
	err  error // the data is cut short by damage
	// The library finds an object in the stream by reading the list of
	// pairs itself, and follows /Extends, perhaps for ever, when it
	// does not find it. It finds the k-th object as this layer does when
	// k < plain: the pairs up to it are integers written plainly. And it
	// reads no object at all when safe is false: the data ends inside a
	// hex string, which its lexer never comes back from.
	plain int
	safe  bool
}

// libraryReads reports whether the library reads the k-th object of the
// stream where this layer does.
func (s *objStream) libraryReads(k int) bool { return s.safe && k < s.plain }

// readObjStream reads the object stream whose object body starts at
// body: the first /N pairs of numbers, then objects from /First on.
func readObjStream(data []byte, body int) (*objStream, error) {
	dict, raw, start, err := streamAt(data, body)
	if err != nil {
		return nil, err
	}
	// An unfiltered stream is read by the library to where its /Length
	// says, which may differ from where this layer found its end.
	var lib []byte
	if n, ok := dict.key("Length").integer(); ok && dict.key("Filter").kind == pNull && n >= 0 && int(n) != len(raw) {
		lib = data[start:min(len(data), start+int(n))]
	}
	if dict.key("Type").name() != "ObjStm" {
		return nil, errors.New("not an object stream")
	}
	n, ok1 := dict.key("N").integer()
	first, ok2 := dict.key("First").integer()
	if !ok1 || !ok2 || n < 0 || n > maxItems || first <= 0 {
		return nil, errors.New("an object stream without a sound /N and /First")
	}
	dec, derr := decodeStream(dict, raw)
	if dec == nil && derr != nil {
		return nil, derr
	}
	s := &objStream{data: dec, err: derr}
	s.plain = plainPairs(dec, int(n))
	lx := lexer{data: dec[:min(len(dec), int(first))]}
	for k := int64(0); k < n; k++ {
		a, ok1 := lx.next()
		b, ok2 := lx.next()
		if !ok1 || !ok2 {
			break
		}
		id, off := intTok(a), intTok(b)
		if id <= 0 || id > math.MaxUint32 || off < 0 || first+off >= int64(len(dec)) {
			if int(k) < s.plain {
				s.plain = int(k) // the k-th pair is lost: later ones shift
			}
			continue
		}
		s.ids = append(s.ids, uint32(id))
		s.offs = append(s.offs, int(first+off))
	}
	// Any object may run, in the library, into a hex string that runs to
	// the end of the data.
	s.safe = unterminatedHex(dec) < 0 && (lib == nil || unterminatedHex(lib) < 0)
	return s, nil
}

// plainPairs returns how many of the first n pairs at the start of data
// are integers written plainly, between white space and comments, which
// the library reads as this layer does.
func plainPairs(data []byte, n int) int {
	i := 0
	for k := 0; k < 2*n; k++ {
		i = skipSpace(data, i)
		j := i
		for j < len(data) && !isWhite(data[j]) && !isDelim(data[j]) {
			j++
		}
		if _, err := strconv.ParseInt(string(data[i:j]), 10, 64); j == i || err != nil {
			return k / 2
		}
		i = j
	}
	return n
}

// intTok reads a token as an integer, or 0 when it is not one.
func intTok(t token) int64 {
	if t.kind != tokNumber || t.num != math.Trunc(t.num) || math.Abs(t.num) > 1<<53 {
		return 0
	}
	return int64(t.num)
}

// index returns where the stream lists object id, or -1.
func (s *objStream) index(id uint32) int {
	for k, x := range s.ids {
		if x == id {
			return k
		}
	}
	return -1
}

// check holds the table to the file's bytes: each object must be where
// the table says, and the trailer must name a root that is there. Object
// streams are opened to see that they hold what the table puts in them,
// except in an encrypted file, whose streams this layer cannot decode.
func (t *xtable) check(data []byte) error {
	encrypted := t.trailer["Encrypt"].kind != pNull
	streams := make(map[uint32]*objStream)
	for id, e := range t.ent {
		switch e.kind {
		case 1:
			if ref, _, ok := headerAt(data, e.off); !ok || ref != (objRef{uint32(id), e.gen}) {
				return fmt.Errorf("object %d %d is not at offset %d", id, e.gen, e.off)
			}
		case 2:
			se := t.get(e.stream)
			if se.kind != 1 || se.gen != 0 {
				return fmt.Errorf("object %d 0 is in object stream %d, which is not in the file", id, e.stream)
			}
			if encrypted {
				// Its data cannot be checked here; but without /Extends
				// the library cannot go round in circles looking for an
				// object that is not there.
				if _, ok := streams[e.stream]; ok {
					continue
				}
				_, body, _ := headerAt(data, se.off)
				if dict, _, _, err := streamAt(data, body); err != nil || dict.key("Extends").kind != pNull {
					return fmt.Errorf("object stream %d 0 of an encrypted file cannot be checked", e.stream)
				}
				streams[e.stream] = nil
				continue
			}
			s, ok := streams[e.stream]
			if !ok {
				_, body, _ := headerAt(data, se.off)
				var err error
				if s, err = readObjStream(data, body); err != nil {
					return fmt.Errorf("object stream %d 0: %v", e.stream, err)
				}
				streams[e.stream] = s
			}
			if k := s.index(uint32(id)); k < 0 || !s.libraryReads(k) {
				return fmt.Errorf("object %d 0 is not in object stream %d as the table says", id, e.stream)
			}
		}
	}
	root := t.trailer["Root"]
	if root.kind != pRef || t.get(root.ref.id).kind == 0 {
		return errors.New("the trailer names no document catalog")
	}
	return nil
}

func (t *xtable) get(id uint32) xent {
	if int64(id) >= int64(len(t.ent)) {
		return xent{}
	}
	return t.ent[id]
}

// tail writes what follows the file's last byte, at offset at: the
// objects this package made, then the table as a cross-reference stream
// whose dictionary names root and the file's other trailer entries, then
// startxref and %%EOF.
func (t *xtable) tail(at int, root objRef) []byte {
	var b bytes.Buffer
	b.WriteByte('\n')
	for id := range t.ent {
		if e := &t.ent[id]; e.made != nil {
			e.off = int64(at + b.Len())
			fmt.Fprintf(&b, "%d %d obj\n", id, e.gen)
			writeObj(&b, e.made.obj)
			if e.made.isStrm {
				b.WriteString("\nstream\n")
				b.Write(e.made.stream)
				b.WriteString("\nendstream")
			}
			b.WriteString("\nendobj\n")
		}
	}
	xrefAt := at + b.Len()
	size := max(len(t.ent), 1)
	rows := make([]byte, 0, 7*size)
	for id := 0; id < size; id++ {
		var e xent
		if id < len(t.ent) {
			e = t.ent[id]
		}
		switch e.kind {
		case 1:
			rows = append(rows, 1, byte(e.off>>24), byte(e.off>>16), byte(e.off>>8), byte(e.off), byte(e.gen>>8), byte(e.gen))
		case 2:
			rows = append(rows, 2, byte(e.stream>>24), byte(e.stream>>16), byte(e.stream>>8), byte(e.stream), byte(e.index>>8), byte(e.index))
		default:
			rows = append(rows, 0, 0, 0, 0, 0, 0xFF, 0xFF)
		}
	}
	fmt.Fprintf(&b, "%d 0 obj\n<</Type /XRef /Size %d /W [1 4 2] /Length %d /Root %d %d R", size, size, len(rows), root.id, root.gen)
	for _, k := range trailerKeys[1:] {
		if v, ok := t.trailer[k]; ok {
			b.WriteString(" /" + k + " ")
			writeObj(&b, v)
		}
	}
	b.WriteString(">>\nstream\n")
	b.Write(rows)
	fmt.Fprintf(&b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", xrefAt)
	return b.Bytes()
}
