package serve

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"sync"

	"github.com/budgetx/budgetx/model"
)

//go:embed templates
var templateFS embed.FS

// pageNames are the pages, each a template of its own over the layout and
// the partials.
var pageNames = []string{"documents", "document", "table", "project", "search", "sql", "error"}

var funcs = template.FuncMap{
	// yuan prints an amount in 分 as 元 with thousands separators; nil
	// (not printed) is empty.
	"yuan": func(fen *int64) string {
		if fen == nil {
			return ""
		}
		return model.GroupedYuan(*fen)
	},
	"pages": pageRange,
	"grid":  gridHTML,
	"num":   func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) },
	"score": func(f float64) string {
		if f == 0 {
			return "0"
		}
		return strconv.FormatFloat(f, 'f', 2, 64)
	},
}

// pagesT parses the templates the first time a server is made, not when
// the program starts: most commands draw no page.
var pagesT = sync.OnceValue(func() map[string]*template.Template {
	out := make(map[string]*template.Template, len(pageNames))
	for _, name := range pageNames {
		out[name] = template.Must(template.New(name).Funcs(funcs).ParseFS(templateFS,
			"templates/layout.html", "templates/partials.html", "templates/"+name+".html"))
	}
	return out
})

// csp lets a page load scripts, styles, frames and workers from the
// application alone: no inline script runs, whatever a document's text
// holds. pdf.js draws on canvases and loads fonts it builds in memory.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
	"font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-src 'self'; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"

// render writes page name with data. The page is rendered into memory
// first, so that a template error becomes a clean 500.
func render(w http.ResponseWriter, code int, name string, data any) {
	var b bytes.Buffer
	if err := pagesT()[name].ExecuteTemplate(&b, "layout", data); err != nil {
		code = http.StatusInternalServerError
		b.Reset()
		b.WriteString("<!doctype html><title>500</title><p>The page could not be drawn.</p>")
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", csp)
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	w.Write(b.Bytes())
}

type errorPage struct {
	Code    int
	Status  string
	Message string
}

// pageRange prints a page range: 3, or 3–5; nothing for no page.
func pageRange(first, last int) string {
	switch {
	case first == 0:
		return ""
	case last <= first:
		return strconv.Itoa(first)
	}
	return fmt.Sprintf("%d–%d", first, last)
}
