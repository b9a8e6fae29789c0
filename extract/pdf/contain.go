package pdf

import (
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"strings"

	lpdf "github.com/ledongthuc/pdf"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/model"
)

// A corrupt object spoils only what uses it. The library reports damage by
// panicking, wherever a value is first touched; this file holds the
// places that catch those panics, each as close to the damage as the
// damage's reach: a page tree node loses the pages under it, a page its
// own content, a content stream what comes after the break, a ToUnicode
// map the characters it would have given (the font's encoding stands in).
// Each catch names the object the library was reading. A runtime error is
// a bug, never damage: it goes on up, and where it is caught, it becomes an
// extract.Panic that keeps the stack.

// fontError is a font that cannot be read. It fails the page that uses
// it: without the font its text can neither be placed nor decoded.
type fontError struct {
	name string
	err  error
}

func (e *fontError) Error() string { return fmt.Sprintf("font %q cannot be read: %v", e.name, e.err) }

func (e *fontError) Unwrap() error { return e.err }

// failure turns what a page's reading panicked with into its error.
func (d *docState) failure(p any) error {
	switch e := p.(type) {
	case *fontError:
		return e
	case runtime.Error:
		return extract.NewPanic(e) // a bug: the error keeps where it began
	case error:
		if errors.Is(e, errTooComplex) {
			return e
		}
	}
	return d.src.blame(p)
}

// isDamage reports whether a panic out of the library's content-stream
// interpreter is damage to the stream itself (a token that cannot be
// read, compressed data that breaks), rather than a failure that belongs
// to the page or a bug.
func isDamage(p any) bool {
	switch e := p.(type) {
	case runtime.Error, *fontError:
		return false
	case error:
		return !errors.Is(e, errTooComplex)
	}
	return true
}

// contain, deferred around a content stream or an external object, ends
// it where it broke: what it drew before stays, and the damage is
// recorded for the page's findings, naming the stream when it is one, or
// else the object the library was reading.
func (w *walker) contain(content lpdf.Value) {
	p := recover()
	if p == nil {
		return
	}
	if !isDamage(p) {
		panic(p)
	}
	err := w.doc.src.blame(p)
	switch {
	case content.Kind() == lpdf.Stream:
		var oe *objError
		if errors.As(err, &oe) {
			err = oe.err
		}
		err = &objError{refOf(content), err}
	case content.Kind() == lpdf.Array && strings.Contains(err.Error(), "stream not present"):
		for i := 0; i < content.Len(); i++ {
			if content.Index(i).Kind() != lpdf.Stream {
				if e := lost(content, "", i); e != nil {
					err = e
				}
				break
			}
		}
	}
	w.damaged = append(w.damaged, &broken{err})
}

// broken is a content stream that stopped at damage.
type broken struct{ err error }

func (b *broken) Error() string { return b.err.Error() + "; the rest of that content is left out" }

func (b *broken) Unwrap() error { return b.err }

// pageAt is a page of the page tree: its dictionary, or the error of the
// tree node that could not be read in its place.
type pageAt struct {
	v   lpdf.Value
	err error
}

