package soffice

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/docx"
	"github.com/budgetx/budgetx/model"
)

// Extractor reads .doc and .wps files through LibreOffice.
type Extractor struct {
	bin     string        // soffice, as found on PATH; empty when not installed
	timeout time.Duration // per conversion
	docx    *docx.Extractor
}

// DefaultTimeout bounds one conversion.
const DefaultTimeout = 90 * time.Second

// Install says what to install for these formats.
const Install = "apt-get install libreoffice-writer-nogui"

// ErrNoLibreOffice marks a file that needs LibreOffice, which is not
// installed; it wraps extract.ErrUnsupported.
var ErrNoLibreOffice = fmt.Errorf("%w: Word 97–2003 or WPS document (.doc, .wps): budgetx reads it through LibreOffice, which is not installed (%s)",
	extract.ErrUnsupported, Install)

// New returns an extractor that uses the soffice found on PATH, or that
// fails every file with ErrNoLibreOffice when there is none.
func New() *Extractor {
	bin, _ := exec.LookPath("soffice")
	if bin == "" {
		bin, _ = exec.LookPath("libreoffice")
	}
	return &Extractor{bin: bin, timeout: DefaultTimeout, docx: docx.New()}
}

// Available reports whether LibreOffice was found.
func (e *Extractor) Available() bool { return e.bin != "" }

// Format returns model.DOC.
func (*Extractor) Format() model.Format { return model.DOC }

// Extract converts f to docx and reads that.
func (e *Extractor) Extract(ctx context.Context, f extract.File) (*model.Document, error) {
	pos := extract.Pos{File: f.Name}
	if e.bin == "" {
		return nil, &extract.Error{Pos: pos, Err: ErrNoLibreOffice}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	data, err := e.convert(ctx, f.Data)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &extract.Error{Pos: pos, Err: err}
	}
	doc, err := e.docx.Extract(ctx, extract.File{Name: f.Name, Data: data})
	if err != nil {
		return nil, err
	}
	doc.Format = model.DOC
	return doc, nil
}

// convert runs LibreOffice on data and returns the docx it writes.
func (e *Extractor) convert(ctx context.Context, data []byte) ([]byte, error) {
	tmp, err := os.MkdirTemp("", "budgetx-soffice-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	in := filepath.Join(tmp, "in.doc")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return nil, err
	}
	out := filepath.Join(tmp, "out")
	ctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, e.bin,
		"-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(tmp, "profile")),
		"--headless", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
		"--convert-to", "docx:MS Word 2007 XML", "--outdir", out, in)
	cmd.Env = append(os.Environ(), "HOME="+tmp)
	var msg bytes.Buffer
	cmd.Stdout, cmd.Stderr = &msg, &msg
	ownGroup(cmd)
	cmd.WaitDelay = 5 * time.Second
	err = cmd.Run()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return nil, fmt.Errorf("%w: LibreOffice did not convert it within %v", extract.ErrMalformed, e.timeout)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: LibreOffice could not convert it: %v: %s", extract.ErrMalformed, err, lastLine(msg.String()))
	}
	docx, err := os.ReadFile(filepath.Join(out, "in.docx"))
	if err != nil {
		// LibreOffice exits 0 on a file it cannot read, and writes nothing.
		return nil, fmt.Errorf("%w: LibreOffice could not read it as a Word or WPS document", extract.ErrMalformed)
	}
	return docx, nil
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
