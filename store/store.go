package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	_ "github.com/mattn/go-sqlite3" // the database/sql driver "sqlite3"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is an open budgetx database.
type DB struct {
	sql *sql.DB

	mu    sync.Mutex
	stmts map[string]*sql.Stmt // prepared once, reused by every document's transaction
}

// ErrReadOnly is returned when a statement tries to write through a
// read-only handle.
var ErrReadOnly = errors.New("the database is open read-only")

// ErrNoFTS5 is returned by Open when the database has a full-text index and
// this build of budgetx lacks SQLite's FTS5 module.
var ErrNoFTS5 = errors.New("the database has a full-text index, and this budgetx was built without SQLite FTS5 (build with -tags sqlite_fts5, as make build does)")

// Open opens (creating if needed) the database at path and brings its schema
// up to date.
func Open(ctx context.Context, path string) (*DB, error) {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", "10000")
	q.Set("_synchronous", "NORMAL")
	q.Set("_cache_size", "-8192")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite3", "file:"+escapePath(path)+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	// Keep connections open: every new one runs the DSN's pragmas, and
	// setting the journal mode waits for the writer's lock, which stalls
	// readers behind every write.
	db.SetMaxIdleConns(runtime.NumCPU() + 4)
	d := &DB{sql: db}
	if err := d.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate database %s: %w", path, err)
	}
	return d, nil
}

// OpenReadOnly opens an existing database for queries only: any statement
// that would change it fails with ErrReadOnly.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	q := url.Values{}
	q.Set("mode", "ro")
	q.Set("_query_only", "true")
	q.Set("_busy_timeout", "10000")
	db, err := sql.Open("sqlite3", "file:"+escapePath(path)+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return &DB{sql: db}, nil
}

// escapePath makes a file path safe inside a file: URI.
func escapePath(p string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
}

// Close closes the database.
func (d *DB) Close() error { return d.sql.Close() }

// prepared returns the statement for query, preparing it the first time:
// the multi-row inserts take longer to prepare than to run.
func (d *DB) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if st, ok := d.stmts[query]; ok {
		return st, nil
	}
	st, err := d.sql.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if d.stmts == nil {
		d.stmts = make(map[string]*sql.Stmt)
	}
	d.stmts[query] = st
	return st, nil
}

// SQL returns the underlying handle, for packages that keep their own tables
// in the database (package crawl keeps its state there).
func (d *DB) SQL() *sql.DB { return d.sql }

