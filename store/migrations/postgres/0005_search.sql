-- search_source, as migrations/0005_search_queue.sql defines it for SQLite:
-- every searchable text with its key and where it was printed. The keys
-- are SQLite's FTS5 rowids; here they order hits the same way.
--
-- Where SQLite copies these texts into an FTS5 table, brought up to date in
-- bulk through search_queue, PostgreSQL looks them up where they are: a
-- trigram index (pg_trgm, GIN) on each column the view reads, partial on the
-- same conditions, which PostgreSQL keeps up to date itself. There is
-- therefore no search table and no search_queue here. GIN indexes collect
-- new entries in a pending list and merge them in bulk, much as
-- search_queue does.
--
-- pg_trgm reads Chinese characters as letters only in a database whose
-- locale knows them (C.UTF-8, zh_CN.UTF-8, en_US.UTF-8; not C): elsewhere
-- searches give the same hits, without the index's help.

CREATE VIEW search_source AS
SELECT (1::bigint << 60) + (t.id << 34) AS key, 'table'::text AS kind, t.title AS text,
       t.document_id, t.id AS table_id, NULL::bigint AS project_id, t.page_first AS page
  FROM tables t
 WHERE t.title <> '' AND t.id < 67108864
UNION ALL
SELECT (1::bigint << 60) + (c.table_id << 34) + (c.row << 14) + c.col, 'cell', c.text,
       t.document_id, c.table_id, NULL, c.page
  FROM cells c
  JOIN tables t ON t.id = c.table_id
 WHERE length(c.text) >= 3 AND c.table_id < 67108864 AND c.row BETWEEN 1 AND 1048575
   AND c.col BETWEEN 0 AND 16383
   AND (length(c.text) <= 7 OR c.text ~ '[^0-9.,%() +—－（）-]')
UNION ALL
SELECT (2::bigint << 60) + (p.id << 21), 'project', p.name, p.document_id, p.table_id, p.id, p.page_first
  FROM projects p
 WHERE p.name <> '' AND p.id < 549755813888
UNION ALL
SELECT (2::bigint << 60) + (p.id << 21) + 1, 'goal', p.goal, p.document_id, p.table_id, p.id, p.page_first
  FROM projects p
 WHERE p.goal <> '' AND p.id < 549755813888
UNION ALL
SELECT (2::bigint << 60) + (p.id << 21) + 2 + i.seq, 'indicator', i.level3, p.document_id, p.table_id, p.id,
       i.page
  FROM indicators i
  JOIN projects p ON p.id = i.project_id
 WHERE i.level3 <> '' AND p.id < 549755813888 AND i.seq BETWEEN 0 AND 2097149;

CREATE INDEX tables_title_trgm ON tables USING gin (title gin_trgm_ops) WHERE title <> '';
CREATE INDEX cells_text_trgm ON cells USING gin (text gin_trgm_ops)
 WHERE length(text) >= 3 AND (length(text) <= 7 OR text ~ '[^0-9.,%() +—－（）-]');
CREATE INDEX projects_name_trgm ON projects USING gin (name gin_trgm_ops) WHERE name <> '';
CREATE INDEX projects_goal_trgm ON projects USING gin (goal gin_trgm_ops) WHERE goal <> '';
CREATE INDEX indicators_level3_trgm ON indicators USING gin (level3 gin_trgm_ops) WHERE level3 <> '';
