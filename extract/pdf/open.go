package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sort"
	"strings"
	"unicode"

	lpdf "github.com/ledongthuc/pdf"

	"github.com/budgetx/budgetx/extract"
)

// source is an open PDF: the library's reader over the file's bytes
// followed by the cross-reference stream this package wrote for them.
type source struct {
	r       *lpdf.Reader
	f       *file
	t       *xtable
	root    objRef
	pages   []pageAt
	starts  []objStart // objects by where they start, to name the one a failure is in
	rebuilt error      // why the file's own cross-reference sections were not used
	note    error      // what the rebuild could not restore of the page tree
	// Objects the library failed to read, and those already given a
	// second reading (see repair).
	blamed, tried map[objRef]bool
	// Objects given clean copies (see repair), and why.
	repairs map[objRef]error
}

type objStart struct {
	off int64
	ref objRef
}

// open returns a reader for data. The library never reads the file's own
// cross-reference sections: this package reads them, with limits, and
// checks every entry against the bytes. When they are missing, wrong or
// point into the wrong place (a chunk cut out of the middle shifts every
// later offset), it scans the file for objects instead, including those
// packed in object streams, and finds the catalog, or failing that the
// page tree or the pages, by their /Type. It also accepts what the
// library refuses but readers in the wild accept: a header that is padded
// or says %PDF-2.0, and bytes after %%EOF. A file that needs a user
// password gives an error wrapping extract.ErrEncrypted;
// permissions-only (owner password) files open with the empty user
// password, which the library tries first.
func open(data []byte) (*source, error) {
	base := bytes.Index(data[:min(len(data), 1024)], []byte("%PDF-"))
	if base < 0 {
		return nil, fmt.Errorf("%w: no %%PDF- header", extract.ErrMalformed)
	}
	data = data[base:]
	if !goodHeader(data) {
		// The header line is a comment that nothing else refers to, so its
		// first nine bytes may be rewritten without moving an offset.
		data = append([]byte(nil), data...)
		copy(data, "%PDF-1.7\n")
	}
	if len(data) >= 1<<32-1<<24 {
		return nil, fmt.Errorf("%w: a file of 4 GB or more", extract.ErrMalformed)
	}
	t, err := readXref(data)
	if err == nil {
		err = t.check(data)
	}
	if err == nil && objectsAfterStartxref(data) {
		// An update whose own cross-reference section was lost: the
		// table that is there knows nothing of its objects.
		err = errors.New("objects after the last cross-reference section")
	}
	if err == nil {
		src, oerr := openRepaired(data, t, t.trailer["Root"].ref)
		if oerr == nil || errors.Is(oerr, extract.ErrEncrypted) {
			return src, oerr
		}
		err = oerr
	}
	if bytes.LastIndex(data, []byte("%%EOF")) < 0 {
		err = errors.New("no %%EOF: the file is truncated")
	}
	s := scan(data)
	if t != nil {
		s.adopt(data, t)
	}
	if len(s.objs) == 0 {
		return nil, fmt.Errorf("%w: %v; rebuilding the cross-reference table: no objects found", extract.ErrMalformed, err)
	}
	rerr := errors.New("no document catalog or page found")
	for _, c := range s.roots() {
		src, oerr := openRepaired(data, c.table, c.root)
		if oerr == nil {
			src.rebuilt, src.note = err, c.note
			return src, nil
		}
		if errors.Is(oerr, extract.ErrEncrypted) {
			return nil, oerr
		}
		rerr = oerr
	}
	return nil, fmt.Errorf("%w: %v; rebuilding the cross-reference table: %v", extract.ErrMalformed, err, rerr)
}

// openRepaired opens data with the table t, giving objects of the page
// tree that the library cannot read a second reading (see repair).
func openRepaired(data []byte, t *xtable, root objRef) (*source, error) {
	src, err := newSource(data, t, root)
	for range maxRounds {
		if src == nil || err == nil {
			break
		}
		next := src.repair()
		if next == nil {
			break
		}
		src, err = next, next.check()
	}
	if err != nil {
		return nil, err
	}
	return src, nil
}

// newSource opens data with the table t written after it, turning the
// library's panics and password errors into this package's errors. It
// returns the source also when its page tree cannot be read (see check).
func newSource(data []byte, t *xtable, root objRef) (src *source, err error) {
	f := &file{data: data}
	f.tail = t.tail(len(data), root)
	defer func() {
		if p := recover(); p != nil {
			if _, bug := p.(runtime.Error); bug {
				panic(p)
			}
			src, err = nil, fmt.Errorf("%v", p)
		}
	}()
	r, err := lpdf.NewReader(f, f.size())
	if err != nil {
		if errors.Is(err, lpdf.ErrInvalidPassword) {
			return nil, fmt.Errorf("%w: a user password is needed", extract.ErrEncrypted)
		}
		return nil, err
	}
	src = &source{r: r, f: f, t: t, root: root, blamed: make(map[objRef]bool), tried: make(map[objRef]bool),
		repairs: make(map[objRef]error)}
	for id, e := range t.ent {
		if e.kind != 1 {
			continue
		}
		ref := objRef{uint32(id), e.gen}
		src.starts = append(src.starts, objStart{e.off, ref})
		if e.made != nil && e.made.repair != nil {
			src.repairs[ref] = e.made.repair
			f.repaired = append(f.repaired, objStart{e.off, ref})
		}
	}
	sort.Slice(f.repaired, func(a, b int) bool { return f.repaired[a].off < f.repaired[b].off })
	if len(f.repaired) > 0 {
		f.used = make(map[objRef]bool)
	}
	sort.Slice(src.starts, func(a, b int) bool { return src.starts[a].off < src.starts[b].off })
	return src, src.check()
}

