-- The database contract of DESIGN.md. Money is integer 分 in *_fen columns;
-- pages, rows and columns are 1-based.

CREATE TABLE documents (
    id               INTEGER PRIMARY KEY,
    sha256           TEXT NOT NULL UNIQUE,
    source           TEXT NOT NULL,            -- path or URL the file was read from
    format           TEXT,                     -- pdf html xlsx xls text; NULL when unknown
    size             INTEGER NOT NULL,         -- bytes
    title            TEXT,
    fiscal_year      INTEGER,
    kind             TEXT CHECK (kind IN ('预算', '决算')),
    org_name         TEXT,
    pages            INTEGER,
    producer         TEXT,
    status           TEXT NOT NULL CHECK (status IN ('ok', 'partial', 'failed')),
    error            TEXT,
    pipeline_version INTEGER NOT NULL,         -- version of the code that produced the rows
    ingested_at      TEXT NOT NULL             -- RFC 3339, UTC
);

CREATE TABLE tables (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    title       TEXT,
    kind        TEXT NOT NULL DEFAULT 'other',
    amount_unit TEXT,
    page_first  INTEGER,
    page_last   INTEGER,
    n_rows      INTEGER NOT NULL,
    n_cols      INTEGER NOT NULL,
    UNIQUE (document_id, seq)
);

CREATE TABLE cells (
    table_id INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
    row      INTEGER NOT NULL,
    col      INTEGER NOT NULL,
    row_span INTEGER NOT NULL DEFAULT 1,
    col_span INTEGER NOT NULL DEFAULT 1,
    text     TEXT NOT NULL,
    page     INTEGER,
    PRIMARY KEY (table_id, row, col)
) WITHOUT ROWID;

CREATE TABLE projects (
    id              INTEGER PRIMARY KEY,
    document_id     INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    table_id        INTEGER REFERENCES tables (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    department_code TEXT,
    department_name TEXT,
    unit_code       TEXT,
    unit_name       TEXT,
    name            TEXT NOT NULL,
    budget_fen      INTEGER,
    goal            TEXT,
    page_first      INTEGER,
    page_last       INTEGER,
    UNIQUE (document_id, seq)
);
CREATE INDEX projects_table ON projects (table_id);

CREATE TABLE indicators (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    level1       TEXT,
    level2       TEXT,
    level3       TEXT,
    operator     TEXT CHECK (operator IN ('≥', '≤', '=', '>', '<', '定性')),
    value_text   TEXT,
    value_num    REAL,
    measure_unit TEXT,
    weight       REAL,
    direction    TEXT,
    page         INTEGER,
    UNIQUE (project_id, seq)
);

CREATE TABLE budget_lines (
    id           INTEGER PRIMARY KEY,
    table_id     INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
    row          INTEGER NOT NULL,
    subject_kind TEXT,
    code         TEXT,
    level        INTEGER,
    name         TEXT,
    column_name  TEXT,
    amount_fen   INTEGER,
    raw          TEXT
);
CREATE INDEX budget_lines_table ON budget_lines (table_id, row);
CREATE INDEX budget_lines_code ON budget_lines (code);

CREATE TABLE findings (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    table_id    INTEGER REFERENCES tables (id) ON DELETE CASCADE,
    project_id  INTEGER REFERENCES projects (id) ON DELETE CASCADE,
    severity    TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'error')),
    code        TEXT NOT NULL,
    message     TEXT NOT NULL,
    page        INTEGER
);
CREATE INDEX findings_document ON findings (document_id);
CREATE INDEX findings_table ON findings (table_id);
CREATE INDEX findings_project ON findings (project_id);
CREATE INDEX findings_code ON findings (code);
