// Package goldenfile compares what a test gets with a golden file, the
// output a reader checked by eye and committed. Run the tests with -update
// to rewrite the files with what they get, then review the diff before
// committing it.
package goldenfile

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files with what the tests get")

// Updating reports whether the tests run with -update: a test that keeps a
// golden of its own shape writes it instead of comparing.
func Updating() bool { return *update }

// Check compares got with the file at path; with -update it writes the
// file instead. A mismatch shows where the two first differ.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the tests with -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from what the test got (rerun with -update and review the diff):\n%s", path, Diff(string(want), string(got)))
	}
}

// JSON checks v, as indented JSON ending in a newline, with the file at
// path (see Check).
func JSON(t testing.TB, path string, v any) {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	Check(t, path, append(b, '\n'))
}

// Diff shows where want and got first differ: the line's number, the
// lines before it, and a few lines of each from there.
func Diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	if i == len(w) && i == len(g) {
		return "no difference"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "line %d:\n", i+1)
	for k := max(0, i-3); k < i; k++ {
		b.WriteString("  " + w[k] + "\n")
	}
	for k := i; k < min(len(w), i+5); k++ {
		b.WriteString("- " + w[k] + "\n")
	}
	for k := i; k < min(len(g), i+5); k++ {
		b.WriteString("+ " + g[k] + "\n")
	}
	return b.String()
}
