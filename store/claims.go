package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"
)

// Kinds of claim.
const (
	ClaimFile = "file" // a file an ingest extracts, keyed by its sha256
	ClaimSite = "site" // a site a crawl crawls, keyed by its name
)

// Claims are one process's claims on work shared through the database
// (migration 0009): while a process holds a claim, others leave the work
// to it. Claims have a lease, which the holder renews every third of it
// until Close; a claim whose lease ran out, or whose holder ran on this
// host and is gone, is taken over by the next process that wants it.
type Claims struct {
	d     *DB
	token string
	host  string
	pid   int
	lease time.Duration

	stop chan struct{}
	done chan struct{}
	once sync.Once
}

// Holder says who holds a claim.
type Holder struct {
	Host     string
	PID      int
	Expires  time.Duration // how long until the lease runs out
	Acquired time.Time
}

func (h Holder) String() string {
	return fmt.Sprintf("pid %d on %s since %s", h.PID, h.Host, h.Acquired.UTC().Format(time.RFC3339))
}

// DefaultLease is the lease of a claim when NewClaims is given none.
const DefaultLease = 30 * time.Second

// NewClaims returns this process's claims, renewed in the background until
// Close. A lease of 0 takes DefaultLease.
func (d *DB) NewClaims(lease time.Duration) *Claims {
	if lease <= 0 {
		lease = DefaultLease
	}
	host, _ := os.Hostname()
	var b [16]byte
	rand.Read(b[:])
	c := &Claims{d: d, token: hex.EncodeToString(b[:]), host: host, pid: os.Getpid(), lease: lease,
		stop: make(chan struct{}), done: make(chan struct{})}
	go c.renewEvery(max(lease/3, time.Millisecond))
	return c
}

// Token identifies this process's claims; Document.Claim takes it.
func (c *Claims) Token() string { return c.token }

// Take claims kind/key for this process and reports whether it holds it
// now; when it does not, Holder says who does. Taking a claim this process
// holds renews it.
func (c *Claims) Take(ctx context.Context, kind, key string) (bool, Holder, error) {
	defer c.d.writing()()
	now := c.d.dialect.nowMS
	for attempt := 0; attempt < 3; attempt++ {
		var tok string
		err := c.d.QueryRowContext(ctx, `INSERT INTO claims (kind, key, token, host, pid, claimed_at, expires_at)
			VALUES (?, ?, ?, ?, ?, `+now+`, `+now+` + ?)
			ON CONFLICT (kind, key) DO UPDATE SET token = excluded.token, host = excluded.host,
				pid = excluded.pid, claimed_at = excluded.claimed_at, expires_at = excluded.expires_at
			WHERE claims.expires_at < excluded.claimed_at OR claims.token = excluded.token
			RETURNING token`, kind, key, c.token, c.host, c.pid, c.lease.Milliseconds()).Scan(&tok)
		if err == nil {
			return true, Holder{}, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return false, Holder{}, fmt.Errorf("claim %s %s: %w", kind, key, err)
		}
		old, h, found, err := c.holder(ctx, kind, key)
		if err != nil {
			return false, Holder{}, fmt.Errorf("claim %s %s: %w", kind, key, err)
		}
		if !found {
			continue // given up meanwhile: try again
		}
		if c.alive(h) {
			return false, h, nil
		}
		// The holder ran here and is gone: take the claim over, unless
		// someone else did first.
		res, err := c.d.ExecContext(ctx, `UPDATE claims SET token = ?, host = ?, pid = ?,
			claimed_at = `+now+`, expires_at = `+now+` + ? WHERE kind = ? AND key = ? AND token = ?`,
			c.token, c.host, c.pid, c.lease.Milliseconds(), kind, key, old)
		if err != nil {
			return false, Holder{}, fmt.Errorf("claim %s %s: %w", kind, key, err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return true, Holder{}, nil
		}
	}
	return false, Holder{}, fmt.Errorf("claim %s %s: the claim keeps changing hands", kind, key)
}

// Held reports whether another holder's claim on kind/key is live, one
// that Take would not win, and whose it is. It only reads, so it does not
// wait for a transaction that is writing.
func (c *Claims) Held(ctx context.Context, kind, key string) (Holder, bool, error) {
	tok, h, found, err := c.holder(ctx, kind, key)
	if err != nil {
		return Holder{}, false, fmt.Errorf("claim %s %s: %w", kind, key, err)
	}
	if !found || tok == c.token || h.Expires < 0 {
		return Holder{}, false, nil
	}
	return h, c.alive(h), nil
}

// holder reads the claim on kind/key: its token and holder.
func (c *Claims) holder(ctx context.Context, kind, key string) (token string, h Holder, found bool, err error) {
	var claimed, left int64
	err = c.d.QueryRowContext(ctx, `SELECT token, host, pid, claimed_at, expires_at - `+c.d.dialect.nowMS+`
		FROM claims WHERE kind = ? AND key = ?`, kind, key).Scan(&token, &h.Host, &h.PID, &claimed, &left)
	if errors.Is(err, sql.ErrNoRows) {
		return "", Holder{}, false, nil
	}
	if err != nil {
		return "", Holder{}, false, err
	}
	h.Expires, h.Acquired = time.Duration(left)*time.Millisecond, time.UnixMilli(claimed)
	return token, h, true, nil
}

// alive reports whether a holder whose lease has not run out still works:
// one on another host is trusted to; one on this host must still run.
func (c *Claims) alive(h Holder) bool {
	return h.Host != c.host || h.PID == c.pid || processAlive(h.PID)
}

// Holds reports whether this process still holds kind/key.
func (c *Claims) Holds(ctx context.Context, kind, key string) (bool, error) {
	var n int
	err := c.d.QueryRowContext(ctx, "SELECT count(*) FROM claims WHERE kind = ? AND key = ? AND token = ?",
		kind, key, c.token).Scan(&n)
	return n > 0, err
}

// Release gives up kind/key, if this process holds it.
func (c *Claims) Release(ctx context.Context, kind, key string) error {
	defer c.d.writing()()
	_, err := c.d.ExecContext(ctx, "DELETE FROM claims WHERE kind = ? AND key = ? AND token = ?", kind, key, c.token)
	return err
}

// Renew extends the lease of every claim this process holds.
func (c *Claims) Renew(ctx context.Context) error {
	defer c.d.writing()()
	_, err := c.d.ExecContext(ctx, "UPDATE claims SET expires_at = "+c.d.dialect.nowMS+" + ? WHERE token = ?",
		c.lease.Milliseconds(), c.token)
	return err
}

func (c *Claims) renewEvery(every time.Duration) {
	defer close(c.done)
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-tick.C:
			// A renewal that fails is tried again at the next tick; a claim
			// lost meanwhile shows when its work is stored (ErrClaimLost).
			c.Renew(context.Background())
		}
	}
}

// Close stops renewing and gives up every claim this process still holds.
func (c *Claims) Close() error {
	var err error
	c.once.Do(func() {
		close(c.stop)
		<-c.done
		defer c.d.writing()()
		_, err = c.d.ExecContext(context.Background(), "DELETE FROM claims WHERE token = ?", c.token)
	})
	return err
}
