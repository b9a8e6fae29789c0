-- A failed document keeps the detail of its error; as
-- migrations/0010_error_detail.sql for SQLite.

ALTER TABLE documents ADD COLUMN error_detail text;
