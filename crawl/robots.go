package crawl

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// robots fetches each host's robots.txt once per crawl and answers whether
// a URL may be fetched. RFC 9309 asks crawlers not to trust a copy older
// than a day, and a crawl is shorter than that.
type robots struct {
	f      *fetcher
	mu     sync.Mutex
	byHost map[string]*robotsEntry
}

type robotsEntry struct {
	ready chan struct{} // closed once group and err are set
	group *robotstxt.Group
	err   error
}

// maxRobotsSize is the most of a robots.txt read; RFC 9309 asks for at
// least 500 KiB.
const maxRobotsSize = 512 << 10

func newRobots(f *fetcher) *robots {
	return &robots{f: f, byHost: make(map[string]*robotsEntry)}
}

// agentName is the name robots.txt groups are matched against: the user
// agent's first word, before any "/".
func agentName(agent string) string {
	name, _, _ := strings.Cut(strings.TrimSpace(agent), "/")
	name, _, _ = strings.Cut(name, " ")
	return name
}

// check reports whether u may be fetched, and the crawl delay robots.txt
// asks for. When robots.txt cannot be had (a network failure, a server
// error after retries, a file that does not parse) the host is off limits
// for this crawl, and the error says why.
func (r *robots) check(ctx context.Context, s *site, u *url.URL) (bool, time.Duration, error) {
	key := u.Scheme + "://" + u.Host
	r.mu.Lock()
	e, ok := r.byHost[key]
	if !ok {
		e = &robotsEntry{ready: make(chan struct{})}
		r.byHost[key] = e
	}
	r.mu.Unlock()
	if !ok {
		e.group, e.err = r.load(ctx, s, key)
		if ctx.Err() != nil {
			// A cancelled load says nothing about the host: forget it.
			r.mu.Lock()
			delete(r.byHost, key)
			r.mu.Unlock()
		}
		close(e.ready)
	}
	select {
	case <-e.ready:
	case <-ctx.Done():
		return false, 0, ctx.Err()
	}
	if e.err != nil {
		return false, 0, e.err
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	return e.group.Test(path), e.group.CrawlDelay, nil
}

func (r *robots) load(ctx context.Context, s *site, origin string) (*robotstxt.Group, error) {
	u, _ := url.Parse(origin + "/robots.txt")
	resp, err := r.f.get(ctx, s, u, fetchOpts{maxSize: maxRobotsSize, skipRobots: true})
	status := 0
	var se *StatusError
	switch {
	case err == nil:
		status = resp.status
	case errors.As(err, &se):
		status = se.Code
	default:
		return nil, fmt.Errorf("robots.txt of %s: %w", origin, err)
	}
	var body []byte
	if resp != nil {
		body = resp.body
	}
	data, err := robotstxt.FromStatusAndBytes(status, body)
	if err != nil {
		return nil, fmt.Errorf("robots.txt of %s: %w", origin, err)
	}
	if status >= 500 {
		return nil, fmt.Errorf("robots.txt of %s answered HTTP %d: the host is off limits for this crawl", origin, status)
	}
	r.f.log.Debug("robots.txt", "origin", origin, "status", status)
	return data.FindGroup(agentName(r.f.agent)), nil
}
