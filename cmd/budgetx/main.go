// Command budgetx turns published Chinese government budget disclosures
// (PDF, HTML, xlsx/xls, Word, text dumps, and archives of them) into a
// SQLite database, or a PostgreSQL database that a team shares.
//
// Exit codes: 0 success; 1 fatal error (bad flags, unreadable paths, an
// unwritable database); 3 some files failed (ingest) or some URLs failed
// (crawl); 130 interrupted.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	_ "github.com/budgetx/budgetx/internal/memtune" // first: see its doc
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes.
const (
	exitOK          = 0
	exitFatal       = 1
	exitSomeFailed  = 3
	exitInterrupted = 130
)

// exitError carries an exit code other than exitFatal out of a command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// env is what every command may use: the streams, the environment, a logger.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	log    *slog.Logger
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	root := newRoot(e)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(stderr, "budgetx:", err)
	var ee *exitError
	switch {
	case errors.As(err, &ee):
		return ee.code
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	}
	return exitFatal
}

func newRoot(e *env) *cobra.Command {
	var verbose bool
	root := &cobra.Command{
		Use:   "budgetx",
		Short: "Turn published government budget disclosures into a SQLite or PostgreSQL database",
		Long: `budgetx ingests Chinese government budget disclosures (PDF, HTML, xlsx, xls and
tab-separated text dumps), extracts and repairs their tables, interprets the standard
tables, checks them against their accounting identities, and stores everything in SQLite,
or in PostgreSQL.

The database is budgetx.db in the working folder, or $BUDGETX_DB, or --db: a SQLite file,
or a PostgreSQL URL (postgres://user@host/database, or for a local server
postgres:///budgetx?host=/var/run/postgresql). Several budgetx processes, on one machine
or many, may ingest and crawl into one PostgreSQL database at once: they share the work.

Exit codes: 0 success; 1 fatal error; 3 some files (or URLs) failed; 130 interrupted.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRun: func(cmd *cobra.Command, args []string) {
			level := slog.LevelInfo
			if verbose {
				level = slog.LevelDebug
			}
			e.log = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
		},
	}
	root.PersistentFlags().BoolVarP(&verbose, "verbose", "v", false, "log every file, not only failures")
	root.AddCommand(newIngest(e), newQuery(e), newVersion(e))
	root.AddCommand(newExport(e))
	root.AddCommand(newSearch(e))
	root.AddCommand(newShow(e))
	root.AddCommand(newCrawl(e))
	root.AddCommand(newReport(e))
	root.AddCommand(newServe(e))
	return root
}

// dbFlagHelp describes --db.
const dbFlagHelp = "database: a SQLite file or a postgres:// URL (default $BUDGETX_DB or budgetx.db)"

// dbPath returns the database path or URL: the flag, else $BUDGETX_DB, else budgetx.db.
func (e *env) dbPath(flag string) string {
	if flag != "" {
		return flag
	}
	if p := e.getenv("BUDGETX_DB"); p != "" {
		return p
	}
	return "budgetx.db"
}
