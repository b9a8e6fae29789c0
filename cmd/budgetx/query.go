package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/budgetx/budgetx/store"
)

type queryOptions struct {
	db      string
	format  string
	excel   bool
	maxRows int
	timeout time.Duration
}

func newQuery(e *env) *cobra.Command {
	var o queryOptions
	cmd := &cobra.Command{
		Use:   "query [--db FILE] [--format table|csv|json] SQL",
		Short: "Run a read-only SQL query and print the rows",
		Long: `Query opens the database read-only and prints the rows of one SQL statement:
as an aligned text table (the default), as CSV with a header row, or as a JSON
array of objects. Statements that would change the database are refused (on
PostgreSQL the statement runs in a read-only transaction), and a statement that
runs longer than --timeout is stopped.

The views v_projects, v_indicators and v_budget_lines join each record to its
document and show money in 元; docs/schema.md describes every table and column.

Examples:
  budgetx query "select name, budget_yuan, org_name from v_projects order by budget_yuan desc limit 5"
  budgetx query --format csv --excel "select * from v_indicators" > indicators.csv

Exit codes: 0 success; 1 bad SQL, a statement that would write, or no database.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runQuery(cmd, e, o, strings.Join(args, " "))
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.db, "db", "", dbFlagHelp)
	f.StringVarP(&o.format, "format", "f", "table", "output format: table, csv or json")
	f.BoolVar(&o.excel, "excel", false, "CSV: start with a byte-order mark so Excel reads UTF-8")
	f.IntVar(&o.maxRows, "max-rows", 0, "print at most this many rows (0: all)")
	f.DurationVar(&o.timeout, "timeout", 5*time.Minute, "stop a statement that runs longer (0: no limit)")
	return cmd
}

func runQuery(cmd *cobra.Command, e *env, o queryOptions, sql string) error {
	write, ok := writers[o.format]
	if !ok {
		return fmt.Errorf("unknown format %q: use table, csv or json", o.format)
	}
	if o.maxRows < 0 {
		return fmt.Errorf("--max-rows %d: want 0 (all rows) or more", o.maxRows)
	}
	db, err := store.OpenReadOnly(cmd.Context(), e.dbPath(o.db))
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetStatementTimeout(o.timeout)
	// Rows past --max-rows are never read.
	var rows store.Rows
	more := false
	err = db.Each(cmd.Context(), sql, nil,
		func(cols []string) error { rows.Columns = cols; return nil },
		func(vals []any) error {
			if o.maxRows > 0 && len(rows.Values) == o.maxRows {
				more = true
				return errEnough
			}
			rows.Values = append(rows.Values, vals)
			return nil
		})
	if err != nil && !errors.Is(err, errEnough) {
		return fmt.Errorf("query: %w", err)
	}
	if err := write(e.stdout, &rows, o); err != nil {
		return err
	}
	if more {
		fmt.Fprintf(e.stderr, "budgetx: showing the first %d rows only (--max-rows)\n", o.maxRows)
	}
	return nil
}

// errEnough stops reading rows once there are as many as wanted.
var errEnough = errors.New("enough rows")
