package crawl

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/archive"
	"github.com/budgetx/budgetx/ingest"
	"github.com/budgetx/budgetx/model"
)

// siteRun crawls one site: a coordinator owns the queue and the writes of
// crawl state, and workers fetch and ingest.
type siteRun struct {
	c        *Crawler
	s        *site
	run      *run
	counts   counts
	failures []Failure
	planned  []Planned
	warned   bool // max_pages reached
}

func (sr *siteRun) crawl(ctx context.Context) error {
	c := sr.c
	var err error
	c.writes.Lock()
	sr.run, err = c.st.startRun(ctx, sr.s)
	c.writes.Unlock()
	if err != nil {
		return err
	}
	if sr.run.resumed {
		c.log.Info("resuming crawl run", "site", sr.s.name, "run", sr.run.id, "pending", len(sr.run.pending))
	}
	work := make(chan item)
	results := make(chan *result)
	var wg sync.WaitGroup
	for range sr.s.concurrency {
		wg.Go(func() {
			for it := range work {
				results <- sr.process(ctx, it)
			}
		})
	}
	frontier := sr.run.pending
	inflight := 0
	var fatal error
	for inflight > 0 || (len(frontier) > 0 && ctx.Err() == nil && fatal == nil) {
		var send chan item
		var next item
		if len(frontier) > 0 && ctx.Err() == nil && fatal == nil {
			send, next = work, frontier[0]
		}
		select {
		case send <- next:
			frontier = frontier[1:]
			inflight++
		case res := <-results:
			inflight--
			if res.cancelled || fatal != nil {
				continue // the item stays pending
			}
			if res.fatal != nil {
				fatal = res.fatal
				continue
			}
			found, over := sr.run.accept(res.found, sr.s.maxPages)
			if over > 0 && !sr.warned {
				c.log.Warn("max_pages reached: pages beyond it are left out", "site", sr.s.name, "max_pages", sr.s.maxPages)
				sr.warned = true
			}
			c.writes.Lock()
			err := c.st.record(context.WithoutCancel(ctx), sr.run, res, found)
			c.writes.Unlock()
			if err != nil {
				fatal = err
				continue
			}
			frontier = append(frontier, found...)
			sr.tally(res)
		}
	}
	close(work)
	wg.Wait()
	done := fatal == nil && ctx.Err() == nil
	c.writes.Lock()
	err = c.st.finishRun(context.WithoutCancel(ctx), sr.run, done, fatal)
	c.writes.Unlock()
	switch {
	case fatal != nil:
		return fatal
	case err != nil:
		return err
	}
	return ctx.Err()
}

func (sr *siteRun) tally(res *result) {
	sr.counts.add(res.counts)
	for _, f := range res.failures {
		f.Site = sr.s.name
		sr.failures = append(sr.failures, f)
		sr.c.log.Warn("failed", "site", sr.s.name, "url", readable(f.URL), "err", f.Err)
	}
	if res.planned {
		sr.planned = append(sr.planned, Planned{Site: sr.s.name, URL: res.item.url,
			Page: res.item.referrer, LinkText: res.item.linkText})
	}
}

// result is what became of one item.
type result struct {
	item       item
	urlUpdate  urlUpdate
	links      *[]link // the page's links, when its body was downloaded
	found      []item  // the items its links lead to
	provenance []provenance
	counts     counts
	notes      []string // what became of it, for crawl_queue.outcome
	failures   []Failure
	planned    bool
	cancelled  bool  // the crawl stopped first: the item stays pending
	fatal      error // the database failed: the crawl stops
}

func (r *result) note(s string) { r.notes = append(r.notes, s) }

func (r *result) fail(u string, err error) {
	r.counts.failures++
	r.failures = append(r.failures, Failure{URL: u, Err: err.Error()})
}

// failed reports whether nothing of the item succeeded: a bundle with one
// bad member is done, not failed.
func (r *result) failed() bool {
	c := r.counts
	return c.failures > 0 && c.newDocs+c.unchanged+c.skipped == 0
}

// outcome says what became of the item, as crawl_queue.outcome keeps it:
// "changed", "unchanged", "new", "2 new, 1 failed" for a bundle.
func (r *result) outcome() string {
	var parts []string
	for i := 0; i < len(r.notes); {
		j := i
		for j < len(r.notes) && r.notes[j] == r.notes[i] {
			j++
		}
		if j-i > 1 {
			parts = append(parts, fmt.Sprintf("%d %s", j-i, r.notes[i]))
		} else {
			parts = append(parts, r.notes[i])
		}
		i = j
	}
	return strings.Join(parts, ", ")
}

func (r *result) errText() string {
	var errs []string
	for _, f := range r.failures {
		errs = append(errs, f.Err)
	}
	return strings.Join(errs, "; ")
}

