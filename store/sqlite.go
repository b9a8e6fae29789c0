package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3" // the database/sql driver "sqlite3"
)

// ErrNoFTS5 is returned by Open when the database has a full-text index and
// this build of budgetx lacks SQLite's FTS5 module.
var ErrNoFTS5 = errors.New("the database has a full-text index, and this budgetx was built without SQLite FTS5 (build with -tags sqlite_fts5, as make build does)")

// openSQLite opens the SQLite file at path, creating it unless readOnly.
func openSQLite(ctx context.Context, path string, readOnly bool) (*DB, error) {
	params := map[string]string{
		"_journal_mode": "WAL", "_foreign_keys": "on", "_busy_timeout": "10000", "_synchronous": "NORMAL",
		"_cache_size": "-8192", "_txlock": "immediate",
	}
	if readOnly {
		params = map[string]string{"mode": "ro", "_query_only": "true", "_busy_timeout": "10000"}
	}
	q := url.Values{}
	for k, v := range params {
		q.Set(k, v)
	}
	db, err := sql.Open("sqlite3", "file:"+escapePath(path)+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if !readOnly {
		// Keep connections open: every new one runs the DSN's pragmas, and
		// setting the journal mode waits for the writer's lock, which stalls
		// readers behind every write.
		db.SetMaxIdleConns(runtime.NumCPU() + 4)
	}
	d := &DB{sql: db, dialect: newDialect(SQLite), name: path, readOnly: readOnly}
	return d.open(ctx, nil)
}

// escapePath makes a file path safe inside a file: URI.
func escapePath(p string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
}

// migrateSQLite applies, in order, every embedded migration newer than the
// database's user_version, each in its own transaction.
//
// Each transaction takes the write lock first (BEGIN IMMEDIATE) and reads
// user_version again under it, so that processes opening a new database
// together apply each migration once: the others wait for the lock, then
// find the migration applied.
//
// The part of a migration after the line "-- requires fts5" needs SQLite's
// FTS5 module. A build without it applies the rest, and notes the part it
// skipped in schema_deferred; the first build with FTS5 that opens the
// database applies what was skipped. A database that already has an FTS5
// table cannot be written by a build without FTS5 (its triggers would
// fail), so Open refuses it with ErrNoFTS5.
func (d *DB) migrateSQLite(ctx context.Context) error {
	list, err := migrationsIn("migrations")
	if err != nil {
		return err
	}
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
		if err := d.applyDeferred(ctx, list); err != nil {
			return err
		}
	}
	have, err := d.schemaVersion(ctx)
	if err != nil {
		return err
	}
	for _, m := range list {
		if m.version <= have {
			continue
		}
		plain, needsFTS5 := splitMigration(m.body)
		err = d.lockedTx(ctx, func(tx *Tx) error {
			var now int
			if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&now); err != nil {
				return err
			}
			if now >= m.version {
				return nil // another process applied it while this one waited
			}
			if _, err := tx.ExecContext(ctx, plain); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if needsFTS5 != "" && fts5 {
				if _, err := tx.ExecContext(ctx, needsFTS5); err != nil {
					return fmt.Errorf("migration %s: %w", m.name, err)
				}
			} else if needsFTS5 != "" {
				if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_deferred (
					version INTEGER PRIMARY KEY, -- the migration whose FTS5 part waits
					reason  TEXT NOT NULL)`); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, "INSERT INTO schema_deferred VALUES (?, ?)",
					m.version, "built without SQLite FTS5"); err != nil {
					return err
				}
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version))
			return err
		})
		if err != nil {
			return err
		}
		have = m.version
	}
	return nil
}

// migrateWait is how long a process waits for another's migrations.
const migrateWait = 10 * time.Minute

// lockedTx runs f in a transaction that holds SQLite's write lock,
// waiting past the busy timeout for as long as another process migrates.
func (d *DB) lockedTx(ctx context.Context, f func(*Tx) error) error {
	deadline := time.Now().Add(migrateWait)
	for {
		err := d.inTx(ctx, f)
		var se sqlite3.Error
		if err == nil || !errors.As(err, &se) || (se.Code != sqlite3.ErrBusy && se.Code != sqlite3.ErrLocked) ||
			time.Now().After(deadline) {
			return err
		}
	}
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
func (d *DB) applyDeferred(ctx context.Context, list []migration) error {
	if ok, err := d.hasRelation(ctx, "schema_deferred"); err != nil || !ok {
		return err
	}
	for _, m := range list {
		_, needsFTS5 := splitMigration(m.body)
		err := d.lockedTx(ctx, func(tx *Tx) error {
			res, err := tx.ExecContext(ctx, "DELETE FROM schema_deferred WHERE version = ?", m.version)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, needsFTS5); err != nil {
				return fmt.Errorf("migration %s (deferred part): %w", m.name, err)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	_, err := d.sql.ExecContext(ctx, "DROP TABLE IF EXISTS schema_deferred")
	return err
}

// withoutFTS5 makes the store act as a build without FTS5; tests set it.
var withoutFTS5 bool

// hasFTS5 reports whether this build of SQLite has the FTS5 module (the
// Go build tag sqlite_fts5).
func (d *DB) hasFTS5(ctx context.Context) (bool, error) {
	if withoutFTS5 || d.Backend() != SQLite {
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

// sqliteRejects reports whether err is SQLite refusing a document's rows
// (a constraint they break), not a failure of the database.
func sqliteRejects(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrConstraint || se.Code == sqlite3.ErrTooBig || se.Code == sqlite3.ErrMismatch)
}
