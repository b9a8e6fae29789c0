package formats_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/formats"
)

// TestSniffAgrees checks that the list and extract.Sniff agree: every
// format in the list is one that Sniff tells, from the seed table as the
// fixture generator writes it in that format (fixtures/docs) or from the
// seed's text dump, and Sniff tells no format of those files that the list
// lacks. A new format needs its line in the list, its rule in Sniff and its
// seed fixture.
func TestSniffAgrees(t *testing.T) {
	listed := map[extract.Format]bool{}
	for _, ex := range formats.All() {
		if listed[ex.Format()] {
			t.Errorf("%s is listed twice", ex.Format())
		}
		listed[ex.Format()] = true
	}
	docs, _ := filepath.Glob(filepath.Join("..", "..", "fixtures", "docs", "seed*"))
	dumps, _ := filepath.Glob(filepath.Join("..", "..", "fixtures", "seed", "*.txt"))
	sniffed := map[extract.Format]bool{}
	for _, f := range append(docs, dumps...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		format, err := extract.Sniff(data)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		if !listed[format] {
			t.Errorf("%s: Sniff tells %s, which the list lacks", filepath.Base(f), format)
		}
		sniffed[format] = true
	}
	for format := range listed {
		if !sniffed[format] {
			t.Errorf("%s: no seed fixture that Sniff tells as it", format)
		}
	}
}

// TestRegistry: the registry holds every listed format.
func TestRegistry(t *testing.T) {
	if got, want := len(formats.Registry().Formats()), len(formats.All()); got != want {
		t.Errorf("the registry holds %d formats, the list %d", got, want)
	}
}