// migrate applies, in order, every embedded migration newer than the
// database's user_version, each in its own transaction.
//
// The part of a migration after the line "-- requires fts5" needs SQLite's
// FTS5 module. A build without it applies the rest, and notes the part it
// skipped in schema_deferred; the first build with FTS5 that opens the
// database applies what was skipped. A database that already has an FTS5
// table cannot be written by a build without FTS5 (its triggers would
// fail), so Open refuses it with ErrNoFTS5.
func (d *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	fts5, err := d.hasFTS5(ctx)
	if err != nil {
		return err
	}
	if !fts5 {
		if uses, err := d.usesFTS5(ctx); err != nil {
			return err
		} else if uses {
			return ErrNoFTS5
		}
	}
	if fts5 {
		// What a build without FTS5 left undone comes first: a newer
		// migration may change what it creates.
		if err := d.applyDeferred(ctx, names); err != nil {
			return err
		}
	}
	var have int
	if err := d.sql.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
		return err
	}
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with its number", base)
		}
		if v <= have {
			continue
		}
		if lastMigration > 0 && v > lastMigration {
			break
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		plain, needsFTS5 := splitMigration(string(body))
		err = d.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, plain); err != nil {
				return fmt.Errorf("migration %s: %w", base, err)
			}
			if needsFTS5 != "" && fts5 {
				if _, err := tx.ExecContext(ctx, needsFTS5); err != nil {
					return fmt.Errorf("migration %s: %w", base, err)
				}
			} else if needsFTS5 != "" {
				if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_deferred (
					version INTEGER PRIMARY KEY, -- the migration whose FTS5 part waits
					reason  TEXT NOT NULL)`); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, "INSERT INTO schema_deferred VALUES (?, ?)",
					v, "built without SQLite FTS5"); err != nil {
					return err
				}
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v))
			return err
		})
		if err != nil {
			return err
		}
		have = v
	}
	return nil
}

// fts5Marker opens the part of a migration that needs FTS5.
const fts5Marker = "\n-- requires fts5\n"

// splitMigration divides a migration into the statements any build can
// run and those that need FTS5.
func splitMigration(body string) (plain, needsFTS5 string) {
	plain, needsFTS5, _ = strings.Cut(body, fts5Marker)
	return plain, needsFTS5
}

// applyDeferred applies the FTS5 parts of migrations that a build without
// FTS5 skipped.
func (d *DB) applyDeferred(ctx context.Context, names []string) error {
	var n int
	err := d.sql.QueryRowContext(ctx,
		"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_deferred'").Scan(&n)
	if err != nil || n == 0 {
		return err
	}
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		v, _ := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		_, needsFTS5 := splitMigration(string(body))
		err = d.inTx(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, "DELETE FROM schema_deferred WHERE version = ?", v)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, needsFTS5); err != nil {
				return fmt.Errorf("migration %s (deferred part): %w", base, err)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	_, err = d.sql.ExecContext(ctx, "DROP TABLE IF EXISTS schema_deferred")
	return err
}

func (d *DB) inTx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// withoutFTS5 makes the store act as a build without FTS5, and
// lastMigration (when above 0) as a build that knew no later migration;
// tests set them.
var (
	withoutFTS5   bool
	lastMigration int
)

// hasFTS5 reports whether this build of SQLite has the FTS5 module (the
// Go build tag sqlite_fts5).
func (d *DB) hasFTS5(ctx context.Context) (bool, error) {
	if withoutFTS5 {
		return false, nil
	}
	var used bool
	err := d.sql.QueryRowContext(ctx, "SELECT sqlite_compileoption_used('ENABLE_FTS5')").Scan(&used)
	return used, err
}

// usesFTS5 reports whether the database has an FTS5 table.
func (d *DB) usesFTS5(ctx context.Context) (bool, error) {
	var n int
	err := d.sql.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master
		WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'`).Scan(&n)
	return n > 0, err
}

// Rows is the result of a query: column names and values in order.
type Rows struct {
	Columns []string
	Values  [][]any
}

// Query runs one SQL statement and returns all its rows. Values are
// int64, float64, string, []byte or nil. On a read-only handle a writing
// statement fails with ErrReadOnly and changes nothing.
func (d *DB) Query(ctx context.Context, query string, args ...any) (*Rows, error) {
	var out Rows
	err := d.Each(ctx, query, args,
		func(cols []string) error { out.Columns = cols; return nil },
		func(vals []any) error { out.Values = append(out.Values, vals); return nil })
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// Each runs one SQL statement and streams its result without holding it in
// memory: it calls columns once with the column names, then row with each
// row in turn (row may keep the slice). Values are as for Query. An error
// from a callback stops the rows and is returned as it is.
func (d *DB) Each(ctx context.Context, query string, args []any,
	columns func([]string) error, row func([]any) error) error {
	rows, err := d.sql.QueryContext(ctx, query, args...)
	if err != nil {
		return queryError(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	if err := columns(cols); err != nil {
		return err
	}
	ptrs := make([]any, len(cols))
	for rows.Next() {
		vals := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok && isText(b) {
				vals[i] = string(b)
			}
		}
		if err := row(vals); err != nil {
			return err
		}
	}
	return queryError(rows.Err())
}

func queryError(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if strings.Contains(msg, "readonly database") || strings.Contains(msg, "query_only") {
		return fmt.Errorf("%w: write statements are refused (%v)", ErrReadOnly, err)
	}
	return err
}

func isText(b []byte) bool {
	for _, c := range b {
		if c == 0 {
			return false
		}
	}
	return true
}
