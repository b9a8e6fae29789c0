package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/budgetx/budgetx/store"
)

type reportOptions struct {
	db    string
	json  bool
	worst int
}

func newReport(e *env) *cobra.Command {
	var o reportOptions
	cmd := &cobra.Command{
		Use:   "report [--db FILE] [--json] [--worst N] [DOCUMENT...]",
		Short: "Tell which ingested documents need a human look, and why",
		Long: `Report gives the health of what was ingested: per document and in total, how many
tables were found and how many of them are unclassified or titled by something that is
no table title, how many projects lack an amount or their indicators, how many
indicator cells could not be read, how many cells hold amounts run together, and how
many of the accounting checks ran and failed. The text form prints the totals, then
the worst documents first, each with its reasons in words; --json prints
{"documents": [...], "totals": {...}} for programs, every document unless --worst
limits it.

DOCUMENT selects documents as budgetx show does (an id, a path, a sha256 prefix, a
file name); with none, every document is reported. docs/schema.md says how to read
the figures.

Exit codes: 0 success; 1 no such document, or no database.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReport(cmd, e, o, args)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.db, "db", "", dbFlagHelp)
	f.BoolVar(&o.json, "json", false, "print JSON: every document and the totals")
	f.IntVar(&o.worst, "worst", -1, "list at most N documents, the worst first (default: 20 as text, all as JSON)")
	return cmd
}

func runReport(cmd *cobra.Command, e *env, o reportOptions, refs []string) error {
	ctx := cmd.Context()
	db, err := store.OpenReadOnly(ctx, e.dbPath(o.db))
	if err != nil {
		return err
	}
	defer db.Close()
	var ids []int64
	for _, ref := range refs {
		id, err := db.FindDocument(ctx, ref)
		if err != nil {
			return err
		}
		ids = append(ids, id)
	}
	r, err := db.Health(ctx, ids)
	if err != nil {
		return err
	}
	worst := o.worst
	if worst < 0 && !o.json {
		worst = 20
	}
	bw := bufio.NewWriter(e.stdout)
	if o.json {
		if worst >= 0 && len(r.Documents) > worst {
			r.Documents = r.Documents[:worst]
		}
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			return err
		}
	} else {
		writeReport(bw, r, worst)
	}
	return bw.Flush()
}

// writeReport prints the totals, then the worst documents with their
// reasons.
func writeReport(w *bufio.Writer, r *store.Report, worst int) {
	t := r.Totals
	fmt.Fprintf(w, "%s: %s ok, %s partial, %s failed; %s pages\n",
		counted(t.Documents, "document"), thousands(t.Status["ok"]), thousands(t.Status["partial"]), thousands(t.Status["failed"]), thousands(t.Pages))
	fmt.Fprintf(w, "tables      %s, %s unclassified\n", thousands(t.Tables), thousands(t.UnclassifiedTables))
	if t.AmountTables > 0 {
		fmt.Fprintf(w, "  holding amounts  %s: %s classified, %s titled by no table title, %s with a failed check\n",
			thousands(t.AmountTables), share(t.AmountTables-t.AmountTablesUnclassified, t.AmountTables),
			thousands(t.AmountTablesUntitled), share(t.AmountTablesMismatched, t.AmountTables))
		fmt.Fprintf(w, "  amount cells     %s, %s holding two or more run together\n", thousands(t.AmountCells), thousands(t.JoinedCells))
	}
	fmt.Fprintf(w, "projects    %s, %s with an amount\n", thousands(t.Projects), share(t.Projects-t.ProjectsWithoutAmount, t.Projects))
	if t.IndicatorProjects > 0 {
		fmt.Fprintf(w, "  under an indicator column  %s, %s with indicators\n",
			thousands(t.IndicatorProjects), share(t.IndicatorProjects-t.IndicatorProjectsBare, t.IndicatorProjects))
	}
	fmt.Fprintf(w, "indicators  %s, %s indicator cells not read\n", thousands(t.Indicators), thousands(t.IndicatorsUnparsed))
	fmt.Fprintf(w, "checks      %s run, %s failed", thousands(t.ChecksRun), share(t.ChecksFailed, t.ChecksRun))
	var by []string
	for _, code := range slices.Sorted(maps.Keys(t.Checks)) {
		if k := t.Checks[code]; k.Failed > 0 {
			by = append(by, fmt.Sprintf("%s %s of %s", code, thousands(k.Failed), thousands(k.Run)))
		}
	}
	if len(by) > 0 {
		fmt.Fprintf(w, ": %s", strings.Join(by, ", "))
	}
	fmt.Fprintf(w, "\nfindings    %s errors, %s warnings, %s info\n",
		thousands(t.Findings["error"]), thousands(t.Findings["warning"]), thousands(t.Findings["info"]))

	var bad []store.DocumentHealth
	for _, d := range r.Documents {
		if d.Score > 0 {
			bad = append(bad, d)
		}
	}
	if len(bad) == 0 {
		w.WriteString("\nNothing needs a look.\n")
		return
	}
	shown := bad
	if worst >= 0 && len(shown) > worst {
		shown = shown[:worst]
	}
	verb := "need"
	if len(bad) == 1 {
		verb = "needs"
	}
	fmt.Fprintf(w, "\n%d of %s %s a look", len(bad), counted(t.Documents, "document"), verb)
	if len(shown) < len(bad) {
		fmt.Fprintf(w, "; the worst %d (--worst N for more)", len(shown))
	}
	w.WriteString(":\n")
	for _, d := range shown {
		fmt.Fprintf(w, "\n%d  %s  %s", d.ID, d.Status, d.Source)
		if d.Pages > 0 {
			fmt.Fprintf(w, "  (%s)", counted(d.Pages, "page"))
		}
		w.WriteString("\n")
		for _, reason := range d.Reasons {
			fmt.Fprintf(w, "    %s\n", reason)
		}
	}
}

// share prints part of whole as a percentage with the count: "12 (3.4%)".
func share(part, whole int) string {
	if whole == 0 {
		return thousands(part)
	}
	return fmt.Sprintf("%s (%.1f%%)", thousands(part), 100*float64(part)/float64(whole))
}

// counted prints n with its noun: "1 page", "1,966 pages".
func counted(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return thousands(n) + " " + noun + "s"
}

// thousands prints n with thousands separators.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
