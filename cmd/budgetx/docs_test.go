package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/store/storetest"
)

// docCommands returns the budgetx commands in the ```sh blocks of a
// Markdown file, split into arguments as a shell would split them (double
// quotes only), and the statements of its ```sql blocks.
func docCommands(t *testing.T, path string) (commands [][]string, statements []string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(string(b), "```")
	for i := 1; i < len(blocks); i += 2 {
		lang, body, _ := strings.Cut(blocks[i], "\n")
		switch lang {
		case "sql":
			for _, s := range strings.Split(body, ";") {
				if s = strings.TrimSpace(s); s != "" {
					statements = append(statements, s)
				}
			}
		case "sh":
			var args []string
			var word strings.Builder
			quoted := false
			for _, r := range body {
				switch {
				case r == '"':
					quoted = !quoted
				case !quoted && (r == ' ' || r == '\n'):
					if word.Len() > 0 {
						args = append(args, word.String())
						word.Reset()
					}
					if r == '\n' && len(args) > 0 {
						commands = append(commands, args)
						args = nil
					}
				default:
					word.WriteRune(r)
				}
			}
			if quoted {
				t.Fatalf("%s: unbalanced quotes in\n%s", path, body)
			}
		}
	}
	return commands, statements
}

// Every command and statement of docs/schema.md runs, and the worked
// example about satisfaction targets gives the answer it promises, on
// SQLite and on PostgreSQL (but the statements written for one of them).
func TestSchemaDocExamples(t *testing.T) { storetest.ForEach(t, testSchemaDocExamples) }

func testSchemaDocExamples(t *testing.T, b storetest.Backend) {
	_, db := b.Open(t)
	commands, statements := docCommands(t, filepath.Join("..", "..", "docs", "schema.md"))
	if len(commands) < 10 || len(statements) < 2 {
		t.Fatalf("found %d commands and %d statements; the examples are not being read", len(commands), len(statements))
	}
	satisfaction := 0
	for _, args := range commands {
		if args[0] != "budgetx" || len(args) < 3 {
			t.Errorf("not a budgetx command: %q", args)
			continue
		}
		run := append([]string{args[1], "--db", db}, args[2:]...)
		if args[1] == "query" {
			run = append([]string{"query", "--db", db, "--format", "json"}, args[2:]...)
		}
		out, errOut, code := invoke(t, run...)
		if code != 0 {
			t.Errorf("%s: exit %d: %s", strings.Join(args, " "), code, errOut)
			continue
		}
		if args[1] == "query" && strings.Contains(args[2], "满意度") {
			satisfaction++
			rows := objects(t, out)
			if len(rows) != 2 {
				t.Errorf("the satisfaction example found %d rows, want 2:\n%s", len(rows), out)
			}
		}
	}
	if satisfaction != 2 {
		t.Errorf("%d satisfaction examples, want 2", satisfaction)
	}
	// The statements query the full-text index, which a build without
	// FTS5 does not make, or PostgreSQL's trigram indexes (ILIKE).
	if b.Name == "sqlite" {
		out, _, _ := invoke(t, "query", "--db", db, "--format", "csv",
			"select count(*) from sqlite_master where name = 'search'")
		if out != "count(*)\n1\n" {
			t.Skip("built without SQLite FTS5 (go test -tags sqlite_fts5)")
		}
	}
	for _, s := range statements {
		if strings.Contains(s, "ILIKE") != (b.Name == "postgres") {
			continue
		}
		if _, errOut, code := invoke(t, "query", "--db", db, s); code != 0 {
			t.Errorf("%s: exit %d: %s", s, code, errOut)
		}
	}
}

// TestSeedAsANewUser ingests the seed and one PDF as a new user would and
// answers the questions the guide promises to answer, with its own
// commands.
func TestSeedAsANewUser(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	writeFile(t, filepath.Join(dir, "seed.txt"), seed(t))
	pdf, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "docs", "seed-libreoffice.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "seed.pdf"), pdf)
	if code, _, errOut := budgetx(t, "ingest", "--db", db, filepath.Join(dir, "seed.txt"), filepath.Join(dir, "seed.pdf")); code != 0 {
		t.Fatal(errOut)
	}
	commands, _ := docCommands(t, filepath.Join("..", "..", "docs", "schema.md"))
	var satisfaction []string
	for _, args := range commands {
		if len(args) == 3 && args[1] == "query" && strings.Contains(args[2], "满意度") && strings.Contains(args[2], "join projects") {
			satisfaction = args
			break
		}
	}
	if satisfaction == nil {
		t.Fatal("docs/schema.md has no satisfaction-target query")
	}
	code, out, errOut := budgetx(t, "query", "--db", db, "--format", "json", satisfaction[2])
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	projects := map[any]bool{}
	for _, r := range rows {
		projects[r["project"]] = true
	}
	// Ten of the seed's thirteen projects promise ≥ 90% satisfaction; the
	// three 公用经费 projects have no satisfaction indicator. The PDF holds
	// the same ten: twenty rows.
	if len(projects) != 10 || projects["定额公用经费-行政"] || len(rows) != 20 {
		t.Errorf("%d rows, %d projects answer, want 20 rows of 10: %v", len(rows), len(projects), projects)
	}

	_, out, _ = budgetx(t, "search", "--db", db, "公益性岗位")
	for _, want := range []string{"公益性岗位监管经费", "公益性岗位配套资金（工伤保险）", "监管公益性岗位个数", "公益性岗位运行"} {
		if !strings.Contains(out, want) {
			t.Errorf("search 公益性岗位 misses %s:\n%s", want, out)
		}
	}
	_, out, _ = budgetx(t, "search", "--db", db, "岗位监管")
	if !strings.Contains(out, "公益性岗位监管经费") {
		t.Errorf("search 岗位监管 misses 公益性岗位监管经费:\n%s", out)
	}
}
