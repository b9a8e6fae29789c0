package serve_test

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"testing"

	"github.com/budgetx/budgetx/ingest"
	"github.com/budgetx/budgetx/serve"
)

// realdocs is the folder of real documents beside the repository.
const realdocs = "../../shared/realdocs"

// BenchmarkPages times each kind of page over a database of every document
// in ../shared/realdocs (its wild sample too), through HTTP on loopback:
// the list, the largest document, the largest table, a project, a search
// and a SQL query. The target is under 100 ms a page.
func BenchmarkPages(b *testing.B) {
	if _, err := os.Stat(realdocs); err != nil {
		b.Skipf("no %s: %v", realdocs, err)
	}
	files, _, err := ingest.Collect([]string{realdocs})
	if err != nil {
		b.Fatal(err)
	}
	path, _ := ingestSome(b, files...) // some are no budget tables, or scans
	srv, db := app(b, path, serve.Options{Root: "."})
	ctx := context.Background()
	first := func(q string) int64 {
		rows, err := db.Query(ctx, q)
		if err != nil || len(rows.Values) == 0 {
			b.Fatalf("%s: %v", q, err)
		}
		return rows.Values[0][0].(int64)
	}
	doc := first("SELECT document_id FROM tables GROUP BY document_id ORDER BY sum(n_rows * n_cols) DESC LIMIT 1")
	table := first("SELECT table_id FROM cells GROUP BY table_id ORDER BY count(*) DESC LIMIT 1")
	project := first("SELECT project_id FROM indicators GROUP BY project_id ORDER BY count(*) DESC LIMIT 1")
	cells := first(fmt.Sprintf("SELECT count(*) FROM cells WHERE table_id = %d", table))
	b.Logf("%d documents; the largest table (%d) has %d cells", first("SELECT count(*) FROM documents"), table, cells)
	for _, p := range []struct{ name, path string }{
		{"list", "/"},
		{"list-by-health", "/?sort=health"},
		{"document", fmt.Sprintf("/documents/%d", doc)},
		{"table", fmt.Sprintf("/tables/%d", table)},
		{"project", fmt.Sprintf("/projects/%d", project)},
		{"search", "/search?q=" + url.QueryEscape("满意度")},
		{"sql", "/sql?" + url.Values{"sql": {"SELECT kind, count(*) FROM tables GROUP BY kind"}}.Encode()},
	} {
		b.Run(p.name, func(b *testing.B) {
			for b.Loop() {
				resp, err := srv.Client().Get(srv.URL + p.path)
				if err != nil {
					b.Fatal(err)
				}
				n, _ := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Fatalf("%s: %d", p.path, resp.StatusCode)
				}
				b.SetBytes(n)
			}
		})
	}
}
