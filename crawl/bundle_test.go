package crawl

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"
)

type zipEntry struct {
	name    string
	data    string
	nonUTF8 bool
}

func makeZip(t *testing.T, entries ...zipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Deflate, NonUTF8: e.nonUTF8})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(e.data))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestIsBundle(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want bool
	}{
		{"plain zip", makeZip(t, zipEntry{name: "a.txt", data: "x"}), true},
		{"xlsx workbook", makeZip(t, zipEntry{name: "[Content_Types].xml"}, zipEntry{name: "xl/workbook.xml"}), false},
		{"docx document", makeZip(t, zipEntry{name: "word/document.xml"}), false},
		{"PDF", []byte("%PDF-1.7\n"), false},
	}
	for _, tt := range tests {
		if got := isBundle(tt.data); got != tt.want {
			t.Errorf("%s: isBundle = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestOpenBundle(t *testing.T) {
	data := makeZip(t,
		zipEntry{name: gbk(t, "乡镇/青溪镇预算.txt"), data: "a\tb\n", nonUTF8: true},
		zipEntry{name: "白石乡预算.txt", data: "c\td\n"},
		zipEntry{name: "乡镇/"},
		zipEntry{name: "__MACOSX/._青溪镇预算.txt", data: "junk"},
		zipEntry{name: ".DS_Store", data: "junk"},
		zipEntry{name: "big.txt", data: strings.Repeat("x", 50)},
	)
	members, err := openBundle(data, 10, 1<<20, 40)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range members {
		s := m.name + "=" + string(m.data)
		if m.err != nil {
			s = m.name + ": " + m.err.Error()
		}
		got = append(got, s)
	}
	want := []string{"乡镇/青溪镇预算.txt=a\tb\n", "白石乡预算.txt=c\td\n", "big.txt: larger than max_size: 50 bytes, the cap is 40"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("members %q, want %q", got, want)
	}
	if !errors.Is(members[2].err, ErrTooLarge) {
		t.Errorf("the big member's error %v does not wrap ErrTooLarge", members[2].err)
	}

	members, err = openBundle(data, 1, 1<<20, 40)
	if err == nil || len(members) != 1 || !strings.Contains(err.Error(), "more than 1 files") {
		t.Errorf("member limit: %d members, %v", len(members), err)
	}
	members, err = openBundle(data, 10, 6, 40)
	if err == nil || len(members) != 1 || !strings.Contains(err.Error(), "more than 6 bytes") {
		t.Errorf("size limit: %d members, %v", len(members), err)
	}
	if _, err := openBundle([]byte("PK\x03\x04 truncated"), 10, 100, 100); err == nil {
		t.Error("a broken zip opened")
	}
}
