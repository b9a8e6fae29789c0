-- Budget lines gain the page they are printed on, the stream of a two-sided
-- table they belong to, a mark for 合计/总计 rows, and a second, economic
-- classification for rows that carry both a function and an economic code
-- (Beijing's 支出总表). Tables keep the notes printed under them (注：…,
-- 本表为空), which say why an empty table is empty.

ALTER TABLE tables ADD COLUMN note TEXT;

ALTER TABLE budget_lines ADD COLUMN page INTEGER;
ALTER TABLE budget_lines ADD COLUMN side INTEGER;
ALTER TABLE budget_lines ADD COLUMN is_total INTEGER NOT NULL DEFAULT 0;
ALTER TABLE budget_lines ADD COLUMN econ_code TEXT;
ALTER TABLE budget_lines ADD COLUMN econ_name TEXT;

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
       b.amount_fen / 100.0 AS amount_yuan,
       b.raw
  FROM budget_lines b
  JOIN tables t ON t.id = b.table_id
  JOIN documents d ON d.id = t.document_id;
