-- The full-text index is brought up to date in bulk, once per ingest run,
-- instead of row by row inside every document's transaction: indexing a
-- batch of documents at once costs a quarter of indexing them one by one,
-- and it keeps the single writer of a parallel ingest free for the next
-- document. Writing or deleting a table or a project now only notes it in
-- search_queue; store.DB.IndexSearch applies the queue (budgetx ingest and
-- budgetx crawl call it when they finish, budgetx search before it searches).
--
-- search_source also leaves out cells shorter than three characters (≥, 个,
-- 10, 优): no search is for them, the trigram index cannot look them up,
-- and they are two cells in five.

DROP VIEW search_source;
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
 WHERE length(c.text) >= 3 AND c.table_id < 67108864 AND c.row BETWEEN 1 AND 1048575
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
DROP TRIGGER search_tables_insert;
DROP TRIGGER search_tables_delete;
DROP TRIGGER search_tables_update;
DROP TRIGGER search_cells_insert;
DROP TRIGGER search_cells_delete;
DROP TRIGGER search_cells_update;
DROP TRIGGER search_projects_insert;
DROP TRIGGER search_projects_delete;
DROP TRIGGER search_projects_update;
DROP TRIGGER search_indicators_insert;
DROP TRIGGER search_indicators_delete;
DROP TRIGGER search_indicators_update;

-- Rows the new search_source leaves out go from the index too.
DELETE FROM search WHERE kind = 'cell' AND length(text) < 3;

CREATE TABLE search_queue (
    seq  INTEGER PRIMARY KEY,
    op   TEXT NOT NULL CHECK (op IN ('add', 'drop')),
    kind TEXT NOT NULL CHECK (kind IN ('table', 'project')),
    id   INTEGER NOT NULL
);

-- A table is indexed with its cells, a project with its goal and
-- indicators: writing a table or a project queues it, deleting one queues
-- its removal, changing one (or a cell, or an indicator) queues both.
CREATE TRIGGER search_queue_tables_insert AFTER INSERT ON tables BEGIN
    INSERT INTO search_queue (op, kind, id) VALUES ('add', 'table', new.id);
END;
CREATE TRIGGER search_queue_tables_delete AFTER DELETE ON tables BEGIN
    INSERT INTO search_queue (op, kind, id) VALUES ('drop', 'table', old.id);
END;
CREATE TRIGGER search_queue_tables_update AFTER UPDATE ON tables BEGIN
    INSERT INTO search_queue (op, kind, id) VALUES ('drop', 'table', old.id), ('add', 'table', new.id);
END;
CREATE TRIGGER search_queue_cells_update AFTER UPDATE ON cells BEGIN
    INSERT INTO search_queue (op, kind, id) VALUES ('drop', 'table', old.table_id), ('add', 'table', new.table_id);
END;
CREATE TRIGGER search_queue_projects_insert AFTER INSERT ON projects BEGIN
    INSERT INTO search_queue (op, kind, id) VALUES ('add', 'project', new.id);
END;
CREATE TRIGGER search_queue_projects_delete AFTER DELETE ON projects BEGIN
    INSERT INTO search_queue (op, kind, id) VALUES ('drop', 'project', old.id);
END;
CREATE TRIGGER search_queue_projects_update AFTER UPDATE ON projects BEGIN
    INSERT INTO search_queue (op, kind, id)
    VALUES ('drop', 'project', old.id), ('add', 'project', new.id),
           ('drop', 'table', old.table_id), ('add', 'table', new.table_id);
END;
CREATE TRIGGER search_queue_indicators_update AFTER UPDATE ON indicators BEGIN
    INSERT INTO search_queue (op, kind, id)
    SELECT 'drop', 'project', old.project_id UNION ALL SELECT 'add', 'project', new.project_id
    UNION ALL SELECT 'drop', 'table', p.table_id FROM projects p WHERE p.id = new.project_id
    UNION ALL SELECT 'add', 'table', p.table_id FROM projects p WHERE p.id = new.project_id;
END;
