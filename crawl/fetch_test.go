package crawl

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testSite is a site with tiny delays, for fetcher tests.
func testSite() *site {
	return &site{name: "t", delay: 0, concurrency: 1, timeout: 2 * time.Second, retries: 2,
		backoff: time.Millisecond, maxBackoff: 10 * time.Millisecond, maxWait: time.Minute,
		maxRedirects: 3, maxSize: 1 << 20}
}

// testFetcher returns a fetcher whose waits between tries are recorded,
// not slept.
func testFetcher() (*fetcher, *[]time.Duration) {
	f := newFetcher("budgetx-test/1", slog.New(slog.DiscardHandler))
	var mu sync.Mutex
	waits := &[]time.Duration{}
	f.sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		*waits = append(*waits, d)
		mu.Unlock()
		return ctx.Err()
	}
	return f, waits
}

// server serves robots.txt (allowing all but /private/) and the handler.
func server(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
			return
		}
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestFetchRetries(t *testing.T) {
	tests := []struct {
		name     string
		answers  []int  // status of each try, in order; 200 ends
		after    string // Retry-After on failures
		requests int
		err      string
		minWait  time.Duration // the first wait is at least this
	}{
		{"503 then success", []int{503, 200}, "", 2, "", 0},
		{"429 honours Retry-After", []int{429, 429, 200}, "7", 3, "", 7 * time.Second},
		{"Retry-After past max_wait gives up", []int{503, 200}, "3600", 1, "longer than max_wait", 0},
		{"5xx until retries run out", []int{500, 502, 504, 200}, "", 3, "HTTP 504", 0},
		{"404 is not retried", []int{404, 200}, "", 1, "HTTP 404", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n atomic.Int32
			srv := server(t, func(w http.ResponseWriter, r *http.Request) {
				code := tt.answers[min(int(n.Add(1))-1, len(tt.answers)-1)]
				if code != 200 {
					if tt.after != "" {
						w.Header().Set("Retry-After", tt.after)
					}
					http.Error(w, "busy", code)
					return
				}
				fmt.Fprint(w, "body")
			})
			f, waits := testFetcher()
			resp, err := f.get(context.Background(), testSite(), mustURL(t, srv.URL+"/f.pdf"), fetchOpts{})
			if got := int(n.Load()); got != tt.requests {
				t.Errorf("%d requests, want %d", got, tt.requests)
			}
			if tt.err == "" {
				if err != nil || string(resp.body) != "body" {
					t.Fatalf("got %v, %v", resp, err)
				}
			} else if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("error %v, want %q", err, tt.err)
			}
			if len(*waits) != tt.requests-1 {
				t.Errorf("waited %d times, want %d", len(*waits), tt.requests-1)
			}
			if tt.minWait > 0 && (*waits)[0] < tt.minWait {
				t.Errorf("waited %v before retrying, Retry-After asked %v", (*waits)[0], tt.minWait)
			}
		})
	}
}

func TestFetchTimeout(t *testing.T) {
	var n atomic.Int32
	srv := server(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		<-r.Context().Done()
	})
	f, _ := testFetcher()
	s := testSite()
	s.timeout = 200 * time.Millisecond
	_, err := f.get(context.Background(), s, mustURL(t, srv.URL+"/slow"), fetchOpts{})
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("error %v, want a timeout", err)
	}
	if n.Load() != 3 {
		t.Errorf("%d tries, want 3 (retries: 2)", n.Load())
	}
}

// The timeout bounds each wait, not the whole transfer: a body that keeps
// coming is read to the end.
func TestFetchSlowBody(t *testing.T) {
	srv := server(t, func(w http.ResponseWriter, r *http.Request) {
		for range 6 {
			fmt.Fprint(w, "x")
			w.(http.Flusher).Flush()
			time.Sleep(150 * time.Millisecond)
		}
		if r.URL.Path == "/stalls" {
			<-r.Context().Done()
		}
	})
	f, _ := testFetcher()
	s := testSite()
	// Each gap is a third of the timeout, so a loaded machine does not
	// turn it into a timeout; the whole body takes almost twice as long.
	s.timeout = 500 * time.Millisecond
	s.retries = 0
	resp, err := f.get(context.Background(), s, mustURL(t, srv.URL+"/trickle"), fetchOpts{})
	if err != nil || string(resp.body) != "xxxxxx" {
		t.Fatalf("a body trickling in for longer than the timeout: %v", err)
	}
	if _, err := f.get(context.Background(), s, mustURL(t, srv.URL+"/stalls"), fetchOpts{}); !errors.Is(err, ErrTimeout) {
		t.Errorf("a body that stalls: %v, want a timeout", err)
	}
}

