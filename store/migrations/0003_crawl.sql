-- Crawl state, written by package crawl: runs and their queues, what each URL
-- answered last, the links each page held, the lock, and where each crawled
-- document came from. Times are RFC 3339, UTC.

-- One row per crawl of one site. A run that did not finish (status running
-- or interrupted) is resumed by the next crawl of that site.
CREATE TABLE crawl_runs (
    id            INTEGER PRIMARY KEY,
    site          TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    finished_at   TEXT,                        -- NULL until the run completes
    status        TEXT NOT NULL CHECK (status IN ('running', 'interrupted', 'done')),
    pages         INTEGER NOT NULL DEFAULT 0,  -- pages requested, changed or not
    changed_pages INTEGER NOT NULL DEFAULT 0,  -- pages whose body was downloaded
    downloads     INTEGER NOT NULL DEFAULT 0,  -- attachment bodies downloaded
    new_documents INTEGER NOT NULL DEFAULT 0,
    unchanged     INTEGER NOT NULL DEFAULT 0,  -- files not modified or already stored
    skipped       INTEGER NOT NULL DEFAULT 0,  -- files that are not documents budgetx reads
    failures      INTEGER NOT NULL DEFAULT 0,  -- URLs that failed; see crawl_queue.error
    error         TEXT                         -- why the run stopped, if it did
);
CREATE INDEX crawl_runs_site ON crawl_runs (site, id);

-- The URLs of a run in the order they were found. A pending URL is fetched
-- when the run goes on; the others say what became of them.
CREATE TABLE crawl_queue (
    run_id    INTEGER NOT NULL REFERENCES crawl_runs (id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    url       TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('page', 'file', 'both')),
    referrer  TEXT,                            -- the page that linked it
    link_text TEXT,
    date      TEXT,                            -- a date printed next to the link
    title     TEXT,                            -- the article the link belongs to,
    published TEXT,                            -- as far as the referrer shows it
    publisher TEXT,
    state     TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
    outcome   TEXT,                            -- changed, unchanged, new, skipped, disallowed …
    error     TEXT,
    PRIMARY KEY (run_id, url),
    UNIQUE (run_id, seq)
);

-- What each URL answered the last time it was requested, with the validators
-- that make the next request conditional. For pages, what the page shows.
CREATE TABLE crawl_urls (
    url           TEXT PRIMARY KEY,
    status        INTEGER,                     -- HTTP status; NULL when no answer came
    etag          TEXT,
    last_modified TEXT,
    content_type  TEXT,
    sha256        TEXT,                        -- of the last body downloaded
    size          INTEGER,
    title         TEXT,                        -- pages: the article title shown
    published     TEXT,                        -- pages: 发布日期 shown, YYYY-MM-DD
    publisher     TEXT,                        -- pages: 发布机构 shown
    index_no      TEXT,                        -- pages: 索引号 shown
    skipped_with  TEXT,                        -- files not taken as documents: the formats
                                               -- budgetx read then; when they change, the
                                               -- file is downloaded again
    fetched_at    TEXT,                        -- last download of a body
    checked_at    TEXT NOT NULL,               -- last request
    error         TEXT
);

-- The links of each page as of its last download, replayed when the page
-- answers 304 Not Modified.
CREATE TABLE crawl_links (
    page_url TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    url      TEXT NOT NULL,
    text     TEXT,
    date     TEXT,                             -- a date printed next to the link
    PRIMARY KEY (page_url, seq)
) WITHOUT ROWID;

-- At most one crawl writes to a database at a time. The holder refreshes
-- heartbeat_at; a row whose heartbeat is old belongs to a dead crawl and is
-- taken over.
CREATE TABLE crawl_lock (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    token        TEXT NOT NULL,
    pid          INTEGER NOT NULL,
    host         TEXT NOT NULL,
    acquired_at  TEXT NOT NULL,
    heartbeat_at TEXT NOT NULL
);

-- Where each crawled document came from. Keyed by the document's sha256
-- (documents.sha256), which survives a forced re-ingest where the id does
-- not. A file found at several URLs has a row for each; a zip bundle's
-- members name the member.
CREATE TABLE provenance (
    sha256     TEXT NOT NULL,
    url        TEXT NOT NULL,                  -- where the file was downloaded
    member     TEXT NOT NULL DEFAULT '',       -- path inside a zip bundle
    file_name  TEXT,                           -- Content-Disposition, else the URL's last segment
    page_url   TEXT,                           -- the page that linked it
    link_text  TEXT,
    title      TEXT,                           -- article title shown on that page
    published  TEXT,                           -- 发布日期 shown, YYYY-MM-DD
    publisher  TEXT,                           -- 发布机构 shown
    fetched_at TEXT NOT NULL,
    run_id     INTEGER REFERENCES crawl_runs (id) ON DELETE SET NULL,
    PRIMARY KEY (sha256, url, member)
);
CREATE INDEX provenance_url ON provenance (url);
