package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/budgetx/budgetx/extract/archive"
	"github.com/budgetx/budgetx/extract/formats"
	"github.com/budgetx/budgetx/ingest"
	"github.com/budgetx/budgetx/store"
)

type ingestOptions struct {
	db       string
	jobs     int
	force    bool
	outdated bool
	retry    bool
	json     bool
	timeout  time.Duration
	maxMB    int64
}

func newIngest(e *env) *cobra.Command {
	var o ingestOptions
	cmd := &cobra.Command{
		Use:   "ingest [--db FILE] [--jobs N] [--force] PATH...",
		Short: "Extract, repair and store documents (files or folders, recursively)",
		Long: `Ingest reads every file under the given paths, tells its format from its content,
extracts its tables, repairs and interprets them, and stores each document in one
transaction. A file already in the database (same sha256) is skipped as unchanged
unless --force is given. Several ingests may run over the same files into one
database at once, on one machine or many (a PostgreSQL database, or a SQLite file
they share): each claims a file before extracting it, the others pass over it and
count it as stored by another process, and a file whose claimant died is taken over. A file that cannot be read is stored with status 'failed'
and its error, and the batch goes on; run again, it counts as failed again without
being read, unless --retry-failed is given.

Exit codes: 0 every file ok or unchanged; 3 some files failed; 1 fatal error;
130 interrupted (documents in flight are rolled back; run again to resume).`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 && !o.outdated {
				return errors.New("ingest: name at least one file or folder")
			}
			return runIngest(cmd, e, o, args)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.db, "db", "", dbFlagHelp)
	f.IntVarP(&o.jobs, "jobs", "j", runtime.NumCPU(), "files to work on at once")
	f.BoolVar(&o.force, "force", false, "re-extract files already in the database")
	f.BoolVar(&o.outdated, "reextract-outdated", false,
		"re-extract documents stored by an older pipeline; without PATHs, those still at their stored source")
	f.BoolVar(&o.retry, "retry-failed", false, "read again the files stored as failed (by default they count as failed again)")
	f.BoolVar(&o.json, "json", false, "print the summary as JSON")
	f.DurationVar(&o.timeout, "timeout", 2*time.Minute, "time limit per document (0: none)")
	f.Int64Var(&o.maxMB, "max-size", 512, "skip files larger than this many MB as failed (0: no limit)")
	return cmd
}

func runIngest(cmd *cobra.Command, e *env, o ingestOptions, paths []string) error {
	ctx := cmd.Context()
	db, err := store.Open(ctx, e.dbPath(o.db))
	if err != nil {
		return err
	}
	defer db.Close()
	if len(paths) == 0 {
		if paths, err = outdatedSources(ctx, e, db); err != nil {
			return err
		}
	}
	files, leftOut, err := ingest.Collect(paths)
	if err != nil {
		return err
	}
	for _, l := range leftOut {
		e.log.Warn("left out", "path", l.Path, "reason", l.Reason)
	}
	prog := newProgress(e.stderr, e.log, len(files))
	in := ingest.New(db, formats.Registry(), ingest.Options{
		Jobs: o.jobs, Force: o.force, Outdated: o.outdated, RetryFailed: o.retry, Timeout: o.timeout, MaxSize: o.maxMB << 20, Log: e.log, Progress: prog.add,
	})
	sum, err := in.Run(ctx, files)
	prog.finish()
	printSummary(e, sum, o.json)
	if errors.Is(err, context.Canceled) {
		return &exitError{code: exitInterrupted, err: errors.New("interrupted: run the same command again to resume")}
	}
	if err != nil {
		return err
	}
	if sum.Failed > 0 {
		return &exitError{code: exitSomeFailed, err: fmt.Errorf("%d of %d files failed", sum.Failed, sum.Files)}
	}
	return nil
}

// outdatedSources lists the stored documents an older pipeline produced
// whose source files are still where they were read from; for a file
// taken from an archive, the archive.
func outdatedSources(ctx context.Context, e *env, db *store.DB) ([]string, error) {
	sources, err := db.OutdatedSources(ctx, ingest.Version)
	if err != nil {
		return nil, err
	}
	var paths []string
	seen := make(map[string]bool)
	for _, s := range sources {
		// A file taken from an archive is read again from the archive.
		s, _, _ = strings.Cut(s, archive.Sep)
		if seen[s] {
			continue
		}
		seen[s] = true
		if _, err := os.Stat(s); err != nil {
			e.log.Warn("outdated document's source is gone; ingest it from where it is now", "source", s)
			continue
		}
		paths = append(paths, s)
	}
	return paths, nil
}

type jsonFailure struct {
	File  string `json:"file"`
	Error string `json:"error"`
}

type jsonSummary struct {
	Files     int           `json:"files"`
	OK        int           `json:"ok"`
	Partial   int           `json:"partial"`
	Failed    int           `json:"failed"`
	Unchanged int           `json:"unchanged"`
	Elsewhere int           `json:"elsewhere"` // stored by another process
	Pages     int           `json:"pages"`
	Seconds   float64       `json:"seconds"`
	Writing   float64       `json:"write_seconds"` // of Seconds, writing to the database
	Failures  []jsonFailure `json:"failures"`
}

func printSummary(e *env, s ingest.Summary, asJSON bool) {
	if !asJSON {
		elsewhere := ""
		if s.Elsewhere > 0 {
			elsewhere = fmt.Sprintf(", %d stored by another process", s.Elsewhere)
		}
		fmt.Fprintf(e.stdout, "%d files: %d ok, %d partial, %d failed, %d unchanged%s; %d pages in %.1fs\n",
			s.Files, s.OK, s.Partial, s.Failed, s.Unchanged, elsewhere, s.Pages, s.Elapsed.Seconds())
		return
	}
	js := jsonSummary{
		Files: s.Files, OK: s.OK, Partial: s.Partial, Failed: s.Failed, Unchanged: s.Unchanged, Elsewhere: s.Elsewhere,
		Pages: s.Pages, Seconds: s.Elapsed.Seconds(), Writing: s.Writing.Seconds(), Failures: []jsonFailure{},
	}
	for _, f := range s.Failures {
		js.Failures = append(js.Failures, jsonFailure{File: f.Path, Error: f.Err.Error()})
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.Encode(js)
}
