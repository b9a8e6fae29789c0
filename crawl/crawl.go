package crawl

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/ingest"
	"github.com/budgetx/budgetx/store"
)

// Options tune a crawl.
type Options struct {
	// DryRun fetches pages (conditionally, as a crawl would) but downloads
	// no file and writes nothing; Summary.Planned lists the files a crawl
	// would download.
	DryRun bool
	// DocTimeout limits the extraction of one document; 0 means none.
	DocTimeout time.Duration
	// Heartbeat is how often the crawl checks that it still holds its
	// sites (default 30s); StaleAfter is the lease of its claims on them,
	// past which a crawl that stopped renewing them loses them to the next
	// crawl (default 10 heartbeats). Claims are renewed every third of it.
	Heartbeat, StaleAfter time.Duration
	Log                   *slog.Logger // nil discards logs
}

// Crawler crawls the sites of a configuration into one database.
type Crawler struct {
	cfg   *Config
	sites []*site
	in    *ingest.Ingester
	st    *state
	fetch *fetcher
	opt   Options
	log   *slog.Logger
	// formats lists the formats budgetx reads, to tell when a file skipped
	// as not a document deserves another look.
	formats string
	// writes serializes this process's writes to the database, so that
	// SQLite's busy timeout only has to cover other processes.
	writes sync.Mutex
}

// New returns a crawler for cfg that ingests into db with the extractors
// of reg. For a dry run db may be nil (a database that does not exist yet).
func New(cfg *Config, db *store.DB, reg *extract.Registry, opt Options) (*Crawler, error) {
	sites, err := cfg.compile()
	if err != nil {
		return nil, err
	}
	if db == nil && !opt.DryRun {
		return nil, errors.New("a crawl needs a database")
	}
	log := opt.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if opt.Heartbeat <= 0 {
		opt.Heartbeat = 30 * time.Second
	}
	if opt.StaleAfter <= 0 {
		opt.StaleAfter = 10 * opt.Heartbeat
	}
	agent := cfg.UserAgent
	if agent == "" {
		agent = defaultAgent
	}
	c := &Crawler{cfg: cfg, sites: sites, opt: opt, log: log, formats: formatList(reg),
		st: &state{dry: opt.DryRun}, fetch: newFetcher(agent, log)}
	if db != nil {
		c.st.db = db
		c.in = ingest.New(db, reg, ingest.Options{
			Jobs: 1, Timeout: opt.DocTimeout, Log: log, SkipUnsupported: true,
		})
		if !opt.DryRun {
			// Requests to one host keep their distance across every crawl
			// of the database, on this machine or another.
			c.fetch.turn = c.st.reserve
		}
	}
	return c, nil
}

// Summary is what a crawl did.
type Summary struct {
	Sites        int
	Pages        int // pages requested, changed or not
	ChangedPages int // pages whose body was downloaded
	Downloads    int // file bodies downloaded
	New          int // documents stored for the first time
	Unchanged    int // files not modified, or already in the database
	Skipped      int // files that are not documents budgetx reads
	Failed       int // URLs (or zip members) that failed
	Elapsed      time.Duration
	Failures     []Failure
	Planned      []Planned // dry run: the files a crawl would download
	Busy         []Busy    // sites left to the other crawls that held them
	DryRun       bool
	Interrupted  bool
}

// Failure is a URL that failed.
type Failure struct {
	Site string
	URL  string
	Err  string
}

// Planned is a file a dry run found and a crawl would download.
type Planned struct {
	Site     string
	URL      string
	Page     string
	LinkText string
}

