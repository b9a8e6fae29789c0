package crawl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"syscall"
	"time"
)

// Errors a fetch can end with, besides *StatusError.
var (
	// ErrDisallowed: robots.txt does not let budgetx fetch the URL.
	ErrDisallowed = errors.New("disallowed by robots.txt")
	// ErrTooLarge: the body is larger than the site's max_size.
	ErrTooLarge = errors.New("larger than max_size")
	// ErrTimeout: no complete answer came within the site's timeout.
	ErrTimeout = errors.New("timed out")
	// ErrRedirects: more redirects than the site's max_redirects.
	ErrRedirects = errors.New("too many redirects")
)

// StatusError is an HTTP answer that is neither a success, a redirect nor
// 304 Not Modified.
type StatusError struct {
	Code       int
	RetryAfter time.Duration // what Retry-After asked for; 0 when absent
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("HTTP %d %s", e.Code, http.StatusText(e.Code))
}

// validators make a request conditional: the server answers 304 Not
// Modified, with no body, when the resource has not changed.
type validators struct {
	etag         string
	lastModified string
}

// response is a complete answer: the body is read, within the size cap.
type response struct {
	url         *url.URL // after redirects
	status      int
	header      http.Header
	body        []byte
	notModified bool
}

func (r *response) validators() validators {
	return validators{etag: r.header.Get("ETag"), lastModified: r.header.Get("Last-Modified")}
}

// fetcher makes polite requests: through the host's gate, after asking
// robots.txt, retried with backoff when the failure may pass.
type fetcher struct {
	client *http.Client
	agent  string
	gates  *gates
	robots *robots
	log    *slog.Logger
	// turn, when set, waits for a host's turn among every crawl of the
	// database (see state.reserve): the gates space this process's
	// requests, turn those of all processes.
	turn func(ctx context.Context, host string, delay time.Duration) (time.Duration, error)
	// sleep waits between tries; tests replace it to see the waits.
	sleep func(context.Context, time.Duration) error
}

