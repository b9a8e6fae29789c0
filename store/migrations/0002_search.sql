-- Views for people, and full-text search.
--
-- The views join each record to its document and show money in 元 (the
-- tables keep exact integer 分). They hold no data of their own.

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
       p.budget_fen / 100.0 AS budget_yuan,
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
       p.budget_fen / 100.0 AS project_budget_yuan,
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
       b.amount_fen / 100.0 AS amount_yuan,
       b.raw
  FROM budget_lines b
  JOIN tables t ON t.id = b.table_id
  JOIN documents d ON d.id = t.document_id;

-- search_source lists every searchable text with where it was printed.
--
-- Each text has a key, unique across kinds, that the full-text index uses
-- as its rowid. Keys rise in the order ingest writes rows (a table's title,
-- then its cells row by row; a project's name and goal, then its
-- indicators), because FTS5 writes fastest when rowids only grow:
--   table title  2^60 + table_id·2^34
--   cell         2^60 + table_id·2^34 + row·2^14 + col
--   project name 2^61 + project_id·2^21
--   goal         2^61 + project_id·2^21 + 1
--   indicator    2^61 + project_id·2^21 + 2 + seq
-- so a table id must be below 2^26, a row below 2^20, a column below 2^14, a
-- project id below 2^39 and an indicator's seq below 2^21 − 2; a text
-- outside those bounds is not searchable.
--
-- Cells that hold only a number of more than seven characters (amounts such
-- as 1,734,952.06) are left out: they are most of a budget table, would
-- make most of the index, and are found by SQL on budget_lines. Codes such
-- as 2080505 and short numbers stay searchable.
CREATE VIEW search_source AS
SELECT (1 << 60) + (t.id << 34) AS key, 'table' AS kind, t.title AS text,
       t.document_id, t.id AS table_id, NULL AS project_id, t.page_first AS page
  FROM tables t
 WHERE t.title <> '' AND t.id < 67108864
UNION ALL
SELECT (1 << 60) + (c.table_id << 34) + (c.row << 14) + c.col, 'cell', c.text,
       t.document_id, c.table_id, NULL, c.page
  FROM cells c
  JOIN tables t ON t.id = c.table_id
 WHERE c.text <> '' AND c.table_id < 67108864 AND c.row BETWEEN 1 AND 1048575
   AND c.col BETWEEN 0 AND 16383
   AND (length(c.text) <= 7 OR c.text GLOB '*[^0-9.,%() +—－（）-]*')
UNION ALL
SELECT (2 << 60) + (p.id << 21), 'project', p.name, p.document_id, p.table_id, p.id, p.page_first
  FROM projects p
 WHERE p.name <> '' AND p.id < 549755813888
UNION ALL
SELECT (2 << 60) + (p.id << 21) + 1, 'goal', p.goal, p.document_id, p.table_id, p.id, p.page_first
  FROM projects p
 WHERE p.goal <> '' AND p.id < 549755813888
UNION ALL
SELECT (2 << 60) + (p.id << 21) + 2 + i.seq, 'indicator', i.level3, p.document_id, p.table_id, p.id,
       i.page
  FROM indicators i
  JOIN projects p ON p.id = i.project_id
 WHERE i.level3 <> '' AND p.id < 549755813888 AND i.seq BETWEEN 0 AND 2097149;

-- requires fts5
-- The full-text index over search_source, with the trigram tokenizer: any
-- run of three or more characters matches wherever it occurs, which suits
-- Chinese text that has no spaces between words. Triggers keep it in step
-- with every insert, update and delete, including the cascades that
-- re-ingesting a document sets off. A build without FTS5 skips this part;
-- the first build with FTS5 that opens the database applies it.

CREATE VIRTUAL TABLE search USING fts5(
    text,
    kind UNINDEXED,
    document_id UNINDEXED,
    table_id UNINDEXED,
    project_id UNINDEXED,
    page UNINDEXED,
    tokenize = 'trigram',
    columnsize = 0 -- no per-row token counts: hits are ordered by place, not by bm25
);

INSERT INTO search (rowid, text, kind, document_id, table_id, project_id, page)
SELECT key, text, kind, document_id, table_id, project_id, page FROM search_source ORDER BY key;

CREATE TRIGGER search_tables_insert AFTER INSERT ON tables
  WHEN new.title <> '' AND new.id < 67108864 BEGIN
    INSERT INTO search (rowid, text, kind, document_id, table_id, project_id, page)
    VALUES ((1 << 60) + (new.id << 34), new.title, 'table', new.document_id, new.id, NULL,
            new.page_first);
END;
CREATE TRIGGER search_tables_delete AFTER DELETE ON tables
  WHEN old.id < 67108864 BEGIN
    DELETE FROM search WHERE rowid = (1 << 60) + (old.id << 34);
END;
CREATE TRIGGER search_tables_update AFTER UPDATE ON tables BEGIN
    DELETE FROM search WHERE rowid = (1 << 60) + (old.id << 34) AND old.id < 67108864;
    INSERT INTO search (rowid, text, kind, document_id, table_id, project_id, page)
    SELECT (1 << 60) + (new.id << 34), new.title, 'table', new.document_id, new.id, NULL,
           new.page_first
     WHERE new.title <> '' AND new.id < 67108864;
END;

