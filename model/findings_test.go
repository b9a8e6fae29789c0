package model

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the table of finding codes in docs/schema.md")

// TestCodesCatalogued checks that every Code constant is in Codes once,
// with a severity and a meaning, and that Codes holds nothing else.
func TestCodesCatalogued(t *testing.T) {
	consts := declared(t, "findings.go", "Code")
	if len(consts) < 30 {
		t.Fatalf("findings.go declares %d codes; the parse missed some", len(consts))
	}
	seen := map[Code]bool{}
	for _, ci := range Codes {
		if seen[ci.Code] {
			t.Errorf("%s is catalogued twice", ci.Code)
		}
		seen[ci.Code] = true
		if consts[string(ci.Code)] == "" {
			t.Errorf("%s is catalogued but declares no constant", ci.Code)
		}
		if len(ci.Severities) == 0 || ci.Meaning == "" {
			t.Errorf("%s: severity %v, meaning %q: both are needed", ci.Code, ci.Severities, ci.Meaning)
		}
		for _, s := range ci.Severities {
			if s != SevInfo && s != SevWarning && s != SevError {
				t.Errorf("%s: unknown severity %q", ci.Code, s)
			}
		}
		if got, ok := LookupCode(ci.Code); !ok || got.Code != ci.Code {
			t.Errorf("LookupCode(%s) = %v, %v", ci.Code, got, ok)
		}
	}
	for c, name := range consts {
		if !seen[Code(c)] {
			t.Errorf("%s (%s) is missing from Codes", name, c)
		}
	}
	if _, ok := LookupCode("no_such_code"); ok {
		t.Error("LookupCode finds a code that is not catalogued")
	}
}

// declared returns the constants of type typ that file declares, by
// value: the value of each to its name.
func declared(t *testing.T, file, typ string) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	consts := map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			v := s.(*ast.ValueSpec)
			if id, ok := v.Type.(*ast.Ident); !ok || id.Name != typ {
				continue
			}
			val, err := strconv.Unquote(v.Values[0].(*ast.BasicLit).Value)
			if err != nil {
				t.Fatal(err)
			}
			consts[val] = v.Names[0].Name
		}
	}
	return consts
}

// TestGoldenCodesCatalogued checks every finding and check in the golden
// output under fixtures/: its code is catalogued, and a finding's severity
// is one the catalogue gives that code.
func TestGoldenCodesCatalogued(t *testing.T) {
	seen := map[Code]int{}
	err := filepath.WalkDir("../fixtures", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".json" {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var v any
		if json.Unmarshal(data, &v) != nil {
			return nil // not output: a generator's input, say
		}
		walkJSON(v, func(o map[string]any) {
			code, ok := o["code"].(string)
			if !ok {
				return
			}
			sev, finding := o["severity"].(string)
			_, check := o["failed"]
			if !finding && !check {
				return
			}
			seen[Code(code)]++
			ci, ok := LookupCode(Code(code))
			switch {
			case !ok:
				t.Errorf("%s: code %s is not catalogued in model.Codes", path, code)
			case finding && !slices.Contains(ci.Severities, Severity(sev)):
				t.Errorf("%s: %s has severity %s; the catalogue gives %v", path, code, sev, ci.Severities)
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) < 10 {
		t.Errorf("the goldens hold %d codes (%v): the scan misses them", len(seen), seen)
	}
}

func walkJSON(v any, visit func(map[string]any)) {
	switch v := v.(type) {
	case map[string]any:
		visit(v)
		for _, e := range v {
			walkJSON(e, visit)
		}
	case []any:
		for _, e := range v {
			walkJSON(e, visit)
		}
	}
}

var codeLike = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)+$`)

// TestEmittersUseConstants reads the code outside this package and its
// tests: a catalogued code written as a string, or a Code field given a
// bare string that looks like a code, fails. Every finding is then made
// with a constant, and every constant is catalogued.
func TestEmittersUseConstants(t *testing.T) {
	consts := declared(t, "findings.go", "Code")
	fset := token.NewFileSet()
	files := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != ".." && (strings.HasPrefix(name, ".") || name == "testdata" || name == "model") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files++
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.KeyValueExpr:
				if k, ok := n.Key.(*ast.Ident); ok && k.Name == "Code" {
					if s, ok := stringLit(n.Value); ok && codeLike.MatchString(s) {
						t.Errorf("%s: Code %q: use a constant of package model", fset.Position(n.Pos()), s)
					}
				}
			case *ast.BasicLit:
				if s, ok := stringLit(n); ok && consts[s] != "" {
					t.Errorf("%s: %q: use model.%s", fset.Position(n.Pos()), s, consts[s])
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 100 {
		t.Errorf("read %d Go files: the walk misses the module", files)
	}
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

const (
	docPath  = "../docs/schema.md"
	docBegin = "<!-- finding codes: generated from model.Codes by `go test ./model -update`; do not edit -->\n"
	docEnd   = "<!-- end of finding codes -->\n"
)

// TestSchemaDocListsCodes checks that docs/schema.md's table of finding
// codes is the catalogue; -update writes it.
func TestSchemaDocListsCodes(t *testing.T) {
	doc, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	i, j := bytes.Index(doc, []byte(docBegin)), bytes.Index(doc, []byte(docEnd))
	if i < 0 || j < i {
		t.Fatalf("%s lacks the markers of its table of finding codes:\n%s%s", docPath, docBegin, docEnd)
	}
	want := codeTable()
	got := string(doc[i+len(docBegin) : j])
	if got == want {
		return
	}
	if *update {
		out := slices.Concat(doc[:i+len(docBegin)], []byte(want), doc[j:])
		if err := os.WriteFile(docPath, out, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s's table of finding codes differs from model.Codes (go test ./model -update rewrites it):\n got:\n%s\nwant:\n%s", docPath, got, want)
}

// codeTable writes Codes as a Markdown table.
func codeTable() string {
	var b strings.Builder
	b.WriteString("| code | severity | meaning |\n| --- | --- | --- |\n")
	for _, ci := range Codes {
		sevs := make([]string, len(ci.Severities))
		for i, s := range ci.Severities {
			sevs[i] = string(s)
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", ci.Code, strings.Join(sevs, ", "), strings.ReplaceAll(ci.Meaning, "|", `\|`))
	}
	return b.String()
}
