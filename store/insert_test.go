package store

import (
	"context"
	"math/bits"
	"path/filepath"
	"testing"
)

// TestInsertEveryRowOnce writes every number of rows from 0 to three
// batches and more: each row lands once, in order, through no more
// statements than batchRows rows and the powers of two below.
func TestInsertEveryRowOnce(t *testing.T) {
	ctx := context.Background()
	d, err := openSQLite(ctx, filepath.Join(t.TempDir(), "t.db"), false)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.sql.ExecContext(ctx, "CREATE TABLE t (n INTEGER, i INTEGER, s TEXT)"); err != nil {
		t.Fatal(err)
	}
	for n := range 3*batchRows + 7 {
		rows := make([][]any, n)
		for i := range rows {
			rows[i] = []any{n, i, "x"}
		}
		err := d.inTx(ctx, func(tx *Tx) error {
			return (&sqliteSink{tx: tx.tx, d: d}).insert(ctx, "t", []string{"n", "i", "s"}, rows)
		})
		if err != nil {
			t.Fatal(n, err)
		}
		var count, ordered int
		err = d.sql.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE i = rowid - (SELECT min(rowid) FROM t WHERE n = ?1))
			FROM t WHERE n = ?1`, n).Scan(&count, &ordered)
		if err != nil || count != n || ordered != n {
			t.Fatalf("%d rows: %d written, %d in order (%v)", n, count, ordered, err)
		}
	}
	if want := bits.Len(batchRows); len(d.stmts) != want {
		t.Errorf("%d statements prepared, want %d", len(d.stmts), want)
	}
}