func newFetcher(agent string, log *slog.Logger) *fetcher {
	jar, _ := cookiejar.New(nil) // never fails without options
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 4
	tr.DialContext = (&net.Dialer{Timeout: 15 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	f := &fetcher{
		client: &http.Client{
			Transport: tr,
			Jar:       jar, // some portals hand out a session cookie and want it back
			// Redirects are followed by try, so that every hop passes the
			// gate and robots.txt and counts against max_redirects.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		agent: agent,
		gates: newGates(),
		log:   log,
		sleep: sleep,
	}
	f.robots = newRobots(f)
	return f
}

// fetchOpts say how to fetch one URL.
type fetchOpts struct {
	validators
	maxSize    int64
	skipRobots bool // for robots.txt itself
}

// get fetches u for site s, retrying timeouts, 429 and 5xx answers and
// dropped connections with exponential backoff and jitter, and honouring
// Retry-After up to the site's max_wait.
func (f *fetcher) get(ctx context.Context, s *site, u *url.URL, o fetchOpts) (*response, error) {
	for attempt := 0; ; attempt++ {
		resp, err := f.try(ctx, s, u, o)
		if err == nil || ctx.Err() != nil || !retryable(err) || attempt >= s.retries {
			return resp, err
		}
		wait := backoff(s, attempt)
		var se *StatusError
		if errors.As(err, &se) && se.RetryAfter > 0 {
			if se.RetryAfter > s.maxWait {
				return nil, fmt.Errorf("%w; the server asks to wait %v, longer than max_wait %v", err, se.RetryAfter, s.maxWait)
			}
			wait = max(wait, se.RetryAfter)
		}
		f.log.Debug("retrying", "url", readable(u.String()), "err", err, "after", wait, "attempt", attempt+1)
		if err := f.sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// backoff is the wait before retry number attempt+1: the site's backoff
// doubled per attempt, capped, with "equal jitter" (half fixed, half
// random) so that clients that failed together do not retry together.
func backoff(s *site, attempt int) time.Duration {
	d := s.backoff << min(attempt, 30)
	if d <= 0 || d > s.maxBackoff {
		d = s.maxBackoff
	}
	half := d / 2
	return half + rand.N(half+1)
}

// retryable reports whether err may pass if the request is tried again.
func retryable(err error) bool {
	var se *StatusError
	if errors.As(err, &se) {
		return se.Code == http.StatusTooManyRequests || se.Code >= 500
	}
	return errors.Is(err, ErrTimeout) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF)
}

// try makes one attempt, following redirects.
func (f *fetcher) try(ctx context.Context, s *site, u *url.URL, o fetchOpts) (*response, error) {
	for hops := 0; ; hops++ {
		delay := s.delay
		if !o.skipRobots {
			allowed, crawlDelay, err := f.robots.check(ctx, s, u)
			if err != nil {
				return nil, err
			}
			if !allowed {
				return nil, ErrDisallowed
			}
			delay = max(delay, crawlDelay)
		}
		release, err := f.gates.acquire(ctx, u.Host, s.concurrency, delay)
		if err != nil {
			return nil, err
		}
		if err := f.waitTurn(ctx, u.Host, delay); err != nil {
			release()
			return nil, err
		}
		resp, err := f.do(ctx, s, u, o)
		release()
		if err != nil || !isRedirect(resp.status) {
			return resp, err
		}
		loc := resp.header.Get("Location")
		if loc == "" {
			return resp, &StatusError{Code: resp.status}
		}
		if hops >= s.maxRedirects {
			return nil, fmt.Errorf("%w (more than %d)", ErrRedirects, s.maxRedirects)
		}
		next, err := u.Parse(loc)
		if err != nil || (next.Scheme != "http" && next.Scheme != "https") {
			return nil, fmt.Errorf("redirect to a bad location %q", loc)
		}
		next.Fragment = ""
		f.log.Debug("redirect", "from", readable(u.String()), "to", readable(next.String()), "status", resp.status)
		u = next
	}
}

// waitTurn waits for host's turn among the crawls of the database.
func (f *fetcher) waitTurn(ctx context.Context, host string, delay time.Duration) error {
	if f.turn == nil || delay <= 0 {
		return nil
	}
	wait, err := f.turn(ctx, host, delay)
	if err != nil || wait <= 0 {
		return err
	}
	return sleep(ctx, wait)
}

func isRedirect(code int) bool {
	switch code {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// errStalled cancels a request that waited longer than the site's timeout
// for an answer, or for the next piece of its body.
var errStalled = errors.New("stalled")

// do sends one request and reads its answer. The site's timeout bounds the
// wait for the answer and each wait for more of the body, not the whole
// transfer: a large file from a slow site takes as long as it takes while
// it keeps coming.
func (f *fetcher) do(ctx context.Context, s *site, u *url.URL, o fetchOpts) (*response, error) {
	rctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	idle := time.AfterFunc(s.timeout, func() { cancel(errStalled) })
	defer idle.Stop()
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", f.agent)
	req.Header.Set("Accept-Language", "zh-CN,zh;q=0.9")
	if o.etag != "" {
		req.Header.Set("If-None-Match", o.etag)
	}
	if o.lastModified != "" {
		req.Header.Set("If-Modified-Since", o.lastModified)
	}
	res, err := f.client.Do(req)
	if err != nil {
		return nil, f.netError(ctx, rctx, s, err)
	}
	defer res.Body.Close()
	r := &response{url: u, status: res.StatusCode, header: res.Header}
	switch {
	case isRedirect(res.StatusCode):
		return r, nil
	case res.StatusCode == http.StatusNotModified:
		r.notModified = true
		return r, nil
	case res.StatusCode < 200 || res.StatusCode > 299:
		io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10)) // lets the connection be reused
		return r, &StatusError{Code: res.StatusCode, RetryAfter: retryAfter(res.Header.Get("Retry-After"), time.Now())}
	}
	maxSize := o.maxSize
	if maxSize <= 0 {
		maxSize = s.maxSize
	}
	if res.ContentLength > maxSize {
		return nil, fmt.Errorf("%w: %d bytes, the cap is %d", ErrTooLarge, res.ContentLength, maxSize)
	}
	body := &progress{r: res.Body, idle: idle, timeout: s.timeout}
	r.body, err = io.ReadAll(io.LimitReader(body, maxSize+1))
	if err != nil {
		return nil, f.netError(ctx, rctx, s, err)
	}
	if int64(len(r.body)) > maxSize {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, maxSize)
	}
	return r, nil
}

// progress restarts the idle timer whenever part of the body arrives.
type progress struct {
	r       io.Reader
	idle    *time.Timer
	timeout time.Duration
}

func (p *progress) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.idle.Reset(p.timeout)
	}
	return n, err
}

// netError names a failed request's cause: the crawl's cancellation, the
// site's timeout, or the network's error.
func (f *fetcher) netError(ctx, rctx context.Context, s *site, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var ne net.Error
	if errors.Is(context.Cause(rctx), errStalled) || (errors.As(err, &ne) && ne.Timeout()) {
		return fmt.Errorf("%w: nothing came for %v", ErrTimeout, s.timeout)
	}
	return err
}

// retryAfter reads a Retry-After header: a number of seconds or an HTTP
// date. It returns 0 when the header is absent or unreadable.
func retryAfter(h string, now time.Time) time.Duration {
	if h == "" {
		return 0
	}
	if secs, err := strconv.Atoi(h); err == nil {
		return max(time.Duration(secs)*time.Second, 0)
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(t.Sub(now), 0)
	}
	return 0
}
