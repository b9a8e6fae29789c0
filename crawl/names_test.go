package crawl

import (
	"net/http"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func gbk(t *testing.T, s string) string {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestFileName(t *testing.T) {
	const want = "青溪县2024年部门预算.xls"
	tests := []struct {
		name, disposition, url, want string
	}{
		{"RFC 5987", `attachment; filename*=UTF-8''%E9%9D%92%E6%BA%AA%E5%8E%BF2024%E5%B9%B4%E9%83%A8%E9%97%A8%E9%A2%84%E7%AE%97.xls`, "", want},
		{"RFC 5987 wins over a fallback", `attachment; filename="budget.xls"; filename*=utf-8''%E9%9D%92%E6%BA%AA%E5%8E%BF2024%E5%B9%B4%E9%83%A8%E9%97%A8%E9%A2%84%E7%AE%97.xls`, "", want},
		{"RFC 5987 in GBK", `attachment; filename*=GBK''` + "%C7%E0%CF%AA%CF%D82024%C4%EA%B2%BF%C3%C5%D4%A4%CB%E3.xls", "", want},
		{"raw GBK bytes", `attachment; filename="` + gbk(t, want) + `"`, "", want},
		{"raw UTF-8 bytes", `attachment; filename="` + want + `"`, "", want},
		{"percent-encoded in quotes", `attachment;filename="%E9%9D%92%E6%BA%AA%E5%8E%BF2024%E5%B9%B4%E9%83%A8%E9%97%A8%E9%A2%84%E7%AE%97.xls"`, "", want},
		{"RFC 2047 word", `attachment; filename="=?UTF-8?B?6Z2S5rqq5Y6/MjAyNOW5tOmDqOmXqOmihOeulw==?=.xls"`, "", want},
		{"unquoted", `attachment; filename=report.pdf`, "", "report.pdf"},
		{"a semicolon in quotes", `attachment; filename="a;b.pdf"; size=10`, "", "a;b.pdf"},
		{"a path is cut to its name", `attachment; filename="..\\..\\evil.pdf"`, "", "evil.pdf"},
		{"no header: the URL's name", "", "http://x.gov.cn/u/%E9%9D%92%E6%BA%AA%E5%8E%BF2024%E5%B9%B4%E9%83%A8%E9%97%A8%E9%A2%84%E7%AE%97.xls?v=2", want},
		{"no header: a GBK-encoded URL", "", "http://x.gov.cn/u/%C7%E0%CF%AA%CF%D82024%C4%EA%B2%BF%C3%C5%D4%A4%CB%E3.xls", want},
		{"inline without a name", "inline", "http://x.gov.cn/u/a.pdf", "a.pdf"},
		{"a folder URL", "", "http://x.gov.cn/u/", "u"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.disposition != "" {
				h.Set("Content-Disposition", tt.disposition)
			}
			u := mustURL(t, "http://x.gov.cn/download.jsp?id=1")
			if tt.url != "" {
				u = mustURL(t, tt.url)
			}
			if got := fileName(h, u); got != tt.want {
				t.Errorf("fileName = %q, want %q", got, tt.want)
			}
		})
	}
}
