package crawl

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/budgetx/budgetx/internal/null"
	"github.com/budgetx/budgetx/store"
)

// kind says what a crawl does with a URL.
type kind string

const (
	pageKind kind = "page" // fetch it and follow its links
	fileKind kind = "file" // download it and ingest it
	bothKind kind = "both" // follow its links if it is a page, and ingest it
)

// follows reports whether a URL of this kind is read for links.
func (k kind) follows() bool { return k != fileKind }

// ingests reports whether a URL of this kind is ingested.
func (k kind) ingests() bool { return k != pageKind }

// item is a URL in a run's queue, with what the page that linked it said.
type item struct {
	seq      int
	url      string
	kind     kind
	referrer string
	linkText string
	date     string // printed next to the link
	// The article the link belongs to, as far as the referrer shows it.
	title, published, publisher string
}

// known is what crawl_urls remembers of a URL.
type known struct {
	status                           int
	etag, lastModified, contentType  string
	sha256                           string
	title, published, publisher, idx string
	skippedWith                      string
	found                            bool
}

func (k known) validators() validators {
	return validators{etag: k.etag, lastModified: k.lastModified}
}

// stored reports whether a body of the URL was downloaded and the server
// gave no validator to ask whether it changed: such a file is not asked
// for again.
func (k known) storedWithoutValidators() bool {
	return k.found && k.sha256 != "" && k.etag == "" && k.lastModified == ""
}

// urlUpdate is how a fetch changes a URL's row in crawl_urls.
type urlUpdate struct {
	op   urlOp
	url  string
	rec  known // for opPut
	size int64
	err  string // for opFail
}

type urlOp int

const (
	opNone  urlOp = iota
	opPut         // a body was downloaded: replace everything
	opTouch       // 304 Not Modified: the row stands
	opFail        // no answer or an error: keep what was known, note the error
)

// provenance is one row of the provenance table.
type provenance struct {
	sha256, url, member, fileName string
	pageURL, linkText             string
	title, published, publisher   string
}

// counts are what a run did; they add up in crawl_runs.
type counts struct {
	pages, changedPages, downloads, newDocs, unchanged, skipped, failures int
}

func (c *counts) add(o counts) {
	c.pages += o.pages
	c.changedPages += o.changedPages
	c.downloads += o.downloads
	c.newDocs += o.newDocs
	c.unchanged += o.unchanged
	c.skipped += o.skipped
	c.failures += o.failures
}

// state reads and writes the crawl tables. With a nil db (a dry run
// without a database) it knows nothing; in a dry run it writes nothing.
// Its SQL is the store's portable SQL (? placeholders, ON CONFLICT), which
// store.DB adapts to SQLite or PostgreSQL.
type state struct {
	db  *store.DB
	dry bool
}

// run is a site's run: its id and queue.
type run struct {
	id      int64
	resumed bool
	nextSeq int
	pages   int             // page items queued, for max_pages
	seen    map[string]bool // every URL queued
	pending []item
}

func now() string { return time.Now().UTC().Format(time.RFC3339) }

// startRun resumes the site's unfinished run, or starts a new one queueing
// the start pages.
func (st *state) startRun(ctx context.Context, s *site) (*run, error) {
	r := &run{seen: make(map[string]bool), nextSeq: 1}
	if st.db != nil {
		var status string
		err := st.db.QueryRowContext(ctx,
			"SELECT id, status FROM crawl_runs WHERE site = ? ORDER BY id DESC LIMIT 1", s.name).Scan(&r.id, &status)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return nil, fmt.Errorf("read crawl runs: %w", err)
		case status != "done" && !st.dry:
			r.resumed = true
		}
	}
	if r.resumed {
		if _, err := st.db.ExecContext(ctx, "UPDATE crawl_runs SET status = 'running' WHERE id = ?", r.id); err != nil {
			return nil, fmt.Errorf("resume crawl run %d: %w", r.id, err)
		}
		return r, st.loadQueue(ctx, r)
	}
	if !st.dry {
		err := st.db.QueryRowContext(ctx,
			"INSERT INTO crawl_runs (site, started_at, status) VALUES (?, ?, 'running') RETURNING id", s.name, now()).Scan(&r.id)
		if err != nil {
			return nil, fmt.Errorf("start crawl run: %w", err)
		}
	}
	var start []item
	for _, u := range s.start {
		it := item{url: u.String(), kind: pageKind}
		if matches(s.attachments, u) {
			it.kind = bothKind
		}
		start = append(start, it)
	}
	start, _ = r.accept(start, s.maxPages)
	if err := st.enqueue(ctx, r, start); err != nil {
		return nil, err
	}
	r.pending = start
	return r, nil
}