// pageList walks the page tree once, in order, refusing to visit a node
// twice so that a tree that loops ends. A node that cannot be read stands
// for as many pages as its parent's /Count leaves unaccounted for, but no
// more than its largest sibling holds (one, among pages, or if the count
// does not say), so that the pages after it keep their numbers and a
// damaged count makes no pages up.
func (s *source) pageList() []pageAt {
	const maxPages, maxDepth = 100000, 64
	seen := make(map[objRef]bool)
	total := 0
	var walk func(node lpdf.Value, depth int) []pageAt
	walk = func(node lpdf.Value, depth int) []pageAt {
		if depth > maxDepth || total >= maxPages || node.Kind() != lpdf.Dict {
			return nil
		}
		ref := refOf(node)
		if seen[ref] {
			return nil
		}
		seen[ref] = true
		kids := field(node, "Kids")
		if isPage(node, kids) {
			total++
			return []pageAt{{v: node}}
		}
		if kids.Kind() != lpdf.Array {
			// An inner node without kids: the pages under it are lost.
			panic(&objError{ref, errors.New("a page tree node without /Kids")})
		}
		var (
			out     []pageAt
			found   int
			biggest = 1   // pages under the largest kid
			gone    []int // indexes in out of the kids that cannot be read
			lostErr []error
		)
		for i := 0; i < kids.Len() && total < maxPages; i++ {
			var kid lpdf.Value
			err := s.try(func() { kid = kids.Index(i) })
			if err == nil && kid.Kind() != lpdf.Dict {
				// A kid lost to damage (a reference to nothing) is a page
				// missing, as much as one that cannot be read.
				if err = lost(kids, "", i); err == nil {
					err = &objError{ref, fmt.Errorf("kid %d of the page tree node is not a page", i+1)}
				}
			}
			if err == nil {
				var sub []pageAt
				err = s.try(func() { sub = walk(kid, depth+1) })
				found += len(sub)
				biggest = max(biggest, len(sub))
				out = append(out, sub...)
			}
			if err != nil {
				gone = append(gone, len(out))
				lostErr = append(lostErr, err)
				out = append(out, pageAt{err: err})
				total++
			}
		}
		// One lost kid holds the pages the count misses; with more, which
		// holds how many is unknown, so each stands for one.
		if len(gone) == 1 {
			var count int64
			s.try(func() { count = node.Key("Count").Int64() })
			if n := int(min(count-int64(found), int64(biggest))) - 1; n > 0 && total+n <= maxPages {
				fill := make([]pageAt, n)
				for k := range fill {
					fill[k].err = lostErr[0]
				}
				out = append(out[:gone[0]], append(fill, out[gone[0]:]...)...)
				total += n
			}
		}
		return out
	}
	var pages []pageAt
	s.try(func() { pages = walk(s.r.Trailer().Key("Root").Key("Pages"), 0) })
	return pages
}

// isPage reports whether a node of the page tree is a page: it says so,
// or it has no kids and holds what only a page holds. A node that is
// neither, such as an inner node cut short by damage, is no page.
func isPage(node, kids lpdf.Value) bool {
	switch {
	case field(node, "Type").Name() == "Page":
		return true
	case kids.Kind() == lpdf.Array:
		return false
	}
	return !field(node, "Contents").IsNull() || !field(node, "MediaBox").IsNull() || !field(node, "Resources").IsNull()
}

// try runs read, turning the library's panic into an error that names the
// object it was reading.
func (s *source) try(read func()) (err error) {
	defer func() {
		if p := recover(); p != nil {
			if _, bug := p.(runtime.Error); bug {
				panic(p)
			}
			err = s.blame(p)
		}
	}()
	read()
	return nil
}

// meta reads the document information dictionary.
func (s *source) meta() (m model.Meta, err error) {
	err = s.try(func() {
		info := s.r.Trailer().Key("Info")
		m = model.Meta{
			Title:    infoText(info.Key("Title")),
			Author:   infoText(info.Key("Author")),
			Creator:  infoText(info.Key("Creator")),
			Producer: infoText(info.Key("Producer")),
		}
	})
	return m, err
}

// missingXObject is the error of a content stream that draws an external
// object its resources do not hold: the reference to it may be lost to
// damage, or its name or the resources' key for it.
func missingXObject(res lpdf.Value, name string) error {
	if err := lostIn(res, "XObject", name); err != nil {
		return err
	}
	return &objError{refOf(res), fmt.Errorf("the resources hold no external object /%s to draw", name)}
}

// xobjectKind returns an external object's /Subtype; for a stream whose
// /Subtype is lost to damage, what its other keys say it is: a form has a
// /BBox, an image a /Width.
func xobjectKind(xo lpdf.Value) string {
	if k := field(xo, "Subtype").Name(); k != "" || xo.Kind() != lpdf.Stream {
		return k
	}
	switch {
	case xo.Key("BBox").Kind() == lpdf.Array:
		return "Form"
	case xo.Key("Width").Kind() == lpdf.Integer:
		return "Image"
	}
	return ""
}

// dataField is the index of lpdf.Value's unexported data field, and
// ptrType the type of its object reference (see ptrField).
var dataField, ptrType = func() (int, reflect.Type) {
	t := reflect.TypeOf(lpdf.Value{})
	d, ok1 := t.FieldByName("data")
	p, ok2 := t.FieldByName("ptr")
	if !ok1 || !ok2 || d.Type.Kind() != reflect.Interface {
		return -1, nil
	}
	return d.Index[0], p.Type
}()

