package crawl

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Config is a crawl configuration file: settings shared by all sites and
// one entry per site.
type Config struct {
	// UserAgent is sent with every request. Its first word (up to "/") is
	// the name robots.txt groups are matched against.
	UserAgent string `yaml:"user_agent"`
	// SitesAtOnce is how many sites are crawled at the same time.
	SitesAtOnce int          `yaml:"sites_at_once"`
	Sites       []SiteConfig `yaml:"sites"`
}

// SiteConfig is one site's entry. Zero values take the defaults below.
type SiteConfig struct {
	Name string `yaml:"name"`
	// Start lists the listing pages the crawl begins from.
	Start []string `yaml:"start"`
	// Follow holds regular expressions for the pages to fetch and take
	// links from; the default is the folders of the start pages.
	Follow []string `yaml:"follow"`
	// Attachments holds regular expressions for the files to download and
	// ingest; the default is document types by extension, and download
	// scripts, whose files are told by content.
	Attachments []string `yaml:"attachments"`

	Delay        *time.Duration `yaml:"delay"`         // per host, between requests; default 1s
	Concurrency  int            `yaml:"concurrency"`   // requests at once per host; default 1
	MaxPages     int            `yaml:"max_pages"`     // pages per run; default 500
	Timeout      time.Duration  `yaml:"timeout"`       // wait for an answer, or for more of its body; default 30s
	Retries      *int           `yaml:"retries"`       // after the first try; default 3
	Backoff      time.Duration  `yaml:"backoff"`       // first wait before a retry; default 2s
	MaxBackoff   time.Duration  `yaml:"max_backoff"`   // longest wait between tries; default 1m
	MaxWait      time.Duration  `yaml:"max_wait"`      // longest Retry-After honoured; default 5m
	MaxRedirects *int           `yaml:"max_redirects"` // default 5
	MaxSize      Size           `yaml:"max_size"`      // per download; default 100MiB
	ZipMembers   int            `yaml:"zip_members"`   // files taken from one zip; default 200
	ZipSize      Size           `yaml:"zip_size"`      // bytes unpacked from one zip; default 1GiB
}

// Size is a number of bytes, written in YAML as 1048576, 512KB, 100MiB, 1GB.
type Size int64

// UnmarshalYAML reads a size with an optional unit (B, KB, MB, GB, KiB,
// MiB, GiB; the decimal units are taken as powers of 1024 too, as people
// mean them).
func (s *Size) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseSize(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*s = v
	return nil
}

// ParseSize reads a size such as 100MiB or 512KB.
func ParseSize(text string) (Size, error) {
	t := strings.ToUpper(strings.TrimSpace(text))
	num := strings.TrimRight(t, "KMGIB ")
	unit := strings.TrimSpace(t[len(num):])
	mult, ok := map[string]int64{"": 1, "B": 1, "K": 1 << 10, "KB": 1 << 10, "KIB": 1 << 10,
		"M": 1 << 20, "MB": 1 << 20, "MIB": 1 << 20, "G": 1 << 30, "GB": 1 << 30, "GIB": 1 << 30}[unit]
	n, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	if !ok || err != nil || n < 0 {
		return 0, fmt.Errorf("bad size %q: write it like 100MiB or 512KB", text)
	}
	return Size(n * float64(mult)), nil
}

// Defaults for the settings a site entry leaves out.
const (
	defaultAgent        = "budgetx/1 (+https://github.com/budgetx/budgetx)"
	defaultSitesAtOnce  = 4
	defaultDelay        = time.Second
	defaultConcurrency  = 1
	defaultMaxPages     = 500
	defaultTimeout      = 30 * time.Second
	defaultRetries      = 3
	defaultBackoff      = 2 * time.Second
	defaultMaxBackoff   = time.Minute
	defaultMaxWait      = 5 * time.Minute
	defaultMaxRedirects = 5
	defaultMaxSize      = 100 << 20
	defaultZipMembers   = 200
	defaultZipSize      = 1 << 30
)

// defaultAttachments matches the document types sites attach, and the
// download scripts that serve them under names like downfile.jsp?id=7.
var defaultAttachments = regexp.MustCompile(
	`(?i)(\.(pdf|xlsx?|et|zip|txt|csv|tsv|docx?|wps|rar|7z)$|download|downfile|attach|getfile)`)