func (st *state) loadQueue(ctx context.Context, r *run) error {
	rows, err := st.db.QueryContext(ctx, `SELECT seq, url, kind, state, COALESCE(referrer, ''),
		COALESCE(link_text, ''), COALESCE(date, ''), COALESCE(title, ''), COALESCE(published, ''),
		COALESCE(publisher, '') FROM crawl_queue WHERE run_id = ? ORDER BY seq`, r.id)
	if err != nil {
		return fmt.Errorf("read crawl queue: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var it item
		var state string
		if err := rows.Scan(&it.seq, &it.url, &it.kind, &state, &it.referrer, &it.linkText, &it.date,
			&it.title, &it.published, &it.publisher); err != nil {
			return fmt.Errorf("read crawl queue: %w", err)
		}
		r.seen[it.url] = true
		r.nextSeq = max(r.nextSeq, it.seq+1)
		if it.kind.follows() {
			r.pages++
		}
		if state == "pending" {
			r.pending = append(r.pending, it)
		}
	}
	return rows.Err()
}

// accept keeps the items not queued before and numbers them; it drops
// pages past maxPages, and says how many.
func (r *run) accept(items []item, maxPages int) (out []item, over int) {
	for _, it := range items {
		if r.seen[it.url] {
			continue
		}
		if it.kind.follows() {
			if r.pages >= maxPages {
				over++
				continue
			}
			r.pages++
		}
		r.seen[it.url] = true
		it.seq = r.nextSeq
		r.nextSeq++
		out = append(out, it)
	}
	return out, over
}

// execer is what enqueue needs of a *store.DB or *store.Tx.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func (st *state) enqueue(ctx context.Context, r *run, items []item) error {
	if st.dry {
		return nil
	}
	return enqueueIn(ctx, st.db, r.id, items)
}

func enqueueIn(ctx context.Context, db execer, runID int64, items []item) error {
	for _, it := range items {
		_, err := db.ExecContext(ctx, `INSERT INTO crawl_queue (run_id, seq, url, kind,
			referrer, link_text, date, title, published, publisher) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT DO NOTHING`,
			runID, it.seq, it.url, string(it.kind), null.String(it.referrer), null.String(it.linkText), null.String(it.date),
			null.String(it.title), null.String(it.published), null.String(it.publisher))
		if err != nil {
			return fmt.Errorf("queue %s: %w", it.url, err)
		}
	}
	return nil
}

// known reads what crawl_urls remembers of u.
func (st *state) known(ctx context.Context, u string) (known, error) {
	var k known
	if st.db == nil {
		return k, nil
	}
	var status sql.NullInt64
	var etag, lm, ct, sha, title, pub, publisher, idx, skipped sql.NullString
	err := st.db.QueryRowContext(ctx, `SELECT status, etag, last_modified, content_type, sha256,
		title, published, publisher, index_no, skipped_with FROM crawl_urls WHERE url = ?`, u).
		Scan(&status, &etag, &lm, &ct, &sha, &title, &pub, &publisher, &idx, &skipped)
	if errors.Is(err, sql.ErrNoRows) {
		return k, nil
	}
	if err != nil {
		return k, fmt.Errorf("read crawl state of %s: %w", u, err)
	}
	return known{status: int(status.Int64), etag: etag.String, lastModified: lm.String,
		contentType: ct.String, sha256: sha.String, title: title.String, published: pub.String,
		publisher: publisher.String, idx: idx.String, skippedWith: skipped.String, found: true}, nil
}

