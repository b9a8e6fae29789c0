package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

//go:embed migrations/*.sql migrations/postgres/*.sql
var migrations embed.FS

// DB is an open budgetx database: a SQLite file, or a PostgreSQL database
// that several people and machines share.
type DB struct {
	sql     *sql.DB
	dialect *dialect
	name    string // the path, or the URL without its password: for messages
	// readOnly handles refuse writes; on PostgreSQL, Each runs in a
	// read-only transaction.
	readOnly bool
	// timeout limits each statement Each runs; 0 means none.
	timeout time.Duration

	mu    sync.Mutex
	stmts map[string]*sql.Stmt // prepared once, reused by every document's transaction

	// wmu lets this process's writes to a SQLite file (documents, search
	// flushes, claims) wait for each other in turn: SQLite makes a writer
	// that finds the file locked sleep and try again, by steps of up to
	// 100 ms, and a claim taken while a document is written would sleep
	// past its end. Other processes are still waited for so.
	wmu sync.Mutex
}

// writing holds this process's turn to write to a SQLite database until
// the returned function is called; on PostgreSQL, whose writers lock rows,
// it holds nothing.
func (d *DB) writing() (done func()) {
	if d.dialect.backend != SQLite {
		return func() {}
	}
	d.wmu.Lock()
	return d.wmu.Unlock
}

// ErrReadOnly is returned when a statement tries to write through a
// read-only handle.
var ErrReadOnly = errors.New("the database is open read-only")

// ErrTimeout is returned when a statement runs past the limit
// SetStatementTimeout set.
var ErrTimeout = errors.New("the statement ran past its time limit")

// Open opens the database dsn names and brings its schema up to date: a
// postgres:// or postgresql:// URL names a PostgreSQL database (which must
// exist), anything else a SQLite file (created if need be).
func Open(ctx context.Context, dsn string) (*DB, error) {
	if IsPostgresURL(dsn) {
		return openPostgres(ctx, dsn, false)
	}
	return openSQLite(ctx, dsn, false)
}

// OpenReadOnly opens an existing database for queries only: any statement
// that would change it fails with ErrReadOnly.
func OpenReadOnly(ctx context.Context, dsn string) (*DB, error) {
	if IsPostgresURL(dsn) {
		return openPostgres(ctx, dsn, true)
	}
	return openSQLite(ctx, dsn, true)
}

// open makes d, a new handle, ready for use: it checks the connection
// and, unless d is read-only, brings the schema up to date. On failure it
// closes the handle; reason, when set, says in the backend's terms why
// the connection failed.
func (d *DB) open(ctx context.Context, reason func(error) error) (*DB, error) {
	if err := d.sql.PingContext(ctx); err != nil {
		d.sql.Close()
		if reason != nil {
			err = reason(err)
		}
		return nil, fmt.Errorf("open database %s: %w", d.name, err)
	}
	if d.readOnly {
		return d, nil
	}
	migrate := d.migrateSQLite
	if d.Backend() == Postgres {
		migrate = d.migratePostgres
	}
	if err := migrate(ctx); err != nil {
		d.sql.Close()
		return nil, fmt.Errorf("migrate database %s: %w", d.name, err)
	}
	return d, nil
}

// Backend says which kind of database d is.
func (d *DB) Backend() Backend { return d.dialect.backend }

// Name is the file or URL d was opened from, without any password.
func (d *DB) Name() string { return d.name }

// NowMillis is an SQL expression for the database's clock in Unix
// milliseconds: work shared between machines is timed by one clock.
func (d *DB) NowMillis() string { return d.dialect.nowMS }

// Close closes the database.
func (d *DB) Close() error { return d.sql.Close() }

// SetStatementTimeout limits each statement that Query and Each run to t
// (0: no limit); one that runs longer fails with ErrTimeout.
func (d *DB) SetStatementTimeout(t time.Duration) { d.timeout = t }

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

// SQL returns the underlying handle. Its queries must be written for the
// backend; ExecContext, QueryContext, QueryRowContext and BeginTx take the
// store's portable SQL with ? placeholders instead.
func (d *DB) SQL() *sql.DB { return d.sql }

// ExecContext runs a statement written with ? placeholders.
func (d *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return d.sql.ExecContext(ctx, d.dialect.rebind(query), args...)
}

// QueryContext runs a query written with ? placeholders.
func (d *DB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return d.sql.QueryContext(ctx, d.dialect.rebind(query), args...)
}

// QueryRowContext runs a query written with ? placeholders that returns
// at most one row.
func (d *DB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return d.sql.QueryRowContext(ctx, d.dialect.rebind(query), args...)
}

