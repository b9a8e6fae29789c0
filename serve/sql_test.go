package serve

import "testing"

func TestReadStatement(t *testing.T) {
	for _, tc := range []struct {
		sql string
		ok  bool
	}{
		{"SELECT 1", true},
		{"  select * from documents;", true},
		{"-- a comment\n/* another */ WITH x AS (SELECT 1) SELECT * FROM x;;", true},
		{"SELECT ';' AS a, \"x;y\" FROM t -- ; DELETE", true},
		{"SELECT 1; -- nothing after\n", true},
		{"SELECT [a;b] FROM t", true},
		{"DELETE FROM documents", false},
		{"select 1; delete from documents", false},
		{"SELECT 1;/* */ DROP TABLE cells", false},
		{"PRAGMA writable_schema = 1", false},
		{"ATTACH 'x.db' AS x", false},
		{"/* SELECT */ UPDATE documents SET title = ''", false},
		{"", false},
		{"VACUUM INTO 'copy.db'", false},
	} {
		err := readStatement(tc.sql)
		if (err == nil) != tc.ok {
			t.Errorf("readStatement(%q) = %v, want ok %v", tc.sql, err, tc.ok)
		}
	}
}
