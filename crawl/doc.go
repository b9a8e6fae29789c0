// Package crawl keeps a budgetx database current from government portals:
// it walks each configured site's listing pages politely, downloads the
// attachments they link to, and ingests each at once through package
// ingest, noting where it came from.
//
// A crawl of a site is a run with a queue of URLs in the database. Pages
// that match the site's follow patterns are fetched and their links
// queued; URLs that match its attachment patterns are downloaded, sniffed
// by content (a .pdf that is an HTML page is HTML), unpacked when they are
// archives (through ingest, as the ingest command does), and ingested.
// Links are also read from what pages write with scripts (script.go),
// without running any. Files budgetx does not read are skipped and
// leave no document. Every request passes the host's gate (delay and
// concurrency), robots.txt, a timeout and a size cap, and is retried with
// backoff on timeouts, 429 and 5xx. Each URL's validators (ETag,
// Last-Modified) and each page's links are remembered, so the next run asks
// conditionally and a page that answers 304 has its links replayed: a
// second run downloads no unchanged body. An interrupted run is resumed
// from its queue by the next crawl of the site.
//
// Decisions:
//
//   - net/http with temoto/robotstxt, goquery and x/net/html/charset, not
//     gocolly/colly. Colly's callbacks, in-memory visited set and response
//     cache do not fit what a nightly crawl into SQLite needs: conditional
//     requests whose validators and links outlive the process, a queue that
//     resumes after a crash, retries that honour Retry-After, redirects
//     that each pass robots.txt and the host delay, and exact accounting of
//     what was fetched. Its robots.txt support is the same temoto package.
//   - The SQL for crawl state lives here (state.go, lock.go), on the handle
//     store.DB.SQL gives; the schema is store/migrations/0003_crawl.sql.
//     The tables are the crawler's own; store stays about documents.
//   - Provenance is keyed by the document's sha256, which survives a forced
//     re-ingest where documents.id does not.
//   - Two crawls of one database are kept apart by a lock row, not a lock
//     file: it lives where the state lives (copy the database, and nothing
//     else is needed), works on every file system SQLite works on, and says
//     who holds it (pid, host, heartbeat). A crawl that died is recognised
//     by its stale heartbeat, or at once when its pid is gone from this host.
//   - Within a process, writes to the database are serialized; one
//     coordinator goroutine per site owns its queue and crawl state, and
//     workers fetch and ingest.
package crawl
