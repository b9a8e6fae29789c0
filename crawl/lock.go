package crawl

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"
)

// ErrLocked is returned when another crawl holds the database.
var ErrLocked = errors.New("another crawl holds the database")

// errLockLost cancels a crawl whose lock was taken over, which happens only
// when its heartbeat stalled for longer than the stale limit.
var errLockLost = errors.New("the crawl lock was taken over by another crawl")

// lock is a crawl's hold on a database: the single row of crawl_lock,
// naming the holder's pid and host, whose heartbeat the holder refreshes.
type lock struct {
	db     *sql.DB
	token  string
	stop   chan struct{}
	done   chan struct{}
	cancel context.CancelCauseFunc
}

// acquireLock takes the database's crawl lock, or returns an error wrapping
// ErrLocked that names the holder. A row whose heartbeat is older than
// stale, or whose holder is a process gone from this host, belongs to a
// dead crawl and is taken over. While held, the heartbeat is refreshed
// every beat; if the row is lost anyway, the returned context is cancelled
// with a cause that says so.
func acquireLock(ctx context.Context, db *sql.DB, beat, stale time.Duration, log *slog.Logger) (*lock, context.Context, error) {
	host, _ := os.Hostname()
	pid := os.Getpid()
	token := randomToken()
	// The store opens transactions with BEGIN IMMEDIATE, so the read and
	// the write below cannot interleave with another crawl's.
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("take crawl lock: %w", err)
	}
	defer tx.Rollback()
	var hPid int
	var hHost, hAcquired, hBeat string
	err = tx.QueryRowContext(ctx, "SELECT pid, host, acquired_at, heartbeat_at FROM crawl_lock WHERE id = 1").
		Scan(&hPid, &hHost, &hAcquired, &hBeat)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, nil, fmt.Errorf("take crawl lock: %w", err)
	default:
		last, _ := time.Parse(time.RFC3339Nano, hBeat)
		age := time.Since(last)
		dead := hHost == host && !processAlive(hPid)
		if age < stale && !dead {
			return nil, nil, fmt.Errorf("%w: pid %d on %s since %s, last heartbeat %s ago",
				ErrLocked, hPid, hHost, hAcquired, age.Round(time.Second))
		}
		log.Warn("taking over a stale crawl lock", "pid", hPid, "host", hHost, "heartbeat", hBeat)
	}
	t := time.Now().UTC().Format(time.RFC3339Nano)
	_, err = tx.ExecContext(ctx, `INSERT OR REPLACE INTO crawl_lock (id, token, pid, host, acquired_at, heartbeat_at)
		VALUES (1, ?, ?, ?, ?, ?)`, token, pid, host, t, t)
	if err == nil {
		err = tx.Commit()
	}
	if err != nil {
		return nil, nil, fmt.Errorf("take crawl lock: %w", err)
	}
	lctx, cancel := context.WithCancelCause(ctx)
	l := &lock{db: db, token: token, stop: make(chan struct{}), done: make(chan struct{}), cancel: cancel}
	go l.heartbeat(beat, log)
	return l, lctx, nil
}

func (l *lock) heartbeat(beat time.Duration, log *slog.Logger) {
	defer close(l.done)
	tick := time.NewTicker(beat)
	defer tick.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-tick.C:
		}
		res, err := l.db.Exec("UPDATE crawl_lock SET heartbeat_at = ? WHERE id = 1 AND token = ?",
			time.Now().UTC().Format(time.RFC3339Nano), l.token)
		if err != nil {
			log.Warn("crawl lock heartbeat", "err", err)
			continue
		}
		if n, _ := res.RowsAffected(); n == 0 {
			l.cancel(errLockLost)
			return
		}
	}
}

// release stops the heartbeat and deletes the lock row, if it is still
// this crawl's.
func (l *lock) release() error {
	close(l.stop)
	<-l.done
	l.cancel(nil)
	_, err := l.db.Exec("DELETE FROM crawl_lock WHERE id = 1 AND token = ?", l.token)
	if err != nil {
		return fmt.Errorf("release crawl lock: %w", err)
	}
	return nil
}

func randomToken() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