CREATE TRIGGER search_cells_insert AFTER INSERT ON cells
  WHEN new.text <> '' AND new.table_id < 67108864 AND new.row BETWEEN 1 AND 1048575
   AND new.col BETWEEN 0 AND 16383
   AND (length(new.text) <= 7 OR new.text GLOB '*[^0-9.,%() +—－（）-]*') BEGIN
    INSERT INTO search (rowid, text, kind, document_id, table_id, project_id, page)
    SELECT (1 << 60) + (new.table_id << 34) + (new.row << 14) + new.col, new.text, 'cell',
           t.document_id, new.table_id, NULL, new.page
      FROM tables t WHERE t.id = new.table_id;
END;
CREATE TRIGGER search_cells_delete AFTER DELETE ON cells
  WHEN old.table_id < 67108864 AND old.row BETWEEN 1 AND 1048575 AND old.col BETWEEN 0 AND 16383 BEGIN
    DELETE FROM search WHERE rowid = (1 << 60) + (old.table_id << 34) + (old.row << 14) + old.col;
END;
CREATE TRIGGER search_cells_update AFTER UPDATE ON cells BEGIN
    DELETE FROM search WHERE rowid = (1 << 60) + (old.table_id << 34) + (old.row << 14) + old.col
       AND old.table_id < 67108864 AND old.row BETWEEN 1 AND 1048575 AND old.col BETWEEN 0 AND 16383;
    INSERT INTO search (rowid, text, kind, document_id, table_id, project_id, page)
    SELECT (1 << 60) + (new.table_id << 34) + (new.row << 14) + new.col, new.text, 'cell',
           t.document_id, new.table_id, NULL, new.page
      FROM tables t
     WHERE t.id = new.table_id AND new.text <> '' AND new.table_id < 67108864
       AND new.row BETWEEN 1 AND 1048575 AND new.col BETWEEN 0 AND 16383
       AND (length(new.text) <= 7 OR new.text GLOB '*[^0-9.,%() +—－（）-]*');
END;

CREATE TRIGGER search_projects_insert AFTER INSERT ON projects
  WHEN new.id < 549755813888 BEGIN
    INSERT INTO search (rowid, text, kind, document_id, table_id, project_id, page)
    SELECT (2 << 60) + (new.id << 21), new.name, 'project', new.document_id, new.table_id, new.id,
           new.page_first
     WHERE new.name <> '';
    INSERT INTO search (rowid, text, kind, document_id, table_id, project_id, page)
    SELECT (2 << 60) + (new.id << 21) + 1, new.goal, 'goal', new.document_id, new.table_id, new.id,
           new.page_first
     WHERE new.goal <> '';
END;
CREATE TRIGGER search_projects_delete AFTER DELETE ON projects
  WHEN old.id < 549755813888 BEGIN
    DELETE FROM search WHERE rowid IN ((2 << 60) + (old.id << 21), (2 << 60) + (old.id << 21) + 1);
END;
CREATE TRIGGER search_projects_update AFTER UPDATE ON projects BEGIN
    DELETE FROM search WHERE rowid IN ((2 << 60) + (old.id << 21), (2 << 60) + (old.id << 21) + 1)
       AND old.id < 549755813888;
    INSERT INTO search (rowid, text, kind, document_id, table_id, project_id, page)
    SELECT (2 << 60) + (new.id << 21), new.name, 'project', new.document_id, new.table_id, new.id,
           new.page_first
     WHERE new.name <> '' AND new.id < 549755813888;
    INSERT INTO search (rowid, text, kind, document_id, table_id, project_id, page)
    SELECT (2 << 60) + (new.id << 21) + 1, new.goal, 'goal', new.document_id, new.table_id, new.id,
           new.page_first
     WHERE new.goal <> '' AND new.id < 549755813888;
END;

CREATE TRIGGER search_indicators_insert AFTER INSERT ON indicators
  WHEN new.level3 <> '' AND new.project_id < 549755813888 AND new.seq BETWEEN 0 AND 2097149 BEGIN
    INSERT INTO search (rowid, text, kind, document_id, table_id, project_id, page)
    SELECT (2 << 60) + (p.id << 21) + 2 + new.seq, new.level3, 'indicator', p.document_id,
           p.table_id, p.id, new.page
      FROM projects p WHERE p.id = new.project_id;
END;
CREATE TRIGGER search_indicators_delete AFTER DELETE ON indicators
  WHEN old.project_id < 549755813888 AND old.seq BETWEEN 0 AND 2097149 BEGIN
    DELETE FROM search WHERE rowid = (2 << 60) + (old.project_id << 21) + 2 + old.seq;
END;
CREATE TRIGGER search_indicators_update AFTER UPDATE ON indicators BEGIN
    DELETE FROM search WHERE rowid = (2 << 60) + (old.project_id << 21) + 2 + old.seq
       AND old.project_id < 549755813888 AND old.seq BETWEEN 0 AND 2097149;
    INSERT INTO search (rowid, text, kind, document_id, table_id, project_id, page)
    SELECT (2 << 60) + (p.id << 21) + 2 + new.seq, new.level3, 'indicator', p.document_id,
           p.table_id, p.id, new.page
      FROM projects p
     WHERE p.id = new.project_id AND new.level3 <> '' AND new.project_id < 549755813888
       AND new.seq BETWEEN 0 AND 2097149;
END;
