package html

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/internal/extracttest"
	"github.com/budgetx/budgetx/internal/goldenfile"
	"github.com/budgetx/budgetx/model"
)

func extractBytes(t testing.TB, name string, data []byte) (*model.Document, error) {
	t.Helper()
	return New().Extract(context.Background(), extract.File{Name: name, Data: data})
}

// TestGolden extracts each page under fixtures/html and compares it with
// its golden file.
func TestGolden(t *testing.T) {
	pages, err := filepath.Glob(filepath.Join("..", "..", "fixtures", "html", "*.html"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, path := range pages {
		name := strings.TrimSuffix(filepath.Base(path), ".html")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := extractBytes(t, filepath.Base(path), data)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range doc.Pages {
				for _, tb := range p.Tables {
					for _, r := range tb.Rows {
						for _, c := range r.Cells {
							if c.Page != p.Number || c.RowSpan < 1 || c.ColSpan < 1 {
								t.Errorf("cell %q: page %d span %dx%d", c.Text(), c.Page, c.RowSpan, c.ColSpan)
							}
						}
					}
				}
			}
			goldenfile.JSON(t, strings.TrimSuffix(path, ".html")+".json", extracttest.View(doc))
		})
	}
}

func TestDecode(t *testing.T) {
	gb := func(s string) []byte {
		b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	longHead := "<html><head>" + strings.Repeat("<script src=\"/a.js\"></script>\n", 80)
	tests := []struct {
		name     string
		data     []byte
		want     string
		charset  string
		mismatch bool
	}{
		{"utf-8", []byte("<p>收支总表</p>"), "收支总表", "utf-8", false},
		{"utf-8 BOM", []byte("\xEF\xBB\xBF<p>收支总表</p>"), "收支总表", "utf-8", false},
		{"utf-16le BOM", []byte("\xFF\xFE<\x00p\x00>\x00\x36\x65"), "收", "utf-16le", false},
		{"gb2312 declared, GB18030 characters", append([]byte(`<meta charset="gb2312"><p>`), gb("镕𠮷")...), "镕𠮷", "gb18030", false},
		{"meta after 2 KB of scripts", append([]byte(longHead+`<meta http-equiv="Content-Type" content="text/html; charset=GBK"></head><p>`), gb("单位：万元")...), "单位：万元", "gb18030", false},
		{"nothing declared, GBK bytes", append([]byte("<p>"), gb("项目支出表")...), "项目支出表", "gb18030", false},
		{"utf-8 declared, GBK bytes", append([]byte(`<meta charset="utf-8"><p>`), gb("项目支出表")...), "项目支出表", "gb18030", true},
		{"big5 declared", []byte("<meta charset=big5><p>\xa4\xa4"), "中", "big5", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, cs, mismatch := decode(tt.data)
			if !strings.Contains(text, tt.want) || cs != tt.charset || mismatch != tt.mismatch {
				t.Errorf("decode = %q, %s, %v; want text with %q, %s, %v", text, cs, mismatch, tt.want, tt.charset, tt.mismatch)
			}
		})
	}
}

func TestRefused(t *testing.T) {
	deep := strings.Repeat("<div>", 100_000) + "<table><tr><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table>"
	var positioned strings.Builder
	positioned.WriteString(`<html><body><div class="page" style="width:595pt;height:842pt;position:relative">`)
	for i := 0; i < 30; i++ {
		positioned.WriteString(`<div class="p" style="top:100pt;left:60pt;font-size:12pt;position:absolute;">收入</div>`)
	}
	positioned.WriteString(`</div></body></html>`)
	tests := []struct {
		name string
		page string
		want error
		text string
	}{
		{"an article", "<html><body><h1>重庆市教育矫治局2026年部门预算情况说明</h1><p>一、部门职能</p></body></html>", ErrNoTables, "HTML page without tables"},
		{"a metadata table without figures", `<html><body><table><tr><td>[ 索引号 ]</td><td>11500000050360450R/2026-00002</td></tr><tr><td>[ 成文日期 ]</td><td>2026-03-02</td></tr></table></body></html>`, ErrNoTables, "no table on it holds a figure"},
		{"layout tables only", `<table><tr><td>一</td></tr><tr><td>2</td></tr></table><table><tr><td>3</td><td>4</td></tr></table>`, ErrNoTables, "HTML page without tables"},
		{"nested too deep", deep, extract.ErrMalformed, "exceeds 512"},
		{"positioned divs without figures", positioned.String(), ErrNoTables, "no table on its 1 positioned pages holds a figure"},
		{"random bytes", "<html>\x00\x01\xff\xfe<tab<<le>>\x9c", ErrNoTables, "HTML page without tables"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := extractBytes(t, "p.html", []byte(tt.page))
			extracttest.Refused(t, doc, err, tt.want, "p.html", tt.text)
		})
	}
}

