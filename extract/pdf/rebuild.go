package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
)

// scanned is what a scan of a file's bytes found, trusting no offset the
// file states: every "N G obj" header, objects packed in object streams,
// and every trailer. The last definition of an object wins, as it does
// when a file is updated by appending.
type scanned struct {
	table    *xtable
	objs     map[uint32]pobj  // the body of each object's winning definition
	pos      map[uint32]int   // where that definition is: its header, or its object stream's
	trailers []pobj           // trailer and cross-reference stream dictionaries, in file order
	streams  map[uint32]int   // object streams: where their bodies start
	fixes    map[uint32]*made // clean copies of the objects read with damage
	starts   []int            // where each header found starts, in order
}

type header struct {
	ref         objRef
	start, body int
}

// scan reads data for objects. An object is read inside the window that
// ends at the next header, so one that is cut off does not swallow the
// rest of the file.
func scan(data []byte) *scanned {
	limit := maxObjects(len(data))
	var hs []header
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte("obj"))
		if j < 0 {
			break
		}
		p := i + j
		i = p + 3
		if ref, start, ok := headerBefore(data, p); ok && ref.id > 0 && int(ref.id) < limit {
			hs = append(hs, header{ref, start, p + 3})
		}
	}
	s := &scanned{
		table:   newXtable(),
		objs:    make(map[uint32]pobj),
		pos:     make(map[uint32]int),
		streams: make(map[uint32]int),
		fixes:   make(map[uint32]*made),
	}
	type found struct {
		at   int
		dict pobj
	}
	var trailers []found
	last := make(map[uint32]int, len(hs))
	for k, h := range hs {
		last[h.ref.id] = k
		s.starts = append(s.starts, h.start)
	}
	end := func(k int) int {
		if k+1 < len(hs) {
			return hs[k+1].start
		}
		return len(data)
	}
	length := func(ref objRef) (int64, bool) {
		k, ok := last[ref.id]
		if !ok || hs[k].ref != ref {
			return 0, false
		}
		o, err := newParser(data[:end(k)], hs[k].body).object()
		if err != nil {
			return 0, false
		}
		return o.integer()
	}
	for k, h := range hs {
		m, why := inspect(data[:end(k)], h.body, true, length)
		var o pobj
		if m != nil {
			o = m.obj
		}
		if !s.define(h.ref.id, xent{kind: 1, gen: h.ref.gen, off: int64(h.start)}, o, h.start) {
			continue
		}
		if len(why) > 0 {
			m.repair = &objError{h.ref, damageError(why)}
			s.fixes[h.ref.id] = m
		}
		if m != nil && m.isStrm {
			switch o.key("Type").name() {
			case "ObjStm":
				if h.ref.gen == 0 {
					s.streams[h.ref.id] = h.body
				}
			case "XRef":
				trailers = append(trailers, found{h.start, o})
			}
		} else if s.streams[h.ref.id] != 0 {
			delete(s.streams, h.ref.id) // redefined as something else
		}
	}
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte("trailer"))
		if j < 0 {
			break
		}
		at := i + j
		i = at + len("trailer")
		end := len(data)
		if k := sort.Search(len(hs), func(k int) bool { return hs[k].start > at }); k < len(hs) {
			end = hs[k].start
		}
		if o, err := newParser(data[:end], i).object(); err == nil && o.kind == pDict {
			trailers = append(trailers, found{at, o})
		}
	}
	sort.SliceStable(trailers, func(a, b int) bool { return trailers[a].at < trailers[b].at })
	for _, t := range trailers {
		s.trailers = append(s.trailers, t.dict)
	}
	for k := len(s.trailers) - 1; k >= 0; k-- {
		s.table.mergeTrailer(s.trailers[k])
	}
	// Objects in object streams, unless the file is encrypted: this layer
	// cannot decode its streams.
	if s.table.trailer["Encrypt"].kind == pNull {
		ids := make([]uint32, 0, len(s.streams))
		for id := range s.streams {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(a, b int) bool { return s.pos[ids[a]] < s.pos[ids[b]] })
		for _, id := range ids {
			s.unpack(data, id, limit)
		}
	}
	// The damaged objects are read through their clean copies.
	for id, m := range s.fixes {
		s.table.ent[id] = xent{kind: 1, gen: s.table.ent[id].gen, made: m}
	}
	return s
}

