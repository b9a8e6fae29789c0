-- The full-text index is brought up to date in bulk, once per ingest run,
-- instead of row by row inside every document's transaction: indexing a
-- batch of documents at once costs a quarter of indexing them one by one,
-- and it keeps the single writer of a parallel ingest free for the next
-- document. Writing or deleting a table or a project now only notes it in
-- search_queue; store.DB.IndexSearch applies the queue (budgetx ingest and
-- budgetx crawl call it when they finish, budgetx search before it searches).

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
