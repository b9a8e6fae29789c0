package archive

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/budgetx/budgetx/extract"
)

type zipEntry struct {
	name    string
	data    string
	nonUTF8 bool
	store   bool
}

func makeZip(t testing.TB, entries ...zipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		method := zip.Deflate
		if e.store {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: method, NonUTF8: e.nonUTF8})
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

func gbk(t testing.TB, s string) string {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// listing is a compact view of Open's outcome: path=data or path: error.
func listing(ms []Member) string {
	var out []string
	for _, m := range ms {
		if m.Err != nil {
			out = append(out, m.Path+": "+m.Err.Error())
		} else {
			out = append(out, m.Path+"="+string(m.Data))
		}
	}
	return strings.Join(out, "|")
}

func TestOpenZip(t *testing.T) {
	inner := makeZip(t, zipEntry{name: gbk(t, "表/附件3.txt"), data: "c", nonUTF8: true})
	deepest := makeZip(t, zipEntry{name: "x.txt", data: "x"})
	middle := makeZip(t, zipEntry{name: "deep.zip", data: string(deepest), store: true})
	data := makeZip(t,
		zipEntry{name: gbk(t, "乡镇/附件1.txt"), data: "a", nonUTF8: true},
		zipEntry{name: "附件2.txt", data: "b"}, // UTF-8, flagged by the writer
		zipEntry{name: "乡镇/"},
		zipEntry{name: "__MACOSX/._附件2.txt", data: "junk"},
		zipEntry{name: ".DS_Store", data: "junk"},
		zipEntry{name: "inner.zip", data: string(inner)},
		zipEntry{name: "middle.zip", data: string(middle)},
	)
	ms, err := Open(context.Background(), data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	got := listing(ms)
	want := "乡镇/附件1.txt=a|附件2.txt=b|inner.zip!/表/附件3.txt=c|" +
		"middle.zip!/deep.zip: unsupported format: archive nested too deep: a zip archive inside 2 levels of archives"
	if got != want {
		t.Errorf("members\n%s\nwant\n%s", got, want)
	}
	if !errors.Is(ms[3].Err, ErrDepth) {
		t.Errorf("%v does not wrap ErrDepth", ms[3].Err)
	}
}

func TestOpenLimits(t *testing.T) {
	zeros := strings.Repeat("\x00", 8<<20)
	bomb := makeZip(t, zipEntry{name: "a.txt", data: "a"}, zipEntry{name: "bomb.txt", data: zeros}, zipEntry{name: "c.txt", data: "c"})
	tests := []struct {
		name string
		data []byte
		lim  Limits
		want string // listing
		err  string // the archive's error
	}{
		{"a bomb stops at its ratio", bomb, Limits{}, "a.txt=a", "inflates to more than 200 times its size at bomb.txt (a zip bomb?)"},
		{"a member over its cap", bomb, Limits{Member: 1 << 20, Ratio: 1 << 20}, "a.txt=a|bomb.txt: malformed file: archive past its limits: declares 8388608 bytes, over the 1048576 bytes a member may have|c.txt=c", ""},
		{"the total", bomb, Limits{Total: 4 << 20, Ratio: 1 << 20}, "a.txt=a", "inflates to more than 4194304 bytes at bomb.txt"},
		{"members", makeZip(t, zipEntry{name: "1", data: "1"}, zipEntry{name: "2", data: "2"}, zipEntry{name: "3", data: "3"}), Limits{Members: 2}, "1=1|2=2", "more than 2 files"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := Open(context.Background(), tt.data, tt.lim)
			if got := listing(ms); got != tt.want {
				t.Errorf("members\n%s\nwant\n%s", got, tt.want)
			}
			switch {
			case tt.err == "" && err != nil:
				t.Errorf("error %v, want none", err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Errorf("error %v, want one saying %q", err, tt.err)
			case err != nil && !errors.Is(err, ErrLimit):
				t.Errorf("%v does not wrap ErrLimit", err)
			}
		})
	}
}

func TestOpenDamaged(t *testing.T) {
	data := makeZip(t, zipEntry{name: "a.txt", data: strings.Repeat("budget ", 1000)}, zipEntry{name: "b.txt", data: "b"})
	for _, n := range []int{len(data) - 10, len(data) / 2, 30} {
		ms, err := Open(context.Background(), data[:n], Limits{})
		if err == nil || !errors.Is(err, extract.ErrMalformed) {
			t.Errorf("cut at %d: members %q, error %v; want a malformed archive", n, listing(ms), err)
		}
	}
	if _, err := Open(context.Background(), []byte("%PDF-1.7"), Limits{}); !errors.Is(err, extract.ErrUnsupported) {
		t.Errorf("a PDF: %v, want unsupported", err)
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want Kind
		ok   bool
	}{
		{"plain zip", makeZip(t, zipEntry{name: "a.txt", data: "x"}), Zip, true},
		{"xlsx workbook", makeZip(t, zipEntry{name: "[Content_Types].xml"}, zipEntry{name: "xl/workbook.xml"}), Zip, false},
		{"docx document", makeZip(t, zipEntry{name: "word/document.xml"}), Zip, false},
		{"RAR 5", []byte("Rar!\x1A\x07\x01\x00"), RAR, true},
		{"7z", []byte("7z\xBC\xAF\x27\x1C\x00\x04"), SevenZip, true},
		{"PDF", []byte("%PDF-1.7\n"), "", false},
	}
	for _, tt := range tests {
		if got, ok := Detect(tt.data); got != tt.want || ok != tt.ok {
			t.Errorf("%s: Detect = %q, %v; want %q, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

func TestMemberName(t *testing.T) {
	tests := []struct {
		raw  string
		utf8 bool
		want string
	}{
		{"附件1.docx", true, "附件1.docx"},
		{"\xb8\xbd\xbc\xfe1.docx", false, "附件1.docx"}, // GBK, no flag
		{"附件1.docx", false, "附件1.docx"},               // UTF-8 without the flag
		{`dir\附件.pdf`, false, "dir/附件.pdf"},
		{"/./a.txt", true, "a.txt"},
	}
	for _, tt := range tests {
		if got := memberName(tt.raw, tt.utf8); got != tt.want {
			t.Errorf("memberName(%q, %v) = %q, want %q", tt.raw, tt.utf8, got, tt.want)
		}
	}
}

// TestOpenFixtures opens the same two files packed by three archivers: a
// zip with GBK names and no UTF-8 flag, a RAR 5 and a 7z archive.
func TestOpenFixtures(t *testing.T) {
	var want string
	for _, name := range []string{"bundle.zip", "bundle.rar", "bundle.7z"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "archive", name))
		if err != nil {
			t.Fatal(err)
		}
		ms, err := Open(context.Background(), data, Limits{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var got []string
		for _, m := range ms {
			if m.Err != nil {
				t.Fatalf("%s: %s: %v", name, m.Path, m.Err)
			}
			sum := sha256.Sum256(m.Data)
			got = append(got, fmt.Sprintf("%s %x", m.Path, sum[:6]))
		}
		if want == "" {
			want = strings.Join(got, "\n")
			if !strings.Contains(want, "青溪县人社局2024年部门预算/附件1 项目支出绩效目标表.docx") {
				t.Errorf("%s: names not decoded:\n%s", name, want)
			}
			continue
		}
		if g := strings.Join(got, "\n"); g != want {
			t.Errorf("%s holds\n%s\nwant\n%s", name, g, want)
		}
	}
}

func FuzzOpen(f *testing.F) {
	for _, name := range []string{"bundle.zip", "bundle.rar", "bundle.7z"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "archive", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(makeZip(f, zipEntry{name: "a.zip", data: string(makeZip(f, zipEntry{name: "b.txt", data: "b"}))}))
	f.Fuzz(func(t *testing.T, data []byte) {
		ms, err := Open(context.Background(), data, Limits{Total: 64 << 20})
		var pe *extract.Panic
		if errors.As(err, &pe) {
			t.Fatalf("a decoder panicked: %v\n%s", pe.Value, pe.Stack)
		}
		var total int
		for _, m := range ms {
			total += len(m.Data)
			if m.Err != nil && m.Data != nil {
				t.Errorf("%s: data and an error", m.Path)
			}
			if errors.As(m.Err, &pe) {
				t.Fatalf("a decoder panicked: %v\n%s", pe.Value, pe.Stack)
			}
		}
		if total > 64<<20 {
			t.Errorf("%d bytes inflated, over the limit", total)
		}
	})
}
