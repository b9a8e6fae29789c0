package serve_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/budgetx/budgetx/serve"
	"github.com/budgetx/budgetx/store"
)

// A path outside the application, or an id that names nothing, is a plain
// 404 page: no stack, no file.
func TestNotFound(t *testing.T) {
	srv, _ := app(t, ingestFiles(t, fixture("seed.html")), serve.Options{})
	for _, p := range []string{
		"/../go.mod", "/static/../serve.go", "/static/%2e%2e/doc.go", "/static/..%2fdoc.go", "//etc/passwd",
		"/documents/999", "/documents/abc", "/documents/-1", "/documents/01", "/documents/1/../2",
		"/tables/999", "/tables/0", "/projects/999", "/documents/999/original", "/nothing",
		"/static/nothing.js", "/static/pdfjs/pdf.min.mjs.gz", "/static/", "/static/pdfjs", "/templates/layout.html",
	} {
		req, err := http.NewRequest("GET", srv.URL+p, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.URL.Opaque = p // send the path as written, ../ and all
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, resp.StatusCode)
		}
		if s := string(b); strings.Contains(s, "goroutine") || strings.Contains(s, ".go:") || strings.Contains(s, "package ") {
			t.Errorf("GET %s shows internals:\n%s", p, s)
		}
	}
}

// counts sums up what the database holds.
func counts(t *testing.T, db *store.DB) string {
	t.Helper()
	rows, err := db.Query(context.Background(), `SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM tables),
		(SELECT count(*) FROM cells), (SELECT count(*) FROM projects), (SELECT group_concat(title) FROM documents),
		(SELECT count(*) FROM sqlite_master)`)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(rows.Values)
}

// The SQL page changes nothing: a POST is refused, and a statement that
// would write is refused whichever way it is sent.
func TestSQLChangesNothing(t *testing.T) {
	path := ingestFiles(t, fixture("seed.html"))
	srv, db := app(t, path, serve.Options{})
	before := counts(t, db)
	for _, q := range []string{
		"DELETE FROM documents", "DROP TABLE cells", "UPDATE documents SET title = 'x'",
		"SELECT 1; DELETE FROM documents", "WITH x AS (SELECT 1) DELETE FROM documents",
		"WITH x AS (SELECT 1) UPDATE documents SET title = 'x'", "ATTACH 'other.db' AS o",
		"PRAGMA journal_mode = DELETE", "VACUUM", "CREATE TABLE x (a)",
	} {
		form := url.Values{"sql": {q}}
		resp, err := srv.Client().PostForm(srv.URL+"/sql", form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("POST /sql %q: %d, want 405", q, resp.StatusCode)
		}
		code, body := get(t, srv, "/sql?"+form.Encode())
		if code != http.StatusOK || !strings.Contains(body, `class="error"`) {
			t.Errorf("GET /sql %q: %d, want the page with an error:\n%s", q, code, body)
		}
		if code, _ := get(t, srv, "/sql.csv?"+form.Encode()); code != http.StatusBadRequest {
			t.Errorf("GET /sql.csv %q: %d, want 400", q, code)
		}
	}
	if after := counts(t, db); after != before {
		t.Errorf("the database changed: %s, then %s", before, after)
	}
}

func TestSQLPage(t *testing.T) {
	srv, _ := app(t, ingestFiles(t, fixture("seed.html")), serve.Options{SQLTimeout: 300 * time.Millisecond, SQLRows: 5})
	q := url.Values{"sql": {"SELECT row, col, text FROM cells ORDER BY row, col"}}.Encode()
	code, body := get(t, srv, "/sql?"+q)
	if code != http.StatusOK || strings.Count(body, "<tr>") != 6 || !strings.Contains(body, "the first 5 shown") {
		t.Errorf("GET /sql: %d, want a header and 5 rows of more:\n%s", code, body)
	}
	resp, err := srv.Client().Get(srv.URL + "/sql.csv?" + q)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(resp.Body).ReadAll()
	resp.Body.Close()
	if err != nil || len(recs) < 100 || strings.Join(recs[0], ",") != "row,col,text" {
		t.Errorf("GET /sql.csv: %d records (%v), want every cell under a header", len(recs), err)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") {
		t.Errorf("CSV Content-Disposition %q, want a download", cd)
	}
	// A statement that runs past the limit is stopped.
	forever := url.Values{"sql": {"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"}}.Encode()
	start := time.Now()
	code, body = get(t, srv, "/sql?"+forever)
	if code != http.StatusOK || !strings.Contains(body, "ran longer than 300ms") {
		t.Errorf("an endless statement: %d, %q", code, body)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("an endless statement ran %s", d)
	}
}

