-- What budgetx report reads to tell which documents need a human look.
--
-- checks counts, per table and per identity, how often the validators
-- tested it and how often it failed. code is the code of the finding a
-- failure records (total_mismatch, column_sum_mismatch, weight_sum, …), so
-- failed equals the number of such findings on the table; an identity that
-- held leaves no finding, only its count here.
--
-- tables.amount_cells counts the cells that hold an amount (a number with
-- two decimals: 1,234.56, 0.00, 95.00%); tables.joined_cells the cells
-- that hold two or more run together (41,052,896.08 12.00), the mark of a
-- column rule the extractor missed. Both are NULL for tables stored before
-- this migration; re-extract those documents to fill them.

CREATE TABLE checks (
    table_id INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
    code     TEXT NOT NULL,
    run      INTEGER NOT NULL CHECK (run > 0),
    failed   INTEGER NOT NULL CHECK (failed BETWEEN 0 AND run),
    PRIMARY KEY (table_id, code)
) WITHOUT ROWID;

ALTER TABLE tables ADD COLUMN amount_cells INTEGER;
ALTER TABLE tables ADD COLUMN joined_cells INTEGER;
