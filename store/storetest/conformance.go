package storetest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/budgetx/budgetx/store"
)

// Conformance runs the tests every backend of the store passes: documents
// stored whole or not at all, replaced by sha256, read back through
// read-only handles with the same values whatever the backend, migrations
// that processes opening one new database at once apply once, claims that
// split work between processes, and statement timeouts.
func Conformance(t *testing.T, b Backend) {
	for _, tc := range []struct {
		name string
		f    func(*testing.T, Backend)
	}{
		{"PutLookupReplace", putLookupReplace},
		{"PutIsAllOrNothing", putIsAllOrNothing},
		{"ReadOnly", readOnly},
		{"MigrateTwice", migrateTwice},
		{"MigrateTogether", migrateTogether},
		{"Values", values},
		{"Timeout", timeout},
		{"Claims", claims},
		{"ClaimLost", claimLost},
		{"PutTogether", putTogether},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.f(t, b) })
	}
}

func scalar(t *testing.T, db *store.DB, q string) any {
	t.Helper()
	rows, err := db.Query(context.Background(), q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return rows.Values[0][0]
}

func putLookupReplace(t *testing.T, b Backend) {
	ctx := context.Background()
	db, _ := b.Empty(t)
	doc := Documents()[0]
	if _, found, err := db.Lookup(ctx, doc.SHA256); found || err != nil {
		t.Fatalf("empty database: found %v, %v", found, err)
	}
	if _, err := db.Put(ctx, doc); err != nil {
		t.Fatal(err)
	}
	k, found, err := db.Lookup(ctx, doc.SHA256)
	if !found || err != nil || k.Status != store.StatusOK || k.PipelineVersion != 1 {
		t.Fatalf("lookup: %+v %v %v", k, found, err)
	}
	if got := scalar(t, db, "select count(*) from findings f join projects p on p.id = f.project_id join tables t on t.id = f.table_id"); got != int64(1) {
		t.Errorf("finding not linked to its table and project: %v", got)
	}
	want := map[string]int64{"documents": 1, "tables": 1, "cells": 0, "projects": 2, "indicators": 16, "findings": 2}
	want["cells"] = scalar(t, db, "select count(*) from cells").(int64)
	// Replacing a document removes every row of the old one.
	if _, err := db.Put(ctx, Documents()[0]); err != nil {
		t.Fatal(err)
	}
	for table, n := range want {
		if got := scalar(t, db, "select count(*) from "+table); got != n {
			t.Errorf("%s: %v rows after replacing, want %d", table, got, n)
		}
	}
}

func putIsAllOrNothing(t *testing.T, b Backend) {
	ctx := context.Background()
	db, _ := b.Empty(t)
	bad := Documents()[0]
	bad.Records.Projects[0].Indicators[0].Operator = "≈" // violates the CHECK constraint
	if _, err := db.Put(ctx, bad); !errors.Is(err, store.ErrRejected) {
		t.Fatalf("err = %v, want ErrRejected", err)
	}
	for _, q := range []string{"documents", "tables", "cells", "projects", "indicators"} {
		if got := scalar(t, db, "select count(*) from "+q); got != int64(0) {
			t.Errorf("%s: %v rows left by a failed document", q, got)
		}
	}
}

func readOnly(t *testing.T, b Backend) {
	ctx := context.Background()
	_, dsn := b.Open(t)
	ro, err := store.OpenReadOnly(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	writes := []string{"delete from documents", "update projects set name = 'x'"}
	if b.Name == "postgres" {
		// A session setting that a statement turns off does not open the
		// next statement's transaction to writes.
		ro.Query(ctx, "select set_config('default_transaction_read_only', 'off', false)")
		writes = append(writes, "with d as (delete from documents returning id) select count(*) from d",
			"delete from findings")
	}
	for _, q := range writes {
		if _, err := ro.Query(ctx, q); !errors.Is(err, store.ErrReadOnly) {
			t.Errorf("%s: %v, want ErrReadOnly", q, err)
		}
	}
	if got := scalar(t, ro, "select count(*) from documents"); got != int64(2) {
		t.Errorf("%v documents", got)
	}
}

func migrateTwice(t *testing.T, b Backend) {
	_, dsn := b.Empty(t)
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("reopening: %v", err)
	}
	db.Close()
}

// migrateTogether opens one new database from several handles at once, as
// processes started together do: each must find the schema whole.
func migrateTogether(t *testing.T, b Backend) {
	dsn := b.New(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			db, err := store.Open(context.Background(), dsn)
			if err == nil {
				_, err = db.Put(context.Background(), Documents()[i%2])
				db.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("opener %d: %v", i, err)
		}
	}
}

// values checks that a query's values have the same Go types on every
// backend: counts and sums of integers int64, truth values 0 or 1, money
// in 元 float64.
func values(t *testing.T, b Backend) {
	db, _ := b.Open(t)
	rows, err := db.Query(context.Background(), `SELECT count(*), sum(p.budget_fen), max(p.budget_fen) > 0,
		min(v.budget_yuan), avg(v.n_indicators), sum(v.weight_sum), min(v.name)
		FROM projects p JOIN v_projects v ON v.id = p.id`)
	if err != nil {
		t.Fatal(err)
	}
	want := []any{int64(2), int64(6_280_000), int64(1), 12800.0, 8.0, 180.0, "公益性岗位监管经费"}
	for i, v := range rows.Values[0] {
		if fmt.Sprintf("%T %v", v, v) != fmt.Sprintf("%T %v", want[i], want[i]) {
			t.Errorf("column %s: %T %v, want %T %v", rows.Columns[i], v, v, want[i], want[i])
		}
	}
}

func timeout(t *testing.T, b Backend) {
	_, dsn := b.Open(t)
	ro, err := store.OpenReadOnly(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	ro.SetStatementTimeout(200 * time.Millisecond)
	_, err = ro.Query(context.Background(), `WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 1000000000)
		SELECT count(*) FROM c`)
	if !errors.Is(err, store.ErrTimeout) {
		t.Errorf("a long query: %v, want ErrTimeout", err)
	}
	if got := scalar(t, ro, "select count(*) from projects"); got != int64(2) {
		t.Errorf("after a timeout: %v projects", got)
	}
}

func claims(t *testing.T, b Backend) {
	ctx := context.Background()
	db, dsn := b.Empty(t)
	other, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	mine, theirs := db.NewClaims(time.Minute), other.NewClaims(time.Minute)
	defer mine.Close()
	defer theirs.Close()

	take := func(c *store.Claims, key string, want bool) store.Holder {
		t.Helper()
		ok, h, err := c.Take(ctx, store.ClaimFile, key)
		if err != nil || ok != want {
			t.Fatalf("take %s: %v %v, want %v", key, ok, err, want)
		}
		return h
	}
	// Held must say what Take would, without taking.
	held := func(c *store.Claims, kind, key string, want bool) {
		t.Helper()
		if _, got, err := c.Held(ctx, kind, key); err != nil || got != want {
			t.Errorf("held %s %s: %v %v, want %v", kind, key, got, err, want)
		}
	}
	held(mine, store.ClaimFile, "a", false) // no one's
	take(mine, "a", true)
	held(mine, store.ClaimFile, "a", false) // its own
	held(theirs, store.ClaimFile, "a", true)
	if h, _, _ := theirs.Held(ctx, store.ClaimFile, "a"); h.PID != os.Getpid() {
		t.Errorf("held by %+v", h)
	}
	take(mine, "a", true) // renews
	// Another process of this host that is alive holds its claims; the
	// handle stands for it here, with this process's pid.
	h := take(theirs, "a", false)
	if h.PID != os.Getpid() || h.Expires <= 0 || h.Expires > time.Minute {
		t.Errorf("holder %+v", h)
	}
	if err := mine.Release(ctx, store.ClaimFile, "a"); err != nil {
		t.Fatal(err)
	}
	held(theirs, store.ClaimFile, "a", false)
	take(theirs, "a", true)

	// A claim whose lease ran out is taken over, whoever held it.
	if _, err := db.ExecContext(ctx, `INSERT INTO claims (kind, key, token, host, pid, claimed_at, expires_at)
		VALUES ('file', 'b', 'stalled', 'elsewhere', 1, 0, 1000)`); err != nil {
		t.Fatal(err)
	}
	held(mine, store.ClaimFile, "b", false)
	take(mine, "b", true)
	if held, _ := mine.Holds(ctx, store.ClaimFile, "b"); !held {
		t.Error("an expired claim taken over is not its new holder's")
	}

	// A claim of a process of this host that is gone is taken over at once.
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Skip("cannot run true:", err)
	}
	host, _ := os.Hostname()
	if _, err := db.ExecContext(ctx, `INSERT INTO claims (kind, key, token, host, pid, claimed_at, expires_at)
		VALUES ('file', 'c', 'dead', ?, ?, 0, 9000000000000)`, host, gone.Process.Pid); err != nil {
		t.Fatal(err)
	}
	held(mine, store.ClaimFile, "c", false)
	take(mine, "c", true)
	// … but not one of another host, whose pid says nothing here.
	if _, err := db.ExecContext(ctx, `INSERT INTO claims (kind, key, token, host, pid, claimed_at, expires_at)
		VALUES ('site', 'd', 'far', 'elsewhere', ?, 0, 9000000000000)`, gone.Process.Pid); err != nil {
		t.Fatal(err)
	}
	held(mine, store.ClaimSite, "d", true)
	if ok, h, err := mine.Take(ctx, store.ClaimSite, "d"); ok || err != nil || h.Host != "elsewhere" {
		t.Errorf("claim of another host: %v %+v %v", ok, h, err)
	}

	if err := mine.Close(); err != nil {
		t.Fatal(err)
	}
	if got := scalar(t, db, "select count(*) from claims where token = '"+mine.Token()+"'"); got != int64(0) {
		t.Errorf("%v claims left after Close", got)
	}
}

// claimLost checks that Put stores a claimed file only while the claim is
// its writer's, and gives the claim up with it.
func claimLost(t *testing.T, b Backend) {
	ctx := context.Background()
	db, _ := b.Empty(t)
	c := db.NewClaims(time.Minute)
	defer c.Close()
	doc := Documents()[0]
	// A claim that stalled past its lease, and was taken over.
	if _, err := db.ExecContext(ctx, `INSERT INTO claims (kind, key, token, host, pid, claimed_at, expires_at)
		VALUES ('file', ?, 'stalled', 'elsewhere', 1, 0, 1000)`, doc.SHA256); err != nil {
		t.Fatal(err)
	}
	if ok, _, err := c.Take(ctx, store.ClaimFile, doc.SHA256); !ok || err != nil {
		t.Fatal(ok, err)
	}
	doc.Claim = "stalled"
	if _, err := db.Put(ctx, doc); !errors.Is(err, store.ErrClaimLost) {
		t.Fatalf("put under a lost claim: %v, want ErrClaimLost", err)
	}
	if got := scalar(t, db, "select count(*) from documents"); got != int64(0) {
		t.Errorf("%v documents stored under a lost claim", got)
	}
	doc.Claim = c.Token()
	if _, err := db.Put(ctx, doc); err != nil {
		t.Fatal(err)
	}
	if got := scalar(t, db, "select count(*) from claims"); got != int64(0) {
		t.Errorf("%v claims left after storing", got)
	}
}

// putTogether stores the same documents from several handles at once: each
// is stored once, whole.
func putTogether(t *testing.T, b Backend) {
	db, dsn := b.Empty(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			h, err := store.Open(context.Background(), dsn)
			if err != nil {
				errs[i] = err
				return
			}
			defer h.Close()
			for range 3 {
				for _, doc := range Documents() {
					if _, err := h.Put(context.Background(), doc); err != nil {
						errs[i] = err
						return
					}
				}
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("writer %d: %v", i, err)
		}
	}
	if got := scalar(t, db, "select count(*) from documents"); got != int64(2) {
		t.Errorf("%v documents, want 2", got)
	}
	if got := scalar(t, db, "select count(*) from projects"); got != int64(2) {
		t.Errorf("%v projects, want 2", got)
	}
}
