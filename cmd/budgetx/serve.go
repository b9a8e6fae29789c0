package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/budgetx/budgetx/extract/formats"
	"github.com/budgetx/budgetx/serve"
	"github.com/budgetx/budgetx/store"
)

type serveOptions struct {
	db         string
	addr       string
	root       string
	sqlTimeout time.Duration
}

func newServe(e *env) *cobra.Command {
	var o serveOptions
	cmd := &cobra.Command{
		Use:   "serve [--db FILE] [--addr 127.0.0.1:8080]",
		Short: "Browse the database in a web browser: each table beside the page it came from",
		Long: `Serve starts a local, read-only web application over the database: the documents
with the health figures of budgetx report (filter by year, kind, organisation and
status; sort by health), each document's tables, projects, totals and findings, and
each table's grid beside the page it was printed on. Hovering or clicking a cell
outlines where it was printed. A PDF page is drawn in the browser by pdf.js, which
budgetx carries and serves itself; an HTML original is shown with its scripts off; a
workbook's sheet is shown as it was read. There is a search page (the index of
budgetx search) and a SQL page that runs one SELECT or WITH statement, read-only
and within --sql-timeout, with its result as CSV.

An original is served only while the file at its stored source still has the
sha256 it was ingested with; relative sources are read from --root (the folder
ingest ran in; default the working folder).

It listens on the loopback address unless --addr names another; stop it with Ctrl-C.

Exit codes: 0 stopped by a signal; 1 no database, or the address cannot be used.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runServe(cmd, e, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.db, "db", "", dbFlagHelp)
	f.StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on; one that is not loopback serves the network")
	f.StringVar(&o.root, "root", "", "folder that relative document sources are read from (default the working folder)")
	f.DurationVar(&o.sqlTimeout, "sql-timeout", 5*time.Second, "time limit of one statement of the SQL page")
	return cmd
}

func runServe(cmd *cobra.Command, e *env, o serveOptions) error {
	ctx := cmd.Context()
	db, err := store.OpenReadOnly(ctx, e.dbPath(o.db))
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Health(ctx, []int64{0}); err != nil {
		return err // a database too old to report on, or no budgetx database
	}
	reg := formats.Registry()
	app := serve.New(db, serve.Options{
		Root: o.root, SQLTimeout: o.sqlTimeout, Extract: reg.Extract, Log: e.log,
	})
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	if ip := ln.Addr().(*net.TCPAddr).IP; !ip.IsLoopback() {
		e.log.Warn("serving beyond this machine: anyone who reaches the address can read the database", "addr", ln.Addr().String())
	}
	srv := &http.Server{Handler: app, ReadHeaderTimeout: 10 * time.Second, ErrorLog: nil}
	fmt.Fprintf(e.stdout, "budgetx serve: http://%s/\n", ln.Addr())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