// Tx is a transaction whose statements are written with ? placeholders.
type Tx struct {
	tx *sql.Tx
	d  *DB
}

// BeginTx starts a transaction. On SQLite it takes the write lock at once
// (BEGIN IMMEDIATE), so a read and a write in it cannot interleave with
// another writer's.
func (d *DB) BeginTx(ctx context.Context) (*Tx, error) {
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &Tx{tx: tx, d: d}, nil
}

// ExecContext runs a statement in the transaction.
func (t *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.d.dialect.rebind(query), args...)
}

// QueryContext runs a query in the transaction.
func (t *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, t.d.dialect.rebind(query), args...)
}

// QueryRowContext runs a query in the transaction that returns at most one row.
func (t *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, t.d.dialect.rebind(query), args...)
}

// Commit commits the transaction.
func (t *Tx) Commit() error { return t.tx.Commit() }

// Rollback abandons the transaction; after Commit it does nothing.
func (t *Tx) Rollback() error { return t.tx.Rollback() }

// inTx runs f in a transaction, committing when it returns nil.
func (d *DB) inTx(ctx context.Context, f func(*Tx) error) error {
	tx, err := d.BeginTx(ctx)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// migration is one schema migration of a backend.
type migration struct {
	version int
	name    string // file name, for messages
	body    string
}

// migrationsIn lists the migrations in dir, in order. A build that knows no
// migration after lastMigration (a test hook) lists none after it.
func migrationsIn(dir string) ([]migration, error) {
	names, err := fs.Glob(migrations, dir+"/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []migration
	for _, name := range names {
		base := strings.TrimPrefix(name, dir+"/")
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with its number", base)
		}
		if lastMigration > 0 && v > lastMigration {
			break
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: base, body: string(body)})
	}
	return out, nil
}

// lastMigration (when above 0) makes the store act as a build that knew no
// later migration; tests set it.
var lastMigration int

// schemaVersion returns the number of the last migration applied.
func (d *DB) schemaVersion(ctx context.Context) (int, error) {
	var v int
	var err error
	if d.Backend() == Postgres {
		if ok, err := d.hasRelation(ctx, "schema_version"); err != nil || !ok {
			return 0, err
		}
		err = d.sql.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_version").Scan(&v)
	} else {
		err = d.sql.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	}
	return v, err
}

// hasRelation reports whether the database has a table or view of this name.
func (d *DB) hasRelation(ctx context.Context, name string) (bool, error) {
	q := "SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?"
	if d.Backend() == Postgres {
		q = "SELECT count(*) FROM pg_catalog.pg_class WHERE relname = ? AND relnamespace = to_regnamespace(current_schema())::oid"
	}
	var n int
	err := d.QueryRowContext(ctx, q, name).Scan(&n)
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

// Each runs one SQL statement (with ? placeholders) and streams its result
// without holding it in memory: it calls columns once with the column
// names, then row with each row in turn (row may keep the slice). Values
// are as for Query, whatever the backend: PostgreSQL's booleans come as 0
// and 1 and its numerics as int64 or float64, as SQLite gives them. An
// error from a callback stops the rows and is returned as it is.
func (d *DB) Each(ctx context.Context, query string, args []any,
	columns func([]string) error, row func([]any) error) error {
	if d.Backend() == Postgres {
		return d.eachPostgres(ctx, query, args, columns, row)
	}
	if d.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d.timeout)
		defer cancel()
	}
	rows, err := d.sql.QueryContext(ctx, query, args...)
	if err != nil {
		return d.queryError(ctx, err)
	}
	defer rows.Close()
	return d.scanRows(ctx, rows, columns, row)
}

// scanRows passes rows to the callbacks of Each.
func (d *DB) scanRows(ctx context.Context, rows *sql.Rows, columns func([]string) error, row func([]any) error) error {
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	if err := columns(cols); err != nil {
		return err
	}
	var conv []func(any) any
	if d.Backend() == Postgres {
		if conv, err = postgresValues(rows); err != nil {
			return err
		}
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
			if conv != nil && conv[i] != nil {
				vals[i] = conv[i](vals[i])
			}
		}
		if err := row(vals); err != nil {
			return err
		}
	}
	return d.queryError(ctx, rows.Err())
}

// queryError says in the store's terms why a query failed.
func (d *DB) queryError(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if d.timeout > 0 && (errors.Is(ctx.Err(), context.DeadlineExceeded) || postgresCode(err) == "57014") {
		return fmt.Errorf("%w (%v)", ErrTimeout, d.timeout)
	}
	msg := err.Error()
	if strings.Contains(msg, "readonly database") || strings.Contains(msg, "query_only") ||
		postgresCode(err) == "25006" {
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