// adopt takes from the file's own table the objects the scan did not
// find because damage changed a byte of their header: where the table
// puts one, the bytes must read as its header but for one byte. The
// library cannot read such a header, so the object is read through a
// clean copy.
func (s *scanned) adopt(data []byte, t *xtable) {
	for id, e := range t.ent {
		if e.kind != 1 || id == 0 {
			continue
		}
		if _, ok := s.objs[uint32(id)]; ok {
			continue
		}
		ref := objRef{uint32(id), e.gen}
		body, ok := nearHeaderAt(data, e.off, ref)
		if !ok {
			continue
		}
		end := len(data)
		if k := sort.Search(len(s.starts), func(k int) bool { return s.starts[k] > int(e.off) }); k < len(s.starts) {
			end = s.starts[k]
		}
		m, why := inspect(data[:end], body, true, nil)
		if m == nil {
			continue
		}
		why = append([]string{"its header is damaged"}, why...)
		m.repair = &objError{ref, damageError(why)}
		s.define(ref.id, xent{kind: 1, gen: ref.gen}, m.obj, int(e.off))
		s.fixes[ref.id] = m
		s.table.ent[ref.id] = xent{kind: 1, gen: ref.gen, made: m}
	}
}

// nearHeaderAt reports whether the bytes at off read as the header of ref
// but for one byte, and returns where the object's body starts.
func nearHeaderAt(data []byte, off int64, ref objRef) (int, bool) {
	if off < 0 || off >= int64(len(data)) {
		return 0, false
	}
	want := fmt.Sprintf("%d %d obj", ref.id, ref.gen)
	i := skipSpace(data, int(off))
	if i+len(want) > len(data) {
		return 0, false
	}
	diff := 0
	for k := 0; k < len(want); k++ {
		if data[i+k] != want[k] {
			diff++
		}
	}
	return i + len(want), diff <= 1
}

// define records a definition of object id at position at, if it is the
// last one seen, and reports whether it was.
func (s *scanned) define(id uint32, e xent, o pobj, at int) bool {
	if p, ok := s.pos[id]; ok && p > at {
		return false
	}
	delete(s.fixes, id)
	for int(id) >= len(s.table.ent) {
		s.table.ent = append(s.table.ent, xent{})
	}
	s.table.ent[id] = e
	s.objs[id] = o
	s.pos[id] = at
	return true
}

// unpack defines the objects of object stream id.
func (s *scanned) unpack(data []byte, id uint32, limit int) {
	st, err := readObjStream(data, s.streams[id])
	if err != nil {
		return
	}
	order := make([]int, len(st.offs))
	for k := range order {
		order[k] = k
	}
	sort.Slice(order, func(a, b int) bool { return st.offs[order[a]] < st.offs[order[b]] })
	at := s.pos[id]
	for n, k := range order {
		oid := st.ids[k]
		if oid == id || int(oid) >= limit {
			continue
		}
		end := len(st.data)
		if n+1 < len(order) {
			end = st.offs[order[n+1]]
		}
		if !st.libraryReads(k) {
			// The library would not find it: a clean copy, if it reads.
			o, err := newParser(st.data[:end], st.offs[k]).object()
			if err == nil && o.kind != pKeyword && s.define(oid, xent{kind: 2, stream: id, index: k}, o, at) {
				s.fixes[oid] = &made{obj: o, repair: &objError{objRef{oid, 0},
					fmt.Errorf("the list of objects of object stream %d 0 is damaged; read one by one", id)}}
			}
			continue
		}
		m, why := inspect(st.data[:end], st.offs[k], false, nil)
		var o pobj
		if m != nil {
			o = m.obj
		}
		if s.define(oid, xent{kind: 2, stream: id, index: k}, o, at) && len(why) > 0 {
			m.repair = &objError{objRef{oid, 0}, damageError(why)}
			s.fixes[oid] = m
		}
	}
}

// isCatalog reports whether o looks like a document catalog.
func isCatalog(o pobj) bool {
	return o.kind == pDict && o.key("Pages").kind == pRef && (o.key("Type").name() == "Catalog" || o.key("Type").kind == pNull)
}

// isPages reports whether o looks like an inner node of a page tree.
func isPages(o pobj) bool {
	return o.kind == pDict && o.key("Kids").kind == pArray && o.key("Type").name() != "Page"
}

