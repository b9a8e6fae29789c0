package main

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/budgetx/budgetx/crawl"
	"github.com/budgetx/budgetx/extract/formats"
	"github.com/budgetx/budgetx/store"
)

type crawlOptions struct {
	db      string
	config  string
	sites   []string
	dryRun  bool
	timeout time.Duration
}

func newCrawl(e *env) *cobra.Command {
	var o crawlOptions
	cmd := &cobra.Command{
		Use:   "crawl --config FILE [--db FILE] [--site NAME] [--dry-run]",
		Short: "Crawl government sites for new disclosures and ingest them",
		Long: `Crawl walks each site of the configuration from its listing pages, downloads the
attachments they link to, and ingests every budget document at once, noting where it
came from (table provenance). It is polite: robots.txt is obeyed, requests to a host
are spaced by the site's delay, and failures are retried with backoff. Validators and
page links are remembered, so the next run asks only whether pages changed and
downloads no unchanged body. A crawl that is interrupted resumes where it stopped.
Several crawls of one database may run at once, on one machine or many: each claims
the sites it crawls and leaves to the others the sites they hold, and requests to a
host keep the site's delay across all of them. See docs/crawling.md.

The summary line on stdout reads: pages fetched (how many had changed), new documents,
unchanged files, files that are not budget documents, and failed URLs.

Exit codes: 0 the run completed and no URL failed; 3 some URLs failed (they are
logged on stderr and kept in crawl_queue); 1 the crawl could not run (bad
configuration, unwritable database, other crawls hold every site);
130 interrupted (run again to resume).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCrawl(cmd, e, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.db, "db", "", dbFlagHelp)
	f.StringVarP(&o.config, "config", "c", "", "the sites to crawl (YAML)")
	f.StringArrayVar(&o.sites, "site", nil, "crawl only this site (repeatable)")
	f.BoolVarP(&o.dryRun, "dry-run", "n", false, "fetch pages and list the files a crawl would download; write nothing")
	f.DurationVar(&o.timeout, "timeout", 2*time.Minute, "time limit per document's extraction (0: none)")
	cmd.MarkFlagRequired("config")
	return cmd
}

func runCrawl(cmd *cobra.Command, e *env, o crawlOptions) error {
	ctx := cmd.Context()
	cfg, err := crawl.LoadConfig(o.config)
	if err != nil {
		return err
	}
	var db *store.DB
	path := e.dbPath(o.db)
	_, statErr := os.Stat(path)
	if store.IsPostgresURL(path) {
		statErr = nil // a PostgreSQL database exists, or opening it says so
	}
	switch {
	case !o.dryRun:
		db, err = store.Open(ctx, path)
	case statErr == nil:
		// A dry run reads what earlier crawls remembered, when there is a
		// database, and changes nothing: not even its schema.
		db, err = store.OpenReadOnly(ctx, path)
	}
	if err != nil {
		return err
	}
	if db != nil {
		defer db.Close()
	}
	c, err := crawl.New(cfg, db, formats.Registry(), crawl.Options{
		DryRun: o.dryRun, DocTimeout: o.timeout, Log: e.log,
	})
	if err != nil {
		return err
	}
	sum, err := c.Run(ctx, o.sites...)
	if sum != nil {
		for _, p := range sum.Planned {
			fmt.Fprintf(e.stdout, "%s\t%s\t%s\n", p.URL, p.LinkText, p.Page)
		}
		fmt.Fprintln(e.stdout, sum)
	}
	switch {
	case err != nil:
		return err
	case sum.Failed > 0:
		return &exitError{code: exitSomeFailed, err: fmt.Errorf("%d URLs failed", sum.Failed)}
	}
	return nil
}
