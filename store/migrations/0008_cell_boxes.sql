-- Where each cell was printed on its page: x0, y0 (top left) and x1, y1
-- (bottom right) in points, with the origin at the top left of the page as
-- displayed (the crop box, rotation applied) and y growing downwards. NULL
-- where the format has no geometry (workbooks, Word documents, text dumps,
-- HTML tables).
ALTER TABLE cells ADD COLUMN x0 REAL;
ALTER TABLE cells ADD COLUMN y0 REAL;
ALTER TABLE cells ADD COLUMN x1 REAL;
ALTER TABLE cells ADD COLUMN y1 REAL;