// String is the one-line summary a nightly job prints.
func (s *Summary) String() string {
	var b strings.Builder
	if s.DryRun {
		fmt.Fprintf(&b, "dry run: %d pages fetched (%d changed), %d files to download, %d unchanged, %d failures",
			s.Pages, s.ChangedPages, len(s.Planned), s.Unchanged, s.Failed)
	} else {
		fmt.Fprintf(&b, "%d pages fetched (%d changed), %d new documents, %d unchanged, %d not documents, %d failures",
			s.Pages, s.ChangedPages, s.New, s.Unchanged, s.Skipped, s.Failed)
	}
	fmt.Fprintf(&b, " in %s", s.Elapsed.Round(100*time.Millisecond))
	if len(s.Busy) > 0 {
		var names []string
		for _, x := range s.Busy {
			names = append(names, x.String())
		}
		fmt.Fprintf(&b, "; left to other crawls: %s", strings.Join(names, ", "))
	}
	if s.Interrupted {
		b.WriteString(" (interrupted: run again to resume)")
	}
	return b.String()
}

func (s *Summary) add(site string, c counts, failures []Failure, planned []Planned) {
	s.Pages += c.pages
	s.ChangedPages += c.changedPages
	s.Downloads += c.downloads
	s.New += c.newDocs
	s.Unchanged += c.unchanged
	s.Skipped += c.skipped
	s.Failed += c.failures
	s.Failures = append(s.Failures, failures...)
	s.Planned = append(s.Planned, planned...)
}

// Run crawls the named sites, or every site when names is empty. Each site
// is claimed first: a site that another crawl of the database holds is left
// to it (Summary.Busy). The error is fatal (other crawls hold every site,
// the database failed, the crawl was interrupted); URLs that failed are
// counted in the summary.
func (c *Crawler) Run(ctx context.Context, names ...string) (*Summary, error) {
	start := time.Now()
	sites, err := c.pick(names)
	if err != nil {
		return nil, err
	}
	sum := &Summary{DryRun: c.opt.DryRun}
	if !c.opt.DryRun {
		claims := c.st.db.NewClaims(c.opt.StaleAfter)
		defer claims.Close()
		if sites, sum.Busy, err = c.claimSites(ctx, claims, sites); err != nil {
			return nil, err
		}
		var stop func()
		ctx, stop = watchClaims(ctx, claims, sites, c.opt.Heartbeat)
		defer stop()
	}
	sum.Sites = len(sites)
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(positive(c.cfg.SitesAtOnce, defaultSitesAtOnce))
	for _, s := range sites {
		g.Go(func() error {
			sr := &siteRun{c: c, s: s}
			err := sr.crawl(gctx)
			mu.Lock()
			sum.add(s.name, sr.counts, sr.failures, sr.planned)
			mu.Unlock()
			return err
		})
	}
	err = g.Wait()
	if !c.opt.DryRun {
		// Index what this run stored, even after an interrupt.
		if ferr := c.in.Flush(context.WithoutCancel(ctx)); ferr != nil && err == nil {
			err = ferr
		}
	}
	sort.Slice(sum.Failures, func(i, j int) bool { return sum.Failures[i].URL < sum.Failures[j].URL })
	sum.Elapsed = time.Since(start)
	if cause := context.Cause(ctx); cause != nil && errors.Is(cause, errLockLost) {
		return sum, cause
	}
	if err != nil && ctx.Err() != nil {
		sum.Interrupted = true
		return sum, ctx.Err()
	}
	return sum, err
}

func (c *Crawler) pick(names []string) ([]*site, error) {
	if len(names) == 0 {
		return c.sites, nil
	}
	var out []*site
	for _, n := range names {
		found := false
		for _, s := range c.sites {
			if s.name == n {
				out = append(out, s)
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("no site named %q in the configuration", n)
		}
	}
	return out, nil
}

// formatList names the formats reg reads, sorted: "text xlsx".
func formatList(reg *extract.Registry) string {
	if reg == nil || len(reg.Formats()) == 0 {
		return "none"
	}
	var names []string
	for _, f := range reg.Formats() {
		names = append(names, string(f))
	}
	slices.Sort(names)
	return strings.Join(names, " ")
}
