package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// xrefStream returns a file whose cross-reference stream, Flate with a
// PNG Up predictor as producers write them, holds rows of [type, a, b]
// with widths 1, 2, 1, under the given extra dictionary entries.
func xrefStream(rows [][3]int, extra string) []byte {
	var raw, prev []byte
	prev = make([]byte, 4)
	for _, r := range rows {
		cur := []byte{byte(r[0]), byte(r[1] >> 8), byte(r[1]), byte(r[2])}
		raw = append(raw, 2)
		for i := range cur {
			raw = append(raw, cur[i]-prev[i])
		}
		prev = cur
	}
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(raw)
	w.Close()
	head := "%PDF-1.5\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
	at := len(head)
	return fmt.Appendf([]byte(head), "9 0 obj\n<< /Type /XRef /Size %d /W [1 2 1] /Root 1 0 R /Filter /FlateDecode "+
		"/DecodeParms << /Predictor 12 /Columns 4 >> %s /Length %d >>\nstream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n",
		len(rows), extra, z.Len(), z.Bytes(), at)
}

func TestXrefStream(t *testing.T) {
	data := xrefStream([][3]int{{0, 0, 255}, {1, 9, 0}, {2, 7, 3}}, "")
	x, err := readXref(data)
	if err != nil {
		t.Fatal(err)
	}
	if e := x.get(1); e.kind != 1 || e.off != 9 {
		t.Errorf("object 1: %+v", e)
	}
	if e := x.get(2); e.kind != 2 || e.stream != 7 || e.index != 3 {
		t.Errorf("object 2: %+v", e)
	}
	if x.trailer["Root"].ref != (objRef{1, 0}) {
		t.Errorf("root: %+v", x.trailer["Root"])
	}
	// Written back as the tail the library reads, the table reads the same.
	tail := x.tail(len(data), objRef{1, 0})
	y, err := readXref(append(append([]byte(nil), data...), tail...))
	if err != nil {
		t.Fatal(err)
	}
	for id := range 3 {
		if a, b := x.get(uint32(id)), y.get(uint32(id)); a.kind != b.kind || a.off != b.off || a.stream != b.stream || a.index != b.index {
			t.Errorf("object %d: %+v, written back %+v", id, a, b)
		}
	}
}

// TestXrefLimits: counts and offsets a damaged or hostile file states are
// held to what the file can hold before anything is allocated by them.
func TestXrefLimits(t *testing.T) {
	table := func(body, trailer string) []byte {
		head := "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
		return fmt.Appendf([]byte(head), "xref\n%strailer\n<< /Size 2 /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n", body, trailer, len(head))
	}
	for _, tc := range []struct {
		name string
		data []byte
		msg  string
	}{
		{"a subsection of billions", table("4000000000 1\n0000000009 00000 n\r\n", ""), "more than the file can hold"},
		{"an entry that is not one", table("0 2\n0000000000 65535 f\r\n00000x0009 00000 n\r\n", ""), "entry that cannot be read"},
		{"a /Prev that loops", table("0 1\n0000000000 65535 f\r\n", "/Prev 44"), "loop"},
		{"a /Prev outside the file", table("0 1\n0000000000 65535 f\r\n", "/Prev 999999"), "outside the file"},
		{"an /Index of billions", xrefStream([][3]int{{1, 9, 0}}, "/Index [4000000000 1]"), "beyond what the file can hold"},
		{"a field too wide", bytes.Replace(xrefStream([][3]int{{1, 9, 0}}, ""), []byte("/W [1 2 1]"), []byte("/W [1 9 1]"), 1), "width"},
		{"a predictor row of a gigabyte", bytes.Replace(xrefStream([][3]int{{1, 9, 0}}, ""), []byte("/Columns 4"), []byte("/Columns 999999999"), 1), "out of range"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readXref(tc.data)
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("got %v, want an error saying %q", err, tc.msg)
			}
		})
	}
}

// TestXrefCheck: a table that points into the wrong place is refused,
// and so is one whose startxref is followed by objects it does not know.
func TestXrefCheck(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(fixtures, "broken-xref.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	// The fixture's startxref points nowhere; find its table by hand.
	x := newXtable()
	at := bytes.LastIndex(data, []byte("\nxref")) + 1
	if _, err := x.section(data, int64(at), maxObjects(len(data))); err != nil {
		t.Fatal(err)
	}
	x.trailer["Root"] = pobj{kind: pRef, ref: objRef{5, 0}}
	if err := x.check(data); err == nil || !strings.Contains(err.Error(), "is not at offset") {
		t.Errorf("a table with every offset shifted: got %v", err)
	}
	// Producers write the head of the free list with generation 65536;
	// the table is sound for all that.
	head := "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
	ok := fmt.Appendf([]byte(head), "xref\n0 2\n0000000000 65536 f\r\n0000000009 00000 n\r\ntrailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(head))
	if x, err := readXref(ok); err != nil || x.check(ok) != nil {
		t.Errorf("a free list head of generation 65536: %v", err)
	}
	stale, err := os.ReadFile(filepath.Join(fixtures, "stale-xref.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if !objectsAfterStartxref(stale) {
		t.Error("stale-xref.pdf: the update after startxref was not seen")
	}
	for _, name := range []string{"padded-header.pdf", "trailing-garbage.pdf"} {
		if data, _ := os.ReadFile(filepath.Join(fixtures, name)); objectsAfterStartxref(data) {
			t.Errorf("%s: objects seen after startxref", name)
		}
	}
}

// TestFieldNearMiss: a key that damage changed by one byte is read for the
// key it was; a resource name only when the byte is not a name's.
func TestFieldNearMiss(t *testing.T) {
	for _, tc := range []struct {
		got, want string
		anyByte   bool
		ok        bool
	}{
		{"Content\x84", "Contents", true, true},  // changed
		{"XObjhct", "XObject", true, true},       // a letter: fine for a key of the format
		{"Kids\x05", "Kids", true, true},         // a byte added
		{"Kds", "Kids", true, false},             // a byte lost is not told from another key
		{"F2", "F1", false, false},               // producers' names differ by a digit
		{"F\x81", "F1", false, true},             // damage does not write digits, mostly
		{"Xp35", "Xf35", false, false},           // a letter could be a name of its own
		{"Resources", "Resources", false, false}, // not damage: the key is there
	} {
		if got := damagedFrom(tc.got, tc.want, tc.anyByte); got != tc.ok {
			t.Errorf("damagedFrom(%q, %q, %v) = %v", tc.got, tc.want, tc.anyByte, got)
		}
	}
}
