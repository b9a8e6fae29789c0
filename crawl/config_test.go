package crawl

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/budgetx/budgetx/store/pgtest"
	"github.com/budgetx/budgetx/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func TestParseConfig(t *testing.T) {
	cfg, err := ParseConfig([]byte(`
user_agent: budgetx/1 (+mailto:data@example.org)
polite: &polite
  delay: 3s
  timeout: 1m
  max_size: 50MB
sites:
  - name: jingyan
    <<: *polite
    start: ["http://www.example.gov.cn/zwgk/czyjs/index.html"]
    follow: ["/zwgk/czyjs/"]
    attachments: ['\.(pdf|xlsx?)$']
    max_pages: 50
  - name: defaults
    start: ["https://czj.example.gov.cn/col/col123/"]
    retries: 0
    delay: 0s
`))
	if err == nil {
		t.Fatal("an unknown top-level key (polite) was accepted")
	}
	if !strings.Contains(err.Error(), "polite") {
		t.Errorf("error %v does not name the unknown key", err)
	}

	cfg, err = ParseConfig([]byte(`
user_agent: budgetx/1 (+mailto:data@example.org)
sites:
  - &polite
    name: jingyan
    start: ["http://www.example.gov.cn/zwgk/czyjs/index.html"]
    follow: ["/zwgk/czyjs/"]
    attachments: ['\.(pdf|xlsx?)$']
    delay: 3s
    timeout: 1m
    max_size: 50MB
    max_pages: 50
  - <<: *polite
    name: shared-settings
    start: ["http://www.example.gov.cn/zwgk/czyjs/bmjs/"]
  - name: defaults
    start: ["https://czj.example.gov.cn/col/col123/"]
    retries: 0
    delay: 0s
`))
	if err != nil {
		t.Fatal(err)
	}
	sites, err := cfg.compile()
	if err != nil {
		t.Fatal(err)
	}
	j, shared, d := sites[0], sites[1], sites[2]
	if j.delay != 3*time.Second || j.timeout != time.Minute || j.maxSize != 50<<20 || j.maxPages != 50 || j.retries != defaultRetries {
		t.Errorf("jingyan: %+v", j)
	}
	if shared.delay != 3*time.Second || shared.maxPages != 50 || shared.start[0].Path != "/zwgk/czyjs/bmjs/" {
		t.Errorf("a merge key did not carry the settings: %+v", shared)
	}
	if d.delay != 0 || d.retries != 0 || d.concurrency != 1 || d.maxPages != defaultMaxPages || d.maxSize != defaultMaxSize {
		t.Errorf("defaults: %+v", d)
	}
	// The default follow pattern is the start page's folder.
	for u, want := range map[string]bool{
		"https://czj.example.gov.cn/col/col123/index_2.html": true,
		"https://czj.example.gov.cn/col/col123/art/t1.html":  true,
		"https://czj.example.gov.cn/col/col999/index.html":   false,
		"http://czj.example.gov.cn/col/col123/index_2.html":  false,
	} {
		if got := matches(d.follow, mustURL(t, u)); got != want {
			t.Errorf("default follow matches %s: %v, want %v", u, got, want)
		}
	}
	// The default attachment pattern: document types and download scripts.
	for u, want := range map[string]bool{
		"https://x.gov.cn/P020240315.pdf":                    true,
		"https://x.gov.cn/a/%E9%A2%84%E7%AE%97.XLSX":         true,
		"https://x.gov.cn/module/download/downfile.jsp?id=7": true,
		"https://x.gov.cn/attach/0/abc.rar":                  true,
		"https://x.gov.cn/col/col123/index.html":             false,
	} {
		if got := matches(d.attachments, mustURL(t, u)); got != want {
			t.Errorf("default attachments match %s: %v, want %v", u, got, want)
		}
	}
	// A pattern is tried on the decoded path too.
	if !matches(j.attachments, mustURL(t, "http://x.gov.cn/a.pdf?v=2")) {
		t.Error(`\.(pdf|xlsx?)$ does not match a.pdf?v=2`)
	}
}

func TestParseConfigErrors(t *testing.T) {
	tests := []struct{ yaml, err string }{
		{"sites: []", "no sites"},
		{"sites:\n  - start: [http://x.gov.cn/]", "name is missing"},
		{"sites:\n  - name: a\n    start: [http://x.gov.cn/]\n  - name: a\n    start: [http://y.gov.cn/]", "used twice"},
		{"sites:\n  - name: a", "start lists no page"},
		{"sites:\n  - name: a\n    start: [/zwgk/index.html]", "not an http(s) URL"},
		{"sites:\n  - name: a\n    start: [http://x.gov.cn/]\n    follow: ['(']", "follow: error parsing regexp"},
		{"sites:\n  - name: a\n    start: [http://x.gov.cn/]\n    max_pagez: 3", "field max_pagez not found"},
		{"sites:\n  - name: a\n    start: [http://x.gov.cn/]\n    max_size: lots", "bad size"},
		{"sites:\n  - name: a\n    start: [http://x.gov.cn/]\n    delay: soon", "soon"},
		{"sites:\n  - name: a\n    start: [http://x.gov.cn/]\n    retries: -1", "cannot be negative"},
	}
	for _, tt := range tests {
		_, err := ParseConfig([]byte(tt.yaml))
		if err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("ParseConfig(%q): %v, want %q", tt.yaml, err, tt.err)
		}
	}
}

func TestParseSize(t *testing.T) {
	tests := map[string]Size{"1048576": 1 << 20, "512KB": 512 << 10, "100MiB": 100 << 20, "1.5GB": 3 << 29, "7 mb": 7 << 20, "10B": 10}
	for in, want := range tests {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "MB", "-1", "10XB", "ten"} {
		if _, err := ParseSize(bad); err == nil {
			t.Errorf("ParseSize(%q) succeeded", bad)
		}
	}
}

// The crawl tables come with the schema, whatever migrations other
// packages number before them, on every backend.
func TestMigration(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, b storetest.Backend) {
		db, _ := b.Empty(t)
		for _, table := range []string{"crawl_runs", "crawl_queue", "crawl_urls", "crawl_links", "provenance",
			"claims", "crawl_hosts"} {
			var n int
			if err := db.QueryRowContext(context.Background(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
				t.Errorf("table %s: %v", table, err)
			}
		}
	})
}