// site is a site entry with its defaults filled in and its patterns
// compiled.
type site struct {
	name         string
	start        []*url.URL
	follow       []*regexp.Regexp
	attachments  []*regexp.Regexp
	delay        time.Duration
	concurrency  int
	maxPages     int
	timeout      time.Duration
	retries      int
	backoff      time.Duration
	maxBackoff   time.Duration
	maxWait      time.Duration
	maxRedirects int
	maxSize      int64
	zipMembers   int
	zipSize      int64
}

// LoadConfig reads and checks a configuration file.
func LoadConfig(name string) (*Config, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	cfg, err := ParseConfig(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return cfg, nil
}

// ParseConfig reads and checks a configuration. Unknown keys are errors, so
// a misspelt setting does not pass silently.
func ParseConfig(data []byte) (*Config, error) {
	var cfg Config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil {
		return nil, err
	}
	if _, err := cfg.compile(); err != nil {
		return nil, err
	}
	return &cfg, nil
}

// compile checks every site entry and fills in the defaults.
func (c *Config) compile() ([]*site, error) {
	if len(c.Sites) == 0 {
		return nil, errors.New("no sites: add entries under sites:")
	}
	var sites []*site
	names := make(map[string]bool)
	for i, sc := range c.Sites {
		if sc.Name == "" {
			return nil, fmt.Errorf("site %d: name is missing", i+1)
		}
		if names[sc.Name] {
			return nil, fmt.Errorf("site %s: the name is used twice", sc.Name)
		}
		names[sc.Name] = true
		s, err := sc.compile()
		if err != nil {
			return nil, fmt.Errorf("site %s: %w", sc.Name, err)
		}
		sites = append(sites, s)
	}
	return sites, nil
}

func (sc SiteConfig) compile() (*site, error) {
	s := &site{
		name:         sc.Name,
		delay:        orDefault(sc.Delay, defaultDelay),
		concurrency:  positive(sc.Concurrency, defaultConcurrency),
		maxPages:     positive(sc.MaxPages, defaultMaxPages),
		timeout:      positive(sc.Timeout, defaultTimeout),
		retries:      orDefault(sc.Retries, defaultRetries),
		backoff:      positive(sc.Backoff, defaultBackoff),
		maxBackoff:   positive(sc.MaxBackoff, defaultMaxBackoff),
		maxWait:      positive(sc.MaxWait, defaultMaxWait),
		maxRedirects: orDefault(sc.MaxRedirects, defaultMaxRedirects),
		maxSize:      int64(positive(sc.MaxSize, defaultMaxSize)),
		zipMembers:   positive(sc.ZipMembers, defaultZipMembers),
		zipSize:      int64(positive(sc.ZipSize, defaultZipSize)),
	}
	if s.delay < 0 || s.retries < 0 || s.maxRedirects < 0 {
		return nil, errors.New("delay, retries and max_redirects cannot be negative")
	}
	if len(sc.Start) == 0 {
		return nil, errors.New("start lists no page")
	}
	for _, raw := range sc.Start {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("start page %q is not an http(s) URL", raw)
		}
		u.Fragment = ""
		s.start = append(s.start, u)
	}
	var err error
	if s.follow, err = compileAll("follow", sc.Follow); err != nil {
		return nil, err
	}
	if len(s.follow) == 0 {
		// The folders of the start pages, on their hosts.
		for _, u := range s.start {
			dir := u.Scheme + "://" + u.Host + path.Dir(u.EscapedPath()+"x")
			s.follow = append(s.follow, regexp.MustCompile("^"+regexp.QuoteMeta(strings.TrimSuffix(dir, "/")+"/")))
		}
	}
	if s.attachments, err = compileAll("attachments", sc.Attachments); err != nil {
		return nil, err
	}
	if len(s.attachments) == 0 {
		s.attachments = []*regexp.Regexp{defaultAttachments}
	}
	return s, nil
}

func compileAll(key string, exprs []string) ([]*regexp.Regexp, error) {
	var res []*regexp.Regexp
	for _, e := range exprs {
		re, err := regexp.Compile(e)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", key, err)
		}
		res = append(res, re)
	}
	return res, nil
}

func orDefault[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

func positive[T int | Size | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// matches reports whether u matches one of the patterns. A pattern is
// tried against the whole URL and against its decoded path alone, so that
// `\.pdf$` matches x.pdf?id=1 and `预算` matches a percent-encoded name.
func matches(res []*regexp.Regexp, u *url.URL) bool {
	whole := u.String()
	for _, re := range res {
		if re.MatchString(whole) || re.MatchString(u.Path) {
			return true
		}
	}
	return false
}
