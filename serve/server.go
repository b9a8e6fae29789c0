package serve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/model"
	"github.com/budgetx/budgetx/store"
)

// Options configure the application.
type Options struct {
	// Root is the folder that relative document sources are read from:
	// the folder ingest ran in. Empty means the working folder.
	Root string
	// SQLTimeout bounds one statement of the SQL page; 0 means 5 seconds.
	SQLTimeout time.Duration
	// SQLRows is how many rows the SQL page shows (the CSV has them all);
	// 0 means 1000.
	SQLRows int
	// Extract reads an original file again, to show the sheet a table of a
	// workbook, Word document or text dump came from. Nil shows none.
	Extract func(context.Context, extract.File) (*model.Document, error)
	// Log receives one line per failed request; nil discards them.
	Log *slog.Logger
}

// Server is the application over one database.
type Server struct {
	db   *store.DB
	opt  Options
	mux  *http.ServeMux
	orig originals
	// sheetDocs keeps the documents read again for the sheet view, by
	// sha256.
	sheetsMu  sync.Mutex
	sheetDocs map[string]*model.Document
}

// New returns the application over db, which should be open read-only
// (store.OpenReadOnly).
func New(db *store.DB, opt Options) *Server {
	if opt.SQLTimeout <= 0 {
		opt.SQLTimeout = 5 * time.Second
	}
	if opt.SQLRows <= 0 {
		opt.SQLRows = 1000
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	pagesT()
	s := &Server{db: db, opt: opt, mux: http.NewServeMux(), sheetDocs: map[string]*model.Document{}}
	s.orig.root = opt.Root
	s.routes()
	return s
}

func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /{$}", s.page(s.documents))
	m.HandleFunc("GET /documents/{id}", s.page(s.document))
	m.HandleFunc("GET /documents/{id}/original", s.original)
	m.HandleFunc("GET /tables/{id}", s.page(s.table))
	m.HandleFunc("GET /projects/{id}", s.page(s.project))
	m.HandleFunc("GET /search", s.page(s.search))
	m.HandleFunc("GET /sql", s.page(s.sqlPage))
	m.HandleFunc("GET /sql.csv", s.sqlCSV)
	m.HandleFunc("GET /static/{file...}", s.static)
	m.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { s.fail(w, r, errNotFound) })
}

// ServeHTTP answers one request. Only GET and HEAD are answered. A path that is not in clean form (../,
// //, a trailing /.) is a 404, not a redirect; a panic is a plain 500
// without a stack.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			s.fail(w, r, fmt.Errorf("%w: %v", errInternal, p))
		}
	}()
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if p := r.URL.Path; p == "" || p[0] != '/' || path.Clean(p) != p && path.Clean(p)+"/" != p {
		s.fail(w, r, errNotFound)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		s.fail(w, r, errMethod)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// The kinds of failure a page answers with.
var (
	errNotFound   = errors.New("not found")
	errBadRequest = errors.New("bad request")
	errMethod     = errors.New("only GET and HEAD are answered: the application changes nothing")
	errInternal   = errors.New("internal error")
)

// fail answers a failed request with a plain page: 404 for what does not
// exist, 400 for a request the page cannot take, 500 otherwise. The error's
// text is shown only for a 400 (it says what was wrong with the request);
// a 500 is logged, never shown.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := http.StatusInternalServerError, "Something went wrong; the log says what."
	switch {
	case errors.Is(err, errNotFound), errors.Is(err, store.ErrNoDocument), errors.Is(err, store.ErrNoRecord):
		code, msg = http.StatusNotFound, "There is nothing at this address."
	case errors.Is(err, errMethod):
		code, msg = http.StatusMethodNotAllowed, err.Error()
	case errors.Is(err, errBadRequest):
		code, msg = http.StatusBadRequest, err.Error()
	case errors.Is(err, context.Canceled):
		return // the browser went away
	default:
		s.opt.Log.Error("serve", "path", r.URL.Path, "err", err)
	}
	h := w.Header()
	h.Del("Content-Encoding")
	h.Del("Content-Disposition")
	render(w, code, "error", errorPage{Code: code, Status: http.StatusText(code), Message: msg})
}

// page adapts a handler that returns the name and data of a template.
func (s *Server) page(f func(*http.Request) (string, any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name, data, err := f(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		render(w, http.StatusOK, name, data)
	}
}

// id reads the path value name as a record id; anything but a positive
// decimal number names nothing.
func id(r *http.Request, name string) (int64, error) {
	v := r.PathValue(name)
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 || strconv.FormatInt(n, 10) != v {
		return 0, errNotFound
	}
	return n, nil
}

// localPath returns the file a document's source names on this machine, or
// "" for a source that is no local file (a URL, a member of an archive).
func localPath(root, source string) string {
	if source == "" || strings.Contains(source, "!/") || strings.Contains(source, "://") {
		return ""
	}
	if filepath.IsAbs(source) || root == "" {
		return source
	}
	return filepath.Join(root, source)
}