// check reads the page tree and reports whether at least one page of it
// can be read.
func (s *source) check() error {
	s.pages = s.pageList()
	for _, p := range s.pages {
		if p.err == nil {
			return nil
		}
	}
	if len(s.pages) > 0 {
		return fmt.Errorf("no page can be read: %w", s.pages[0].err)
	}
	return errors.New("no page tree")
}

// objectsAfterStartxref reports whether an object follows the file's last
// startxref: a header, an object, and endobj or a stream after it.
// Garbage after %%EOF that happens to hold a header is no object.
func objectsAfterStartxref(data []byte) bool {
	at := bytes.LastIndex(data, []byte("startxref"))
	for i := at; i >= 0; {
		j := bytes.Index(data[i:], []byte("obj"))
		if j < 0 {
			return false
		}
		if _, _, ok := headerBefore(data, i+j); ok {
			p := newParser(data, i+j+3)
			_, err := p.object()
			if t, ok := p.next(); err == nil && ok && t.kind == tokKeyword && (t.text == "endobj" || t.text == "stream") {
				return true
			}
		}
		i += j + 3
	}
	return false
}

func goodHeader(b []byte) bool {
	return len(b) > 9 && bytes.HasPrefix(b, []byte("%PDF-1.")) &&
		b[7] >= '0' && b[7] <= '7' && (b[8] == '\r' || b[8] == '\n')
}

// maxObjects bounds the number of objects a file of n bytes can hold: an
// object takes more than a few bytes, and a table sized by a hostile
// number would exhaust memory.
func maxObjects(n int) int { return n/4 + 1024 }

// file is what the library reads: the file's bytes, then the tail this
// package wrote. It remembers where the library last read, which is in
// the object the library was reading when it failed.
type file struct {
	data, tail []byte
	last       int64
	repaired   []objStart      // clean copies of damaged objects in the tail, by offset
	used       map[objRef]bool // the copies read since the map was made
}

func (f *file) size() int64 { return int64(len(f.data) + len(f.tail)) }

func (f *file) ReadAt(p []byte, off int64) (int, error) {
	f.last = off
	if f.used != nil && off >= int64(len(f.data)) && len(f.repaired) > 0 {
		i := sort.Search(len(f.repaired), func(i int) bool { return f.repaired[i].off > off })
		if i > 0 {
			f.used[f.repaired[i-1].ref] = true
		}
	}
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	n := 0
	if off < int64(len(f.data)) {
		n = copy(p, f.data[off:])
	}
	if n < len(p) {
		if t := off + int64(n) - int64(len(f.data)); t < int64(len(f.tail)) {
			n += copy(p[n:], f.tail[t:])
		}
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// blame turns what the library panicked with into an error that names
// the object it was reading: the one that starts last at or before its
// last read.
func (s *source) blame(p any) error {
	err, ok := p.(error)
	if !ok || !isOwn(err) {
		err = errors.New(shorten(fmt.Sprint(p)))
	}
	ref, ok := s.objectAt(s.f.last)
	if !ok {
		return err
	}
	s.blamed[ref] = true
	return &objError{ref, err}
}

// isOwn reports whether err is one of this package's, whose message is
// fit to show as it is.
func isOwn(err error) bool {
	return errors.Is(err, errTooComplex) || errors.Is(err, errTooLarge)
}

// shorten makes the library's message fit for a finding: it may quote
// kilobytes of the damaged bytes.
func shorten(msg string) string {
	const max = 120
	var b strings.Builder
	n := 0
	space := false
	for _, r := range strings.ToValidUTF8(msg, "\uFFFD") {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		if n++; n > max {
			b.WriteString("…")
			break
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (s *source) objectAt(off int64) (objRef, bool) {
	i := sort.Search(len(s.starts), func(i int) bool { return s.starts[i].off > off })
	if i == 0 {
		return objRef{}, false
	}
	return s.starts[i-1].ref, true
}

// objError is an error in reading one object.
type objError struct {
	ref objRef
	err error
}

func (e *objError) Error() string {
	return fmt.Sprintf("object %d %d: %v", e.ref.id, e.ref.gen, e.err)
}

func (e *objError) Unwrap() error { return e.err }