// TestArticlePage reads the article page saved under a PDF's name: it is
// refused as a page without tables, which the ingest records as failed.
func TestArticlePage(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "realdocs", "special", "cq-sifaju_2026_bumen-yusuan_FAKE-PDF-actually-HTML.pdf")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skip("real documents not present:", err)
	}
	reg := extract.NewRegistry(New())
	_, err = reg.Extract(context.Background(), extract.File{Name: path, Data: data})
	if !errors.Is(err, ErrNoTables) || !errors.Is(err, extract.ErrUnsupported) {
		t.Errorf("err = %v, want a page without tables", err)
	}
}

func TestSpans(t *testing.T) {
	page := `<table>
<tr><td rowspan="0">A</td><td colspan="99999">B</td></tr>
<tr><td>1</td></tr>
<tr><td rowspan="abc" colspan="2px">2</td></tr>
<tr></tr>
<tr><td>3</td><td>4</td></tr>
</table>`
	doc, err := extractBytes(t, "s.html", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	rows := doc.Pages[0].Tables[0].Rows
	got := [][]int{}
	for _, r := range rows {
		for _, c := range r.Cells {
			got = append(got, []int{c.Col, c.RowSpan, c.ColSpan})
		}
	}
	// A spans the four rows that hold text (the empty row is left out); B's
	// span is cut to a thousand columns; "2px" spans 2.
	want := [][]int{{0, 4, 1}, {1, 1, maxColSpan}, {1, 1, 1}, {1, 1, 2}, {1, 1, 1}, {2, 1, 1}}
	if len(got) != len(want) {
		t.Fatalf("cells %v, want %v", got, want)
	}
	for i := range want {
		if got[i][0] != want[i][0] || got[i][1] != want[i][1] || got[i][2] != want[i][2] {
			t.Errorf("cell %d: col, rows, cols = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestPositionedPages(t *testing.T) {
	page := `<div class="page" style="width:595.0pt;height:842.0pt;position:relative;">` +
		`<div class="p" style="top:80.5pt;left:60.88pt;line-height:22pt;font-size:22.0pt;font-weight:bold;position:absolute;">收支总表</div>` +
		`<div class="r" style="position:absolute;left:42.95pt;top:83.45pt;width:395.96pt;height:0.0pt;border-bottom:0.5pt solid #000000;"> </div>` +
		`<div class="r" style="position:absolute;left:297.45pt;top:83.5pt;width:0.0pt;height:18.38pt;border-right:0.5pt solid #000000;"> </div>` +
		`<div class="p" style="top:100px;left:40px;font-size:16px;position:absolute;">1,234.56</div>` +
		strings.Repeat(`<div class="p" style="top:800pt;left:290pt;font-size:9pt;position:absolute;">—</div>`, minPositioned) +
		`</div><div class="page" style="width:842pt;height:595pt"><div style="position:absolute;top:10pt;left:10pt">第二页</div></div>`
	root, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	pages := positionedPages(root)
	if len(pages) != 2 {
		t.Fatalf("%d pages, want 2", len(pages))
	}
	p := pages[0]
	if p.Number != 1 || p.Width != 595 || p.Height != 842 || len(p.Glyphs) != 2+minPositioned || len(p.Rules) != 2 {
		t.Fatalf("page %d %gx%g with %d glyphs and %d rules", p.Number, p.Width, p.Height, len(p.Glyphs), len(p.Rules))
	}
	near := func(a, b model.Rect) bool {
		const eps = 1e-9
		return math.Abs(a.X0-b.X0) < eps && math.Abs(a.Y0-b.Y0) < eps && math.Abs(a.X1-b.X1) < eps && math.Abs(a.Y1-b.Y1) < eps
	}
	// A run's box: its top left as placed, its height the line height, its
	// width an em for each full-width character and half one for others.
	if g := p.Glyphs[0]; g.Text != "收支总表" || g.Size != 22 || !near(g.Box, model.Rect{X0: 60.88, Y0: 80.5, X1: 60.88 + 4*22, Y1: 102.5}) {
		t.Errorf("title glyph %+v", g)
	}
	// 16px is 12pt; eight half-width characters at 12pt are 48pt wide.
	if g := p.Glyphs[1]; g.Text != "1,234.56" || !near(g.Box, model.Rect{X0: 30, Y0: 75, X1: 78, Y1: 87}) {
		t.Errorf("amount glyph %+v", g)
	}
	// A bottom border lies along the box's foot, a right border along its
	// right side.
	if r := p.Rules[0]; !near(model.Rect(r), model.Rect{X0: 42.95, Y0: 83.45, X1: 438.91, Y1: 83.45}) {
		t.Errorf("horizontal rule %+v", r)
	}
	if r := p.Rules[1]; !near(model.Rect(r), model.Rect{X0: 297.45, Y0: 83.5, X1: 297.45, Y1: 101.88}) {
		t.Errorf("vertical rule %+v", r)
	}
	if q := pages[1]; q.Width != 842 || q.Height != 595 || len(q.Glyphs) != 1 || q.Glyphs[0].Text != "第二页" {
		t.Errorf("second page %+v", q)
	}
}

// TestInlinedDocument reads the page that inlines a whole budget as
// positioned divs: its twelve tables come back titled, with their units
// and the amounts as printed.
func TestInlinedDocument(t *testing.T) {
	matches, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "realdocs", "21_*.html"))
	if len(matches) == 0 {
		t.Skip("real documents not present")
	}
	data, err := os.ReadFile(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	doc, err := extractBytes(t, "21.html", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Pages) != 53 {
		t.Errorf("%d pages, want 53", len(doc.Pages))
	}
	titles := map[string]bool{}
	cells := map[string]bool{}
	for _, p := range doc.Pages {
		for _, tb := range p.Tables {
			if tb.Page != p.Number || tb.Caption[len(tb.Caption)-1] != "单位：万元" && !strings.Contains(tb.Title, "绩效目标表") {
				t.Errorf("page %d: table %q on page %d with caption %q", p.Number, tb.Title, tb.Page, tb.Caption)
			}
			titles[tb.Title] = true
			if tb.Title == "收支总体情况表" {
				for _, r := range tb.Rows {
					for _, c := range r.Cells {
						cells[c.Text()] = true
					}
				}
			}
		}
	}
	for _, want := range []string{"收支总体情况表", "收入总体情况表", "支出总体情况表", "财政拨款收支总体情况表",
		"一般公共预算支出情况表", "一般公共预算基本支出情况表", "一般公共预算“三公”经费支出情况表", "政府性基金预算支出情况表",
		"国有资本经营预算支出情况表", "基本支出预算情况表", "项目支出预算情况表", "政府采购预算表"} {
		if !titles[want] {
			t.Errorf("no table titled %s", want)
		}
	}
	for _, want := range []string{"一、财政拨款收入", "28,685.65", "一般公共预算收入", "28,467.65", "218.00"} {
		if !cells[want] {
			t.Errorf("收支总体情况表 has no cell %q", want)
		}
	}
}

func TestCancel(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "html", "simple.html"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := New().Extract(ctx, extract.File{Name: "s.html", Data: data}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func FuzzExtract(f *testing.F) {
	for _, name := range []string{"simple.html", "nested.html", "word_gb2312.html"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "html", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	var positioned strings.Builder
	positioned.WriteString(`<div style="width:595pt;height:842pt">`)
	for r := 0; r < 6; r++ {
		for c := 0; c < 4; c++ {
			fmt.Fprintf(&positioned, `<div style="position:absolute;left:%dpt;top:%dpt;width:100pt;height:20pt;border-right:0.5pt solid #000;border-bottom:0.5pt solid #000"> </div>`, 40+100*c, 100+20*r)
			fmt.Fprintf(&positioned, `<div style="position:absolute;left:%dpt;top:%dpt;font-size:10pt">%d.%02d</div>`, 45+100*c, 104+20*r, r, c)
		}
	}
	positioned.WriteString(`</div>`)
	f.Add([]byte(positioned.String()))
	f.Add([]byte(`<table><tr><td rowspan=0 colspan=1000>1</td><td>2<table><tr><td>3</td><td>4</td></tr><tr><td>5</td></tr></table></td></tr><tr><td>6</td></tr></table>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := New().Extract(context.Background(), extract.File{Name: "f.html", Data: data})
		if err != nil {
			if !errors.Is(err, extract.ErrMalformed) && !errors.Is(err, extract.ErrUnsupported) {
				t.Errorf("error %v wraps no sentinel", err)
			}
			if strings.Contains(err.Error(), "reader failed") {
				t.Errorf("the reader panicked: %v", err)
			}
			return
		}
		for _, p := range doc.Pages {
			for _, tb := range p.Tables {
				for _, r := range tb.Rows {
					for _, c := range r.Cells {
						if c.RowSpan < 1 || c.ColSpan < 1 || c.ColSpan > maxColSpan || c.Col < 0 || c.Page != p.Number {
							t.Errorf("cell %+v on page %d", c, p.Number)
						}
					}
				}
			}
		}
	})
}
