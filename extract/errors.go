package extract

import (
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
)

// Sentinel errors name the kinds of failure callers tell apart with errors.Is.
var (
	// ErrUnsupported: the file is in a format budgetx does not read (a Word
	// document, a RAR archive, an image).
	ErrUnsupported = errors.New("unsupported format")
	// ErrMalformed: the file claims a format but its bytes are broken.
	ErrMalformed = errors.New("malformed file")
	// ErrEncrypted: the file needs a password to open.
	ErrEncrypted = errors.New("encrypted file")
	// ErrNoTextLayer: the file holds only images of text.
	ErrNoTextLayer = errors.New("no text layer")
	// ErrArchive: the file is a zip archive of other files, not an Office
	// file; it wraps ErrUnsupported. A crawler opens such bundles.
	ErrArchive = fmt.Errorf("%w: zip archive", ErrUnsupported)
)

// Pos is a place in a document. Zero fields are unknown and left out.
type Pos struct {
	File  string
	Sheet string
	Page  int
	Row   int // 1-based
	Col   int // 1-based
}

// String formats p as file:sheet:p3:r12:c4.
func (p Pos) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Sheet != "" {
		b.WriteString(":" + p.Sheet)
	}
	if p.Page > 0 {
		fmt.Fprintf(&b, ":p%d", p.Page)
	}
	if p.Row > 0 {
		fmt.Fprintf(&b, ":r%d", p.Row)
	}
	if p.Col > 0 {
		fmt.Fprintf(&b, ":c%d", p.Col)
	}
	return b.String()
}

// Error is an error at a position in a document.
type Error struct {
	Pos Pos
	Err error
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Err.Error() }

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error at pos wrapping the formatted error; %w works.
func Errorf(pos Pos, format string, args ...any) error {
	return &Error{Pos: pos, Err: fmt.Errorf(format, args...)}
}

// Panic is the error of code that panicked while reading a file: a bug, to
// be reported with the stack that shows where. Its message is short; the
// stack is kept apart, for the logs and the stored document's
// error_detail.
type Panic struct {
	Value any
	Stack []byte
}

func (p *Panic) Error() string { return fmt.Sprintf("internal error: %v", p.Value) }

// NewPanic returns the error of a panic with value p. Called while the
// panic unwinds (in a deferred function, after recover), its stack shows
// where the panic began.
func NewPanic(p any) *Panic { return &Panic{Value: p, Stack: debug.Stack()} }

// Recover, deferred, turns a panic of the code that reads a file into *err,
// so that one file can never stop a batch: an error that wraps ErrMalformed
// and a *Panic keeping the stack. what, when set, says what failed ("xlsx
// reader failed"); the error is an *Error at pos when pos names a file.
// Recover sets err alone: a function whose other results must be zero
// after a panic leaves them unnamed.
func Recover(err *error, pos Pos, what string) {
	p := recover()
	if p == nil {
		return
	}
	e := fmt.Errorf("%w: %w", ErrMalformed, NewPanic(p))
	if what != "" {
		e = fmt.Errorf("%w: %s: %w", ErrMalformed, what, NewPanic(p))
	}
	if pos.File != "" {
		e = &Error{Pos: pos, Err: e}
	}
	*err = e
}
