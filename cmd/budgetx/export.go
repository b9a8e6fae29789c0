package main

import (
	"bufio"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/budgetx/budgetx/export"
	"github.com/budgetx/budgetx/store"
)

type exportOptions struct {
	db     string
	format string
	out    string
	excel  bool
}

func newExport(e *env) *cobra.Command {
	var o exportOptions
	cmd := &cobra.Command{
		Use:   "export [--db FILE] --format csv|xlsx|jsonl --out PATH",
		Short: "Write every entity to CSV, JSON Lines or an Excel workbook",
		Long: `Export writes the documents, tables, projects, indicators, budget lines and findings
of the database:

  csv    one file per entity in the folder PATH (documents.csv, tables.csv, …),
         each with a header row; --excel starts each with a byte-order mark so
         that Excel reads it as UTF-8
  jsonl  one file per entity in the folder PATH (documents.jsonl, …), one JSON
         object a line, keys in column order, NULL as null
  xlsx   one workbook PATH with a sheet per entity: a frozen header row, amounts
         as numbers in 元, and ids that link to the row they name

Amounts leave the database's *_fen columns (integer 分) as *_yuan columns in 元,
exact to the 分. Each row carries document_id and its page, so every record leads
back to the file and page it was printed on. Cells are not exported: query them.
A file is replaced only once it has been written in full.

Exit codes: 0 success; 1 no database, bad flags, or an unwritable PATH.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExport(cmd, e, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.db, "db", "", dbFlagHelp)
	f.StringVarP(&o.format, "format", "f", "", "csv, jsonl or xlsx")
	f.StringVarP(&o.out, "out", "o", "", "folder (csv, jsonl) or workbook file (xlsx) to write")
	f.BoolVar(&o.excel, "excel", false, "csv: start each file with a byte-order mark for Excel")
	cmd.MarkFlagRequired("format")
	cmd.MarkFlagRequired("out")
	return cmd
}

func runExport(cmd *cobra.Command, e *env, o exportOptions) error {
	ctx := cmd.Context()
	db, err := store.OpenReadOnly(ctx, e.dbPath(o.db))
	if err != nil {
		return err
	}
	defer db.Close()
	var written []export.Written
	switch o.format {
	case "csv":
		written, err = export.CSV(ctx, db, o.out, o.excel)
	case "jsonl":
		written, err = export.JSONL(ctx, db, o.out)
	case "xlsx":
		written, err = export.XLSX(ctx, db, o.out)
	default:
		return fmt.Errorf("unknown format %q: use csv, jsonl or xlsx", o.format)
	}
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(e.stdout)
	cells := make([][]string, len(written))
	for i, w := range written {
		cells[i] = []string{w.Entity, strconv.Itoa(w.Rows), w.Path}
	}
	writeAligned(bw, []string{"entity", "rows", "file"}, cells, []bool{false, true, false})
	return bw.Flush()
}
