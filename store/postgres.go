package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// connectTimeout bounds a connection attempt when the URL sets none, so
// that a wrong host fails in seconds instead of hanging.
const connectTimeout = 10 * time.Second

func openPostgres(ctx context.Context, dsn string, readOnly bool) (*DB, error) {
	name := redactURL(dsn)
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: not a PostgreSQL URL budgetx can read (postgres://user@host:port/database?host=/socket/dir): %s",
			name, parseErrorReason(err))
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = connectTimeout
	}
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	if _, ok := cfg.RuntimeParams["application_name"]; !ok {
		cfg.RuntimeParams["application_name"] = "budgetx"
	}
	if _, ok := cfg.RuntimeParams["synchronous_commit"]; !ok {
		// As SQLite's synchronous=NORMAL: a crash of the server may lose
		// the last moment's commits (whole documents, which the next
		// ingest stores again), never leave half of one; and a commit does
		// not wait for the disk. A URL may ask for synchronous_commit=on.
		cfg.RuntimeParams["synchronous_commit"] = "off"
	}
	if readOnly {
		cfg.RuntimeParams["default_transaction_read_only"] = "on"
	}
	db := stdlib.OpenDB(*cfg)
	// A team's server has room for so many connections (max_connections,
	// 100 by default), and many processes share it: each takes a few.
	db.SetMaxOpenConns(runtime.NumCPU() + 4)
	db.SetMaxIdleConns(runtime.NumCPU() + 4)
	d := &DB{sql: db, dialect: newDialect(Postgres), name: name, readOnly: readOnly}
	return d.open(ctx, func(err error) error { return errors.New(connectErrorReason(cfg, err)) })
}

// redactURL hides the password of a URL, for messages.
func redactURL(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return strings.SplitN(dsn, "://", 2)[0] + "://…"
	}
	return u.Redacted()
}

// parseErrorReason is why pgx could not read a URL, without the URL
// (which may hold a password).
func parseErrorReason(err error) string {
	var pe *pgconn.ParseConfigError
	if errors.As(err, &pe) && pe.Unwrap() != nil {
		return oneLine(pe.Unwrap().Error())
	}
	return "malformed URL"
}

// connectErrorReason says in a line why a connection failed: the server
// cannot be reached, the database does not exist, the password is wrong.
func connectErrorReason(cfg *pgx.ConnConfig, err error) string {
	where := cfg.Host
	if !strings.HasPrefix(where, "/") {
		where = net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port)))
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "3D000":
			return fmt.Sprintf("no database %q on the server at %s (create it: createdb %s)", cfg.Database, where, cfg.Database)
		case "28P01":
			return fmt.Sprintf("the server at %s refused the password of user %q", where, cfg.User)
		case "28000":
			return fmt.Sprintf("the server at %s refused user %q: %s", where, cfg.User, oneLine(pe.Message))
		}
		return fmt.Sprintf("the server at %s refused the connection: %s (SQLSTATE %s)", where, oneLine(pe.Message), pe.Code)
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return fmt.Sprintf("cannot find the host %q: %s", dns.Name, dns.Err)
	}
	if errors.Is(err, context.DeadlineExceeded) || isTimeout(err) {
		return fmt.Sprintf("no answer from the server at %s within %v", where, cfg.ConnectTimeout)
	}
	var op *net.OpError
	if errors.As(err, &op) {
		return fmt.Sprintf("cannot reach a PostgreSQL server at %s: %s", where, oneLine(op.Err.Error()))
	}
	return fmt.Sprintf("cannot connect to the server at %s: %s", where, oneLine(err.Error()))
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// postgresCode returns the SQLSTATE of a PostgreSQL error, or "".
func postgresCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// postgresRejects reports whether err is PostgreSQL refusing a document's
// rows: a constraint they break (class 23) or a value it cannot hold
// (class 22), not a failure of the database.
func postgresRejects(err error) bool {
	code := postgresCode(err)
	return strings.HasPrefix(code, "23") || strings.HasPrefix(code, "22")
}

// migratePostgres applies the PostgreSQL migrations newer than the
// database's schema_version in one transaction that holds an advisory
// lock: processes opening a new database together wait for the first, then
// find the schema up to date. PostgreSQL's DDL is transactional, so a
// migration that fails leaves nothing behind.
func (d *DB) migratePostgres(ctx context.Context) error {
	list, err := migrationsIn("migrations/postgres")
	if err != nil {
		return err
	}
	have, err := d.schemaVersion(ctx)
	if err != nil || (len(list) > 0 && have >= list[len(list)-1].version) {
		return err // up to date: no lock needed
	}
	return d.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtextextended('budgetx migrate', 0))"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version bigint NOT NULL)`); err != nil {
			return err
		}
		var now int
		if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_version").Scan(&now); err != nil {
			return err
		}
		for _, m := range list {
			if m.version <= now {
				continue
			}
			if _, err := tx.tx.ExecContext(ctx, m.body); err != nil {
				return fmt.Errorf("migration postgres/%s: %w", m.name, err)
			}
			now = m.version
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM schema_version"); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO schema_version (version) VALUES (?)", now)
		return err
	})
}

// eachPostgres is Each on PostgreSQL: the statement runs in a transaction,
// read-only on a read-only handle, under the statement timeout.
func (d *DB) eachPostgres(ctx context.Context, query string, args []any,
	columns func([]string) error, row func([]any) error) error {
	tx, err := d.sql.BeginTx(ctx, &sql.TxOptions{ReadOnly: d.readOnly})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if d.timeout > 0 {
		ms := max(d.timeout.Milliseconds(), 1)
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("SET LOCAL statement_timeout = %d", ms)); err != nil {
			return err
		}
	}
	if len(args) > 0 {
		query = d.dialect.rebind(query)
	}
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return d.queryError(ctx, err)
	}
	defer rows.Close()
	if err := d.scanRows(ctx, rows, columns, row); err != nil {
		return err
	}
	rows.Close()
	return d.queryError(ctx, tx.Commit())
}

// postgresValues returns, for each column of rows, how to turn its values
// into what SQLite would give (nil: as they are): booleans become 0 or 1,
// numerics (sum of bigints, say) int64 when whole, else float64.
func postgresValues(rows *sql.Rows) ([]func(any) any, error) {
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	conv := make([]func(any) any, len(types))
	for i, t := range types {
		switch t.DatabaseTypeName() {
		case "BOOL":
			conv[i] = func(v any) any {
				if b, ok := v.(bool); ok {
					if b {
						return int64(1)
					}
					return int64(0)
				}
				return v
			}
		case "NUMERIC":
			conv[i] = func(v any) any {
				s, ok := v.(string)
				if !ok {
					return v
				}
				if n, err := strconv.ParseInt(s, 10, 64); err == nil {
					return n
				}
				if f, err := strconv.ParseFloat(s, 64); err == nil {
					return f
				}
				return v
			}
		}
	}
	return conv, nil
}

// pgConn runs f on a connection of the pool as pgx's own connection, for
// what database/sql cannot do (COPY).
func (d *DB) pgConn(ctx context.Context, f func(*pgx.Conn) error) error {
	conn, err := d.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		return f(dc.(*stdlib.Conn).Conn())
	})
}
