package serve

import (
	"bytes"
	"compress/gzip"
	"embed"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

// static holds the application's own assets and pdf.js. Files stored
// gzipped (name.gz) are served compressed to browsers that take gzip, as
// all do, and unpacked for the others.
//
//go:embed static
var assets embed.FS

// staticTypes are the content types of the assets, by extension.
var staticTypes = map[string]string{
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".bcmap": "application/octet-stream",
	".png":   "image/png",
	".svg":   "image/svg+xml",
}

func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	if name == "" || !fs.ValidPath(name) || strings.HasSuffix(name, ".gz") {
		s.fail(w, r, errNotFound)
		return
	}
	name = path.Join("static", name)
	data, err := assets.ReadFile(name)
	gzipped := false
	if err != nil {
		if data, err = assets.ReadFile(name + ".gz"); err != nil {
			s.fail(w, r, errNotFound)
			return
		}
		gzipped = true
	}
	h := w.Header()
	ct := staticTypes[path.Ext(name)]
	if ct == "" {
		ct = mime.TypeByExtension(path.Ext(name))
	}
	if ct == "" {
		ct = "application/octet-stream"
	}
	h.Set("Content-Type", ct)
	h.Set("Cache-Control", "public, max-age=3600")
	h.Add("Vary", "Accept-Encoding")
	if !gzipped {
		w.Write(data)
		return
	}
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		w.Write(data)
		return
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	io.Copy(w, zr)
}
