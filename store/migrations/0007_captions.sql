-- Tables keep their caption: the lines printed between the title and the
-- grid (编制部门：上海市普陀区财政局, 公开表一, 单位：元), and the
-- organisation and table number the caption (or the title) names. In a
-- document that reports a department and its units table by table, the
-- caption is the only way to tell whose table it is.

ALTER TABLE tables ADD COLUMN caption TEXT;
ALTER TABLE tables ADD COLUMN caption_org TEXT;
ALTER TABLE tables ADD COLUMN table_number TEXT;
