package pdf

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// maxRounds bounds the second readings of a document: each round gives
// clean copies of the objects the round before failed on.
const maxRounds = 3

// repair returns the source reopened with a clean copy, written after the
// file's last byte, of each object the library failed to read and that
// this package's forgiving parser reads with damage: a stray byte in a
// dictionary, a string or array not closed, a missing endobj, a stream
// whose /Length does not reach its endstream. The library is strict and
// gives up on the whole object; the copy keeps every entry that can be
// read. It returns nil when there is nothing to repair.
func (s *source) repair() *source {
	refs := make([]objRef, 0, len(s.blamed))
	for ref := range s.blamed {
		if !s.tried[ref] {
			refs = append(refs, ref)
		}
	}
	sort.Slice(refs, func(a, b int) bool { return refs[a].id < refs[b].id })
	t := s.t.clone()
	fixed := 0
	for _, ref := range refs {
		e := t.get(ref.id)
		if e.kind == 0 || e.made != nil || e.kind == 1 && e.gen != ref.gen {
			continue
		}
		if e.kind == 1 && ref.gen == 0 {
			fixed += s.unpackStream(t, ref.id)
		}
		m, why := s.reread(ref, e)
		if m == nil {
			continue
		}
		m.repair = &objError{ref, why}
		t.ent[ref.id] = xent{kind: 1, gen: ref.gen, made: m}
		fixed++
	}
	if fixed == 0 {
		return nil
	}
	next, _ := newSource(s.f.data, t, s.root) // the caller sees to the page tree
	if next == nil {
		return nil
	}
	next.rebuilt, next.note = s.rebuilt, s.note
	for ref := range s.tried {
		next.tried[ref] = true
	}
	for _, ref := range refs {
		next.tried[ref] = true
	}
	return next
}

// unpackStream gives a clean copy of each object that t puts in object
// stream id, when the library failed inside that stream: its data may
// decode to garbage part way, or its list of objects be damaged, and the
// library then reads none of them. An object that cannot be read from the
// stream at all is taken out of the table: a reference to it reads as
// null, which only what uses it notices. It returns how many objects it
// copied or took out.
func (s *source) unpackStream(t *xtable, id uint32) int {
	var in []uint32
	for oid, e := range t.ent {
		if e.kind == 2 && e.stream == id {
			in = append(in, uint32(oid))
		}
	}
	if len(in) == 0 || s.t.trailer["Encrypt"].kind != pNull {
		return 0
	}
	_, body, ok := headerAt(s.f.data, t.get(id).off)
	if !ok {
		return 0
	}
	st, err := readObjStream(s.f.data, body)
	if err != nil {
		return 0
	}
	at := make(map[uint32]int, len(st.ids))
	for k, oid := range st.ids {
		at[oid] = k
	}
	n := 0
	for _, oid := range in {
		n++
		k, ok := at[oid]
		if !ok {
			t.ent[oid] = xent{}
			continue
		}
		end := len(st.data)
		for _, o := range st.offs {
			if o > st.offs[k] && o < end {
				end = o
			}
		}
		o, err := newParser(st.data[:end], st.offs[k]).object()
		if err != nil && o.kind != pDict && o.kind != pArray || o.kind == pKeyword {
			t.ent[oid] = xent{}
			continue
		}
		why := fmt.Errorf("object stream %d 0 cannot be read as a whole; its objects are read one by one", id)
		if st.err != nil {
			why = fmt.Errorf("object stream %d 0 is damaged (%v); its objects are read one by one", id, st.err)
		}
		t.ent[oid] = xent{kind: 1, made: &made{obj: o, repair: &objError{objRef{oid, 0}, why}}}
	}
	return n
}

// reread reads object ref where the table says it is, forgivingly, and
// returns a clean copy of it if it is damaged but holds a dictionary or an
// array, and what the damage was.
func (s *source) reread(ref objRef, e xent) (*made, error) {
	data := s.f.data
	var (
		window []byte
		from   int
		inFile = e.kind == 1
	)
	switch e.kind {
	case 1:
		r, body, ok := headerAt(data, e.off)
		if !ok || r != ref {
			return nil, nil
		}
		window, from = data[:s.nextStart(e.off)], body
	case 2:
		if s.t.trailer["Encrypt"].kind != pNull {
			return nil, nil // this layer cannot decode an encrypted object stream
		}
		se := s.t.get(e.stream)
		_, body, ok := headerAt(data, se.off)
		if se.kind != 1 || !ok {
			return nil, nil
		}
		st, err := readObjStream(data, body)
		if err != nil {
			return nil, nil
		}
		k := -1
		for i, id := range st.ids {
			if id == ref.id {
				k = i
			}
		}
		if k < 0 {
			return nil, nil
		}
		end := len(st.data)
		for _, o := range st.offs {
			if o > st.offs[k] && o < end {
				end = o
			}
		}
		window, from = st.data[:end], st.offs[k]
	default:
		return nil, nil
	}
	m, why := inspect(window, from, inFile, s.length)
	if m == nil || len(why) == 0 {
		return nil, nil
	}
	return m, damageError(why)
}

