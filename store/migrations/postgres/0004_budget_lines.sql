-- As migrations/0004_budget_lines.sql for SQLite: budget lines gain their
-- page, side, total mark and economic classification; tables their note.

ALTER TABLE tables ADD COLUMN note text;

ALTER TABLE budget_lines ADD COLUMN page bigint;
ALTER TABLE budget_lines ADD COLUMN side bigint;
ALTER TABLE budget_lines ADD COLUMN is_total bigint NOT NULL DEFAULT 0;
ALTER TABLE budget_lines ADD COLUMN econ_code text;
ALTER TABLE budget_lines ADD COLUMN econ_name text;

DROP VIEW v_budget_lines;
CREATE VIEW v_budget_lines AS
SELECT b.id,
       t.document_id,
       d.org_name,
       d.fiscal_year,
       d.kind AS document_kind,
       d.source,
       b.table_id,
       t.seq AS table_seq,
       t.kind AS table_kind,
       t.title AS table_title,
       t.amount_unit AS printed_unit,
       b.row,
       b.page,
       b.side,
       b.subject_kind,
       b.code,
       b.level,
       b.name,
       b.econ_code,
       b.econ_name,
       b.is_total,
       b.column_name,
       b.amount_fen / 100.0::double precision AS amount_yuan,
       b.raw
  FROM budget_lines b
  JOIN tables t ON t.id = b.table_id
  JOIN documents d ON d.id = t.document_id;
