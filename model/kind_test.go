package model

import (
	"os"
	"strings"
	"testing"
)

// TestSchemaDocListsKinds checks that docs/schema.md names every kind of
// table.
func TestSchemaDocListsKinds(t *testing.T) {
	doc, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	kinds := declared(t, "kind.go", "Kind")
	if len(kinds) < 20 {
		t.Fatalf("kind.go declares %d kinds: the parse misses some", len(kinds))
	}
	for kind, name := range kinds {
		if !strings.Contains(string(doc), "`"+kind+"`") {
			t.Errorf("%s does not name the kind %s (%s)", docPath, kind, name)
		}
	}
}
