package docx

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/internal/extracttest"
	"github.com/budgetx/budgetx/model"
)

const ns = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

// makeDocx packs a document body into the least of a docx package.
func makeDocx(t testing.TB, body string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range []struct{ name, data string }{
		{"[Content_Types].xml", `<Types/>`},
		{"word/document.xml", `<w:document ` + ns + `><w:body>` + body + `</w:body></w:document>`},
	} {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(p.data))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func p(text string) string { return `<w:p><w:r><w:t>` + text + `</w:t></w:r></w:p>` }

// tc writes a cell; props go in its w:tcPr.
func tc(props string, paras ...string) string {
	return `<w:tc><w:tcPr>` + props + `</w:tcPr>` + strings.Join(paras, "") + `</w:tc>`
}

func tr(cells ...string) string { return `<w:tr>` + strings.Join(cells, "") + `</w:tr>` }

// compact shows a page's tables as extracttest's golden files do, one cell
// a line, and its free lines.
func compact(page *model.Page) string {
	var b strings.Builder
	for _, l := range page.Lines {
		fmt.Fprintf(&b, "line %s\n", l.Text)
	}
	for i, tb := range page.Tables {
		fmt.Fprintf(&b, "table %d %q caption %q notes %q\n", i+1, tb.Title, tb.Caption, tb.Notes)
		for r, row := range tb.Rows {
			for _, c := range row.Cells {
				fmt.Fprintf(&b, "r%d c%d %dx%d: %s\n", r+1, c.Col, c.RowSpan, c.ColSpan, strings.Join(c.Lines, "|"))
			}
		}
	}
	return b.String()
}

func extractBody(t *testing.T, body string) *model.Document {
	t.Helper()
	doc, err := New().Extract(context.Background(), extract.File{Name: "t.docx", Data: makeDocx(t, body)})
	if err != nil {
		t.Fatal(err)
	}
	if err := extracttest.Positions(doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestTable(t *testing.T) {
	body := p("项目支出绩效目标表") + p("单位：元") +
		`<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>` +
		tr(tc(`<w:gridSpan w:val="2"/>`, p("单位")), tc("", p("项目")), tc("", p("金额"))) +
		tr(tc(`<w:vMerge w:val="restart"/>`, p("县人社局")), tc(`<w:vMerge w:val="restart"/>`, p("就业")), tc("", p("甲")), tc("", p("1.00"))) +
		tr(tc(`<w:vMerge/>`, `<w:p/>`), tc(`<w:vMerge w:val="continue"/>`, `<w:p/>`), tc("", p("乙")), tc("", p("2.00"))) +
		tr(tc(`<w:vMerge/>`, `<w:p/>`), tc("", p("培训")), tc("", `<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐</w:t></w:r><w:r><w:t>丙</w:t></w:r><w:del><w:r><w:delText>删</w:delText></w:r></w:del></w:p>`), tc("", p("3.00"))) +
		`<w:tr><w:trPr><w:gridBefore w:val="2"/></w:trPr>` + tc("", p("合计"), p("（含）")) + tc("", `<w:p><w:r><w:t>6.</w:t></w:r><w:r><w:t>00</w:t></w:r></w:p>`) + `</w:tr>` +
		`</w:tbl>` + p("注：本表为示例。") + p("1.第一条") + p("正文")
	doc := extractBody(t, body)
	want := `line 项目支出绩效目标表
line 单位：元
line 注：本表为示例。
line 1.第一条
line 正文
table 1 "项目支出绩效目标表" caption ["单位：元"] notes ["注：本表为示例。" "1.第一条"]
r1 c0 1x2: 单位
r1 c2 1x1: 项目
r1 c3 1x1: 金额
r2 c0 3x1: 县人社局
r2 c1 2x1: 就业
r2 c2 1x1: 甲
r2 c3 1x1: 1.00
r3 c2 1x1: 乙
r3 c3 1x1: 2.00
r4 c1 1x1: 培训
r4 c2 1x1: 丙
r4 c3 1x1: 3.00
r5 c2 1x1: 合计|（含）
r5 c3 1x1: 6.00
`
	if got := compact(doc.Pages[0]); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestNested reads a layout table (one column) that holds a grid, and a
// grid whose cell holds a small table that is no grid.
func TestNested(t *testing.T) {
	grid := `<w:tbl>` + tr(tc("", p("名称")), tc("", p("金额"))) + tr(tc("", p("甲")), tc("", p("1.00"))) + `</w:tbl>`
	inner := `<w:tbl>` + tr(tc("", p("内"))) + tr(tc("", p("文"))) + `</w:tbl>`
	body := `<w:tbl>` + tr(tc("", p("一般公共预算支出表"), p("单位：万元"), grid)) + `</w:tbl>` +
		`<w:tbl>` + tr(tc("", p("a")), tc("", inner)) + tr(tc("", p("b")), tc("", p("2"))) + `</w:tbl>`
	doc := extractBody(t, body)
	want := `line 一般公共预算支出表
line 单位：万元
table 1 "一般公共预算支出表" caption ["单位：万元"] notes []
r1 c0 1x1: 名称
r1 c1 1x1: 金额
r2 c0 1x1: 甲
r2 c1 1x1: 1.00
table 2 "" caption [] notes []
r1 c0 1x1: a
r1 c1 1x1: 内|文
r2 c0 1x1: b
r2 c1 1x1: 2
`
	if got := compact(doc.Pages[0]); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		kind error
	}{
		{"no tables", makeDocx(t, p("只有正文")), ErrNoTables},
		{"not a zip", []byte("PK\x03\x04junk"), extract.ErrMalformed},
		{"deep nesting", makeDocx(t, strings.Repeat(`<w:tbl><w:tr><w:tc>`, 5000)), ErrNoTables},
	}
	for _, tt := range tests {
		_, err := New().Extract(context.Background(), extract.File{Name: "t.docx", Data: tt.data})
		if !errors.Is(err, tt.kind) || !strings.HasPrefix(fmt.Sprint(err), "t.docx:") {
			t.Errorf("%s: %v, want an error of kind %v naming the file", tt.name, err, tt.kind)
		}
	}
}

func seed(t testing.TB) []byte {
	data, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "docs", "seed.docx"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestConformance(t *testing.T) {
	extracttest.Conformance(t, New(), map[string][]byte{
		"seed.docx": seed(t),
		"made.docx": makeDocx(t, `<w:tbl>`+tr(tc("", p("a")), tc("", p("1")))+tr(tc("", p("b")), tc("", p("2")))+`</w:tbl>`),
	})
}

func FuzzExtract(f *testing.F) {
	f.Add(seed(f))
	f.Add(makeDocx(f, `<w:tbl>`+tr(tc(`<w:vMerge w:val="restart"/><w:gridSpan w:val="3"/>`, p("a")), tc("", p("1")))+tr(tc(`<w:vMerge/>`, p("b")), tc("", p("2")))+`</w:tbl>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := New().Extract(context.Background(), extract.File{Name: "f.docx", Data: data})
		if err == nil {
			if err := extracttest.Positions(doc); err != nil {
				t.Error(err)
			}
		}
		if err != nil && !errors.Is(err, extract.ErrMalformed) && !errors.Is(err, extract.ErrUnsupported) && !errors.Is(err, extract.ErrEncrypted) {
			t.Errorf("error %v wraps no sentinel", err)
		}
	})
}

// FuzzBody feeds document XML straight to the reader and the layout, which
// the zip container (its checksums) keeps FuzzExtract from reaching often.
func FuzzBody(f *testing.F) {
	f.Add([]byte(`<w:document ` + ns + `><w:body>` + p("表") + `<w:tbl>` +
		tr(tc(`<w:gridSpan w:val="2"/>`, p("a")), tc(`<w:vMerge w:val="restart"/>`, p("1"))) +
		`<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>` + tc(`<w:hMerge w:val="restart"/>`, p("b")) + tc(`<w:hMerge/>`) + tc(`<w:vMerge/>`) + `</w:tr>` +
		`</w:tbl>` + p("注：x") + `</w:body></w:document>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		blocks, _ := parseBody(data)
		page := &model.Page{Number: 1}
		if err := layOut(context.Background(), blocks, page); err != nil {
			t.Fatal(err)
		}
		if err := extracttest.Positions(&model.Document{Pages: []*model.Page{page}}); err != nil {
			t.Error(err)
		}
		for _, tb := range page.Tables {
			for _, r := range tb.Rows {
				for _, c := range r.Cells {
					if c.Empty() {
						t.Errorf("an empty cell %+v", c)
					}
				}
			}
		}
	})
}
