-- Tables keep their caption; as migrations/0007_captions.sql for SQLite.

ALTER TABLE tables ADD COLUMN caption text;
ALTER TABLE tables ADD COLUMN caption_org text;
ALTER TABLE tables ADD COLUMN table_number text;
