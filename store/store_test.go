package store_test

import (
	"os"
	"testing"

	"github.com/budgetx/budgetx/store/pgtest"
	"github.com/budgetx/budgetx/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// TestConformance runs the store's conformance suite on every backend.
func TestConformance(t *testing.T) {
	storetest.ForEach(t, storetest.Conformance)
}
