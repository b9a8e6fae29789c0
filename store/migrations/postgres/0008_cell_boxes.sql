-- Cells keep their box on the page; as migrations/0008_cell_boxes.sql for SQLite.

ALTER TABLE cells ADD COLUMN x0 double precision;
ALTER TABLE cells ADD COLUMN y0 double precision;
ALTER TABLE cells ADD COLUMN x1 double precision;
ALTER TABLE cells ADD COLUMN y1 double precision;
