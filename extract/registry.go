package extract

import (
	"context"
	"fmt"

	"github.com/budgetx/budgetx/model"
)

// File is one input file: its name (for messages) and its bytes.
type File struct {
	Name string
	Data []byte
}

// Extractor reads one format.
//
// Extract turns a file into a Document. It honours ctx between pages (or
// sheets, or tables), never panics, and returns errors that wrap the
// sentinels of this package and carry a Pos where one is known. A problem
// confined to one page or row becomes a Finding, not an error.
type Extractor interface {
	Format() model.Format
	Extract(ctx context.Context, f File) (*model.Document, error)
}

// Registry maps formats to extractors. It is built explicitly by the
// program's main, so the set of formats is visible in one place.
type Registry struct {
	byFormat map[model.Format]Extractor
}

// NewRegistry returns a registry of the given extractors.
func NewRegistry(ex ...Extractor) *Registry {
	r := &Registry{byFormat: make(map[model.Format]Extractor)}
	for _, e := range ex {
		r.byFormat[e.Format()] = e
	}
	return r
}

// Formats lists the registered formats.
func (r *Registry) Formats() []model.Format {
	fs := make([]model.Format, 0, len(r.byFormat))
	for f := range r.byFormat {
		fs = append(fs, f)
	}
	return fs
}

// Extract sniffs f and hands it to the extractor for its format. A panic
// that escapes an extractor is turned into an error here, so one bad file
// can never stop a batch.
func (r *Registry) Extract(ctx context.Context, f File) (_ *model.Document, err error) {
	defer Recover(&err, Pos{File: f.Name}, "")
	format, err := Sniff(f.Data)
	if err != nil {
		return nil, &Error{Pos: Pos{File: f.Name}, Err: err}
	}
	e, ok := r.byFormat[format]
	if !ok {
		return nil, &Error{Pos: Pos{File: f.Name}, Err: fmt.Errorf("%w: no extractor for %s", ErrUnsupported, format)}
	}
	doc, err := e.Extract(ctx, f)
	if err != nil {
		return nil, err
	}
	doc.Name, doc.Format = f.Name, format
	return doc, nil
}