func TestFetchCancel(t *testing.T) {
	srv := server(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	f, _ := testFetcher()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	_, err := f.get(ctx, testSite(), mustURL(t, srv.URL+"/slow"), fetchOpts{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
}

func TestFetchSizeCap(t *testing.T) {
	srv := server(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/chunked" {
			w.(http.Flusher).Flush() // no Content-Length
		}
		fmt.Fprint(w, strings.Repeat("x", 100))
	})
	f, _ := testFetcher()
	s := testSite()
	s.maxSize = 99
	for _, p := range []string{"/declared", "/chunked"} {
		if _, err := f.get(context.Background(), s, mustURL(t, srv.URL+p), fetchOpts{}); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s: error %v, want ErrTooLarge", p, err)
		}
	}
	s.maxSize = 100
	if resp, err := f.get(context.Background(), s, mustURL(t, srv.URL+"/chunked"), fetchOpts{}); err != nil || len(resp.body) != 100 {
		t.Errorf("a body at the cap: %v", err)
	}
}

func TestFetchRedirects(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	srv := server(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.URL.Path)
		mu.Unlock()
		var hop int
		if _, err := fmt.Sscanf(r.URL.Path, "/hop/%d", &hop); err == nil && hop > 0 {
			http.Redirect(w, r, fmt.Sprintf("../hop/%d", hop-1), http.StatusFound)
			return
		}
		switch r.URL.Path {
		case "/to-private":
			http.Redirect(w, r, "/private/x.pdf", http.StatusMovedPermanently)
		default:
			fmt.Fprint(w, "arrived")
		}
	})
	f, _ := testFetcher()
	s := testSite()
	resp, err := f.get(context.Background(), s, mustURL(t, srv.URL+"/hop/3"), fetchOpts{})
	if err != nil || resp.url.Path != "/hop/0" || string(resp.body) != "arrived" {
		t.Fatalf("three redirects with max_redirects 3: %v %v", resp, err)
	}
	if _, err := f.get(context.Background(), s, mustURL(t, srv.URL+"/hop/4"), fetchOpts{}); !errors.Is(err, ErrRedirects) {
		t.Errorf("four redirects: %v, want ErrRedirects", err)
	}
	if _, err := f.get(context.Background(), s, mustURL(t, srv.URL+"/to-private"), fetchOpts{}); !errors.Is(err, ErrDisallowed) {
		t.Errorf("redirect into a disallowed path: %v, want ErrDisallowed", err)
	}
	for _, p := range seen {
		if strings.HasPrefix(p, "/private/") {
			t.Errorf("requested %s, which robots.txt disallows", p)
		}
	}
}

func TestFetchConditional(t *testing.T) {
	modified := time.Date(2024, 3, 15, 9, 30, 0, 0, time.UTC)
	srv := server(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/etag" {
			w.Header().Set("ETag", `"v1"`)
			http.ServeContent(w, r, "", time.Time{}, strings.NewReader("etag body"))
			return
		}
		http.ServeContent(w, r, "", modified, strings.NewReader("dated body"))
	})
	f, _ := testFetcher()
	for _, p := range []string{"/etag", "/dated"} {
		first, err := f.get(context.Background(), testSite(), mustURL(t, srv.URL+p), fetchOpts{})
		if err != nil || first.notModified || len(first.body) == 0 {
			t.Fatalf("%s: first fetch %v %v", p, first, err)
		}
		again, err := f.get(context.Background(), testSite(), mustURL(t, srv.URL+p), fetchOpts{validators: first.validators()})
		if err != nil || !again.notModified || len(again.body) != 0 {
			t.Errorf("%s: conditional fetch %+v %v, want 304 Not Modified", p, again, err)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2024, 3, 15, 9, 30, 0, 0, time.UTC)
	tests := map[string]time.Duration{
		"":                              0,
		"120":                           2 * time.Minute,
		"-5":                            0,
		"soon":                          0,
		"Fri, 15 Mar 2024 09:31:30 GMT": 90 * time.Second,
		"Fri, 15 Mar 2024 09:00:00 GMT": 0,
	}
	for h, want := range tests {
		if got := retryAfter(h, now); got != want {
			t.Errorf("retryAfter(%q) = %v, want %v", h, got, want)
		}
	}
}

