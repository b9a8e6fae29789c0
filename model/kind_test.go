package model

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strconv"
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
	f, err := parser.ParseFile(token.NewFileSet(), "kind.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			v := s.(*ast.ValueSpec)
			kind, err := strconv.Unquote(v.Values[0].(*ast.BasicLit).Value)
			if err != nil {
				t.Fatal(err)
			}
			n++
			if !strings.Contains(string(doc), "`"+kind+"`") {
				t.Errorf("%s does not name the kind %s (%s)", docPath, kind, v.Names[0].Name)
			}
		}
	}
	if n < 20 {
		t.Errorf("kind.go declares %d kinds: the parse misses some", n)
	}
}
