package extract

import (
	"errors"
	"strings"
	"testing"
)

// boom panics inside a function guarded by Recover.
func boom(pos Pos, what string, value any) (err error) {
	defer Recover(&err, pos, what)
	if value != nil {
		panic(value)
	}
	return errors.New("no panic")
}

func TestRecover(t *testing.T) {
	for _, tt := range []struct {
		name  string
		pos   Pos
		what  string
		value any
		msg   string
		isPos bool
	}{
		{"file and what", Pos{File: "a.xlsx"}, "xlsx reader failed", "bad cell", "a.xlsx: malformed file: xlsx reader failed: internal error: bad cell", true},
		{"file", Pos{File: "a.pdf"}, "", errors.New("bad\nobject"), "a.pdf: malformed file: internal error: bad\nobject", true},
		{"neither", Pos{}, "zip archive", 7, "malformed file: zip archive: internal error: 7", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := boom(tt.pos, tt.what, tt.value)
			if err == nil || err.Error() != tt.msg {
				t.Fatalf("error %v, want %q", err, tt.msg)
			}
			if !errors.Is(err, ErrMalformed) {
				t.Errorf("%v does not wrap ErrMalformed", err)
			}
			var pe *Error
			if errors.As(err, &pe) != tt.isPos {
				t.Errorf("%v: an *Error is %v, want %v", err, !tt.isPos, tt.isPos)
			}
			var p *Panic
			if !errors.As(err, &p) {
				t.Fatalf("%v keeps no *Panic", err)
			}
			if p.Value != tt.value || !strings.Contains(string(p.Stack), "extract.boom(") {
				t.Errorf("panic %v with a stack that does not show boom:\n%s", p.Value, p.Stack)
			}
			if strings.Contains(err.Error(), "goroutine") {
				t.Errorf("the message holds the stack: %v", err)
			}
		})
	}
	if err := boom(Pos{}, "", nil); err == nil || err.Error() != "no panic" {
		t.Errorf("without a panic Recover changed the error to %v", err)
	}
}