func TestBackoff(t *testing.T) {
	s := &site{backoff: time.Second, maxBackoff: 10 * time.Second}
	for attempt, full := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 10 * time.Second, 10 * time.Second} {
		for range 20 {
			d := backoff(s, attempt)
			if d < full/2 || d > full {
				t.Fatalf("backoff(%d) = %v, want within [%v, %v]", attempt, d, full/2, full)
			}
		}
	}
	if d := backoff(s, 200); d > s.maxBackoff {
		t.Errorf("backoff(200) = %v overflows the cap", d)
	}
}

func TestRobots(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		body    string
		path    string
		allowed bool
		delay   time.Duration
		err     string
	}{
		{"disallowed path", 200, "User-agent: *\nDisallow: /zwgk/nbgl/\n", "/zwgk/nbgl/a.pdf", false, 0, ""},
		{"allowed path", 200, "User-agent: *\nDisallow: /zwgk/nbgl/\n", "/zwgk/czyjs/a.pdf", true, 0, ""},
		{"our own group wins", 200, "User-agent: *\nDisallow: /\n\nUser-agent: budgetx-test\nDisallow: /x/\nCrawl-delay: 3\n", "/a.pdf", true, 3 * time.Second, ""},
		{"query is part of the path", 200, "User-agent: *\nDisallow: /list?page=\n", "/list?page=2", false, 0, ""},
		{"no robots.txt", 404, "", "/anything", true, 0, ""},
		{"server error", 503, "", "/anything", false, 0, "off limits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var requests atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				requests.Add(1)
				w.WriteHeader(tt.status)
				fmt.Fprint(w, tt.body)
			}))
			defer srv.Close()
			f, _ := testFetcher()
			s := testSite()
			for range 2 { // the second check is answered from memory
				allowed, delay, err := f.robots.check(context.Background(), s, mustURL(t, srv.URL+tt.path))
				if tt.err != "" {
					if err == nil || !strings.Contains(err.Error(), tt.err) {
						t.Fatalf("error %v, want %q", err, tt.err)
					}
					continue
				}
				if err != nil || allowed != tt.allowed || delay != tt.delay {
					t.Fatalf("check = %v, %v, %v; want %v, %v", allowed, delay, err, tt.allowed, tt.delay)
				}
			}
			if want := int32(1 + s.retries*boolInt(tt.status >= 500)); requests.Load() != want {
				t.Errorf("robots.txt requested %d times, want %d", requests.Load(), want)
			}
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// sendTimes records when each request leaves the client.
type sendTimes struct {
	next  http.RoundTripper
	mu    sync.Mutex
	times []time.Time
}

func (s *sendTimes) RoundTrip(r *http.Request) (*http.Response, error) {
	s.mu.Lock()
	s.times = append(s.times, time.Now())
	s.mu.Unlock()
	return s.next.RoundTrip(r)
}

func TestGateSpacesRequests(t *testing.T) {
	var mu sync.Mutex
	inflight, most := 0, 0
	srv := server(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inflight++
		most = max(most, inflight)
		mu.Unlock()
		time.Sleep(5 * time.Millisecond)
		mu.Lock()
		inflight--
		mu.Unlock()
	})
	f, _ := testFetcher()
	sent := &sendTimes{next: f.client.Transport}
	f.client.Transport = sent
	s := testSite()
	s.delay = 20 * time.Millisecond
	s.concurrency = 2
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Go(func() {
			if _, err := f.get(context.Background(), s, mustURL(t, fmt.Sprintf("%s/p%d", srv.URL, i)), fetchOpts{}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if most > s.concurrency {
		t.Errorf("%d requests at once, the limit is %d", most, s.concurrency)
	}
	if len(sent.times) != 7 { // robots.txt and six pages
		t.Fatalf("%d requests sent, want 7", len(sent.times))
	}
	// The gate schedules the k-th request at the first one's start plus k
	// delays; a goroutine may wake late, never early, so the i-th request
	// to leave does so at least i delays after the first.
	slices.SortFunc(sent.times, time.Time.Compare)
	for i, at := range sent.times {
		if since := at.Sub(sent.times[0]); since < time.Duration(i)*s.delay-2*time.Millisecond {
			t.Errorf("request %d left %v after the first, want at least %v", i, since, time.Duration(i)*s.delay)
		}
	}
}
