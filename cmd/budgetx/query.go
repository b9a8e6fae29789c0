package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/budgetx/budgetx/store"
)

type queryOptions struct {
	db      string
	format  string
	excel   bool
	maxRows int
}

func newQuery(e *env) *cobra.Command {
	var o queryOptions
	cmd := &cobra.Command{
		Use:   "query [--db FILE] [--format table|csv|json] SQL",
		Short: "Run a read-only SQL query and print the rows",
		Long: `Query opens the database read-only and prints the rows of one SQL statement:
as an aligned text table (the default), as CSV with a header row, or as a JSON
array of objects. Statements that would change the database are refused.

Example:
  budgetx query "select name, budget_fen/100.0 as yuan from projects order by budget_fen desc limit 5"`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runQuery(cmd, e, o, strings.Join(args, " "))
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.db, "db", "", "database file (default $BUDGETX_DB or budgetx.db)")
	f.StringVarP(&o.format, "format", "f", "table", "output format: table, csv or json")
	f.BoolVar(&o.excel, "excel", false, "CSV: start with a byte-order mark so Excel reads UTF-8")
	f.IntVar(&o.maxRows, "max-rows", 0, "print at most this many rows (0: all)")
	return cmd
}

func runQuery(cmd *cobra.Command, e *env, o queryOptions, sql string) error {
	write, ok := formats[o.format]
	if !ok {
		return fmt.Errorf("unknown format %q: use table, csv or json", o.format)
	}
	db, err := store.OpenReadOnly(cmd.Context(), e.dbPath(o.db))
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.Query(cmd.Context(), sql)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	if o.maxRows > 0 && len(rows.Values) > o.maxRows {
		rows.Values = rows.Values[:o.maxRows]
	}
	return write(e.stdout, rows, o)
}