// The original is served only while the file at its source has the stored
// sha256.
func TestOriginal(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(fixture("seed-libreoffice.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "seed.pdf")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	srv, _ := app(t, ingestFiles(t, file), serve.Options{})
	code, body := get(t, srv, "/documents/1/original")
	if code != http.StatusOK || body != string(data) {
		t.Fatalf("GET the original: %d, %d bytes; want 200 and the file", code, len(body))
	}
	if _, page := get(t, srv, "/tables/1"); !strings.Contains(page, `data-kind="pdf"`) {
		t.Errorf("the table view does not draw the PDF")
	}
	// A project's page outlines where its name was printed.
	if _, page := get(t, srv, "/projects/1"); !strings.Contains(page, `data-kind="pdf"`) || !strings.Contains(page, `data-box="`) ||
		!strings.Contains(page, firstProject) {
		t.Errorf("the project view does not outline the project's name on its page")
	}
	// A changed file is not served any more, and the pages say so.
	if err := os.WriteFile(file, append(data, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _ := get(t, srv, "/documents/1/original"); code != http.StatusNotFound {
		t.Errorf("GET a changed original: %d, want 404", code)
	}
	for _, p := range []string{"/documents/1", "/tables/1"} {
		if _, page := get(t, srv, p); !strings.Contains(page, "has moved or changed") {
			t.Errorf("%s does not say the original has moved", p)
		}
	}
	os.Remove(file)
	if code, _ := get(t, srv, "/documents/1/original"); code != http.StatusNotFound {
		t.Errorf("GET a removed original: %d, want 404", code)
	}
}

// pdf.js is served from the binary, gzipped to browsers that take it.
func TestStatic(t *testing.T) {
	srv, _ := app(t, ingestFiles(t, fixture("seed.html")), serve.Options{})
	fetch := func(enc string) (*http.Response, []byte) {
		req, _ := http.NewRequest("GET", srv.URL+"/static/pdfjs/pdf.min.mjs", nil)
		req.Header.Set("Accept-Encoding", enc)
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	resp, zipped := fetch("gzip, deflate")
	if resp.Header.Get("Content-Encoding") != "gzip" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") {
		t.Errorf("pdf.min.mjs for gzip: %q, %q", resp.Header.Get("Content-Encoding"), resp.Header.Get("Content-Type"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(zipped))
	if err != nil {
		t.Fatal(err)
	}
	unzipped, _ := io.ReadAll(zr)
	resp, plain := fetch("identity")
	if resp.Header.Get("Content-Encoding") != "" || !bytes.Equal(plain, unzipped) || !bytes.Contains(plain, []byte("Mozilla Foundation")) {
		t.Errorf("pdf.min.mjs without gzip: %d bytes, encoding %q", len(plain), resp.Header.Get("Content-Encoding"))
	}
}

// A workbook's table is shown beside its sheet as read from the file.
func TestSheetView(t *testing.T) {
	srv, _ := app(t, ingestFiles(t, fixture("seed.xlsx")), serve.Options{})
	code, page := get(t, srv, "/tables/1")
	if code != http.StatusOK || !strings.Contains(page, `data-kind="sheet"`) || !strings.Contains(page, "The sheet as read") {
		t.Fatalf("GET /tables/1: %d, no sheet:\n%s", code, page)
	}
	sheet := page[strings.Index(page, `id="viewer"`):]
	if !strings.Contains(sheet, firstProject) || !strings.Contains(sheet, "50000") && !strings.Contains(sheet, firstAmount) {
		t.Errorf("the sheet does not show the first project and its amount:\n%s", sheet)
	}
}

// The list shows report's health figures, filters and sorts by them.
func TestDocumentList(t *testing.T) {
	srv, db := app(t, ingestFiles(t, fixture("seed.html"), fixture("seed.xlsx")), serve.Options{})
	rep, err := db.Health(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, page := get(t, srv, "/?sort=health")
	for _, d := range rep.Documents {
		for _, r := range d.Reasons {
			if !strings.Contains(page, strings.ReplaceAll(r, "\"", "&#34;")) {
				t.Errorf("the list does not give the reason %q", r)
			}
		}
	}
	if _, page := get(t, srv, "/?kind=决算"); strings.Contains(page, "/documents/1\"") {
		t.Errorf("a filter on 决算 lists a 预算 document")
	}
	if _, page := get(t, srv, "/?year=2024&kind=预算&status=ok"); !strings.Contains(page, "/documents/1\"") || !strings.Contains(page, "/documents/2\"") {
		t.Errorf("a filter that both documents pass hides one")
	}
}
