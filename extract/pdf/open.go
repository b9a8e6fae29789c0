package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"

	lpdf "github.com/ledongthuc/pdf"

	"github.com/budgetx/budgetx/extract"
)

// open returns a reader for data, repairing what the library refuses but
// readers in the wild accept: a header that is padded or says %PDF-2.0,
// bytes after the last %%EOF, and a cross-reference table whose offsets are
// wrong or missing. A file that needs a user password gives an error
// wrapping extract.ErrEncrypted; permissions-only (owner password) files
// open with the empty user password, which the library tries first.
func open(data []byte) (*lpdf.Reader, error) {
	base := bytes.Index(data[:min(len(data), 1024)], []byte("%PDF-"))
	if base < 0 {
		return nil, fmt.Errorf("%w: no %%PDF- header", extract.ErrMalformed)
	}
	fixed := tidy(data[base:])
	var r *lpdf.Reader
	err := errors.New("no %%EOF: the file is truncated")
	// The library cannot read a file without %%EOF (and panics on some);
	// such a file goes straight to the rebuild.
	if bytes.HasSuffix(fixed, []byte("%%EOF")) && sizesFit(fixed) {
		if r, err = newReader(fixed); err == nil {
			return r, nil
		}
	}
	if errors.Is(err, extract.ErrEncrypted) {
		return nil, err
	}
	if moved, ok := repointStartxref(fixed); ok && sizesFit(moved) {
		if r, err := newReader(moved); err == nil {
			return r, nil
		}
	}
	rebuilt, rerr := rebuildXref(fixed)
	if rerr != nil {
		return nil, fmt.Errorf("%w: %v; rebuilding the cross-reference table: %v", extract.ErrMalformed, err, rerr)
	}
	r, err2 := newReader(rebuilt)
	if err2 != nil {
		if errors.Is(err2, extract.ErrEncrypted) {
			return nil, err2
		}
		return nil, fmt.Errorf("%w: %v; after rebuilding the cross-reference table: %v", extract.ErrMalformed, err, err2)
	}
	return r, nil
}

// newReader opens data with the library, turning its panics and password
// errors into this package's errors, and checks that the catalog's page
// tree can be found.
func newReader(data []byte) (r *lpdf.Reader, err error) {
	defer func() {
		if p := recover(); p != nil {
			r, err = nil, fmt.Errorf("%v", p)
		}
	}()
	r, err = lpdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		if errors.Is(err, lpdf.ErrInvalidPassword) {
			return nil, fmt.Errorf("%w: a user password is needed", extract.ErrEncrypted)
		}
		return nil, err
	}
	if r.Trailer().Key("Root").Key("Pages").Kind() != lpdf.Dict {
		return nil, errors.New("no page tree")
	}
	return r, nil
}

// tidy returns data with a header the library accepts and nothing after
// the last %%EOF. It copies only when it has to change something.
func tidy(data []byte) []byte {
	out := data
	if !goodHeader(data) {
		out = append([]byte(nil), data...)
		// The header line is a comment that nothing else refers to, so its
		// first nine bytes may be rewritten in place without moving offsets.
		copy(out, "%PDF-1.7\n")
	}
	if i := bytes.LastIndex(out, []byte("%%EOF")); i >= 0 {
		out = out[:i+len("%%EOF")]
	}
	return out
}

// maxObjects bounds the number of objects a file of n bytes can hold: an
// object takes more than a few bytes, and a table sized by a hostile
// number would exhaust memory.
func maxObjects(n int) int { return n/4 + 1024 }

var sizeRE = regexp.MustCompile(`/Size[ \t\r\n]+(\d{1,19})\b`)

// sizesFit reports whether every /Size a trailer or xref stream declares
// is one the file could hold; the library allocates by it unchecked.
func sizesFit(data []byte) bool {
	limit := maxObjects(len(data))
	for _, m := range sizeRE.FindAllSubmatch(data, -1) {
		if n, err := strconv.Atoi(string(m[1])); err != nil || n > limit {
			return false
		}
	}
	return true
}

func goodHeader(b []byte) bool {
	return len(b) > 9 && bytes.HasPrefix(b, []byte("%PDF-1.")) &&
		b[7] >= '0' && b[7] <= '7' && (b[8] == '\r' || b[8] == '\n')
}

var (
	objRE     = regexp.MustCompile(`(?m)(?:^|[\r\n\s])(\d{1,10})[ \t\r\n]+(\d{1,5})[ \t\r\n]+obj\b`)
	refRE     = `[ \t\r\n]*(\d+)[ \t\r\n]+(\d+)[ \t\r\n]+R`
	rootRE    = regexp.MustCompile(`/Root` + refRE)
	infoRE    = regexp.MustCompile(`/Info` + refRE)
	encryptRE = regexp.MustCompile(`/Encrypt` + refRE)
	idRE      = regexp.MustCompile(`/ID[ \t\r\n]*\[[^\]]*\]`)
	catalogRE = regexp.MustCompile(`/Type[ \t\r\n]*/Catalog\b`)
	bareRefRE = regexp.MustCompile(refRE)
)

