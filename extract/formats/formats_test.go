package formats_test

import (
	"path/filepath"
	"testing"

	"github.com/budgetx/budgetx/extract/formats"
	"github.com/budgetx/budgetx/extract/internal/extracttest"
	"github.com/budgetx/budgetx/model"
)

// TestSniffAgrees checks that the list and extract.Sniff agree: every
// format in the list is one that Sniff tells, from the seed table as the
// fixture generator writes it in that format (fixtures/docs) or from the
// seed's text dump, and Sniff tells no format of those files that the list
// lacks. A new format needs its line in the list, its rule in Sniff and its
// seed fixture.
func TestSniffAgrees(t *testing.T) {
	listed := map[model.Format]bool{}
	for _, ex := range formats.All() {
		if listed[ex.Format()] {
			t.Errorf("%s is listed twice", ex.Format())
		}
		listed[ex.Format()] = true
	}
	seeds := extracttest.Seeds(t, filepath.Join("..", ".."))
	for format, files := range seeds {
		if !listed[format] {
			for name := range files {
				t.Errorf("%s: Sniff tells %s, which the list lacks", name, format)
			}
		}
	}
	for format := range listed {
		if len(seeds[format]) == 0 {
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
