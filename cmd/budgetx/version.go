package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/budgetx/budgetx/ingest"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = ""

func newVersion(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of budgetx and of its pipeline",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			v := version
			if v == "" {
				v = "devel"
				if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
					v = bi.Main.Version
				}
			}
			fmt.Fprintf(e.stdout, "budgetx %s (pipeline %d, %s)\n", v, ingest.Version, runtime.Version())
			return nil
		},
	}
}
