package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/fixtures/damage"
)

// The repaired paths are fuzzed apart, each seeded with the fixtures and
// their damaged copies: go test -fuzz FuzzOpen (cross-reference reading
// and rebuilding), FuzzObject (the forgiving object parser, and the
// library's strict one on the same bytes), FuzzContent (content-stream
// lexing and walking).

// damagedSeeds returns the fixtures and their damaged copies.
func damagedSeeds(tb testing.TB) [][]byte {
	var out [][]byte
	for name, data := range readFixtures(tb) {
		out = append(out, data)
		for _, kind := range damage.Kinds {
			out = append(out, damage.Apply(kind, name, data))
		}
	}
	return out
}

func FuzzOpen(f *testing.F) {
	for _, data := range damagedSeeds(f) {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		src, err := open(data)
		if err != nil {
			if !errors.Is(err, extract.ErrMalformed) && !errors.Is(err, extract.ErrEncrypted) {
				t.Fatalf("error of no known kind: %v", err)
			}
			return
		}
		for _, p := range src.pages {
			if p.err != nil {
				checkMessage(t, p.err)
				continue
			}
			err := src.try(func() { pageBox(p.v); inherited(p.v, "Resources").Keys() })
			checkMessage(t, err)
		}
		if _, err := src.meta(); err != nil {
			checkMessage(t, err)
		}
		if next := src.repair(); next != nil && len(next.pages) == 0 {
			t.Fatal("a repair lost the page tree")
		}
	})
}

// checkMessage fails on an error that is a bug, not damage.
func checkMessage(t *testing.T, err error) {
	t.Helper()
	if err != nil && strings.Contains(err.Error(), "runtime error") {
		t.Fatal(err)
	}
}

// onePage writes a one-page file with a correct table: catalog, page
// tree, resources (object 3, also the trailer's /Info), page, content
// (object 5), then the extra objects from 6 on.
func onePage(resources, content []byte, extra ...string) []byte {
	return onePageFiltered(resources, "", content, extra...)
}

// onePageFiltered is onePage with the content stream under filter.
func onePageFiltered(resources []byte, filter string, content []byte, extra ...string) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
		string(resources),
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources 3 0 R /Contents 5 0 R >>",
		fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", filter, len(content), content),
	}
	objs = append(objs, extra...)
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f\r\n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n\r\n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Info 3 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

func FuzzObject(f *testing.F) {
	f.Add([]byte("<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"))
	f.Add([]byte("<< /Font << /F1 6 0 R >> /XObject << /X1 << /Subtype /Form /BBox [0 0 1 1] >> >> /Title (a\\(b) >>"))
	f.Add([]byte("[1 2.5 -3 /N#20ame <41 42> (s) true false null 1 0 R [[[]]] << >>]"))
	for _, data := range damagedSeeds(f) {
		// The fixtures' dictionaries, damaged as the files are.
		for _, m := range bytes.Split(data, []byte("endobj")) {
			if i := bytes.Index(m, []byte("<<")); i >= 0 && len(m)-i < 4096 {
				f.Add(m[i:])
			}
		}
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		o, err := newParser(body, 0).object()
		if err == nil {
			var b bytes.Buffer
			writeObj(&b, o)
			if _, err := newParser(b.Bytes(), 0).object(); err != nil {
				t.Fatalf("%q written as %q does not read back: %v", body, b.Bytes(), err)
			}
		}
		inspect(body, 0, true, nil)
		file := onePage(body, []byte("BT /F1 12 Tf 72 700 Td (Text) Tj ET /X1 Do"), formXObject)
		doc, err := New().Extract(context.Background(), extract.File{Name: "fuzz.pdf", Data: file})
		checkClean(t, "fuzz.pdf", doc, err)
	})
}

// formXObject is a form for content to draw as /X1, object 6.
var formXObject = func() string {
	form := "0 0 m 10 0 l S BT /F1 9 Tf (in form) Tj ET"
	return fmt.Sprintf("<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] /Length %d >>\nstream\n%s\nendstream", len(form), form)
}()

func FuzzContent(f *testing.F) {
	f.Add([]byte("BT /F1 12 Tf 72 700 Td (Text) Tj ET /X1 Do"))
	for _, data := range damagedSeeds(f) {
		// The fixtures' uncompressed content streams, damaged as the
		// files are.
		for _, m := range bytes.Split(data, []byte("endstream")) {
			if i := bytes.Index(m, []byte("stream\n")); i >= 0 && bytes.Contains(m, []byte(" Tj")) {
				f.Add(m[i+len("stream\n"):])
			}
		}
	}
	f.Fuzz(func(t *testing.T, content []byte) {
		res := []byte("<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >> >> /XObject << /X1 6 0 R >> >>")
		doc, err := New().Extract(context.Background(), extract.File{Name: "fuzz.pdf", Data: onePage(res, content, formXObject)})
		checkClean(t, "fuzz.pdf", doc, err)
	})
}