// process fetches one item and does what its kind asks. It writes nothing
// but documents (through ingest); the coordinator records the result.
func (sr *siteRun) process(ctx context.Context, it item) *result {
	res := &result{item: it}
	u, err := url.Parse(it.url)
	if err != nil {
		res.note("failed")
		res.fail(it.url, err)
		return res
	}
	k, err := sr.c.st.known(ctx, it.url)
	if err != nil {
		res.cancelled, res.fatal = ctx.Err() != nil, err
		return res
	}
	if it.kind.ingests() && k.skippedWith != "" && k.skippedWith != sr.c.formats {
		// Skipped when budgetx read other formats: download it again.
		k = known{}
	}
	if it.kind == fileKind && sr.settled(ctx, res, u, k) {
		return res
	}
	resp, err := sr.c.fetch.get(ctx, sr.s, u, fetchOpts{validators: k.validators()})
	switch {
	case ctx.Err() != nil:
		res.cancelled = true
	case errors.Is(err, ErrDisallowed):
		sr.c.log.Info("disallowed by robots.txt", "url", readable(it.url))
		res.note("disallowed")
	case err != nil:
		var se *StatusError
		if errors.As(err, &se) {
			res.urlUpdate.rec.status = se.Code
		}
		res.urlUpdate.op, res.urlUpdate.url, res.urlUpdate.err = opFail, it.url, err.Error()
		res.note("failed")
		res.fail(it.url, err)
	case resp.notModified:
		sr.notModified(ctx, res, k)
	default:
		sr.downloaded(ctx, res, resp)
	}
	return res
}

// settled reports whether a file needs no request: one downloaded before
// whose server gave no validator to ask with, or any file in a dry run,
// which downloads none.
func (sr *siteRun) settled(ctx context.Context, res *result, u *url.URL, k known) bool {
	switch {
	case k.storedWithoutValidators():
		res.note("unchanged")
		res.counts.unchanged++
		return true
	case !sr.c.opt.DryRun:
		return false
	}
	allowed, _, err := sr.c.fetch.robots.check(ctx, sr.s, u)
	switch {
	case ctx.Err() != nil:
		res.cancelled = true
	case err != nil:
		res.note("failed")
		res.fail(res.item.url, err)
	case !allowed:
		res.note("disallowed")
	case k.found && k.sha256 != "":
		res.note("unchanged")
		res.counts.unchanged++
	default:
		res.note("planned")
		res.planned = true
	}
	return true
}

// notModified handles a 304 answer: a file is unchanged; a page has the
// links it held when last downloaded.
func (sr *siteRun) notModified(ctx context.Context, res *result, k known) {
	it := res.item
	res.urlUpdate = urlUpdate{op: opTouch, url: it.url}
	res.note("unchanged")
	if it.kind.ingests() {
		res.counts.unchanged++
	}
	if !it.kind.follows() {
		return
	}
	res.counts.pages++
	links, err := sr.c.st.links(ctx, it.url)
	if err != nil {
		res.cancelled, res.fatal = ctx.Err() != nil, err
		return
	}
	p := &page{title: k.title, published: k.published, publisher: k.publisher, indexNo: k.idx, links: links}
	res.found = sr.classify(it, p)
}

// downloaded handles a body: an HTML page is read for its links; a file,
// or a page URL that serves a document, is ingested.
func (sr *siteRun) downloaded(ctx context.Context, res *result, resp *response) {
	it := res.item
	v := resp.validators()
	rec := known{status: resp.status, etag: v.etag, lastModified: v.lastModified,
		contentType: resp.header.Get("Content-Type")}
	ingest := it.kind.ingests()
	if it.kind.follows() && isPage(resp.body, rec.contentType) {
		res.counts.pages++
		res.counts.changedPages++
		p, err := parsePage(resp.body, rec.contentType, resp.url)
		if err != nil {
			res.note("failed")
			res.fail(it.url, err)
			return
		}
		rec.title, rec.published, rec.publisher, rec.idx = p.title, p.published, p.publisher, p.indexNo
		res.links = &p.links
		res.found = sr.classify(it, p)
		res.note("changed")
	} else {
		ingest = true
	}
	switch {
	case !ingest:
	case sr.c.opt.DryRun:
		res.note("planned")
		res.planned = true
	default:
		res.counts.downloads++
		sum, err := sr.ingest(ctx, res, resp)
		switch {
		case ctx.Err() != nil:
			res.cancelled = true
			return
		case err != nil:
			res.fatal = err
			return
		}
		rec.sha256 = sum
		if len(res.failures) > 0 {
			// Forget the validators of a download that failed, so that the
			// next run fetches it again instead of taking it as unchanged.
			rec.sha256, rec.etag, rec.lastModified = "", "", ""
		}
		if res.counts.skipped > 0 {
			rec.skippedWith = sr.c.formats
		}
	}
	res.urlUpdate = urlUpdate{op: opPut, url: it.url, rec: rec, size: int64(len(resp.body))}
}

