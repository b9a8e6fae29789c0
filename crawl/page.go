package crawl

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"

	htmlx "github.com/budgetx/budgetx/extract/html"
)

// page is what a crawl takes from an HTML page: its links and, for an
// article page, what it says about the article.
type page struct {
	title     string // the article title shown
	published string // 发布日期, YYYY-MM-DD
	publisher string // 发布机构
	indexNo   string // 索引号
	links     []link
}

// article reports whether the page shows an article (a title or a date of
// its own) rather than a list.
func (p *page) article() bool { return p.title != "" || p.published != "" }

// link is a link found on a page, or a listing page inferred from its
// pager.
type link struct {
	url  string // absolute, without fragment
	text string
	date string // a date printed next to the link, YYYY-MM-DD
}

// parsePage reads an HTML page fetched from pageURL. The body may be in any
// charset; GB2312 and GBK pages are common.
func parsePage(body []byte, contentType string, pageURL *url.URL) (*page, error) {
	enc, _, _ := htmlx.Encoding(body, contentType)
	text, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return nil, fmt.Errorf("decode page: %w", err)
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("parse page: %w", err)
	}
	base := pageURL
	if href, ok := doc.Find("base[href]").First().Attr("href"); ok {
		if b, ok := resolve(pageURL, href, enc); ok {
			base = b
		}
	}
	p := &page{}
	c := collector{page: p, base: base, enc: enc, seen: make(map[string]int)}
	doc.Find("a[href], area[href]").Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Attr("href")
		text := linkText(s)
		c.add(href, text, nearbyDate(s, text))
		if isLastPage(text) {
			for _, u := range expandPager(base, href, enc) {
				c.add(u, "", "")
			}
		}
	})
	c.readScripted(doc.Selection, 0)
	doc.Find("script").Each(func(_ int, s *goquery.Selection) {
		for _, u := range scriptPages(s.Text()) {
			c.add(u, "", "")
		}
	})
	readArticle(doc, p)
	return p, nil
}

// collector gathers a page's links, each URL once.
type collector struct {
	page *page
	base *url.URL
	enc  encoding.Encoding
	seen map[string]int // URL → index in page.links
}

func (c *collector) add(href, text, date string) {
	u, ok := resolve(c.base, href, c.enc)
	if !ok {
		return
	}
	key := u.String()
	if i, dup := c.seen[key]; dup {
		// Keep the most telling text: a pager or icon link may come first.
		if l := &c.page.links[i]; l.text == "" {
			l.text, l.date = text, date
		}
		return
	}
	c.seen[key] = len(c.page.links)
	c.page.links = append(c.page.links, link{url: key, text: text, date: date})
}