// links reads the links a page held when it was last downloaded.
func (st *state) links(ctx context.Context, pageURL string) ([]link, error) {
	if st.db == nil {
		return nil, nil
	}
	rows, err := st.db.QueryContext(ctx,
		"SELECT url, COALESCE(text, ''), COALESCE(date, '') FROM crawl_links WHERE page_url = ? ORDER BY seq", pageURL)
	if err != nil {
		return nil, fmt.Errorf("read links of %s: %w", pageURL, err)
	}
	defer rows.Close()
	var out []link
	for rows.Next() {
		var l link
		if err := rows.Scan(&l.url, &l.text, &l.date); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// record writes, in one transaction, what became of one item: its row in
// the queue, the URL's row, the page's links, provenance, the items it
// found, and the run's counts. A crash leaves either all of it or none, so
// a resumed run fetches the item again.
func (st *state) record(ctx context.Context, r *run, res *result, found []item) error {
	if st.dry {
		return nil
	}
	tx, err := st.db.BeginTx(ctx)
	if err != nil {
		return fmt.Errorf("record %s: %w", res.item.url, err)
	}
	defer tx.Rollback()
	t := now()
	exec := func(q string, args ...any) {
		if err == nil {
			_, err = tx.ExecContext(ctx, q, args...)
		}
	}
	u := res.urlUpdate
	switch u.op {
	case opPut:
		k := u.rec
		exec(`INSERT INTO crawl_urls (url, status, etag, last_modified, content_type, sha256,
			size, title, published, publisher, index_no, skipped_with, fetched_at, checked_at, error)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
			ON CONFLICT (url) DO UPDATE SET status = excluded.status, etag = excluded.etag,
			last_modified = excluded.last_modified, content_type = excluded.content_type,
			sha256 = excluded.sha256, size = excluded.size, title = excluded.title,
			published = excluded.published, publisher = excluded.publisher, index_no = excluded.index_no,
			skipped_with = excluded.skipped_with, fetched_at = excluded.fetched_at,
			checked_at = excluded.checked_at, error = NULL`,
			u.url, k.status, null.String(k.etag), null.String(k.lastModified), null.String(k.contentType), null.String(k.sha256),
			u.size, null.String(k.title), null.String(k.published), null.String(k.publisher), null.String(k.idx), null.String(k.skippedWith), t, t)
	case opTouch:
		exec("UPDATE crawl_urls SET checked_at = ?, error = NULL WHERE url = ?", t, u.url)
	case opFail:
		exec(`INSERT INTO crawl_urls (url, status, checked_at, error) VALUES (?, ?, ?, ?)
			ON CONFLICT (url) DO UPDATE SET status = excluded.status, checked_at = excluded.checked_at,
			error = excluded.error`, u.url, null.Int(u.rec.status), t, u.err)
	}
	if res.links != nil {
		exec("DELETE FROM crawl_links WHERE page_url = ?", res.item.url)
		for i, l := range *res.links {
			exec("INSERT INTO crawl_links (page_url, seq, url, text, date) VALUES (?, ?, ?, ?, ?)",
				res.item.url, i+1, l.url, null.String(l.text), null.String(l.date))
		}
	}
	for _, p := range res.provenance {
		exec(`INSERT INTO provenance (sha256, url, member, file_name, page_url, link_text,
			title, published, publisher, fetched_at, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT DO NOTHING`,
			p.sha256, p.url, p.member, null.String(p.fileName), null.String(p.pageURL), null.String(p.linkText),
			null.String(p.title), null.String(p.published), null.String(p.publisher), t, r.id)
	}
	if err == nil {
		err = enqueueIn(ctx, tx, r.id, found)
	}
	state := "done"
	if res.failed() {
		state = "failed"
	}
	exec("UPDATE crawl_queue SET state = ?, outcome = ?, error = ? WHERE run_id = ? AND url = ?",
		state, res.outcome(), null.String(res.errText()), r.id, res.item.url)
	c := res.counts
	exec(`UPDATE crawl_runs SET pages = pages + ?, changed_pages = changed_pages + ?,
		downloads = downloads + ?, new_documents = new_documents + ?, unchanged = unchanged + ?,
		skipped = skipped + ?, failures = failures + ? WHERE id = ?`,
		c.pages, c.changedPages, c.downloads, c.newDocs, c.unchanged, c.skipped, c.failures, r.id)
	if err == nil {
		err = tx.Commit()
	}
	if err != nil {
		return fmt.Errorf("record %s: %w", res.item.url, err)
	}
	return nil
}

// finishRun closes a run: done when its queue is empty, interrupted when
// the crawl stopped first.
func (st *state) finishRun(ctx context.Context, r *run, done bool, fatal error) error {
	if st.dry {
		return nil
	}
	status, finished := "interrupted", any(nil)
	if done {
		status, finished = "done", now()
	}
	var errText any
	if fatal != nil {
		errText = fatal.Error()
	}
	_, err := st.db.ExecContext(ctx, "UPDATE crawl_runs SET status = ?, finished_at = ?, error = ? WHERE id = ?",
		status, finished, errText, r.id)
	if err != nil {
		return fmt.Errorf("finish crawl run %d: %w", r.id, err)
	}
	return nil
}

// reserve takes, in crawl_hosts, the next start of a request to host, which
// every crawl of the database shares, and returns how long to wait for
// it: requests to one host from every process and machine start at least
// delay apart. The time is the database's, so clocks that differ agree.
func (st *state) reserve(ctx context.Context, host string, delay time.Duration) (time.Duration, error) {
	now, ms := st.db.NowMillis(), delay.Milliseconds()
	var wait int64
	err := st.db.QueryRowContext(ctx, `INSERT INTO crawl_hosts (host, next_at) VALUES (?, `+now+` + ?)
		ON CONFLICT (host) DO UPDATE SET next_at = CASE WHEN crawl_hosts.next_at > `+now+`
			THEN crawl_hosts.next_at ELSE `+now+` END + ?
		RETURNING next_at - ? - `+now, host, ms, ms, ms).Scan(&wait)
	if err != nil {
		return 0, fmt.Errorf("take a turn at %s: %w", host, err)
	}
	return time.Duration(max(wait, 0)) * time.Millisecond, nil
}
