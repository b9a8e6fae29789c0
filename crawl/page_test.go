package crawl

import (
	"os"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

func TestResolve(t *testing.T) {
	base := mustURL(t, "http://www.example.gov.cn/zwgk/czyjs/bmys/202403/t20240315_1001.html")
	tests := []struct{ href, want string }{
		{"./P0201.pdf", "http://www.example.gov.cn/zwgk/czyjs/bmys/202403/P0201.pdf"},
		{"P0201.pdf", "http://www.example.gov.cn/zwgk/czyjs/bmys/202403/P0201.pdf"},
		{"../../../../uploads/a.xls", "http://www.example.gov.cn/uploads/a.xls"},
		{"../../../../../../too-far.pdf", "http://www.example.gov.cn/too-far.pdf"},
		{"/uploads/b.xlsx", "http://www.example.gov.cn/uploads/b.xlsx"},
		{"//files.example.gov.cn/c.pdf", "http://files.example.gov.cn/c.pdf"},
		{"HTTPS://WWW.Example.gov.cn/d.pdf#page=2", "https://www.example.gov.cn/d.pdf"},
		{"http://www.example.gov.cn/x/../e.pdf", "http://www.example.gov.cn/e.pdf"},
		{"附件/预算表.xls", "http://www.example.gov.cn/zwgk/czyjs/bmys/202403/%E9%99%84%E4%BB%B6/%E9%A2%84%E7%AE%97%E8%A1%A8.xls"},
		{"%e9%a2%84%e7%ae%97.xls", "http://www.example.gov.cn/zwgk/czyjs/bmys/202403/%E9%A2%84%E7%AE%97.xls"},
		{"预算.xls", "http://www.example.gov.cn/zwgk/czyjs/bmys/202403/%E9%A2%84%E7%AE%97.xls"},
		{"a%2Fb.pdf", "http://www.example.gov.cn/zwgk/czyjs/bmys/202403/a%2Fb.pdf"},
		{" 2024 预算.pdf ", "http://www.example.gov.cn/zwgk/czyjs/bmys/202403/2024%20%E9%A2%84%E7%AE%97.pdf"},
		{`..\..\f.pdf`, "http://www.example.gov.cn/zwgk/czyjs/f.pdf"},
		{"?page=2", "http://www.example.gov.cn/zwgk/czyjs/bmys/202403/t20240315_1001.html?page=2"},
		{"javascript:void(0)", ""},
		{"JavaScript:openWin('x.pdf')", ""},
		{"mailto:czj@example.gov.cn", ""},
		{"#top", ""},
		{"", ""},
		{"ftp://example.gov.cn/x.pdf", ""},
	}
	for _, tt := range tests {
		u, ok := resolve(base, tt.href, unicode.UTF8)
		got := ""
		if ok {
			got = u.String()
		}
		if got != tt.want {
			t.Errorf("resolve(%q) = %q, want %q", tt.href, got, tt.want)
		}
	}
	// The query goes in the page's charset, as a browser sends it.
	u, _ := resolve(base, "download.jsp?name=预算.xls", simplifiedchinese.GB18030)
	if want := "download.jsp?name=%D4%A4%CB%E3.xls"; !strings.HasSuffix(u.String(), want) {
		t.Errorf("GBK query: %s, want …%s", u, want)
	}
}

// gbPage encodes an HTML page in GB18030, as a GB2312 or GBK site sends it.
func gbPage(t *testing.T, html string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().String(html)
	if err != nil {
		t.Fatal(err)
	}
	return []byte(b)
}

func TestParsePageCharsets(t *testing.T) {
	const body = `<html><head>%s<title>部门预算</title><meta name="ArticleTitle" content="青溪县财政局2024年部门预算"></head>
<body><a href="a.pdf">附件：财政局预算表</a></body></html>`
	pageURL := mustURL(t, "http://www.example.gov.cn/zwgk/t1.html")
	tests := []struct {
		name        string
		data        []byte
		contentType string
	}{
		{"GB2312 in a meta tag", gbPage(t, strings.Replace(body, "%s", `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`, 1)), "text/html"},
		{"GBK in the header", gbPage(t, strings.Replace(body, "%s", "", 1)), "text/html; charset=GBK"},
		{"GBK undeclared", gbPage(t, strings.Replace(body, "%s", "", 1)), "text/html"},
		{"UTF-8 undeclared", []byte(strings.Replace(body, "%s", "", 1)), ""},
		{"UTF-8 in a meta tag", []byte(strings.Replace(body, "%s", `<meta charset="utf-8">`, 1)), "text/html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := parsePage(tt.data, tt.contentType, pageURL)
			if err != nil {
				t.Fatal(err)
			}
			if p.title != "青溪县财政局2024年部门预算" {
				t.Errorf("title %q", p.title)
			}
			if len(p.links) != 1 || p.links[0].text != "附件：财政局预算表" || p.links[0].url != "http://www.example.gov.cn/zwgk/a.pdf" {
				t.Errorf("links %+v", p.links)
			}
		})
	}
}

