package crawl

import (
	"slices"
	"strings"
	"testing"
)

func TestStringLiterals(t *testing.T) {
	js := `var a = '<a href="./x.pdf">附件1</a>' +
		"<a href=\"./y.pdf\">附件2<\/a>"; // a comment with 'quotes'
	/* a block 'comment' */ var b = "\u9644\u4ef6" + c + 'd';
	var e = ` + "`tpl ${x}`" + `; var f = 'unclosed
	var g = "ok";`
	got := stringLiterals(js)
	want := []string{`<a href="./x.pdf">附件1</a><a href="./y.pdf">附件2</a>`, "附件", "d", "tpl ${x}", "unclosed", "ok"}
	if !slices.Equal(got, want) {
		t.Errorf("literals\n%q\nwant\n%q", got, want)
	}
}

func TestScriptedLinks(t *testing.T) {
	html := `<html><head><base href="http://www.example.gov.cn/u/cms/"></head><body>
<script src="/js/never.js"></script>
<script>
var hasFJ = '<a href="./P1.pdf">附件1</a><BR/><a href="/P2.xls">附件2</a>';
document.write(hasFJ);
var pdf = "/files/P3.pdf";
var page = "/zwgk/index.html";
var word = '附件.doc';
open('附件4.pdf', '/files/P4.pdf');
</script>
<a href="javascript:void(0)" onclick="downloadFj('附件5.pdf','/files/P5.pdf')">附件5</a>
<a href="javascript:downLoad(&quot;/files/P6.docx&quot;)">附件6</a>
<a href="#" onclick="show(1, 'x')">no file</a>
<span data-pdf="P7.pdf">附件7</span>
<li data-url="/files/P8.zip" title="附件8"></li>
<iframe src="/pdfjs/web/viewer.html?file=/files/P9.pdf" title="附件9"></iframe>
<iframe src="/zwgk/frame.html"></iframe>
<embed src="P10.pdf" type="application/pdf">
<object data="P11.pdf" title="附件11"></object>
</body></html>`
	p, err := parsePage([]byte(html), "text/html; charset=utf-8", mustURL(t, "http://www.example.gov.cn/zwgk/t1.html"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range p.links {
		got = append(got, strings.TrimPrefix(l.url, "http://www.example.gov.cn")+" | "+l.text)
	}
	want := []string{
		"/files/P9.pdf | 附件9",
		"/zwgk/frame.html | ",
		"/u/cms/P10.pdf | ",
		"/u/cms/P11.pdf | 附件11",
		"/u/cms/P7.pdf | 附件7",
		"/files/P8.zip | 附件8",
		"/files/P5.pdf | 附件5.pdf",
		"/files/P6.docx | 附件6",
		"/u/cms/P1.pdf | 附件1",
		"/P2.xls | 附件2",
		"/files/P3.pdf | ",
		"/files/P4.pdf | 附件4.pdf",
	}
	if !slices.Equal(got, want) {
		t.Errorf("links:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
