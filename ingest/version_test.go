package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// goldenOutputs are the fixtures that record what extraction and
// normalization give: what lands in the database. The wild sample's
// health (wild-health.json) is a reading of the report, and stays out.
func goldenOutputs(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(filepath.Join("..", "fixtures"), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		switch {
		case d.IsDir() && (name == "site" || name == "gen"):
			return filepath.SkipDir
		case d.IsDir(), name == "wild-health.json":
		case strings.HasSuffix(name, ".json"), strings.HasSuffix(name, ".golden.tsv"):
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	return files
}

// The golden outputs as the pipeline of goldensVersion gives them.
const (
	goldensVersion = 10
	goldensDigest  = "5fad2a3f7c3f5038d24c75017f73bb92d0f8b9f1e41f1ed3d9c92c20f77a2528"
)

// TestVersionFollowsGoldens fails when the golden outputs change and
// Version does not: rows a user stored with the old pipeline would never be
// re-extracted by --reextract-outdated. Raise Version, then record it with
// the new digest above.
func TestVersionFollowsGoldens(t *testing.T) {
	h := sha256.New()
	for _, f := range goldenOutputs(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		h.Write([]byte(filepath.ToSlash(f) + "\x00"))
		h.Write(data)
	}
	got := hex.EncodeToString(h.Sum(nil))
	switch {
	case got != goldensDigest && Version == goldensVersion:
		t.Errorf("the golden outputs changed and Version is still %d: raise it, and record it with digest %s in version_test.go", Version, got)
	case got != goldensDigest || Version != goldensVersion:
		t.Errorf("record Version %d with digest %s in version_test.go (it holds %d, %s)", Version, got, goldensVersion, goldensDigest)
	}
}
