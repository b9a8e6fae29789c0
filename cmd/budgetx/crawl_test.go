package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/crawl/crawltest"
)

// runCrawlCmd runs budgetx crawl with args and returns the exit code,
// stdout and stderr.
func runCrawlCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), append([]string{"crawl"}, args...), strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

func writeConfig(t *testing.T, text string) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "sites.yaml")
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

var summaryLine = regexp.MustCompile(`(?m)^(\d+) pages fetched \((\d+) changed\), (\d+) new documents, (\d+) unchanged, (\d+) not documents, (\d+) failures in [0-9.]+m?s$`)

func TestCrawlCommand(t *testing.T) {
	p := crawltest.New("../../fixtures/site")
	defer p.Close()
	db := filepath.Join(t.TempDir(), "budgetx.db")
	site := func(start, follow string, maxPages int) string {
		return writeConfig(t, fmt.Sprintf(`
sites:
  - name: qingxi
    start: ["%s%s"]
    follow: ["%s"]
    attachments: ['\.(txt|pdf|zip)$', 'downfile\.jsp']
    delay: 1ms
    timeout: 500ms
    retries: 1
    backoff: 1ms
    max_pages: %d
`, p.URL, start, follow, maxPages))
	}
	whole := site("/zwgk/czyjs/index.html", "/zwgk/czyjs/", 100)

	tests := []struct {
		name    string
		args    []string
		code    int
		summary []string // pages, changed, new, unchanged, not documents, failures
		stderr  string
	}{
		{"first crawl", []string{"--config", whole, "--db", db}, exitSomeFailed,
			[]string{"", "", "7", "", "1", "2"}, "url="},
		{"second crawl", []string{"--config", whole, "--db", db}, exitSomeFailed,
			[]string{"", "0", "0", "", "0", "2"}, ""},
		{"a clean site", []string{"--config", site("/zwgk/czyjs/bmjs/list.html", "/zwgk/czyjs/bmjs/", 1), "--db", db}, exitOK,
			[]string{"1", "0", "0", "1", "0", "0"}, "max_pages reached"},
		{"unknown site", []string{"--config", whole, "--db", db, "--site", "nowhere"}, exitFatal, nil, `no site named "nowhere"`},
		{"bad configuration", []string{"--config", writeConfig(t, "sites:\n  - name: x\n    strat: []\n"), "--db", db}, exitFatal, nil, "field strat not found"},
		{"no configuration", []string{"--db", db}, exitFatal, nil, `"config" not set`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCrawlCmd(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, stderr)
			}
			if tt.summary == nil {
				return
			}
			m := summaryLine.FindStringSubmatch(stdout)
			if m == nil {
				t.Fatalf("no summary line in stdout:\n%s", stdout)
			}
			for i, want := range tt.summary {
				if want != "" && m[i+1] != want {
					t.Errorf("summary %q: field %d is %s, want %s", m[0], i+1, m[i+1], want)
				}
			}
		})
	}
}

func TestCrawlCommandDryRun(t *testing.T) {
	p := crawltest.New("../../fixtures/site")
	defer p.Close()
	db := filepath.Join(t.TempDir(), "budgetx.db")
	cfg := writeConfig(t, fmt.Sprintf(`
sites:
  - name: qingxi
    start: ["%s/zwgk/czyjs/bmjs/list.html"]
    delay: 1ms
    max_pages: 1
`, p.URL))
	code, stdout, stderr := runCrawlCmd(t, "--config", cfg, "--db", db, "--dry-run")
	if code != exitOK {
		t.Fatalf("exit code %d\n%s", code, stderr)
	}
	want := p.URL + "/uploads/2024/%E5%8E%BF%E8%B4%A2%E6%94%BF%E5%B1%802024%E5%B9%B4%E9%83%A8%E9%97%A8%E9%A2%84%E7%AE%97.txt\t青溪县财政局2024年部门预算（转载）\t" + p.URL + "/zwgk/czyjs/bmjs/list.html\n"
	if !strings.HasPrefix(stdout, want) || !strings.Contains(stdout, "dry run: 1 pages fetched (1 changed), 1 files to download") {
		t.Errorf("stdout:\n%s\nwant it to start with\n%s", stdout, want)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("a dry run created the database: %v", err)
	}

	// After a crawl, a dry run reads the database and writes nothing: the
	// file to download is now known.
	if code, _, stderr := runCrawlCmd(t, "--config", cfg, "--db", db); code != exitOK {
		t.Fatalf("crawl: exit %d\n%s", code, stderr)
	}
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = runCrawlCmd(t, "--config", cfg, "--db", db, "--dry-run")
	if code != exitOK || !strings.Contains(stdout, "0 files to download") {
		t.Errorf("dry run on a crawled database: exit %d\n%s%s", code, stdout, stderr)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("a dry run changed the database")
	}
}

// The queries of docs/crawling.md run against a crawled database.
func TestCrawlingDocExamples(t *testing.T) {
	p := crawltest.New("../../fixtures/site")
	defer p.Close()
	db := filepath.Join(t.TempDir(), "budgetx.db")
	cfg := writeConfig(t, fmt.Sprintf(`
sites:
  - name: jingyan
    start: ["%s/zwgk/czyjs/bmys/index.html"]
    delay: 1ms
    backoff: 1ms
`, p.URL))
	if code, _, stderr := runCrawlCmd(t, "--config", cfg, "--db", db); code != exitSomeFailed {
		t.Fatalf("crawl: exit %d\n%s", code, stderr)
	}
	commands, _ := docCommands(t, filepath.Join("..", "..", "docs", "crawling.md"))
	if len(commands) < 2 {
		t.Fatalf("found %d commands; the examples are not being read", len(commands))
	}
	for i, args := range commands {
		if len(args) < 3 || args[0] != "budgetx" || args[1] != "query" {
			t.Errorf("not a budgetx query: %q", args)
			continue
		}
		out, errOut, code := invoke(t, append([]string{"query", "--db", db, "--format", "json"}, args[2:]...)...)
		if code != 0 {
			t.Errorf("%s: exit %d: %s", strings.Join(args, " "), code, errOut)
			continue
		}
		// The portal's 部门预算 listing leads to four documents and one
		// missing file.
		if rows := objects(t, out); len(rows) != []int{4, 1}[i] {
			t.Errorf("%s: %d rows:\n%s", strings.Join(args, " "), len(rows), out)
		}
	}
}
