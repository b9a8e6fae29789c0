package serve

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/budgetx/budgetx/store"
)

// originals checks that the file at a document's source is still the file
// that was stored, remembering the files it has hashed by their size and
// modification time so that the pages of a PDF, fetched in ranges, cost
// one hash.
type originals struct {
	root string
	mu   sync.Mutex
	seen map[string]fileStamp // path → the stamp of the file that hashed to the stored sha256
}

type fileStamp struct {
	size int64
	mod  time.Time
	sha  string
}

// Why an original is not served.
var (
	errElsewhere = errors.New("the original was not read from a file on this machine (a URL, or a member of an archive)")
	errMoved     = errors.New("the file at the stored source has moved or changed since it was ingested")
)

// open opens the original of doc, or says why it cannot: errElsewhere,
// errMoved. The caller closes the file.
func (o *originals) open(doc store.DocumentInfo) (*os.File, os.FileInfo, error) {
	p := localPath(o.root, doc.Source)
	if p == "" {
		return nil, nil, errElsewhere
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, nil, errMoved
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		f.Close()
		return nil, nil, errMoved
	}
	stamp := fileStamp{size: st.Size(), mod: st.ModTime(), sha: doc.SHA256}
	o.mu.Lock()
	known := o.seen[p] == stamp
	o.mu.Unlock()
	if !known {
		h := sha256.New()
		if _, err := io.Copy(h, f); err != nil || hex.EncodeToString(h.Sum(nil)) != doc.SHA256 {
			f.Close()
			return nil, nil, errMoved
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			f.Close()
			return nil, nil, err
		}
		o.mu.Lock()
		if o.seen == nil {
			o.seen = map[string]fileStamp{}
		}
		o.seen[p] = stamp
		o.mu.Unlock()
	}
	return f, st, nil
}

// available says whether the original of doc can be served, and if not,
// why.
func (o *originals) available(doc store.DocumentInfo) error {
	f, _, err := o.open(doc)
	if err == nil {
		f.Close()
	}
	return err
}

// contentTypes are what an original is served as, by stored format. A
// format not named here is offered as a download.
var contentTypes = map[string]string{
	"pdf":  "application/pdf",
	"html": "text/html",
	"text": "text/plain; charset=utf-8",
}

// original serves the original file of a document, while the file at its
// source still has the stored sha256. An HTML original is served sandboxed:
// no scripts, no plugins, an origin of its own, whatever frames it.
func (s *Server) original(w http.ResponseWriter, r *http.Request) {
	n, err := id(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	doc, err := s.db.Document(r.Context(), n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, st, err := s.orig.open(doc)
	if errors.Is(err, errElsewhere) || errors.Is(err, errMoved) {
		s.fail(w, r, fmt.Errorf("%w: %v", errNotFound, err))
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	defer f.Close()
	h := w.Header()
	ct, ok := contentTypes[doc.Format]
	if !ok {
		ct = "application/octet-stream"
		h.Set("Content-Disposition", "attachment")
	}
	h.Set("Content-Type", ct)
	if doc.Format != "pdf" { // a PDF is drawn by pdf.js, or by the browser's own viewer, which a sandbox stops
		h.Set("Content-Security-Policy", "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'")
	}
	h.Set("Cache-Control", "private, no-cache")
	h.Set("ETag", `"`+doc.SHA256+`"`)
	http.ServeContent(w, r, "", st.ModTime(), f)
}
