-- What budgetx report reads; as migrations/0006_health.sql for SQLite.

CREATE TABLE checks (
    table_id bigint NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
    code     text NOT NULL,
    run      bigint NOT NULL CHECK (run > 0),
    failed   bigint NOT NULL CHECK (failed BETWEEN 0 AND run),
    PRIMARY KEY (table_id, code)
);

ALTER TABLE tables ADD COLUMN amount_cells bigint;
ALTER TABLE tables ADD COLUMN joined_cells bigint;
