package serve_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/budgetx/budgetx/extract/formats"
	"github.com/budgetx/budgetx/ingest"
	"github.com/budgetx/budgetx/serve"
	"github.com/budgetx/budgetx/store"
)

// ingestFiles stores files in a new database, as budgetx ingest does, and
// returns its path. Every file must be read.
func ingestFiles(t testing.TB, files ...string) string {
	t.Helper()
	path, sum := ingestSome(t, files...)
	if sum.Failed > 0 {
		t.Fatalf("ingest: %+v", sum)
	}
	return path
}

// ingestSome stores files in a new database, some of which may fail.
func ingestSome(t testing.TB, files ...string) (string, ingest.Summary) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "budgetx.db")
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sum, err := ingest.New(db, formats.Registry(), ingest.Options{Jobs: 2}).Run(context.Background(), files)
	if err != nil {
		t.Fatal(err)
	}
	return path, sum
}

// app serves the database at path read-only, as budgetx serve does.
func app(t testing.TB, path string, opt serve.Options) (*httptest.Server, *store.DB) {
	t.Helper()
	db, err := store.OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if opt.Extract == nil {
		opt.Extract = formats.Registry().Extract
	}
	srv := httptest.NewServer(serve.New(db, opt))
	t.Cleanup(srv.Close)
	return srv, db
}

// get fetches path from srv and returns the status and body.
func get(t testing.TB, srv *httptest.Server, path string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// chromium finds a Chromium to drive: $BUDGETX_CHROMIUM, or one on PATH.
// Without one the test is skipped, except under CI, whose script installs
// it.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("BUDGETX_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("Chromium is not installed (apt-get install chromium); .ci/run installs it")
	}
	t.Skip("Chromium is not installed (apt-get install chromium)")
	return ""
}

// browser starts a headless Chromium with a fresh profile and returns a
// context for one tab. What the page logs to its console goes to the test
// log.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 90*time.Second)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	var wg sync.WaitGroup
	console := chromedp.Console(ctx)
	wg.Go(func() {
		for m, err := range console {
			if err != nil {
				return
			}
			t.Logf("console %s: %s", m.Type, m.Text)
		}
	})
	t.Cleanup(func() { cancelTime(); cancelTab(); cancelAlloc(); wg.Wait() })
	return ctx
}

// eval runs a JavaScript expression in the page and decodes its value;
// a promise is awaited.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// open loads a page and waits for what sel selects to be visible.
func open(t *testing.T, ctx context.Context, url, sel string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(sel)); err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
}

// fixture returns the path of a file in fixtures/docs.
func fixture(name string) string {
	return filepath.Join("..", "fixtures", "docs", name)
}