// rebuildXref scans data for "N G obj" and appends a fresh cross-reference
// table and trailer, as readers do when a file's own table is damaged. The
// last definition of an object wins, as with incremental updates. Objects
// packed in object streams are not found this way; such files are rare
// among those that also break their tables.
func rebuildXref(data []byte) ([]byte, error) {
	objs := make(map[int]xrefEntry)
	maxID := 0
	rootID, rootGen := -1, 0
	for _, m := range objRE.FindAllSubmatchIndex(data, -1) {
		id, err1 := strconv.Atoi(string(data[m[2]:m[3]]))
		gen, err2 := strconv.Atoi(string(data[m[4]:m[5]]))
		if err1 != nil || err2 != nil || id <= 0 || id > maxObjects(len(data)) || gen > 65535 {
			continue
		}
		objs[id] = xrefEntry{int64(m[2]), gen}
		maxID = max(maxID, id)
		// Remember a catalog in case no trailer names the root.
		tail := data[m[1]:min(len(data), m[1]+256)]
		if catalogRE.Match(tail) {
			rootID, rootGen = id, gen
		}
	}
	if len(objs) == 0 {
		return nil, errors.New("no objects found")
	}
	// The trailer (or an xref stream's dictionary) names the root; take the
	// last one, which belongs to the newest update.
	trailerKeys := func(re *regexp.Regexp) string {
		all := re.FindAll(data, -1)
		if len(all) == 0 {
			return ""
		}
		return string(all[len(all)-1])
	}
	var tr bytes.Buffer
	fmt.Fprintf(&tr, "trailer\n<< /Size %d ", maxID+1)
	if root := trailerKeys(rootRE); root != "" && validRef(root, objs) {
		tr.WriteString(root + " ")
	} else if rootID > 0 {
		fmt.Fprintf(&tr, "/Root %d %d R ", rootID, rootGen)
	} else {
		return nil, errors.New("no document catalog found")
	}
	if s := trailerKeys(infoRE); s != "" {
		tr.WriteString(s + " ")
	}
	if s := trailerKeys(encryptRE); s != "" {
		tr.WriteString(s + " ")
	}
	if s := trailerKeys(idRE); s != "" {
		tr.WriteString(s + " ")
	}
	tr.WriteString(">>\n")

	out := make([]byte, 0, len(data)+20*(maxID+1)+tr.Len()+64)
	out = append(out, data...)
	out = append(out, '\n')
	start := len(out)
	out = fmt.Appendf(out, "xref\n0 %d\n", maxID+1)
	out = append(out, "0000000000 65535 f\r\n"...)
	for id := 1; id <= maxID; id++ {
		e, ok := objs[id]
		if !ok {
			out = append(out, "0000000000 65535 f\r\n"...)
			continue
		}
		out = fmt.Appendf(out, "%010d %05d n\r\n", e.off, e.gen)
	}
	out = append(out, tr.Bytes()...)
	out = fmt.Appendf(out, "startxref\n%d\n%%%%EOF\n", start)
	return out, nil
}

type xrefEntry struct {
	off int64
	gen int
}

// validRef reports whether a "/Key N G R" match names an object found in
// the scan.
func validRef(s string, objs map[int]xrefEntry) bool {
	m := bareRefRE.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	id, _ := strconv.Atoi(m[1])
	gen, _ := strconv.Atoi(m[2])
	e, ok := objs[id]
	return ok && e.gen == gen
}

var (
	xrefTableRE  = regexp.MustCompile(`(?m)^xref[ \t]*[\r\n]`)
	xrefStreamRE = regexp.MustCompile(`\d+[ \t\r\n]+\d+[ \t\r\n]+obj[ \t\r\n]*<<[^>]{0,200}/Type[ \t\r\n]*/XRef\b`)
)

// repointStartxref returns data with its startxref pointing at the last
// cross-reference section found in the file: the cure for a file whose
// sections are intact but whose startxref is off.
func repointStartxref(data []byte) ([]byte, bool) {
	at := -1
	if locs := xrefTableRE.FindAllIndex(data, -1); len(locs) > 0 {
		at = locs[len(locs)-1][0]
	}
	if locs := xrefStreamRE.FindAllIndex(data, -1); len(locs) > 0 && locs[len(locs)-1][0] > at {
		at = locs[len(locs)-1][0]
	}
	sx := bytes.LastIndex(data, []byte("startxref"))
	if at < 0 || sx < 0 {
		return nil, false
	}
	out := append([]byte(nil), data[:sx]...)
	out = fmt.Appendf(out, "startxref\n%d\n%%%%EOF\n", at)
	return out, true
}
