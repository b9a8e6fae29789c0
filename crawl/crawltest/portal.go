// Package crawltest serves the look-alike county portal of fixtures/site
// over httptest, with the habits of real government sites, and records
// every request it answers. README.md in that folder says which path
// shows which habit.
package crawltest

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Origin is the portal's own address as its pages write it in absolute
// links; the server puts its real address in its place.
const Origin = "http://www.qingxi.gov.cn"

// Modified is the Last-Modified time of every file on the portal.
var Modified = time.Date(2024, 3, 15, 9, 30, 0, 0, time.UTC)

// Request is one request the portal answered.
type Request struct {
	Path        string // decoded
	Query       string
	Status      int
	Bytes       int // body bytes written
	Conditional bool
}

// Portal is the running portal.
type Portal struct {
	*httptest.Server
	dir string

	mu        sync.Mutex
	onRequest func(*http.Request)
	requests  []Request
	flaky     map[string]bool // downloads that already failed once
}

// OnRequest sets a function called before each request is answered; nil
// removes it.
func (p *Portal) OnRequest(f func(*http.Request)) {
	p.mu.Lock()
	p.onRequest = f
	p.mu.Unlock()
}

// New serves the portal in dir (fixtures/site). Close it when done.
func New(dir string) *Portal {
	p := &Portal{dir: dir, flaky: make(map[string]bool)}
	p.Server = httptest.NewServer(http.HandlerFunc(p.serve))
	return p
}

// Requests returns the requests answered so far, in order.
func (p *Portal) Requests() []Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Request(nil), p.requests...)
}

// Bodies returns the requests that were answered with a body of content:
// 200 responses other than robots.txt, which a crawler reads once a run.
func (p *Portal) Bodies() []Request {
	var out []Request
	for _, r := range p.Requests() {
		if r.Status == http.StatusOK && r.Bytes > 0 && r.Path != "/robots.txt" {
			out = append(out, r)
		}
	}
	return out
}

// Count returns how many requests asked for this decoded path.
func (p *Portal) Count(path string) int {
	n := 0
	for _, r := range p.Requests() {
		if r.Path == path {
			n++
		}
	}
	return n
}

// recorder notes the status and size of an answer.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

func (p *Portal) serve(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	hook := p.onRequest
	p.mu.Unlock()
	if hook != nil {
		hook(r)
	}
	rec := &recorder{ResponseWriter: w}
	p.route(rec, r)
	p.mu.Lock()
	p.requests = append(p.requests, Request{
		Path: r.URL.Path, Query: r.URL.RawQuery, Status: rec.status, Bytes: rec.bytes,
		Conditional: r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "",
	})
	p.mu.Unlock()
}

// downloads are the files behind the download script, with the ways their
// names are sent.
var downloads = map[string]struct {
	file        string
	disposition func(name string) string
	name        string
	flaky       bool // answers 503 the first time
}{
	"1": {"module/download/files/1.txt", rfc5987, "青溪县教育局2024年部门预算.txt", false},
	"2": {"module/download/files/2.txt", rawGBK, "青溪县卫生健康局2024年部门预算.txt", true},
}

func rfc5987(name string) string {
	return "attachment; filename*=UTF-8''" + strings.ReplaceAll(pathEscape(name), "+", "%20")
}

func rawGBK(name string) string {
	b, _ := simplifiedchinese.GBK.NewEncoder().String(name)
	return `attachment; filename="` + b + `"`
}

func pathEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 && (c == '.' || c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func (p *Portal) route(w http.ResponseWriter, r *http.Request) {
	upath := r.URL.Path
	switch {
	case strings.Contains(upath, "/slow/"):
		// Never answers in time: waits until the client gives up.
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
		return
	case strings.HasPrefix(upath, "/uploads/old/"):
		// Files moved to a new folder; the old links redirect.
		http.Redirect(w, r, "/uploads/"+strings.TrimPrefix(r.URL.EscapedPath(), "/uploads/old/"), http.StatusMovedPermanently)
		return
	case upath == "/module/download/downfile.jsp":
		p.download(w, r)
		return
	case strings.HasSuffix(upath, ".zip"):
		p.bundle(w, r)
		return
	}
	name := strings.TrimPrefix(upath, "/")
	lastModifiedOnly := false
	if n, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && n > 1 {
		// list.html?page=2 is the file list.page2.html; dynamic pages
		// carry Last-Modified but no ETag.
		name = strings.TrimSuffix(name, ".html") + ".page" + strconv.Itoa(n) + ".html"
		lastModifiedOnly = true
	} else if r.URL.RawQuery != "" {
		lastModifiedOnly = true
	}
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	data, err := os.ReadFile(filepath.Join(p.dir, filepath.FromSlash(path.Clean(name))))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	ctype := "text/plain; charset=utf-8"
	if isHTML(data) {
		data, ctype = p.page(data)
	}
	w.Header().Set("Content-Type", ctype)
	if !lastModifiedOnly {
		w.Header().Set("ETag", etag(data))
	}
	http.ServeContent(w, r, name, Modified, bytes.NewReader(data))
}

func isHTML(data []byte) bool {
	return bytes.HasPrefix(data, []byte("<!DOCTYPE html")) || bytes.HasPrefix(data, []byte("<html"))
}

var charsetRE = regexp.MustCompile(`charset=(gb2312|gbk)`)

// page readies an HTML page: absolute links point at this server, and a
// page that declares GB2312 or GBK (stored here in UTF-8, to be readable)
// is sent in that charset; a GBK page also says so in its Content-Type.
func (p *Portal) page(data []byte) ([]byte, string) {
	data = bytes.ReplaceAll(data, []byte(Origin), []byte(p.URL))
	m := charsetRE.FindSubmatch(data)
	if m == nil {
		return data, "text/html; charset=utf-8"
	}
	gb, err := simplifiedchinese.GBK.NewEncoder().Bytes(data)
	if err != nil {
		panic(err) // a fixture with a character GBK lacks
	}
	if string(m[1]) == "gbk" {
		return gb, "text/html; charset=GBK"
	}
	return gb, "text/html"
}

func etag(data []byte) string {
	sum := sha256.Sum256(data)
	return `"` + hex.EncodeToString(sum[:8]) + `"`
}

// download is the portal's download script: files by id, named in
// Content-Disposition, with an ETag but no Last-Modified.
func (p *Portal) download(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	d, ok := downloads[id]
	if !ok {
		http.NotFound(w, r)
		return
	}
	p.mu.Lock()
	fail := d.flaky && !p.flaky[id]
	p.flaky[id] = true
	p.mu.Unlock()
	if fail {
		http.Error(w, "Service Temporarily Unavailable", http.StatusServiceUnavailable)
		return
	}
	data, err := os.ReadFile(filepath.Join(p.dir, filepath.FromSlash(d.file)))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", d.disposition(d.name))
	w.Header().Set("ETag", etag(data))
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
}

// bundle serves NAME.zip packed from the folder NAME.zip.d, its names in
// GBK without the UTF-8 flag, as Chinese Windows archivers write them.
func (p *Portal) bundle(w http.ResponseWriter, r *http.Request) {
	root := filepath.Join(p.dir, filepath.FromSlash(path.Clean(strings.TrimPrefix(r.URL.Path, "/")))+".d")
	var names []string
	err := filepath.WalkDir(root, func(name string, d fs.DirEntry, err error) error {
		if err == nil && name != root {
			names = append(names, name)
		}
		return err
	})
	if err != nil || len(names) == 0 {
		http.NotFound(w, r)
		return
	}
	sort.Strings(names)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range names {
		rel, _ := filepath.Rel(root, name)
		rel = filepath.ToSlash(rel)
		info, err := os.Stat(name)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		if info.IsDir() {
			rel += "/"
		}
		gbk, _ := simplifiedchinese.GBK.NewEncoder().String(rel)
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: gbk, Method: zip.Deflate, Modified: Modified, NonUTF8: true})
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		if !info.IsDir() {
			data, _ := os.ReadFile(name)
			fw.Write(data)
		}
	}
	zw.Close()
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("ETag", etag(buf.Bytes()))
	http.ServeContent(w, r, "", Modified, bytes.NewReader(buf.Bytes()))
}
