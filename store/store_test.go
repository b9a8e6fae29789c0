package store_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/store"
	"github.com/budgetx/budgetx/store/pgtest"
	"github.com/budgetx/budgetx/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// TestConformance runs the store's conformance suite on every backend.
func TestConformance(t *testing.T) {
	storetest.ForEach(t, storetest.Conformance)
}

// TestSchemasMatch checks that the migrations of both backends make the
// same tables and views with the same columns in the same order, but for
// SQLite's full-text index (search, search_queue), which PostgreSQL does
// without, and the record of each schema's version.
func TestSchemasMatch(t *testing.T) {
	columns := func(db *store.DB, q string) string {
		rows, err := db.Query(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, r := range rows.Values {
			fmt.Fprintf(&b, "%s.%s\n", r[0], r[1])
		}
		return b.String()
	}
	lite, _ := storetest.SQLite.Empty(t)
	pg, _ := storetest.Postgres.Empty(t)
	a := columns(lite, `SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
		  AND (m.name = 'search_source' OR (m.name <> 'search' AND m.name NOT LIKE 'search\_%' ESCAPE '\'))
		ORDER BY m.name, p.cid`)
	b := columns(pg, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name <> 'schema_version'
		ORDER BY table_name, ordinal_position`)
	if a != b || !strings.Contains(a, "claims.expires_at\n") || !strings.Contains(a, "cells.y1\n") {
		t.Errorf("the schemas differ:\nsqlite:\n%s\npostgres:\n%s", a, b)
	}
}
