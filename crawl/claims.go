package crawl

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/budgetx/budgetx/store"
)

// ErrLocked is returned when other crawls hold every site a crawl was
// asked to crawl.
var ErrLocked = errors.New("another crawl holds the database's sites")

// errLockLost cancels a crawl whose claim on a site was taken over, which
// happens only when its renewals stalled for longer than the lease.
var errLockLost = errors.New("a site's claim was taken over by another crawl")

// Busy is a site that another crawl held, which this one left to it.
type Busy struct {
	Site   string
	Holder store.Holder
}

func (b Busy) String() string { return b.Site + " (" + b.Holder.String() + ")" }

// claimSites claims each site for this crawl. A site that another live
// crawl holds, on this machine or another, is left to it; the sites of a
// crawl that died are taken over.
func (c *Crawler) claimSites(ctx context.Context, claims *store.Claims, sites []*site) (mine []*site, busy []Busy, err error) {
	for _, s := range sites {
		ok, h, err := claims.Take(ctx, store.ClaimSite, s.name)
		if err != nil {
			return nil, nil, err
		}
		if ok {
			mine = append(mine, s)
			continue
		}
		c.log.Warn("site left to the crawl that holds it", "site", s.name, "pid", h.PID, "host", h.Host,
			"lease", h.Expires.Round(time.Second))
		busy = append(busy, Busy{Site: s.name, Holder: h})
	}
	if len(mine) == 0 && len(busy) > 0 {
		var names []string
		for _, b := range busy {
			names = append(names, b.String())
		}
		return nil, busy, fmt.Errorf("%w: %s", ErrLocked, strings.Join(names, ", "))
	}
	return mine, busy, nil
}

// watchClaims checks every beat that this crawl still holds its sites, and
// cancels the returned context with errLockLost when it does not.
func watchClaims(ctx context.Context, claims *store.Claims, sites []*site, beat time.Duration) (context.Context, func()) {
	wctx, cancel := context.WithCancelCause(ctx)
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(beat)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-wctx.Done():
				return
			case <-tick.C:
			}
			for _, s := range sites {
				if held, err := claims.Holds(wctx, store.ClaimSite, s.name); err == nil && !held {
					cancel(fmt.Errorf("%w: %s", errLockLost, s.name))
					return
				}
			}
		}
	}()
	return wctx, func() { close(done); cancel(nil) }
}
