package serve_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/extract/formats"
	"github.com/budgetx/budgetx/ingest"
	"github.com/budgetx/budgetx/serve"
	"github.com/budgetx/budgetx/store"
	"github.com/budgetx/budgetx/store/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// TestPostgresSamePages serves the same documents from SQLite and from
// PostgreSQL and checks that every page reads the same.
func TestPostgresSamePages(t *testing.T) {
	files := []string{fixture("seed.html"), fixture("seed.xlsx"), fixture("seed-writer.pdf")}
	lite := ingestFiles(t, files...)
	pg := pgtest.URL(t)
	db, err := store.Open(context.Background(), pg)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := ingest.New(db, formats.Registry(), ingest.Options{Jobs: 2}).Run(context.Background(), files)
	db.Close()
	if err != nil || sum.Failed > 0 {
		t.Fatalf("ingest into PostgreSQL: %+v %v", sum, err)
	}
	a, _ := app(t, lite, serve.Options{})
	b, _ := app(t, pg, serve.Options{})
	stamp := regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`)
	paths := []string{"/", "/?sort=health", "/search?q=" + url.QueryEscape("公益性岗位"),
		"/sql?sql=" + url.QueryEscape("select id, name, budget_yuan from v_projects order by id"),
		"/sql.csv?sql=" + url.QueryEscape("select * from v_indicators order by id")}
	for id := 1; id <= 3; id++ {
		paths = append(paths, fmt.Sprintf("/documents/%d", id))
	}
	for id := 1; id <= 12; id++ {
		paths = append(paths, fmt.Sprintf("/tables/%d", id), fmt.Sprintf("/projects/%d", id))
	}
	found := 0
	for _, p := range paths {
		ca, pa := get(t, a, p)
		if ca == 200 {
			found++
		}
		cb, pb := get(t, b, p)
		pa, pb = stamp.ReplaceAllString(pa, "TIME"), stamp.ReplaceAllString(pb, "TIME")
		if ca != cb || pa != pb {
			t.Errorf("%s: %d against %d, pages differ at: %s", p, ca, cb, firstDiff(pa, pb))
		}
	}
	if found < 15 {
		t.Errorf("%d of %d pages found: the comparison compares little", found, len(paths))
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n  %s\n  %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d lines against %d", len(al), len(bl))
}