// resolve turns href, as written on a page with the given base, into an
// absolute http(s) URL without fragment. Like a browser, it sends the path
// as UTF-8 and the query in the page's charset.
func resolve(base *url.URL, href string, enc encoding.Encoding) (*url.URL, bool) {
	href = strings.TrimSpace(href)
	lower := strings.ToLower(href)
	for _, skip := range []string{"#", "javascript:", "mailto:", "tel:", "data:"} {
		if strings.HasPrefix(lower, skip) {
			return nil, false
		}
	}
	if href == "" {
		return nil, false
	}
	href = strings.NewReplacer(`\`, "/", " ", "%20", "\t", "", "\n", "", "\r", "").Replace(href)
	ref, err := url.Parse(href)
	if err != nil {
		return nil, false
	}
	u := base.ResolveReference(ref)
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, false
	}
	u.Fragment, u.RawFragment = "", ""
	u.Host = strings.ToLower(u.Host)
	// One spelling per URL, so that %e5 and %E5 and 县 are one link; an
	// encoded slash is the one escape that changes meaning.
	if !strings.Contains(strings.ToLower(u.RawPath), "%2f") {
		u.RawPath = ""
	}
	u.RawQuery = escapeQuery(u.RawQuery, enc)
	return u, true
}

// escapeQuery percent-encodes the bytes of a query that a request line
// cannot carry, after turning the text into the page's charset.
func escapeQuery(q string, enc encoding.Encoding) string {
	plain := true
	for i := 0; i < len(q); i++ {
		if q[i] >= 0x80 || q[i] <= ' ' {
			plain = false
			break
		}
	}
	if plain {
		return q
	}
	if enc != unicode.UTF8 {
		if b, err := enc.NewEncoder().String(q); err == nil {
			q = b
		}
	}
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		if c := q[i]; c >= 0x80 || c <= ' ' {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// linkText is what a reader sees of a link: its text, else its title,
// else the alt text of its image.
func linkText(s *goquery.Selection) string {
	if t := squash(s.Text()); t != "" {
		return t
	}
	if t, ok := s.Attr("title"); ok && strings.TrimSpace(t) != "" {
		return squash(t)
	}
	alt, _ := s.Find("img[alt]").First().Attr("alt")
	return squash(alt)
}

// squash trims s and collapses its runs of white space into one space.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// nearbyDate finds a date printed beside a link in its list item or table
// row, as listing pages print the publication date of each entry.
func nearbyDate(s *goquery.Selection, text string) string {
	item := s.Closest("li, tr, dd")
	if item.Length() == 0 {
		item = s.Parent()
	}
	return findDate(strings.Replace(item.Text(), text, "", 1))
}

var dateRE = regexp.MustCompile(`(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})`)

// findDate returns the first date in s as YYYY-MM-DD, or "".
func findDate(s string) string {
	for _, m := range dateRE.FindAllStringSubmatch(s, -1) {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		if y >= 1990 && y <= 2100 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 {
			return fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
		}
	}
	return ""
}

// isLastPage reports whether a link's text names a pager's last page.
func isLastPage(text string) bool {
	switch strings.ReplaceAll(text, " ", "") {
	case "尾页", "末页", "最后一页", "尾頁":
		return true
	}
	return false
}

// maxPager bounds the pages inferred from one pager.
const maxPager = 1000

var numberedPage = regexp.MustCompile(`^(.*_)(\d+)(\.[A-Za-z]+)$`)

// pageParams are the query parameters that number listing pages.
var pageParams = []string{"page", "pageNo", "pageno", "pageNum", "pageIndex", "currPage", "curPage", "currentPage", "number", "p"}

// expandPager infers every listing page up to the last one a pager links
// to, so that a listing is read even when its pager shows a few pages at a
// time: index_9.html gives index_1 … index_9; list?page=9 gives page=1 … 9.
func expandPager(base *url.URL, lastHref string, enc encoding.Encoding) []string {
	last, ok := resolve(base, lastHref, enc)
	if !ok {
		return nil
	}
	var pages []string
	dir, file := splitPath(last.Path)
	if m := numberedPage.FindStringSubmatch(file); m != nil {
		n, _ := strconv.Atoi(m[2])
		for k := 1; k <= min(n, maxPager); k++ {
			u := *last
			u.Path, u.RawPath = dir+m[1]+strconv.Itoa(k)+m[3], ""
			pages = append(pages, u.String())
		}
		return pages
	}
	q := last.Query()
	for _, name := range pageParams {
		n, err := strconv.Atoi(q.Get(name))
		if err != nil || n < 1 {
			continue
		}
		for k := 1; k <= min(n, maxPager); k++ {
			u := *last
			qk := last.Query()
			qk.Set(name, strconv.Itoa(k))
			u.RawQuery = qk.Encode()
			pages = append(pages, u.String())
		}
		return pages
	}
	return nil
}

func splitPath(p string) (dir, file string) {
	i := strings.LastIndex(p, "/")
	return p[:i+1], p[i+1:]
}

var (
	createPageRE = regexp.MustCompile(`createPageHTML\s*\(([^)]*)\)`)
	argRE        = regexp.MustCompile(`^\s*(?:(\d+)|"([^"]*)"|'([^']*)'|([A-Za-z_$][\w$.]*))\s*$`)
)

