package store

import (
	"strconv"
	"strings"
	"sync"
)

// Backend names the kind of database a DB is.
type Backend string

// The backends.
const (
	SQLite   Backend = "sqlite"
	Postgres Backend = "postgres"
)

// IsPostgresURL reports whether dsn names a PostgreSQL database
// (postgres://… or postgresql://…) rather than a SQLite file.
func IsPostgresURL(dsn string) bool {
	l := strings.ToLower(dsn)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// dialect holds what the SQL of the two backends spells differently. The
// queries of the store are written once, in the SQL both understand, with
// ? (or ?N) placeholders; rebind turns them into PostgreSQL's $N.
type dialect struct {
	backend Backend
	// nowMS is an expression for the database clock in Unix milliseconds:
	// leases are measured by one clock for every machine.
	nowMS string

	rebound sync.Map // query → rebound query
}

func newDialect(b Backend) *dialect {
	if b == Postgres {
		return &dialect{backend: b,
			nowMS: "(extract(epoch from statement_timestamp()) * 1000)::bigint"}
	}
	return &dialect{backend: b,
		nowMS: "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"}
}

// rebind returns q with its placeholders as the backend wants them.
func (d *dialect) rebind(q string) string {
	if d.backend != Postgres {
		return q
	}
	if r, ok := d.rebound.Load(q); ok {
		return r.(string)
	}
	r := dollarPlaceholders(q)
	d.rebound.Store(q, r)
	return r
}

// dollarPlaceholders turns ? into $1, $2, … in order and ?N into $N,
// leaving alone what is inside quotes and comments.
func dollarPlaceholders(q string) string {
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(q) && q[j] != c {
				j++
			}
			b.WriteString(q[i:min(j+1, len(q))])
			i = j
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				j = len(q) - i
			}
			b.WriteString(q[i : i+j])
			i += j - 1
		case c == '?':
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			b.WriteByte('$')
			if j > i+1 {
				b.WriteString(q[i+1 : j])
			} else {
				n++
				b.WriteString(strconv.Itoa(n))
			}
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
