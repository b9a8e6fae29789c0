package xlsx

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/budgetx/budgetx/extract/internal/extracttest"
)

// TestConformance runs the checks every extractor passes on the seed table
// as the fixture generator writes it in this format.
func TestConformance(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "fixtures", "docs", "seed*.xlsx"))
	samples := make(map[string][]byte)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		samples[filepath.Base(f)] = data
	}
	extracttest.Conformance(t, New(), samples)
}