// roots returns the tables to try, best first, each with the catalog to
// name as root: the catalog the last trailer names; other catalogs, last
// first; failing those, a catalog written here over each page tree found
// without a parent, the largest first; and last, a catalog over a page
// tree written here that lists every page object, by object number.
func (s *scanned) roots() []rooted {
	var out []rooted
	seen := make(map[objRef]bool)
	try := func(ref objRef) {
		if !seen[ref] && len(out) < 3 {
			seen[ref] = true
			out = append(out, rooted{table: s.table, root: ref})
		}
	}
	if r := s.table.trailer["Root"]; r.kind == pRef && isCatalog(s.objs[r.ref.id]) && s.genOf(r.ref.id) == r.ref.gen {
		try(r.ref)
	}
	ids := s.ids()
	sort.SliceStable(ids, func(a, b int) bool { return s.pos[ids[a]] > s.pos[ids[b]] })
	for _, id := range ids {
		if isCatalog(s.objs[id]) && s.objs[id].key("Type").name() == "Catalog" {
			try(objRef{id, s.genOf(id)})
		}
	}
	var trees []uint32
	for _, id := range ids {
		o := s.objs[id]
		if isPages(o) && !isPages(s.objs[o.key("Parent").ref.id]) {
			trees = append(trees, id)
		}
	}
	sort.SliceStable(trees, func(a, b int) bool {
		return s.objs[trees[a]].key("Count").num > s.objs[trees[b]].key("Count").num
	})
	for _, id := range trees[:min(len(trees), 2)] {
		t := s.table.clone()
		r := rooted{table: t, root: t.add(catalog(objRef{id, s.genOf(id)}))}
		if p := s.objs[id].key("Parent"); p.kind == pRef {
			r.note = &objError{p.ref, fmt.Errorf("this page tree node cannot be read: only the pages under object %d %d are read, and their numbers may be off", id, s.genOf(id))}
		}
		out = append(out, r)
	}
	var pages []pobj
	sort.Slice(ids, func(a, b int) bool { return ids[a] < ids[b] })
	for _, id := range ids {
		if o := s.objs[id]; o.kind == pDict && o.key("Type").name() == "Page" {
			pages = append(pages, pobj{kind: pRef, ref: objRef{id, s.genOf(id)}})
		}
	}
	if len(pages) > 0 {
		t := s.table.clone()
		tree := t.add(pobj{kind: pDict, dict: map[string]pobj{
			"Type":  {kind: pName, s: "Pages"},
			"Kids":  {kind: pArray, arr: pages},
			"Count": {kind: pNum, num: float64(len(pages))},
		}})
		err := errors.New("no page tree can be read: the pages are numbered in the order of their object numbers, which may not be the printed order")
		if ref, ok := s.lostTree(); ok {
			err = &objError{ref, err}
		}
		out = append(out, rooted{table: t, root: t.add(catalog(tree)), note: err})
	}
	return out
}

// lostTree returns the page tree the catalog names, or the node the first
// page names as its parent.
func (s *scanned) lostTree() (objRef, bool) {
	if r := s.table.trailer["Root"]; r.kind == pRef {
		if p := s.objs[r.ref.id].key("Pages"); p.kind == pRef {
			return p.ref, true
		}
		return r.ref, true
	}
	ids := s.ids()
	sort.Slice(ids, func(a, b int) bool { return ids[a] < ids[b] })
	for _, id := range ids {
		if o := s.objs[id]; o.key("Type").name() == "Catalog" && o.key("Pages").kind == pRef {
			return o.key("Pages").ref, true
		}
	}
	for _, id := range ids {
		if o := s.objs[id]; o.key("Type").name() == "Page" && o.key("Parent").kind == pRef {
			return o.key("Parent").ref, true
		}
	}
	return objRef{}, false
}

func catalog(pages objRef) pobj {
	return pobj{kind: pDict, dict: map[string]pobj{
		"Type":  {kind: pName, s: "Catalog"},
		"Pages": {kind: pRef, ref: pages},
	}}
}

// rooted is a cross-reference table and the catalog to name as its root,
// with what the reader should know about the pages it leads to.
type rooted struct {
	table *xtable
	root  objRef
	note  error
}

func (s *scanned) ids() []uint32 {
	ids := make([]uint32, 0, len(s.objs))
	for id := range s.objs {
		ids = append(ids, id)
	}
	return ids
}

func (s *scanned) genOf(id uint32) uint16 { return s.table.get(id).gen }

func (t *xtable) clone() *xtable {
	return &xtable{ent: append([]xent(nil), t.ent...), trailer: t.trailer}
}

// add appends an object that this package writes after the file's last
// byte and returns its reference.
func (t *xtable) add(o pobj) objRef {
	if len(t.ent) == 0 {
		t.ent = append(t.ent, xent{})
	}
	t.ent = append(t.ent, xent{kind: 1, made: &made{obj: o}})
	return objRef{uint32(len(t.ent) - 1), 0}
}