// rawRef returns the reference that dictionary (or stream) v holds under
// key, or that array v holds at index i when key is "", as the file
// writes it. The library resolves a reference to an object the file does
// not have to null and forgets which object it was; damage that removed
// the object is only told from an entry that was never there by this.
func rawRef(v lpdf.Value, key string, i int) (objRef, bool) {
	if dataField < 0 {
		return objRef{}, false
	}
	d := reflect.ValueOf(&v).Elem().Field(dataField)
	if d.IsNil() {
		return objRef{}, false
	}
	d = d.Elem()
	if d.Kind() == reflect.Struct { // a stream: its dictionary
		if d = d.FieldByName("hdr"); !d.IsValid() {
			return objRef{}, false
		}
	}
	var x reflect.Value
	switch {
	case key != "" && d.Kind() == reflect.Map && reflect.TypeOf(key).ConvertibleTo(d.Type().Key()):
		x = d.MapIndex(reflect.ValueOf(key).Convert(d.Type().Key()))
	case key == "" && d.Kind() == reflect.Slice && i >= 0 && i < d.Len():
		x = d.Index(i)
	}
	if !x.IsValid() || x.Kind() != reflect.Interface || x.IsNil() {
		return objRef{}, false
	}
	if x = x.Elem(); x.Type() != ptrType || x.NumField() != 2 {
		return objRef{}, false
	}
	return objRef{uint32(x.Field(0).Uint()), uint16(x.Field(1).Uint())}, true
}

// lost returns an error naming the object that v refers to under key (or
// at index i) when that object is not in the file, or nil. Call it when
// the entry reads as null.
func lost(v lpdf.Value, key string, i int) error {
	if ref, ok := rawRef(v, key, i); ok {
		return &objError{ref, errors.New("the object is missing from the file")}
	}
	return nil
}

// lostIn walks keys down from v and returns the error of the first entry
// that refers to an object not in the file, or nil.
func lostIn(v lpdf.Value, keys ...string) error {
	for _, k := range keys {
		next := v.Key(k)
		if next.IsNull() {
			return lost(v, k, 0)
		}
		v = next
	}
	return nil
}

// field returns v's entry under key k or, when v has none, its entry under
// the one key that damage made of k: k with one byte changed or one byte
// added. A flipped byte in a key such as /Contents or /Kids would
// otherwise lose all that hangs from it. k is a key the format defines, of
// four bytes or more, which no other such key is one byte away from.
func field(v lpdf.Value, k string) lpdf.Value {
	return near(v, k, len(k) >= 4)
}

// resource returns the entry of a resource dictionary (fonts, external
// objects) under a name a content stream uses, or under the one name that
// damage made of it; since producers name resources /F1, /F2, …, the byte
// that differs must be one that no name is made of (a letter, a digit, or
// one of _.+-), so that /F1 is not read for a missing /F2.
func resource(v lpdf.Value, name string) lpdf.Value {
	return near(v, name, false)
}

func near(v lpdf.Value, k string, anyByte bool) lpdf.Value {
	x := v.Key(k)
	if !x.IsNull() || v.Kind() != lpdf.Dict && v.Kind() != lpdf.Stream {
		return x
	}
	found, n := "", 0
	for _, key := range v.Keys() {
		if damagedFrom(key, k, anyByte) {
			found, n = key, n+1
		}
	}
	if n != 1 {
		return x
	}
	return v.Key(found)
}

// damagedFrom reports whether got is want with one byte changed or added,
// which must be a byte no name is made of unless anyByte.
func damagedFrom(got, want string, anyByte bool) bool {
	nameByte := nameByte
	if anyByte {
		nameByte = func(byte) bool { return false }
	}
	switch len(got) - len(want) {
	case 0:
		diff := -1
		for i := 0; i < len(got); i++ {
			if got[i] != want[i] {
				if diff >= 0 {
					return false
				}
				diff = i
			}
		}
		return diff >= 0 && !nameByte(got[diff])
	case 1:
		for i := 0; i < len(want); i++ {
			if got[i] != want[i] {
				return !nameByte(got[i]) && got[i+1:] == want[i:]
			}
		}
		return !nameByte(got[len(want)])
	}
	return false
}

func nameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '+' || c == '-'
}