// isPage reports whether a body is an HTML page.
func isPage(body []byte, contentType string) bool {
	format, _ := extract.Sniff(body)
	return format == model.HTML || format == model.Text && strings.Contains(contentType, "html")
}

// ingest stores a downloaded file, or the members of an archive (zip,
// RAR, 7z) through the same path as the ingest command, and notes where
// each came from. It returns the sha256 of the download; the error is
// fatal.
func (sr *siteRun) ingest(ctx context.Context, res *result, resp *response) (string, error) {
	it := res.item
	name := fileName(resp.header, resp.url)
	lim := archive.Limits{Members: sr.s.zipMembers, Total: sr.s.zipSize, Member: sr.s.maxSize}
	// Extraction runs alongside the other sites; only the writes are one
	// at a time.
	ps := sr.c.in.Prepare(ctx, it.url, resp.body, lim)
	for _, p := range ps {
		member, file := p.Result().Member, name
		if member != "" {
			file = path.Base(member)
		}
		if err := sr.store(ctx, res, p, member, file); err != nil || ctx.Err() != nil {
			return "", err
		}
	}
	sum := sha256.Sum256(resp.body)
	return hex.EncodeToString(sum[:]), nil
}

// store writes one prepared file and notes its provenance.
func (sr *siteRun) store(ctx context.Context, res *result, p *ingest.Prepared, member, name string) error {
	it := res.item
	sr.c.writes.Lock()
	r, err := sr.c.in.Store(ctx, p)
	sr.c.writes.Unlock()
	if err != nil {
		return err
	}
	switch r.Outcome {
	case ingest.OK, ingest.Partial:
		res.counts.newDocs++
		res.note("new")
	case ingest.Unchanged:
		res.counts.unchanged++
		res.note("unchanged")
	case ingest.Skipped:
		res.counts.skipped++
		res.note("not a document: " + reason(r.Err))
		return nil
	case ingest.Failed:
		if ctx.Err() != nil {
			return nil
		}
		res.note("failed")
		res.fail(r.Path, r.Err)
	}
	res.provenance = append(res.provenance, provenance{
		sha256: r.SHA256, url: it.url, member: member, fileName: name,
		pageURL: it.referrer, linkText: it.linkText,
		title: it.title, published: it.published, publisher: it.publisher,
	})
	return nil
}

// reason shortens an extraction error to what it says about the file.
func reason(err error) string {
	if err == nil {
		return "unknown"
	}
	msg := err.Error()
	if i := strings.Index(msg, extract.ErrUnsupported.Error()+": "); i >= 0 {
		return msg[i+len(extract.ErrUnsupported.Error())+2:]
	}
	return msg
}

// documentName matches the names of files that are not pages, whatever
// the follow patterns say.
var documentName = regexp.MustCompile(`(?i)\.(pdf|xlsx?|et|zip|rar|7z|txt|csv|tsv|docx?|wps|ofd)$`)

// classify turns a page's links into the items a crawl of the site
// follows: pages that match the follow patterns, and files that match the
// attachment patterns. A URL may be both (an HTML article page that inlines
// a document), unless its name says it is a document file. A file link
// inherits the article the page shows; a page link carries its own text
// and date as hints.
func (sr *siteRun) classify(from item, p *page) []item {
	// An article page is one that shows a title or date of its own, or that
	// a list linked with a date beside it.
	article := p.article() || from.published != ""
	var out []item
	for _, l := range p.links {
		u, err := url.Parse(l.url)
		if err != nil {
			continue
		}
		it := item{url: l.url, referrer: from.url, linkText: l.text, date: l.date}
		file, page := matches(sr.s.attachments, u), matches(sr.s.follow, u)
		page = page && !(file && documentName.MatchString(u.Path))
		switch {
		case file && page:
			it.kind = bothKind
		case file:
			it.kind = fileKind
		case page:
			it.kind = pageKind
		default:
			continue
		}
		switch {
		case !file:
			it.title, it.published = l.text, l.date
		case article:
			it.title = first(p.title, from.title)
			it.published = first(p.published, from.published, l.date)
			it.publisher = first(p.publisher, from.publisher)
		default:
			it.title, it.published, it.publisher = l.text, l.date, p.publisher
		}
		out = append(out, it)
	}
	return out
}

// readable decodes the percent-escapes of a URL for a log line, so that
// Chinese names read as written.
func readable(u string) string {
	if d, err := url.PathUnescape(u); err == nil && utf8.ValidString(d) {
		return d
	}
	return u
}
