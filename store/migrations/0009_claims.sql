-- Work shared between processes, on one machine or many, through the
-- database they write to.
--
-- claims: a file (kind 'file', keyed by its sha256) that an ingest is
-- extracting, or a site (kind 'site', keyed by its name) that a crawl is
-- crawling. The holder renews its claims while it works (expires_at moves
-- on), and gives them up when done: a file's claim goes in the transaction
-- that stores the file. A claim past expires_at belongs to a holder that
-- died or stalled, and anyone may take it over; so may a process on the same
-- host that sees the holder's pid is gone. Times are Unix milliseconds of
-- the database's clock, so that machines whose clocks differ agree.
CREATE TABLE claims (
    kind       TEXT NOT NULL CHECK (kind IN ('file', 'site')),
    key        TEXT NOT NULL,
    token      TEXT NOT NULL,             -- the holding process's, unique to it
    host       TEXT NOT NULL,             -- where the holder runs
    pid        INTEGER NOT NULL,
    claimed_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE INDEX claims_token ON claims (token);

-- The politeness of crawls across machines: the earliest time the next
-- request to a host may start. Each request moves it on by the host's delay.
CREATE TABLE crawl_hosts (
    host    TEXT PRIMARY KEY,
    next_at INTEGER NOT NULL                -- Unix milliseconds, database clock
);

-- Site claims replace the one lock a crawl held on the whole database, so
-- that crawls of different sites can run at once.
DROP TABLE crawl_lock;
