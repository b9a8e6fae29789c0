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

-- search_source lists every searchable text with where it was printed. Each
-- text has a key, unique across kinds, that the full-text index uses as its
-- rowid: the kind in the top bits, the source row's id below. A cell has no
-- id of its own, so its key packs table_id (below 2^26), row (below 2^20)
-- and col (below 2^14); a cell outside those bounds is not searchable.
CREATE VIEW search_source AS
SELECT (1 << 60) + t.id AS key, 'table' AS kind, t.title AS text,
       t.document_id, t.id AS table_id, NULL AS project_id, t.page_first AS page
  FROM tables t
 WHERE t.title <> ''
UNION ALL
SELECT (2 << 60) + p.id, 'project', p.name, p.document_id, p.table_id, p.id, p.page_first
  FROM projects p
 WHERE p.name <> ''
UNION ALL
SELECT (3 << 60) + p.id, 'goal', p.goal, p.document_id, p.table_id, p.id, p.page_first
  FROM projects p
 WHERE p.goal <> ''
UNION ALL
SELECT (4 << 60) + i.id, 'indicator', i.level3, p.document_id, p.table_id, p.id, i.page
  FROM indicators i
  JOIN projects p ON p.id = i.project_id
 WHERE i.level3 <> ''
UNION ALL
SELECT (5 << 60) + (c.table_id << 34) + (c.row << 14) + c.col, 'cell', c.text,
       t.document_id, c.table_id, NULL, c.page
  FROM cells c
  JOIN tables t ON t.id = c.table_id
 WHERE c.text <> '' AND c.table_id < 67108864 AND c.row < 1048576 AND c.col < 16384;

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
    tokenize = 'trigram'
);

INSERT INTO search (rowid, text, kind, document_id, table_id, project_id, page)
SELECT key, text, kind, document_id, table_id, project_id, page FROM search_source;

CREATE TRIGGER search_tables_insert AFTER INSERT ON tables WHEN new.title <> '' BEGIN
    INSERT INTO search (rowid, text, kind, document_id, table_id, project_id, page)
    VALUES ((1 << 60) + new.id, new.title, 'table', new.document_id, new.id, NULL, new.page_first);
END;
CREATE TRIGGER search_tables_delete AFTER DELETE ON tables BEGIN
    DELETE FROM search WHERE rowid = (1 << 60) + old.id;
END;
CREATE TRIGGER search_tables_update AFTER UPDATE ON tables BEGIN
    DELETE FROM search WHERE rowid = (1 << 60) + old.id;
    INSERT INTO search (rowid, text, kind, document_id, table_id, project_id, page)
    SELECT (1 << 60) + new.id, new.title, 'table', new.document_id, new.id, NULL, new.page_first
     WHERE new.title <> '';
END;

CREATE TRIGGER search_projects_insert AFTER INSERT ON projects BEGIN
    INSERT INTO search (rowid, text, kind, document_id, table_id, project_id, page)
    SELECT (2 << 60) + new.id, new.name, 'project', new.document_id, new.table_id, new.id, new.page_first
     WHERE new.name <> '';
    INSERT INTO search (rowid, text, kind, document_id, table_id, project_id, page)
    SELECT (3 << 60) + new.id, new.goal, 'goal', new.document_id, new.table_id, new.id, new.page_first
     WHERE new.goal <> '';
END;
CREATE TRIGGER search_projects_delete AFTER DELETE ON projects BEGIN
    DELETE FROM search WHERE rowid IN ((2 << 60) + old.id, (3 << 60) + old.id);
END;
CREATE TRIGGER search_projects_update AFTER UPDATE ON projects BEGIN
    DELETE FROM search WHERE rowid IN ((2 << 60) + old.id, (3 << 60) + old.id);
    INSERT INTO search (rowid, text, kind, document_id, table_id, project_id, page)
    SELECT (2 << 60) + new.id, new.name, 'project', new.document_id, new.table_id, new.id, new.page_first
     WHERE new.name <> '';
    INSERT INTO search (rowid, text, kind, document_id, table_id, project_id, page)
    SELECT (3 << 60) + new.id, new.goal, 'goal', new.document_id, new.table_id, new.id, new.page_first
     WHERE new.goal <> '';
END;

CREATE TRIGGER search_indicators_insert AFTER INSERT ON indicators WHEN new.level3 <> '' BEGIN
    INSERT INTO search (rowid, text, kind, document_id, table_id, project_id, page)
    SELECT (4 << 60) + new.id, new.level3, 'indicator', p.document_id, p.table_id, p.id, new.page
      FROM projects p WHERE p.id = new.project_id;
END;
CREATE TRIGGER search_indicators_delete AFTER DELETE ON indicators BEGIN
    DELETE FROM search WHERE rowid = (4 << 60) + old.id;
END;
CREATE TRIGGER search_indicators_update AFTER UPDATE ON indicators BEGIN
    DELETE FROM search WHERE rowid = (4 << 60) + old.id;
    INSERT INTO search (rowid, text, kind, document_id, table_id, project_id, page)
    SELECT (4 << 60) + new.id, new.level3, 'indicator', p.document_id, p.table_id, p.id, new.page
      FROM projects p WHERE p.id = new.project_id AND new.level3 <> '';
END;

CREATE TRIGGER search_cells_insert AFTER INSERT ON cells
  WHEN new.text <> '' AND new.table_id < 67108864 AND new.row < 1048576 AND new.col < 16384 BEGIN
    INSERT INTO search (rowid, text, kind, document_id, table_id, project_id, page)
    SELECT (5 << 60) + (new.table_id << 34) + (new.row << 14) + new.col, new.text, 'cell',
           t.document_id, new.table_id, NULL, new.page
      FROM tables t WHERE t.id = new.table_id;
END;
CREATE TRIGGER search_cells_delete AFTER DELETE ON cells
  WHEN old.table_id < 67108864 AND old.row < 1048576 AND old.col < 16384 BEGIN
    DELETE FROM search WHERE rowid = (5 << 60) + (old.table_id << 34) + (old.row << 14) + old.col;
END;
CREATE TRIGGER search_cells_update AFTER UPDATE ON cells BEGIN
    DELETE FROM search WHERE rowid = (5 << 60) + (old.table_id << 34) + (old.row << 14) + old.col
       AND old.table_id < 67108864 AND old.row < 1048576 AND old.col < 16384;
    INSERT INTO search (rowid, text, kind, document_id, table_id, project_id, page)
    SELECT (5 << 60) + (new.table_id << 34) + (new.row << 14) + new.col, new.text, 'cell',
           t.document_id, new.table_id, NULL, new.page
      FROM tables t
     WHERE t.id = new.table_id AND new.text <> ''
       AND new.table_id < 67108864 AND new.row < 1048576 AND new.col < 16384;
END;