// scriptPages reads the page counts TRS-built sites write in JavaScript:
// createPageHTML(5, 0, "index", "html") draws a pager for index.html and
// index_1.html … index_4.html. Some sites put a container id first, or
// pass the count in a variable.
func scriptPages(js string) []string {
	var pages []string
	for _, call := range createPageRE.FindAllStringSubmatch(js, -1) {
		var nums []int
		var strs []string
		for _, arg := range strings.Split(call[1], ",") {
			m := argRE.FindStringSubmatch(arg)
			switch {
			case m == nil:
			case m[1] != "":
				n, _ := strconv.Atoi(m[1])
				nums = append(nums, n)
			case m[4] != "":
				if n, ok := scriptNumber(js, m[4]); ok {
					nums = append(nums, n)
				}
			default:
				strs = append(strs, m[2]+m[3])
			}
		}
		if len(nums) == 0 {
			continue
		}
		prefix, ext := "index", "html"
		if len(strs) >= 2 {
			prefix, ext = strs[len(strs)-2], strs[len(strs)-1]
		}
		for k := 1; k < min(nums[0], maxPager); k++ {
			pages = append(pages, fmt.Sprintf("%s_%d.%s", prefix, k, ext))
		}
	}
	return pages
}

// scriptNumber finds the number assigned to a variable in a script.
func scriptNumber(js, name string) (int, bool) {
	re, err := regexp.Compile(`\b` + regexp.QuoteMeta(name) + `\s*=\s*["']?(\d+)`)
	if err != nil {
		return 0, false
	}
	m := re.FindStringSubmatch(js)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil
}

// readArticle fills in what the page says about its article, from the
// <meta> tags content systems write and from labelled fields such as
// [ 发布日期 ] 2024-03-15 or 发布机构：县财政局.
func readArticle(doc *goquery.Document, p *page) {
	metas := make(map[string]string)
	doc.Find("meta[name][content]").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		content, _ := s.Attr("content")
		if content = squash(content); content != "" {
			metas[strings.ToLower(name)] = content
		}
	})
	texts := textNodes(doc)
	p.title = first(metas["articletitle"], label(texts, "标题"))
	p.published = findDate(first(metas["pubdate"], metas["firstpublishedtime"], metas["publishdate"],
		label(texts, "发布日期"), label(texts, "发布时间")))
	p.publisher = first(label(texts, "发布机构"), metas["contentsource"])
	p.indexNo = label(texts, "索引号")
}

func first(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// textNodes lists the text of a page's body, a node at a time, in order.
func textNodes(doc *goquery.Document) []string {
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "noscript", "head":
				return
			}
		}
		if n.Type == html.TextNode {
			if t := squash(n.Data); t != "" {
				out = append(out, t)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range doc.Nodes {
		walk(n)
	}
	return out
}

// label finds the value of a labelled field: the text after the label in
// the same node, or the next node. A label printed more than once (a list
// whose every entry shows 发布日期) belongs to no single article, and gives
// nothing.
func label(texts []string, name string) string {
	value, found := "", 0
	for i, t := range texts {
		at := strings.Index(t, name)
		if at < 0 {
			continue
		}
		found++
		rest := strings.TrimLeft(t[at+len(name):], " ]】):：\u00a0\u3000")
		switch {
		case rest != "":
			value = strings.Fields(rest)[0]
		case i+1 < len(texts) && !isLabel(texts[i+1]):
			value = strings.Fields(texts[i+1])[0]
		}
	}
	if found != 1 {
		return ""
	}
	return strings.TrimRight(value, "[【")
}

// isLabel reports whether a text node is the label of another field, as an
// empty field is followed by the next label.
func isLabel(t string) bool {
	return strings.HasPrefix(t, "[") || strings.HasPrefix(t, "【") ||
		strings.HasSuffix(t, "：") || strings.HasSuffix(t, ":")
}
