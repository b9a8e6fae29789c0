package main

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/budgetx/budgetx/store"
)

type showOptions struct {
	db     string
	format string
}

func newShow(e *env) *cobra.Command {
	var o showOptions
	cmd := &cobra.Command{
		Use:   "show [--db FILE] [--format text|json] DOCUMENT",
		Short: "Print one document: its tables, projects, totals and findings",
		Long: `Show prints what the database holds of one document, readable at a glance: where
it came from, its tables, its projects with their budgets and indicators, the
totals (project budgets summed, and the 合计/总计 lines of the budget tables), and
the findings of its checks, errors first. Money is in 元.

DOCUMENT is a document id, the path or URL it was ingested from, a file (found by
its content), a sha256 prefix of at least four hex digits, or the end of a path,
such as a file name.

Exit codes: 0 success; 1 no such document, or DOCUMENT names several.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runShow(cmd, e, o, args[0])
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.db, "db", "", dbFlagHelp)
	f.StringVarP(&o.format, "format", "f", "text", "output format: text or json")
	return cmd
}

func runShow(cmd *cobra.Command, e *env, o showOptions, ref string) error {
	if o.format != "text" && o.format != "json" {
		return fmt.Errorf("unknown format %q: use text or json", o.format)
	}
	db, err := store.OpenReadOnly(cmd.Context(), e.dbPath(o.db))
	if err != nil {
		return err
	}
	defer db.Close()
	id, err := db.FindDocument(cmd.Context(), ref)
	if err != nil {
		return err
	}
	ov, err := db.Overview(cmd.Context(), id)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(e.stdout)
	if o.format == "json" {
		err = writeOverviewJSON(bw, ov)
	} else {
		writeOverview(bw, ov)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

func writeOverviewJSON(w *bufio.Writer, ov *store.Overview) error {
	w.WriteString("{\n  \"document\": ")
	if err := writeObject(w, ov.Document.Columns, ov.Document.Values[0]); err != nil {
		return err
	}
	for _, part := range []struct {
		name string
		rows *store.Rows
	}{{"tables", ov.Tables}, {"projects", ov.Projects}, {"totals", ov.Totals}, {"findings", ov.Findings}} {
		fmt.Fprintf(w, ",\n  %q: ", part.name)
		if err := writeObjects(w, part.rows, "  ", ""); err != nil {
			return err
		}
	}
	w.WriteString("\n}\n")
	return nil
}

func writeOverview(w *bufio.Writer, ov *store.Overview) {
	// The document, one field a line.
	doc := ov.Document
	field := make(map[string]string, len(doc.Columns))
	for i, c := range doc.Columns {
		field[c] = cellText(doc.Values[0][i])
	}
	fmt.Fprintf(w, "document %s  %s", field["id"], field["status"])
	for _, s := range []string{field["format"], plural(field["pages"], "page")} {
		if s != "" {
			fmt.Fprintf(w, "  %s", s)
		}
	}
	w.WriteString("\n")
	for _, kv := range [][2]string{
		{"source", field["source"]},
		{"sha256", field["sha256"]},
		{"error", field["error"]},
		{"title", field["title"]},
		{"org", field["org_name"]},
		{"year", strings.TrimSpace(field["fiscal_year"] + " " + field["kind"])},
		{"producer", field["producer"]},
		{"ingested", field["ingested_at"] + " (pipeline " + field["pipeline_version"] + ")"},
	} {
		if kv[1] != "" {
			fmt.Fprintf(w, "  %-9s %s\n", kv[0], kv[1])
		}
	}
	section(w, "tables", ov.Tables)
	section(w, "projects", ov.Projects)
	section(w, "totals", ov.Totals)
	section(w, "findings", ov.Findings)
}

// section prints a titled part of an overview, amounts in 元.
func section(w *bufio.Writer, title string, rows *store.Rows) {
	fmt.Fprintf(w, "\n%s (%d)\n", title, len(rows.Values))
	if len(rows.Values) > 0 {
		header, cells, right := tableText(rows, true)
		writeAligned(w, header, cells, right)
	}
}

func plural(n, word string) string {
	switch n {
	case "":
		return ""
	case "1":
		return n + " " + word
	}
	return n + " " + word + "s"
}
