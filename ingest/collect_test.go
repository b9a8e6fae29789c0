package ingest

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestCollectLinks: Collect follows links to files and folders, reads a
// folder once however many links lead to it, and names what it leaves
// out.
func TestCollectLinks(t *testing.T) {
	data := t.TempDir()
	for _, name := range []string{"a.pdf", "b.html", ".hidden.pdf", "sub/c.xlsx"} {
		p := filepath.Join(data, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A folder of links into the data set, as a user makes to pick files.
	picks := t.TempDir()
	links := map[string]string{
		"one.pdf":  filepath.Join(data, "a.pdf"),
		"sub":      filepath.Join(data, "sub"),
		"again":    filepath.Join(data, "sub"), // the same folder twice
		"up":       picks,                      // a loop
		"gone.pdf": filepath.Join(data, "missing.pdf"),
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(picks, name)); err != nil {
			t.Skip("symbolic links are not available:", err)
		}
	}
	files, leftOut, err := Collect([]string{picks})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(picks, "again", "c.xlsx"), filepath.Join(picks, "one.pdf")}
	if !slices.Equal(files, want) {
		t.Errorf("files %q, want %q", files, want)
	}
	var got []string
	for _, l := range leftOut {
		got = append(got, filepath.Base(l.Path)+": "+l.Reason)
	}
	slices.Sort(got)
	wantOut := []string{"gone.pdf: a link that leads nowhere", "sub: a link to a folder already read", "up: a link to a folder already read"}
	if !slices.Equal(got, wantOut) {
		t.Errorf("left out %q, want %q", got, wantOut)
	}
}
