package crawl

import (
	"context"
	"sync"
	"time"
)

// gates keeps one gate per host, shared by every site of a crawl, so that
// two sites on one host do not add up to a burst.
type gates struct {
	mu     sync.Mutex
	byHost map[string]*gate
}

// gate spaces the requests to one host: at most n at once, each starting
// at least delay after the one before.
type gate struct {
	slots chan struct{}
	mu    sync.Mutex
	next  time.Time // the earliest start of the next request
}

func newGates() *gates {
	return &gates{byHost: make(map[string]*gate)}
}

// acquire waits for a slot on host and for the host's delay to pass. The
// caller calls release when its response is read. The first caller for a
// host sets its number of slots.
func (g *gates) acquire(ctx context.Context, host string, slots int, delay time.Duration) (release func(), err error) {
	g.mu.Lock()
	h, ok := g.byHost[host]
	if !ok {
		h = &gate{slots: make(chan struct{}, max(slots, 1))}
		g.byHost[host] = h
	}
	g.mu.Unlock()

	select {
	case h.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	release = func() { <-h.slots }

	h.mu.Lock()
	now := time.Now()
	start := now
	if h.next.After(now) {
		start = h.next
	}
	h.next = start.Add(delay)
	h.mu.Unlock()
	if wait := start.Sub(now); wait > 0 {
		if err := sleep(ctx, wait); err != nil {
			release()
			return nil, err
		}
	}
	return release, nil
}

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
