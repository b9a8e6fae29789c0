package pdf

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// TestParserLimits: garbage never makes the repair layer's parser loop or
// allocate without bound; each limit gives its own error.
func TestParserLimits(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     error
		msg      string
	}{
		{"deep nesting", strings.Repeat("[", 10000), errNesting, "nested more than 32"},
		{"deep dictionaries", strings.Repeat("<</A ", 40), errNesting, "nested more than 32"},
		{"unterminated dictionary", "<< /Type /Page /Kids [1 0 R", errEnd, "cut off inside an array"},
		{"dictionary into the next object", "<< /Type /Page\nendobj", errEnd, "without its >>"},
		{"stray tokens", "<< " + strings.Repeat("1 ", maxSkipped+1) + ">>", errGarbage, "stray tokens"},
		{"unterminated string", "<< /T (abc", errEnd, "cut off inside a dictionary"},
		{"unterminated hex string", "<< /T <414243", errEnd, "cut off inside a dictionary"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := newParser([]byte(tc.in), 0).object()
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("got %v, want %v saying %q", err, tc.want, tc.msg)
			}
		})
	}
}

// TestParserForgives: a stray byte spoils one entry, not the dictionary,
// and is counted.
func TestParserForgives(t *testing.T) {
	p := newParser([]byte("<< /Type /Pages /Foo 1\xff2 /Kids [3 0 R 5\xbc8 0 R 7 0 R] /Count 3 ) >>"), 0)
	o, err := p.object()
	if err != nil {
		t.Fatal(err)
	}
	if o.key("Type").name() != "Pages" || o.key("Count").num != 3 {
		t.Errorf("lost an entry: %+v", o)
	}
	kids := o.key("Kids").arr
	if len(kids) != 3 || kids[0].ref != (objRef{3, 0}) || kids[1].kind != pKeyword || kids[2].ref != (objRef{7, 0}) {
		t.Errorf("kids: a damaged reference should be one lost element between the others: %+v", kids)
	}
	if _, ok := o.dict["Foo"]; ok {
		t.Errorf("a garbage value was kept: %+v", o.dict["Foo"])
	}
	if p.bad() < 3 {
		t.Errorf("counted %d stray tokens or bytes, want at least 3", p.bad())
	}
}

// TestWriteObj: what the parser reads, written back, reads the same;
// names are escaped, large numbers stay numbers a strict reader accepts.
func TestWriteObj(t *testing.T) {
	in := "<< /A#20B (x\\)y\\101) /N [1 -2.5 true null 68188322972218842203] /R 12 3 R /H <00FF> /D << /E /F#2F >> >>"
	o, err := newParser([]byte(in), 0).object()
	if err != nil {
		t.Fatal(err)
	}
	if o.key("A B").s != "x)yA" || o.key("D").key("E").name() != "F/" {
		t.Errorf("escapes not read: %+v", o)
	}
	var b bytes.Buffer
	writeObj(&b, o)
	if !strings.Contains(b.String(), "/A#20B ") || !strings.Contains(b.String(), "68188322972218840000.0]") {
		t.Errorf("written as %s", b.String())
	}
	again, err := newParser(b.Bytes(), 0).object()
	if err != nil {
		t.Fatal(err)
	}
	var b2 bytes.Buffer
	writeObj(&b2, again)
	if b.String() != b2.String() {
		t.Errorf("not stable:\n%s\n%s", b.String(), b2.String())
	}
}

func TestHeaders(t *testing.T) {
	data := []byte("%PDF-1.4\n12 0 obj\n<<>>\nendobj13 0 obj 1 endobj x14 0 obj\n15 0 objx 999999999999 0 obj")
	if ref, body, ok := headerAt(data, 8); !ok || ref != (objRef{12, 0}) || string(data[body:body+3]) != "\n<<" {
		t.Errorf("headerAt: %v %d %v", ref, body, ok)
	}
	// From inside the number, the bytes read as another object's header:
	// the table check compares the number.
	if ref, _, ok := headerAt(data, 10); !ok || ref.id != 2 {
		t.Errorf("headerAt(10): %v %v", ref, ok)
	}
	if _, _, ok := headerAt(data, 11); ok {
		t.Error("headerAt read a header without its number")
	}
	var found []uint32
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte("obj"))
		if j < 0 {
			break
		}
		if ref, _, ok := headerBefore(data, i+j); ok {
			found = append(found, ref.id)
		}
		i += j + 3
	}
	// 13 follows "endobj" with no space, as some producers write; 14
	// follows a stray byte; 15's keyword runs on; the last number is too
	// long for an object number.
	if len(found) != 2 || found[0] != 12 || found[1] != 13 {
		t.Errorf("headers found: %v, want [12 13]", found)
	}
}
