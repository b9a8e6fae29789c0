-- Views for people, and search; as migrations/0002_search.sql for SQLite.
-- Money in the views is double precision 元, as SQLite's REAL.
--
-- Search reads search_source, whose texts the trigram indexes of pg_trgm
-- look up (migration 0005 makes them), where SQLite copies them into an
-- FTS5 table.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE VIEW v_projects AS
SELECT p.id,
       p.document_id,
       d.org_name,
       d.fiscal_year,
       d.kind AS document_kind,
       d.source,
       p.table_id,
       p.seq,
       p.department_code,
       p.department_name,
       p.unit_code,
       p.unit_name,
       p.name,
       p.budget_fen / 100.0::double precision AS budget_yuan,
       p.goal,
       p.page_first,
       p.page_last,
       (SELECT count(*) FROM indicators i WHERE i.project_id = p.id) AS n_indicators,
       (SELECT sum(i.weight) FROM indicators i WHERE i.project_id = p.id) AS weight_sum
  FROM projects p
  JOIN documents d ON d.id = p.document_id;

CREATE VIEW v_indicators AS
SELECT i.id,
       i.project_id,
       p.document_id,
       d.org_name,
       d.fiscal_year,
       d.kind AS document_kind,
       d.source,
       p.unit_name,
       p.name AS project_name,
       p.budget_fen / 100.0::double precision AS project_budget_yuan,
       i.seq,
       i.level1,
       i.level2,
       i.level3,
       i.operator,
       i.value_text,
       i.value_num,
       i.measure_unit,
       i.weight,
       i.direction,
       i.page
  FROM indicators i
  JOIN projects p ON p.id = i.project_id
  JOIN documents d ON d.id = p.document_id;

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
       (SELECT min(c.page) FROM cells c WHERE c.table_id = b.table_id AND c.row = b.row) AS page,
       b.subject_kind,
       b.code,
       b.level,
       b.name,
       b.column_name,
       b.amount_fen / 100.0::double precision AS amount_yuan,
       b.raw
  FROM budget_lines b
  JOIN tables t ON t.id = b.table_id
  JOIN documents d ON d.id = t.document_id;
