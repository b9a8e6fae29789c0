package crawl_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/budgetx/budgetx/crawl"
	"github.com/budgetx/budgetx/crawl/crawltest"
	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/text"
	"github.com/budgetx/budgetx/store"
	"github.com/budgetx/budgetx/store/storetest"
)

// siteDir is the look-alike county portal.
const siteDir = "../fixtures/site"

// registry is what budgetx reads today; PDF, HTML and workbook extractors
// join it as they land, and with them documents of those formats can join
// the portal.
func registry() *extract.Registry { return extract.NewRegistry(text.New()) }

// portalConfig is a site entry for the portal, with delays, timeouts and
// backoffs small enough for a test.
func portalConfig(t *testing.T, p *crawltest.Portal) *crawl.Config {
	t.Helper()
	cfg, err := crawl.ParseConfig([]byte(fmt.Sprintf(`
user_agent: budgetx-test/1 (+https://example.org/budgetx)
sites:
  - name: qingxi
    start: ["%s/zwgk/czyjs/index.html"]
    follow: ["/zwgk/czyjs/"]
    attachments: ['\.(txt|pdf|xlsx?|zip)$', 'downfile\.jsp']
    delay: 1ms
    timeout: 500ms
    retries: 1
    backoff: 1ms
`, p.URL)))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// crawlOnce crawls the portal into the database at dbPath with the
// extractors of reg.
func crawlOnce(ctx context.Context, t *testing.T, reg *extract.Registry, cfg *crawl.Config, dbPath string) (*crawl.Summary, error) {
	t.Helper()
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c, err := crawl.New(cfg, db, reg, crawl.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return c.Run(ctx)
}

// rows runs a query and formats each row as its values joined by " | ".
func rows(t *testing.T, dbPath, query string) []string {
	t.Helper()
	db, err := store.OpenReadOnly(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.Query(context.Background(), query)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range res.Values {
		var parts []string
		for _, v := range r {
			parts = append(parts, fmt.Sprint(v))
		}
		out = append(out, strings.Join(parts, " | "))
	}
	return out
}

// local strips the portal's address from URLs in s and decodes them, so
// expectations read as the portal's paths.
func local(p *crawltest.Portal, s string) string {
	s = strings.ReplaceAll(s, p.URL, "")
	if d, err := url.PathUnescape(s); err == nil {
		return d
	}
	return s
}

func localAll(p *crawltest.Portal, ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = local(p, s)
	}
	return out
}

// The budget documents of the portal, by the URL that links them.
var budgetDocuments = []string{
	"/module/download/downfile.jsp?classid=0&id=1 | ok",
	"/module/download/downfile.jsp?classid=0&id=2 | ok",
	"/uploads/2024/乡镇2024年部门预算.zip!/白石乡/白石乡人民政府2024年部门预算.txt | ok",
	"/uploads/2024/乡镇2024年部门预算.zip!/青溪镇人民政府2024年部门预算.txt | ok",
	"/uploads/2024/县财政局2024年部门预算.txt | ok",
	"/uploads/old/2023/县水利局2023年部门决算.txt | ok",
	"/zwgk/czyjs/bmys/202403/P020240315381200000001.txt | ok",
}

func TestCrawlPortal(t *testing.T) { storetest.ForEach(t, testCrawlPortal) }

func testCrawlPortal(t *testing.T, b storetest.Backend) {
	p := crawltest.New(siteDir)
	defer p.Close()
	cfg := portalConfig(t, p)
	dbPath := b.New(t)
	ctx := context.Background()

	sum, err := crawlOnce(ctx, t, registry(), cfg, dbPath)
	if err != nil {
		t.Fatalf("first crawl: %v", err)
	}
	docs := localAll(p, rows(t, dbPath, "SELECT source, status FROM documents ORDER BY source"))
	if !slices.Equal(docs, budgetDocuments) {
		t.Errorf("first crawl stored\n%s\nwant\n%s", strings.Join(docs, "\n"), strings.Join(budgetDocuments, "\n"))
	}
	if sum.New != len(budgetDocuments) || sum.Skipped != 1 || sum.Failed != 2 {
		t.Errorf("first crawl: %s; want %d new, 1 not a document, 2 failures", sum, len(budgetDocuments))
	}
	var failed []string
	for _, f := range sum.Failures {
		failed = append(failed, local(p, f.URL))
	}
	slices.Sort(failed)
	wantFailed := []string{"/uploads/2024/县人社局预算说明.txt", "/uploads/2024/slow/县审计局2024年部门预算.txt"}
	slices.Sort(wantFailed)
	if !slices.Equal(failed, wantFailed) {
		t.Errorf("failures %q, want %q", failed, wantFailed)
	}

	t.Run("pages", func(t *testing.T) {
		for _, path := range []string{
			"/zwgk/czyjs/bmys/index_1.html",               // createPageHTML(3, 0, "index", "html")
			"/zwgk/czyjs/bmys/index_2.html",               // the same, with the count in a variable
			"/zwgk/czyjs/bmys/202403/t20240316_1002.html", // linked from a GBK page
		} {
			if p.Count(path) != 1 {
				t.Errorf("%s requested %d times, want 1", path, p.Count(path))
			}
		}
		var queries []string
		for _, r := range p.Requests() {
			if r.Path == "/zwgk/czyjs/bmjs/list.html" {
				queries = append(queries, r.Query)
			}
		}
		slices.Sort(queries)
		if want := []string{"", "page=1", "page=2", "page=3"}; !slices.Equal(queries, want) {
			t.Errorf("list.html requested with queries %q, want %q", queries, want)
		}
		for _, r := range p.Requests() {
			if !strings.HasPrefix(r.Path, "/zwgk/czyjs/") && !strings.HasPrefix(r.Path, "/uploads/") &&
				!strings.HasPrefix(r.Path, "/module/download/") && r.Path != "/robots.txt" {
				t.Errorf("requested %s, outside the site's follow and attachment patterns", r.Path)
			}
		}
	})

	t.Run("retries", func(t *testing.T) {
		var statuses []int
		for _, r := range p.Requests() {
			if r.Path == "/module/download/downfile.jsp" && r.Query == "classid=0&id=2" {
				statuses = append(statuses, r.Status)
			}
		}
		if !slices.Equal(statuses, []int{503, 200}) {
			t.Errorf("the flaky download answered %v, want [503 200]", statuses)
		}
		// The slow file is tried twice (retries: 1), and the client gives
		// up on each try: the server records no answer.
		if n := p.Count("/uploads/2024/slow/县审计局2024年部门预算.txt"); n != 2 {
			t.Errorf("the slow file was requested %d times, want 2", n)
		}
	})

	t.Run("same attachment from two pages", func(t *testing.T) {
		const path = "/uploads/2024/县财政局2024年部门预算.txt"
		if n := p.Count(path); n != 1 {
			t.Errorf("%s downloaded %d times, want once", path, n)
		}
		linkers := localAll(p, rows(t, dbPath, fmt.Sprintf(
			"SELECT page_url FROM crawl_links WHERE url = '%s%s' ORDER BY page_url", p.URL, (&url.URL{Path: path}).EscapedPath())))
		// list.html?page=1 is list.html under another name, as pagers write it.
		want := []string{"/zwgk/czyjs/bmjs/list.html", "/zwgk/czyjs/bmjs/list.html?page=1", "/zwgk/czyjs/bmys/index_2.html"}
		if !slices.Equal(linkers, want) {
			t.Errorf("pages linking %s: %q, want %q", path, linkers, want)
		}
	})

	t.Run("provenance", func(t *testing.T) {
		got := localAll(p, rows(t, dbPath, `SELECT p.url, p.member, p.file_name, p.page_url, p.link_text,
			p.title, p.published, p.publisher FROM provenance p JOIN documents d ON d.sha256 = p.sha256
			ORDER BY p.url, p.member`))
		want := []string{
			"/module/download/downfile.jsp?classid=0&id=1 |  | 青溪县教育局2024年部门预算.txt | /zwgk/czyjs/bmys/202403/t20240316_1002.html | 青溪县教育局2024年部门预算.txt | 青溪县教育局、卫生健康局2024年部门预算公开 | 2024-03-16 | 青溪县财政局",
			"/module/download/downfile.jsp?classid=0&id=2 |  | 青溪县卫生健康局2024年部门预算.txt | /zwgk/czyjs/bmys/202403/t20240316_1002.html | 青溪县卫生健康局2024年部门预算.txt | 青溪县教育局、卫生健康局2024年部门预算公开 | 2024-03-16 | 青溪县财政局",
			"/uploads/2024/乡镇2024年部门预算.zip | 白石乡/白石乡人民政府2024年部门预算.txt | 白石乡人民政府2024年部门预算.txt | /zwgk/czyjs/bmjs/list.html?page=2 | 青溪县各乡镇2024年部门预算（打包下载） | 青溪县各乡镇2024年部门预算（打包下载） | 2024-04-10 | <nil>",
			"/uploads/2024/乡镇2024年部门预算.zip | 青溪镇人民政府2024年部门预算.txt | 青溪镇人民政府2024年部门预算.txt | /zwgk/czyjs/bmjs/list.html?page=2 | 青溪县各乡镇2024年部门预算（打包下载） | 青溪县各乡镇2024年部门预算（打包下载） | 2024-04-10 | <nil>",
			"/uploads/2024/县财政局2024年部门预算.txt |  | 县财政局2024年部门预算.txt | /zwgk/czyjs/bmjs/list.html | 青溪县财政局2024年部门预算（转载） | 青溪县财政局2024年部门预算（转载） | 2024-04-02 | <nil>",
			"/uploads/old/2023/县水利局2023年部门决算.txt |  | 县水利局2023年部门决算.txt | /zwgk/czyjs/bmjs/list.html?page=2 | 青溪县水利局2023年部门决算 | 青溪县水利局2023年部门决算 | 2024-08-20 | <nil>",
			"/zwgk/czyjs/bmys/202403/P020240315381200000001.txt |  | P020240315381200000001.txt | /zwgk/czyjs/bmys/202403/t20240315_1001.html | 青溪县人力资源和社会保障局2024年部门预算公开表.txt | 青溪县人力资源和社会保障局2024年部门预算公开 | 2024-03-15 | 青溪县人力资源和社会保障局",
		}
		if !slices.Equal(got, want) {
			t.Errorf("provenance:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})

	t.Run("robots.txt", func(t *testing.T) {
		for _, r := range p.Requests() {
			if strings.HasPrefix(r.Path, "/zwgk/czyjs/nbgl/") {
				t.Errorf("requested %s, which robots.txt disallows", r.Path)
			}
		}
		got := localAll(p, rows(t, dbPath, "SELECT url, outcome FROM crawl_queue WHERE outcome = 'disallowed' ORDER BY seq"))
		want := []string{"/zwgk/czyjs/nbgl/index.html | disallowed", "/zwgk/czyjs/nbgl/预算编制草稿.txt | disallowed"}
		if !slices.Equal(got, want) {
			t.Errorf("disallowed URLs %q, want %q", got, want)
		}
	})

	// The second crawl asks conditionally, downloads no body and changes
	// nothing.
	tables := func() []string {
		var all []string
		for _, q := range []string{
			"SELECT id, sha256, source, status, ingested_at FROM documents ORDER BY id",
			"SELECT sha256, url, member, page_url, link_text, title, published, fetched_at, run_id FROM provenance ORDER BY url, member",
			"SELECT count(*) FROM tables",
		} {
			all = append(all, rows(t, dbPath, q)...)
		}
		return all
	}
	before := tables()
	served := len(p.Requests())
	bodies := len(p.Bodies())
	sum, err = crawlOnce(ctx, t, registry(), cfg, dbPath)
	if err != nil {
		t.Fatalf("second crawl: %v", err)
	}
	if extra := p.Bodies()[bodies:]; len(extra) > 0 {
		t.Errorf("the second crawl downloaded %d bodies again: %v", len(extra), extra)
	}
	if len(p.Requests()) == served {
		t.Error("the second crawl made no request")
	}
	if after := tables(); !slices.Equal(before, after) {
		t.Errorf("the second crawl changed the documents:\n%s\nwant\n%s", strings.Join(after, "\n"), strings.Join(before, "\n"))
	}
	if sum.New != 0 || sum.ChangedPages != 0 || sum.Downloads != 0 || sum.Failed != 2 || sum.Pages == 0 {
		t.Errorf("second crawl: %s", sum)
	}
	for _, r := range p.Requests() {
		if strings.HasPrefix(r.Path, "/zwgk/czyjs/nbgl/") {
			t.Errorf("the second crawl requested %s, which robots.txt disallows", r.Path)
		}
	}
	runs := rows(t, dbPath, "SELECT id, status, new_documents, failures, finished_at IS NOT NULL FROM crawl_runs ORDER BY id")
	if want := []string{"1 | done | 7 | 2 | 1", "2 | done | 0 | 2 | 1"}; !slices.Equal(runs, want) {
		t.Errorf("crawl_runs %q, want %q", runs, want)
	}
}

// Sites that inline documents as HTML pages list .html among the
// attachments: such pages are followed and ingested both.
func TestCrawlHTMLAttachments(t *testing.T) {
	p := crawltest.New(siteDir)
	defer p.Close()
	cfg := portalConfig(t, p)
	cfg.Sites[0].Attachments = []string{`\.(txt|pdf|xlsx?|zip|html?)$`, `downfile\.jsp`}
	dbPath := filepath.Join(t.TempDir(), "budgetx.db")
	ctx := context.Background()
	sum, err := crawlOnce(ctx, t, registry(), cfg, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	docs := localAll(p, rows(t, dbPath, "SELECT source, status FROM documents ORDER BY source"))
	if !slices.Equal(docs, budgetDocuments) {
		t.Errorf("stored\n%s\nwant\n%s", strings.Join(docs, "\n"), strings.Join(budgetDocuments, "\n"))
	}
	// Every .html page was offered to ingest too, and is not a document
	// budgetx reads today; the .pdf that is a page is one more.
	both := rows(t, dbPath, "SELECT count(*) FROM crawl_queue WHERE kind = 'both' AND outcome LIKE 'changed, not a document%'")
	if want := fmt.Sprint(sum.Skipped - 1); both[0] != want || sum.Skipped < 10 {
		t.Errorf("summary %s, %s pages ingested too: want every .html page and the false .pdf skipped as not documents", sum, both[0])
	}
	bodies := len(p.Bodies())
	if _, err := crawlOnce(ctx, t, registry(), cfg, dbPath); err != nil {
		t.Fatal(err)
	}
	if extra := p.Bodies()[bodies:]; len(extra) > 0 {
		t.Errorf("the second crawl downloaded %d bodies: %v", len(extra), extra)
	}
}

func TestCrawlResumesAfterInterrupt(t *testing.T) {
	p := crawltest.New(siteDir)
	defer p.Close()
	cfg := portalConfig(t, p)
	dbPath := filepath.Join(t.TempDir(), "budgetx.db")

	// Stop the crawl when it reaches the second listing of 部门预算.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p.OnRequest(func(r *http.Request) {
		if r.URL.Path == "/zwgk/czyjs/bmys/index_1.html" {
			cancel()
		}
	})
	sum, err := crawlOnce(ctx, t, registry(), cfg, dbPath)
	if !errors.Is(err, context.Canceled) || sum == nil || !sum.Interrupted {
		t.Fatalf("interrupted crawl: %v, %v", sum, err)
	}
	if got := rows(t, dbPath, "SELECT status FROM crawl_runs"); !slices.Equal(got, []string{"interrupted"}) {
		t.Fatalf("crawl_runs after the interrupt: %q", got)
	}
	pending := rows(t, dbPath, "SELECT count(*) FROM crawl_queue WHERE state = 'pending'")
	if pending[0] == "0" {
		t.Fatal("the interrupted run left no pending URL")
	}

	p.OnRequest(nil)
	if _, err := crawlOnce(context.Background(), t, registry(), cfg, dbPath); err != nil {
		t.Fatalf("resumed crawl: %v", err)
	}
	if got := rows(t, dbPath, "SELECT id, status FROM crawl_runs"); !slices.Equal(got, []string{"1 | done"}) {
		t.Errorf("crawl_runs after resuming: %q, want the one run done", got)
	}
	docs := localAll(p, rows(t, dbPath, "SELECT source, status FROM documents ORDER BY source"))
	if !slices.Equal(docs, budgetDocuments) {
		t.Errorf("resumed crawl stored\n%s\nwant\n%s", strings.Join(docs, "\n"), strings.Join(budgetDocuments, "\n"))
	}
	// Pages done before the interrupt are not fetched again.
	for _, path := range []string{"/zwgk/czyjs/index.html", "/zwgk/czyjs/bmys/index.html"} {
		if n := p.Count(path); n != 1 {
			t.Errorf("%s requested %d times, want 1", path, n)
		}
	}
}

// A file skipped because budgetx read no format of its kind is downloaded
// again once it does, and only then.
func TestCrawlNewReader(t *testing.T) {
	p := crawltest.New(siteDir)
	defer p.Close()
	cfg := portalConfig(t, p)
	dbPath := filepath.Join(t.TempDir(), "budgetx.db")
	ctx := context.Background()

	sum, err := crawlOnce(ctx, t, extract.NewRegistry(), cfg, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 0 || sum.Skipped != len(budgetDocuments)+1 {
		t.Errorf("a crawl that reads nothing: %s", sum)
	}
	if docs := rows(t, dbPath, "SELECT count(*) FROM documents"); docs[0] != "0" {
		t.Errorf("a crawl that reads nothing stored %s documents", docs[0])
	}
	sum, err = crawlOnce(ctx, t, registry(), cfg, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	docs := localAll(p, rows(t, dbPath, "SELECT source, status FROM documents ORDER BY source"))
	if sum.New != len(budgetDocuments) || !slices.Equal(docs, budgetDocuments) {
		t.Errorf("once text is read: %s; stored\n%s", sum, strings.Join(docs, "\n"))
	}
	bodies := len(p.Bodies())
	if _, err := crawlOnce(ctx, t, registry(), cfg, dbPath); err != nil {
		t.Fatal(err)
	}
	if extra := p.Bodies()[bodies:]; len(extra) > 0 {
		t.Errorf("a third crawl downloaded %d bodies: %v", len(extra), extra)
	}
}

func TestCrawlDryRun(t *testing.T) {
	p := crawltest.New(siteDir)
	defer p.Close()
	cfg := portalConfig(t, p)
	c, err := crawl.New(cfg, nil, registry(), crawl.Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := c.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var planned []string
	for _, pl := range sum.Planned {
		planned = append(planned, local(p, pl.URL))
	}
	slices.Sort(planned)
	want := []string{
		"/module/download/downfile.jsp?classid=0&id=1",
		"/module/download/downfile.jsp?classid=0&id=2",
		"/uploads/2024/slow/县审计局2024年部门预算.txt",
		"/uploads/2024/乡镇2024年部门预算.zip",
		"/uploads/2024/县人社局预算说明.txt",
		"/uploads/2024/县财政局2024年部门预算.txt",
		"/uploads/old/2023/县水利局2023年部门决算.txt",
		"/zwgk/czyjs/bmys/202403/P020240315381200000001.txt",
		"/zwgk/czyjs/bmys/202403/P020240315381200000002.pdf",
	}
	if !slices.Equal(planned, want) {
		t.Errorf("planned\n%s\nwant\n%s", strings.Join(planned, "\n"), strings.Join(want, "\n"))
	}
	for _, r := range p.Requests() {
		if strings.HasPrefix(r.Path, "/uploads/") || strings.HasPrefix(r.Path, "/module/") ||
			strings.HasSuffix(r.Path, ".txt") && r.Path != "/robots.txt" {
			t.Errorf("a dry run requested the file %s", r.Path)
		}
	}
	if !strings.HasPrefix(sum.String(), "dry run: ") {
		t.Errorf("summary %q", sum)
	}
}

// TestCrawlTogether runs two crawls of one database at once, as two
// machines would, each of one of two sites on one host: requests to the
// host keep the delay across both. Then two crawls of both sites at once
// crawl each site once.
func TestCrawlTogether(t *testing.T) { storetest.ForEach(t, testCrawlTogether) }

func testCrawlTogether(t *testing.T, b storetest.Backend) {
	p := crawltest.New(siteDir)
	defer p.Close()
	const delay = 80 * time.Millisecond
	cfg, err := crawl.ParseConfig([]byte(fmt.Sprintf(`
user_agent: budgetx-test/1 (+https://example.org/budgetx)
sites:
  - name: budgets
    start: ["%[1]s/zwgk/czyjs/bmys/index.html"]
    follow: ["/zwgk/czyjs/bmys/"]
    delay: %[2]s
    timeout: 2s
    retries: 0
  - name: scripts
    start: ["%[1]s/zwgk/czyjs/fjxs/index.html"]
    follow: ["/zwgk/czyjs/fjxs/"]
    delay: %[2]s
    timeout: 2s
    retries: 0
`, p.URL, delay)))
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var starts []time.Time
	p.OnRequest(func(*http.Request) {
		mu.Lock()
		starts = append(starts, time.Now())
		mu.Unlock()
	})
	dsn := b.New(t)
	ctx := context.Background()
	sums, errs := crawlTogether(t, cfg, dsn, [][]string{{cfg.Sites[0].Name}, {cfg.Sites[1].Name}})
	mu.Lock()
	slices.SortFunc(starts, func(a, b time.Time) int { return a.Compare(b) })
	if len(starts) < 10 {
		t.Fatalf("%d requests", len(starts))
	}
	// The server sees a request a little after it starts, a new
	// connection's first the latest: the gaps it sees vary, their sum not.
	short := 0
	for i := 1; i < len(starts); i++ {
		if starts[i].Sub(starts[i-1]) < delay/2 {
			short++
		}
	}
	if span := starts[len(starts)-1].Sub(starts[0]); span < time.Duration(len(starts)-1)*delay*8/10 || short > 3 {
		t.Errorf("%d requests to the host in %v, %d of them less than %v apart: the delay %v did not hold across the crawls",
			len(starts), span, short, delay/2, delay)
	}
	starts = nil
	mu.Unlock()
	for i := range 2 {
		if errs[i] != nil || sums[i].Sites != 1 {
			t.Fatalf("crawl %d of one site: %v", i, errs[i])
		}
	}

	// Both crawls ask for both sites; each site is crawled once.
	for _, q := range []string{"UPDATE crawl_runs SET status = 'done'", "DELETE FROM crawl_urls"} {
		if _, err := sqlExec(ctx, dsn, q); err != nil {
			t.Fatal(err)
		}
	}
	sums, errs = crawlTogether(t, cfg, dsn, [][]string{nil, nil})
	crawled := 0
	for i := range 2 {
		switch {
		case errors.Is(errs[i], crawl.ErrLocked):
		case errs[i] != nil:
			t.Fatalf("crawl %d: %v", i, errs[i])
		default:
			crawled += sums[i].Sites
			t.Logf("crawl %d: %d sites, %s", i, sums[i].Sites, sums[i])
		}
	}
	if crawled != 2 {
		t.Errorf("%d site crawls, want each of the 2 sites crawled once", crawled)
	}
	if got := rows(t, dsn, "SELECT site, count(*), min(status) FROM crawl_runs GROUP BY site ORDER BY site"); !slices.Equal(got,
		[]string{"budgets | 2 | done", "scripts | 2 | done"}) {
		t.Errorf("runs %q", got)
	}
}

// crawlTogether runs a crawl of each list of sites at once (nil: every
// site), each through a handle of its own, as another machine has.
func crawlTogether(t *testing.T, cfg *crawl.Config, dsn string, sites [][]string) ([]*crawl.Summary, []error) {
	ctx := context.Background()
	sums := make([]*crawl.Summary, len(sites))
	errs := make([]error, len(sites))
	var wg sync.WaitGroup
	for i, names := range sites {
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		c, err := crawl.New(cfg, db, registry(), crawl.Options{})
		if err != nil {
			t.Fatal(err)
		}
		wg.Go(func() { sums[i], errs[i] = c.Run(ctx, names...) })
	}
	wg.Wait()
	return sums, errs
}

// sqlExec runs one statement on the database dsn names.
func sqlExec(ctx context.Context, dsn, q string) (int64, error) {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	res, err := db.ExecContext(ctx, q)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// TestCrawlClaims checks that a crawl leaves to another live crawl the
// sites it holds, and takes over those of a crawl that died.
func TestCrawlClaims(t *testing.T) {
	p := crawltest.New(siteDir)
	defer p.Close()
	cfg := portalConfig(t, p)
	dbPath := filepath.Join(t.TempDir(), "budgetx.db")
	ctx := context.Background()
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	hold := func(pid int, host string, expires int64) {
		t.Helper()
		for _, s := range cfg.Sites {
			_, err := db.SQL().Exec(`INSERT OR REPLACE INTO claims (kind, key, token, host, pid, claimed_at, expires_at)
				VALUES ('site', ?, 'other', ?, ?, 0, ?)`, s.Name, host, pid, expires)
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	c, err := crawl.New(cfg, db, registry(), crawl.Options{})
	if err != nil {
		t.Fatal(err)
	}

	future := time.Now().Add(time.Hour).UnixMilli()
	hold(4242, "elsewhere", future)
	if _, err := c.Run(ctx); !errors.Is(err, crawl.ErrLocked) || !strings.Contains(err.Error(), "pid 4242 on elsewhere") {
		t.Fatalf("crawl while another holds every site: %v", err)
	}
	if n := len(p.Requests()); n != 0 {
		t.Errorf("a locked-out crawl made %d requests", n)
	}

	hold(4242, "elsewhere", 1000) // a crawl that died long ago
	if _, err := c.Run(ctx); err != nil {
		t.Fatalf("crawl over a stale claim: %v", err)
	}

	// A crawl of this host whose process is gone, however fresh its
	// lease, holds nothing.
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Skip("cannot run true:", err)
	}
	host, _ := os.Hostname()
	hold(gone.Process.Pid, host, future)
	if _, err := c.Run(ctx); err != nil {
		t.Fatalf("crawl over the claim of a dead process: %v", err)
	}
	if got := rows(t, dbPath, "SELECT count(*) FROM claims"); got[0] != "0" {
		t.Errorf("the claims were not given up: %q rows", got)
	}
}

// TestScriptAttachments crawls the column whose article pages write their
// attachment lists with scripts, data attributes, click handlers and PDF
// viewers: every attachment is found, named by its link text or by the
// file name the script gives, and no script runs (nothing that a script
// would have loaded is requested).
func TestScriptAttachments(t *testing.T) {
	p := crawltest.New(siteDir)
	defer p.Close()
	cfg, err := crawl.ParseConfig([]byte(fmt.Sprintf(`
user_agent: budgetx-test/1 (+https://example.org/budgetx)
sites:
  - name: qingxi
    start: ["%s/zwgk/czyjs/fjxs/index.html"]
    follow: ["/zwgk/czyjs/fjxs/"]
    attachments: ['\.(txt|pdf|docx?|xlsx?|zip|rar|7z)$']
    delay: 1ms
    timeout: 2s
`, p.URL)))
	if err != nil {
		t.Fatal(err)
	}
	dbPath := filepath.Join(t.TempDir(), "b.db")
	sum, err := crawlOnce(context.Background(), t, registry(), cfg, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 0 {
		t.Errorf("failures: %+v", sum.Failures)
	}
	got := localAll(p, rows(t, dbPath, `SELECT pv.url, pv.link_text, d.status FROM provenance pv
		JOIN documents d ON d.sha256 = pv.sha256 ORDER BY pv.url`))
	fj := "/zwgk/czyjs/fjxs/202603/"
	cms := "/u/cms/qingxi/202603/"
	want := []string{
		cms + "P020260302381200000003.pdf | 附件1 青溪县卫生健康局2026年部门预算.pdf | ok",
		cms + "P020260302381200000004.pdf | 附件2 青溪县卫生健康局项目支出绩效目标表.pdf | ok",
		cms + "P020260302381200000005.pdf | 附件3 青溪县民政局2026年部门预算 | ok",
		cms + "P020260302381200000006.pdf | 附件4 青溪县民政局项目支出绩效目标表 | ok",
		cms + "P020260303381200000008.pdf | 青溪县水利局2026年部门预算 | ok",
		cms + "P020260303381200000009.pdf | <nil> | ok",
		cms + "P020260303381200000010.pdf | 青溪县交通运输局项目支出绩效目标表 | ok",
		fj + "P020260302381200000001.pdf | 附件1：青溪县教育局2026年部门预算 | ok",
		fj + "P020260302381200000002.pdf | 附件2：青溪县教育局2026年项目支出绩效目标表 | ok",
		fj + "P020260302381200000007.pdf | 附件5 青溪县民政局“三公”经费 | ok",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("attachments\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, path := range []string{"/js/jquery.min.js", "/js/fj.js", "/stat/count.gif", "/pdfjs/web/viewer.html", "/common/download.jsp"} {
		if n := p.Count(path); n != 0 {
			t.Errorf("%s requested %d times: the crawler ran a page's script or fetched its viewer", path, n)
		}
	}
}