// damageError says what inspect found.
func damageError(why []string) error {
	return fmt.Errorf("damaged (%s); read again, keeping what can be read", strings.Join(why, "; "))
}

// inspect reads the object body that starts at from, forgivingly, and
// returns a clean copy of it when it holds a dictionary or an array, and
// what was damaged in it, if anything. inFile says the object stands in
// the file, where endobj or a stream follows it; length resolves an
// indirect /Length.
func inspect(window []byte, from int, inFile bool, length func(objRef) (int64, bool)) (*made, []string) {
	p := newParser(window, from)
	o, err := p.object()
	if o.kind != pDict && o.kind != pArray {
		return nil, nil
	}
	var why []string
	if err != nil {
		why = append(why, err.Error())
	}
	switch n := p.bad(); {
	case n == 1:
		why = append(why, "a byte or token out of place")
	case n > 1:
		why = append(why, fmt.Sprintf("%d bytes or tokens out of place", n))
	}
	m := &made{obj: o}
	if !inFile {
		return m, why
	}
	stream := func(start int) {
		m.isStrm = true
		m.stream, why = streamData(window, start, o, length, why)
		o.dict["Length"] = pobj{kind: pNum, num: float64(len(m.stream))}
	}
	switch t, ok := p.next(); {
	case ok && t.kind == tokKeyword && t.text == "stream" && o.kind == pDict:
		p.back(t)
		stream(p.streamStart())
	case ok && o.kind == pDict && bytes.Contains(window[p.lx.pos:], []byte("endstream")):
		// The stream keyword itself is damaged: the data starts on the
		// next line.
		why = append(why, fmt.Sprintf("%q where stream should be", t.text))
		start := p.lx.pos
		if i := bytes.IndexByte(window[start:], '\n'); i >= 0 && i < 4 {
			start += i + 1
		}
		stream(start)
	case err == nil && (!ok || t.kind != tokKeyword || t.text != "endobj"):
		why = append(why, "no endobj after the object")
	}
	return m, why
}

// streamData returns a stream's bytes from start: as far as /Length says
// when "endstream" follows there, else up to the next "endstream". A
// /Length that cannot be resolved is no damage.
func streamData(window []byte, start int, dict pobj, length func(objRef) (int64, bool), why []string) ([]byte, []string) {
	l := dict.key("Length")
	n, ok := l.integer()
	if l.kind == pRef && length != nil {
		n, ok = length(l.ref)
	}
	if ok && n >= 0 && n <= int64(len(window)-start) {
		e := skipSpace(window, start+int(n))
		if bytes.HasPrefix(window[e:], []byte("endstream")) {
			return window[start : start+int(n)], why
		}
	}
	if ok || l.kind != pRef {
		why = append(why, "a /Length that does not reach endstream")
	}
	if e := bytes.Index(window[start:], []byte("endstream")); e >= 0 {
		return bytes.TrimRight(window[start:start+e], "\r\n"), why
	}
	return window[start:], why
}

// length resolves an indirect /Length through the table.
func (s *source) length(ref objRef) (int64, bool) {
	e := s.t.get(ref.id)
	if e.kind != 1 || e.made != nil {
		return 0, false
	}
	r, body, ok := headerAt(s.f.data, e.off)
	if !ok || r != ref {
		return 0, false
	}
	o, err := newParser(s.f.data[:s.nextStart(e.off)], body).object()
	if err != nil {
		return 0, false
	}
	return o.integer()
}

// nextStart returns where the object after the one at off starts, or the
// end of the file.
func (s *source) nextStart(off int64) int {
	i := sort.Search(len(s.starts), func(i int) bool { return s.starts[i].off > off })
	if i < len(s.starts) && s.starts[i].off <= int64(len(s.f.data)) {
		return int(s.starts[i].off)
	}
	return len(s.f.data)
}
