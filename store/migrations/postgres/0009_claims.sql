-- Work shared between processes and machines: claims with leases, and the
-- politeness of crawls across machines; as migrations/0009_claims.sql for
-- SQLite, which says what each table is for.

CREATE TABLE claims (
    kind       text NOT NULL CHECK (kind IN ('file', 'site')),
    key        text NOT NULL,
    token      text NOT NULL,             -- the holding process's, unique to it
    host       text NOT NULL,             -- where the holder runs
    pid        bigint NOT NULL,
    claimed_at bigint NOT NULL,
    expires_at bigint NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE INDEX claims_token ON claims (token);

-- The politeness of crawls across machines: the earliest time the next
-- request to a host may start. Each request moves it on by the host's delay.
CREATE TABLE crawl_hosts (
    host    text PRIMARY KEY,
    next_at bigint NOT NULL                -- Unix milliseconds, database clock
);

-- Site claims replace the one lock a crawl held on the whole database, so
-- that crawls of different sites can run at once.
DROP TABLE crawl_lock;
