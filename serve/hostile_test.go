package serve_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/budgetx/budgetx/model"
	"github.com/budgetx/budgetx/serve"
	"github.com/budgetx/budgetx/store"
)

// Payloads that would run script if a page put them into its markup
// unescaped. Each calls back to /pwned, which the test server counts.
var payloads = []string{
	`<script>fetch("/pwned?script")</script>`,
	`<img src=x onerror="fetch('/pwned?onerror')">`,
	`"><svg onload="fetch('/pwned?svg')">`,
	`javascript:fetch('/pwned?href')`,
	`</textarea><script>fetch("/pwned?textarea")</script>`,
	`{{.}}<a href="javascript:fetch('/pwned?link')">点此</a>`,
}

// hostileHTML is a budget page whose every text is a payload, escaped in
// the markup as a page that prints them would escape them, with live
// script of its own besides.
func hostileHTML() string {
	var b strings.Builder
	esc := func(s string) string {
		return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
	}
	b.WriteString(`<html><head><meta charset="utf-8"><title>` + esc(payloads[0]) + `2024年部门预算</title>
<script>fetch("/pwned?live");</script></head>
<body onload="fetch('/pwned?onload')"><img src="/pwned?img" onerror="fetch('/pwned?img-onerror')">
<p>2024年一般公共预算支出表` + esc(payloads[2]) + `</p><p>单位：元</p>
<table border="1"><tr><th>科目编码</th><th>科目名称` + esc(payloads[1]) + `</th><th>合计</th></tr>`)
	for i, p := range payloads {
		fmt.Fprintf(&b, `<tr><td>20801%02d</td><td>%s</td><td>%d.00</td></tr>`, i+1, esc(p), 100*(i+1))
	}
	b.WriteString(`<tr><td></td><td><a href="javascript:fetch('/pwned?a')">合计</a></td><td>9.00</td></tr></table></body></html>`)
	return b.String()
}

// hostileRecords is a document as a careless extractor could store it:
// raw markup in every text, which no format's cleaning may be trusted to
// have removed.
func hostileRecords() *store.Document {
	p := func(i int) string { return payloads[i%len(payloads)] }
	budget := int64(1234500)
	rec := &model.Records{
		Info: model.Info{Title: p(0), OrgName: p(1), Kind: "预算", FiscalYear: 2024, Pages: 1, Producer: p(2)},
		Tables: []model.TableRecord{{Seq: 1, Title: p(3), Kind: "other", Unit: "元", Note: p(4), Caption: p(5),
			PageFirst: 1, PageLast: 1, NRows: 2, NCols: 2}},
		Projects: []model.Project{{Seq: 1, TableSeq: 1, Name: p(0), DepartmentName: p(1), UnitName: p(2),
			Goal: p(3), BudgetFen: &budget, PageFirst: 1, PageLast: 1,
			Indicators: []model.Indicator{{Seq: 1, Level1: p(4), Level2: p(5), Level3: p(0), Operator: "定性", ValueText: p(1), MeasureUnit: p(2), Page: 1}}}},
		Findings: []model.Finding{{Severity: model.SevWarning, Code: "total_mismatch", Message: "table 1 row 1 p1: " + p(2), Page: 1, TableSeq: 1}},
	}
	for i := range 4 {
		rec.Tables[0].Cells = append(rec.Tables[0].Cells, model.CellRecord{Row: i/2 + 1, Col: i%2 + 1, RowSpan: 1, ColSpan: 1,
			Text: p(i), Page: 1, Box: model.Rect{X0: 10, Y0: 10, X1: 50, Y1: 20}})
	}
	return &store.Document{SHA256: strings.Repeat("ab", 32), Source: p(1) + ".pdf", Format: model.PDF,
		Size: 1, Status: store.StatusOK, PipelineVersion: 1, Records: rec}
}

// Every text from a document renders as text: no payload runs, in any page,
// and the original HTML shown beside its table runs no script either.
func TestBrowserHostileDocument(t *testing.T) {
	ctx := browser(t)
	dir := t.TempDir()
	file := filepath.Join(dir, `<img src=x onerror=fetch('#pwned')>预算.html`)
	if err := os.WriteFile(file, []byte(hostileHTML()), 0o644); err != nil {
		t.Fatal(err)
	}
	path := ingestFiles(t, file)
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Put(context.Background(), hostileRecords()); err != nil {
		t.Fatal(err)
	}
	db.Close()

	var pwned atomic.Int32
	ro, err := store.OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	app := serve.New(ro, serve.Options{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/pwned") {
			pwned.Add(1)
			t.Errorf("a payload ran: %s", r.URL)
		}
		rec := httptest.NewRecorder()
		app.ServeHTTP(rec, r)
		if rec.Code >= 400 {
			t.Logf("%s: %d", r.URL, rec.Code)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	}))
	defer srv.Close()

	pages := []string{"/", "/search?q=fetch", "/search?q=pwned", "/sql?sql=select+*+from+cells",
		"/sql?sql=select+title,+org_name,+source,+producer+from+documents", "/sql?sql=select+1;+" + "%3Cscript%3E"}
	hostileTable := ""
	for _, q := range []string{"SELECT '/documents/' || id FROM documents", "SELECT '/tables/' || id FROM tables",
		"SELECT '/projects/' || id FROM projects"} {
		rows, err := ro.Query(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range rows.Values {
			pages = append(pages, v[0].(string))
		}
	}
	rows, err := ro.Query(context.Background(), "SELECT '/tables/' || t.id FROM tables t JOIN documents d ON d.id = t.document_id WHERE d.sha256 = ?", strings.Repeat("ab", 32))
	if err != nil || len(rows.Values) != 1 {
		t.Fatalf("the hostile records' table: %v, %v", rows, err)
	}
	hostileTable = rows.Values[0][0].(string)
	for _, p := range pages {
		open(t, ctx, srv.URL+p, "main")
		// Give frames, images and handlers time to do what they would.
		eval[bool](t, ctx, `new Promise(r => setTimeout(() => r(true), 300))`)
		got := eval[struct {
			Scripts, Handlers, JSLinks int
			Text                       string
		}](t, ctx, `(() => ({
			Scripts: [...document.scripts].filter(s => s.getAttribute("src") !== "/static/view.js").length,
			Handlers: [...document.querySelectorAll("*")].filter(e => [...e.attributes].some(a => a.name.startsWith("on"))).length,
			JSLinks: [...document.querySelectorAll("[href],[src]")].filter(e => /^\s*javascript:/i.test(e.getAttribute("href") || e.getAttribute("src"))).length,
			Text: document.body.innerText,
		}))()`)
		if got.Scripts+got.Handlers+got.JSLinks > 0 {
			t.Errorf("%s: %d scripts, %d elements with handlers, %d javascript: links came from the document", p, got.Scripts, got.Handlers, got.JSLinks)
		}
		t.Logf("%s: %d characters of text", p, len(got.Text))
		if p == hostileTable && !strings.Contains(got.Text, `<script>fetch("/pwned?script")</script>`) {
			t.Errorf("%s does not show the cell's text as text:\n%s", p, got.Text)
		}
	}
	if n := pwned.Load(); n > 0 {
		t.Errorf("payloads ran %d times", n)
	}
}
