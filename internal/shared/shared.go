// Package shared finds what tests read from beside the repository: the real
// documents in ../shared/realdocs, which are never copied into it.
//
// Where they are missing a test skips, except in CI (the environment
// variable CI set), which always has them: there a missing folder fails the
// test, so that no test passes by skipping.
package shared

import (
	"os"
	"testing"
)

// Require returns path when it exists; otherwise it skips the test, or in
// CI fails it.
func Require(tb testing.TB, path string) string {
	tb.Helper()
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("%s is missing, and CI always has it: %v", path, err)
		}
		tb.Skipf("%s is not available: %v", path, err)
	}
	return path
}
