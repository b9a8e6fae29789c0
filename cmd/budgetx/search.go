package main

import (
	"bufio"
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/budgetx/budgetx/store"
)

type searchOptions struct {
	db     string
	format string
	limit  int
}

func newSearch(e *env) *cobra.Command {
	var o searchOptions
	cmd := &cobra.Command{
		Use:   "search [--db FILE] [--limit N] [--format table|csv|json] TEXT...",
		Short: "Find projects, indicators, goals, table titles and cells by their text",
		Long: `Search finds every project name, project goal, indicator (三级指标), table title
and table cell that contains all the given terms, anywhere inside the text: 岗位监管
finds 公益性岗位监管经费. Terms are separated by spaces; case is ignored.

Terms of three or more characters are looked up in the full-text index (SQLite
FTS5, trigram tokenizer); shorter ones are matched by reading the texts that the
longer terms found, or every text when all terms are short. A budgetx built
without FTS5 searches by reading every text, which is slower, and says so.

Hits come projects first, then indicators, goals, table titles and cells, each
in document order, with the document, table, project and page they were
printed on. The table format shortens long texts; csv and json give them whole.

Exit codes: 0 success, matches or none; 1 no database or no terms.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSearch(cmd, e, o, strings.Join(args, " "))
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.db, "db", "", dbFlagHelp)
	f.StringVarP(&o.format, "format", "f", "table", "output format: table, csv or json")
	f.IntVarP(&o.limit, "limit", "n", 50, "print at most this many hits (0: all)")
	return cmd
}

// catchUpIndex indexes the documents an interrupted ingest stored but did
// not get to index, so that a search finds every stored document.
func catchUpIndex(ctx context.Context, path string) error {
	ro, err := store.OpenReadOnly(ctx, path)
	if err != nil {
		return err
	}
	pending, err := ro.SearchPending(ctx)
	ro.Close()
	if err != nil || pending == 0 {
		return err
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.IndexSearch(ctx)
	return err
}

func runSearch(cmd *cobra.Command, e *env, o searchOptions, text string) error {
	write, ok := writers[o.format]
	if !ok {
		return fmt.Errorf("unknown format %q: use table, csv or json", o.format)
	}
	if err := catchUpIndex(cmd.Context(), e.dbPath(o.db)); err != nil {
		return err
	}
	db, err := store.OpenReadOnly(cmd.Context(), e.dbPath(o.db))
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.Search(cmd.Context(), text, max(o.limit, 0))
	if err != nil {
		return err
	}
	if !res.Indexed {
		fmt.Fprintln(e.stderr, "budgetx: the database has no full-text index, so every text was read;"+
			" a budgetx built with FTS5 (make build) adds the index the next time it writes the database")
	}
	if o.format != "table" {
		return write(e.stdout, hitRows(res.Hits), queryOptions{})
	}
	bw := bufio.NewWriter(e.stdout)
	header := []string{"kind", "doc", "page", "table", "project", "text"}
	cells := make([][]string, len(res.Hits))
	for i, h := range res.Hits {
		table := ""
		if h.TableSeq > 0 {
			table = strconv.Itoa(h.TableSeq) + " " + clipWidth(h.TableTitle, 24)
		}
		project := ""
		if h.Kind != "project" {
			project = clipWidth(h.Project, 30)
		}
		cells[i] = []string{h.Kind, strconv.FormatInt(h.DocumentID, 10), page(h.Page), table, project,
			snippet(h.Text, res.Terms, 60)}
	}
	if len(cells) > 0 {
		writeAligned(bw, header, cells, []bool{false, true, true, false, false, false})
	}
	switch {
	case res.Total > len(res.Hits):
		fmt.Fprintf(bw, "(%d of %d matches; --limit 0 shows all)\n", len(res.Hits), res.Total)
	default:
		fmt.Fprintf(bw, "(%d matches)\n", res.Total)
	}
	return bw.Flush()
}

// hitRows turns hits into rows for the csv and json formats.
func hitRows(hits []store.Hit) *store.Rows {
	rows := &store.Rows{Columns: []string{"kind", "document_id", "org_name", "fiscal_year", "source",
		"table_id", "table_seq", "table_title", "project_id", "project", "page", "text"}}
	for _, h := range hits {
		rows.Values = append(rows.Values, []any{h.Kind, h.DocumentID, orNil(h.OrgName),
			orNil(h.FiscalYear), h.Source, orNil(h.TableID), orNil(h.TableSeq), orNil(h.TableTitle),
			orNil(h.ProjectID), orNil(h.Project), orNil(h.Page), h.Text})
	}
	return rows
}

// orNil makes a zero value NULL.
func orNil[T comparable](v T) any {
	var zero T
	if v == zero {
		return nil
	}
	switch v := any(v).(type) {
	case int:
		return int64(v)
	default:
		return v
	}
}

func page(p int) string {
	if p == 0 {
		return ""
	}
	return strconv.Itoa(p)
}

// snippet returns at most width terminal columns of text around the first
// place a term occurs, with … where text was left out.
func snippet(text string, terms []string, width int) string {
	text = strings.Join(strings.Fields(text), " ")
	if displayWidth(text) <= width {
		return text
	}
	at := -1
	lower := strings.ToLower(text)
	for _, t := range terms {
		if i := strings.Index(lower, strings.ToLower(t)); i >= 0 && (at < 0 || i < at) {
			at = i
		}
	}
	if len(lower) != len(text) || at < 0 {
		at = 0 // lower-casing moved the bytes: start at the beginning
	}
	// Keep a little of what comes before the match.
	const before = 8
	head := []rune(text[:at])
	if len(head) > before {
		text = "…" + string(head[len(head)-before:]) + text[at:]
	}
	return clipWidth(text, width)
}