func TestParsePageLinks(t *testing.T) {
	html := `<html><head><base href="http://files.example.gov.cn/module/download/"></head><body>
<ul>
  <li><a href="downfile.jsp?id=1" title="ignored when there is text">教育局预算</a><span>2024-03-16</span></li>
  <li><a href="downfile.jsp?id=2"><img src="pdf.gif" alt="卫健局预算"></a> 发布时间：2024年3月17日</li>
  <li><a href="downfile.jsp?id=1">重复链接</a></li>
  <li><a href="javascript:void(0)">关怀版</a></li>
</ul>
<iframe src="/zwgk/list_frame.html"></iframe>
<div class="page">
  <a href="list_2.html">下一页</a> <a href="list_5.html">尾 页</a>
</div>
<script>var countPage = 3; createPageHTML(countPage, 0, "index", "shtml");</script>
</body></html>`
	p, err := parsePage([]byte(html), "text/html; charset=utf-8", mustURL(t, "http://www.example.gov.cn/zwgk/list.html"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range p.links {
		got = append(got, strings.TrimPrefix(l.url, "http://files.example.gov.cn")+" | "+l.text+" | "+l.date)
	}
	want := []string{
		"/module/download/downfile.jsp?id=1 | 教育局预算 | 2024-03-16",
		"/module/download/downfile.jsp?id=2 | 卫健局预算 | 2024-03-17",
		"/module/download/list_2.html | 下一页 | ",
		"/module/download/list_5.html | 尾 页 | ",
		"/module/download/list_1.html |  | ",
		"/module/download/list_3.html |  | ",
		"/module/download/list_4.html |  | ",
		"/zwgk/list_frame.html |  | ",
		"/module/download/index_1.shtml |  | ",
		"/module/download/index_2.shtml |  | ",
	}
	if !slices.Equal(got, want) {
		t.Errorf("links:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestScriptPages(t *testing.T) {
	tests := []struct {
		js   string
		want []string
	}{
		{`createPageHTML(4, 0, "index", "html");`, []string{"index_1.html", "index_2.html", "index_3.html"}},
		{`createPageHTML('page_div', 3, 1, 'fg_list', 'htm', 45);`, []string{"fg_list_1.htm", "fg_list_2.htm"}},
		{`var countPage = 2//共多少页
  createPageHTML(countPage, currentPage, "index", "html");`, []string{"index_1.html"}},
		{`createPageHTML(1, 0, "index", "html");`, nil},
		{`createPageHTML(total, 0, "index", "html");`, nil}, // the count is not in the page
		{`document.write("no pager")`, nil},
	}
	for _, tt := range tests {
		if got := scriptPages(tt.js); !slices.Equal(got, tt.want) {
			t.Errorf("scriptPages(%q) = %q, want %q", tt.js, got, tt.want)
		}
	}
}

func TestExpandPager(t *testing.T) {
	base := mustURL(t, "http://www.example.gov.cn/col/col123/index.html")
	tests := []struct {
		href string
		want []string
	}{
		{"index_3.html", []string{"index_1.html", "index_2.html", "index_3.html"}},
		{"?uid=7&pageNum=3", []string{"index.html?pageNum=1&uid=7", "index.html?pageNum=2&uid=7", "index.html?pageNum=3&uid=7"}},
		{"list.jsp?page=2&type=ys", []string{"list.jsp?page=1&type=ys", "list.jsp?page=2&type=ys"}},
		{"index.html", nil},
		{"javascript:goPage(9)", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, u := range expandPager(base, tt.href, unicode.UTF8) {
			got = append(got, strings.TrimPrefix(u, "http://www.example.gov.cn/col/col123/"))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("expandPager(%q) = %q, want %q", tt.href, got, tt.want)
		}
	}
}

func TestReadArticle(t *testing.T) {
	tests := []struct {
		name                               string
		html                               string
		title, published, publisher, index string
	}{
		{"labelled table", `<table><tr><td>[ 索引号 ]</td><td>115113/2024-00031</td><td>[ 发文字号 ]</td><td></td></tr>
<tr><td>[ 发布机构 ]</td><td>县人社局</td><td>[ 发布日期 ]</td><td>2024-03-15</td></tr></table>`,
			"", "2024-03-15", "县人社局", "115113/2024-00031"},
		{"inline labels", `<div>发布机构：县财政局 发布日期：2024年3月16日 浏览次数：12</div><h1>标题：县财政局2024年部门预算</h1>`,
			"县财政局2024年部门预算", "2024-03-16", "县财政局", ""},
		{"meta tags", `<meta name="ArticleTitle" content="某局2026年部门预算"><meta name="PubDate" content="2026-03-02 08:40"><meta name="ContentSource" content="某局">`,
			"某局2026年部门预算", "2026-03-02", "某局", ""},
		{"empty field then another label", `<table><tr><td>[ 发布机构 ]</td><td></td><td>[ 成文日期 ]</td><td>2024-01-01</td></tr></table>`,
			"", "", "", ""},
		{"a list shows many dates", `<ul><li>a 发布日期：2024-03-15</li><li>b 发布日期：2024-03-16</li></ul>`,
			"", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := parsePage([]byte("<html><head></head><body>"+tt.html+"</body></html>"), "text/html; charset=utf-8", mustURL(t, "http://x.gov.cn/"))
			if err != nil {
				t.Fatal(err)
			}
			if p.title != tt.title || p.published != tt.published || p.publisher != tt.publisher || p.indexNo != tt.index {
				t.Errorf("got title %q, published %q, publisher %q, index %q", p.title, p.published, p.publisher, p.indexNo)
			}
		})
	}
}

// The article page of a real portal, saved under a .pdf name.
func TestReadRealArticle(t *testing.T) {
	data, err := os.ReadFile("../../shared/realdocs/special/cq-sifaju_2026_bumen-yusuan_FAKE-PDF-actually-HTML.pdf")
	if err != nil {
		t.Skip("the real documents are not here:", err)
	}
	p, err := parsePage(data, "", mustURL(t, "https://sfj.cq.gov.cn/zwgk_243/zfxxgkml/czyjs/sfysgk/ysgkxt/202603/t20260302_15477676.html"))
	if err != nil {
		t.Fatal(err)
	}
	if p.title != "重庆市教育矫治局2026年部门预算情况说明" || p.published != "2026-03-02" ||
		p.publisher != "市教育矫治局" || p.indexNo != "11500000050360450R/2026-00002" {
		t.Errorf("got title %q, published %q, publisher %q, index %q", p.title, p.published, p.publisher, p.indexNo)
	}
	var crumbs []string
	for _, l := range p.links {
		if strings.HasPrefix(l.url, "https://sfj.cq.gov.cn/zwgk_243/zfxxgkml/czyjs/") {
			crumbs = append(crumbs, l.text)
		}
	}
	if !slices.Contains(crumbs, "预算公开") {
		t.Errorf("the breadcrumb's ../ links did not resolve into the column: %q", crumbs)
	}
}

func TestFindDate(t *testing.T) {
	tests := map[string]string{
		"2024-03-15":              "2024-03-15",
		"[2024/3/5]":              "2024-03-05",
		"2024年3月16日 10:20":        "2024-03-16",
		"2024.12.01":              "2024-12-01",
		"第2024-13-01号 2025-01-02": "2025-01-02",
		"浏览次数 12":                 "",
	}
	for in, want := range tests {
		if got := findDate(in); got != want {
			t.Errorf("findDate(%q) = %q, want %q", in, got, want)
		}
	}
}
