package xlsx

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/grid"
	"github.com/budgetx/budgetx/extract/internal/extracttest"
	"github.com/budgetx/budgetx/fixtures/hostile"
	"github.com/budgetx/budgetx/internal/goldenfile"
	"github.com/budgetx/budgetx/model"
)

// zipOf packs parts (name → content) into a zip archive.
func zipOf(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range sortedKeys(parts) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(parts[name]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := range keys {
		for j := i + 1; j < len(keys); j++ {
			if keys[j] < keys[i] {
				keys[i], keys[j] = keys[j], keys[i]
			}
		}
	}
	return keys
}

// sheetSpec is one worksheet of a hand-made workbook: its name, its state
// (hidden or not) and the XML inside <worksheet>.
type sheetSpec struct {
	name, state, body string
}

// handmade writes a workbook part by part, so that a test controls every
// byte a worksheet holds: stored float residue, phonetic runs, prefixes.
func handmade(t testing.TB, sst []string, numFmts string, sheets ...sheetSpec) []byte {
	t.Helper()
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
		"_rels/.rels":         `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/styles.xml": `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
			`<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="#,##0.00_);[Red]\(#,##0.00\)"/></numFmts>` +
			`<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>` +
			`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
			`<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/><xf numFmtId="10" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/><xf numFmtId="4" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/></cellXfs>` +
			numFmts + `</styleSheet>`,
	}
	var wb, rels strings.Builder
	wb.WriteString(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`)
	rels.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i, s := range sheets {
		state := ""
		if s.state != "" {
			state = fmt.Sprintf(` state="%s"`, s.state)
		}
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>`, s.name, i+1, state, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
		parts[fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)] = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + s.body + `</worksheet>`
	}
	fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`, len(sheets)+1)
	fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`, len(sheets)+2)
	wb.WriteString(`</sheets></workbook>`)
	rels.WriteString(`</Relationships>`)
	parts["xl/workbook.xml"] = wb.String()
	parts["xl/_rels/workbook.xml.rels"] = rels.String()
	var ss strings.Builder
	fmt.Fprintf(&ss, `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(sst), len(sst))
	for _, s := range sst {
		if strings.HasPrefix(s, "<") {
			ss.WriteString("<si>" + s + "</si>") // rich text, written as is
		} else {
			ss.WriteString("<si><t>" + s + "</t></si>")
		}
	}
	ss.WriteString(`</sst>`)
	parts["xl/sharedStrings.xml"] = ss.String()
	return zipOf(t, parts)
}

// budgetSheet is a performance table as a county publishes it: a title,
// a caption row, a two-row header with merged cells, a project spanning
// rows, a hidden row and a hidden column, and a note.
const budgetSheet = `<cols><col min="6" max="6" width="9" hidden="1" customWidth="1"/></cols><sheetData>` +
	`<row r="1"><c r="A1" t="s"><v>0</v></c></row>` +
	`<row r="2"><c r="A2" t="s"><v>1</v></c><c r="E2" t="s"><v>2</v></c></row>` +
	`<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3" t="s"><v>4</v></c><c r="C3" t="s"><v>5</v></c><c r="F3" t="inlineStr"><is><t>隐藏列</t></is></c></row>` +
	`<row r="4"><c r="C4" t="s"><v>6</v></c><c r="D4" t="s"><v>7</v></c><c r="E4" t="s"><v>8</v></c></row>` +
	`<row r="5"><c r="A5" t="s"><v>9</v></c><c r="B5" s="3"><v>68223.399999999994</v></c><c r="C5" t="s"><v>10</v></c><c r="D5" s="1"><v>0.95499999999999996</v></c><c r="E5"><v>15</v></c></row>` +
	`<row r="6" hidden="1"><c r="C6" t="inlineStr"><is><t>隐藏行</t></is></c></row>` +
	`<row r="7"><c r="C7" t="s"><v>11</v></c><c r="D7" s="2"><v>46387</v></c><c r="E7"><f>100-E5</f><v>85</v></c></row>` +
	`<row r="8"><c r="A8" t="s"><v>12</v></c><c r="B8" s="4"><f>B5</f><v>68223.4</v></c><c r="D8" t="b"><v>1</v></c><c r="E8" t="e"><v>#DIV/0!</v></c></row>` +
	`<row r="9"><c r="A9" t="s"><v>13</v></c></row>` +
	`</sheetData><mergeCells count="4"><mergeCell ref="A1:E1"/><mergeCell ref="A3:A4"/><mergeCell ref="B3:B4"/><mergeCell ref="C3:E3"/><mergeCell ref="A5:A7"/></mergeCells>`

var budgetStrings = []string{
	"2026年项目支出绩效目标表",
	"编制单位：某某县就业服务中心",
	"单位：元",
	"项目名称",
	"预算数",
	"绩效指标",
	"三级指标",
	"指标值",
	"权重",
	"公益性岗位补贴",
	"岗位补贴人数",
	`<r><t>完成</t></r><r><rPr><b/></rPr><t>时限</t></r><rPh sb="0" eb="2"><t>ワンセイ</t></rPh>`,
	"合计",
	"注：本表金额为财政拨款。",
}

func extractBytes(t testing.TB, data []byte) (*model.Document, error) {
	t.Helper()
	return New().Extract(context.Background(), extract.File{Name: "t.xlsx", Data: data})
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		data func(t *testing.T) []byte
	}{
		{"performance_table", func(t *testing.T) []byte {
			return handmade(t, budgetStrings, "",
				sheetSpec{name: "绩效目标表", body: budgetSheet},
				sheetSpec{name: "代码表", state: "hidden", body: `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>不显示</t></is></c></row></sheetData>`},
				sheetSpec{name: "说明", body: `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>说明
第一行</t></is></c></row></sheetData>`})
		}},
		{"prefixed_namespace", func(t *testing.T) []byte {
			body := `<x:sheetData><x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>项目 &amp; 名称</x:t></x:is></x:c><x:c r="C2"><x:v>1.0E-3</x:v></x:c></x:row>` +
				`<x:row><x:c t="inlineStr"><x:is><x:t><![CDATA[<合计>]]></x:t></x:is></x:c><x:c><x:v>12</x:v></x:c></x:row></x:sheetData>`
			return handmade(t, nil, "", sheetSpec{name: "Sheet1", body: body})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := extractBytes(t, tt.data(t))
			if err != nil {
				t.Fatal(err)
			}
			goldenfile.JSON(t, filepath.Join("..", "..", "fixtures", "xlsx", tt.name+".json"), extracttest.View(doc))
		})
	}
}

func TestAmountsExact(t *testing.T) {
	doc, err := extractBytes(t, handmade(t, budgetStrings, "", sheetSpec{name: "s", body: budgetSheet}))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, r := range doc.Pages[0].Tables[0].Rows {
		for _, c := range r.Cells {
			got[c.Text()] = true
		}
	}
	for _, want := range []string{"68223.4", "95.5%", "2026-12-31", "85", "TRUE", "#DIV/0!", "完成时限"} {
		if !got[want] {
			t.Errorf("no cell shows %q; cells: %v", want, got)
		}
	}
	for text := range got {
		if strings.Contains(text, "99999") || strings.Contains(text, "ワ") || strings.Contains(text, "隐藏") {
			t.Errorf("cell %q shows residue, phonetic text or hidden cells", text)
		}
	}
}

func TestHiddenFindings(t *testing.T) {
	doc, err := extractBytes(t, handmade(t, budgetStrings, "",
		sheetSpec{name: "绩效目标表", body: budgetSheet},
		sheetSpec{name: "代码表", state: "hidden", body: `<sheetData/>`}))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"hidden_rows":    "t.xlsx:绩效目标表: hidden rows 6 skipped",
		"hidden_columns": "t.xlsx:绩效目标表: hidden columns F skipped",
		"hidden_sheets":  "t.xlsx: hidden sheets skipped: 代码表",
	}
	for _, f := range doc.Findings {
		if f.Severity != model.SevInfo {
			t.Errorf("finding %s has severity %s, want info", f.Code, f.Severity)
		}
		if w, ok := want[string(f.Code)]; ok {
			if f.Message != w {
				t.Errorf("%s: message %q, want %q", f.Code, f.Message, w)
			}
			delete(want, string(f.Code))
		}
	}
	for code := range want {
		t.Errorf("no %s finding", code)
	}
}

func TestLostCells(t *testing.T) {
	body := `<sheetData><row r="3"><c r="B3" t="s"><v>99</v></c><c r="C3" t="s"><v>0</v></c><c r="?" t="s"><v>1</v></c></row></sheetData>`
	doc, err := extractBytes(t, handmade(t, budgetStrings, "", sheetSpec{name: "表", body: body}))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range doc.Findings {
		got = append(got, fmt.Sprintf("%s %s %s", f.Severity, f.Code, f.Message))
	}
	want := "warning bad_cells t.xlsx:表: unreadable cells left out: 2, the first at t.xlsx:表:r3:c2"
	if len(got) != 1 || got[0] != want {
		t.Errorf("findings %q, want %q", got, want)
	}
}

// TestExcelizeWritten reads a workbook as excelize writes it, with merged
// cells and a hidden row set through its API.
func TestExcelizeWritten(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "收支总表")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetCellValue("收支总表", "A1", "2026年部门收支总表"))
	must(f.MergeCell("收支总表", "A1", "D1"))
	must(f.SetCellValue("收支总表", "D2", "单位：万元"))
	must(f.SetSheetRow("收支总表", "A3", &[]any{"收入", "金额", "支出", "金额"}))
	must(f.SetSheetRow("收支总表", "A4", &[]any{"财政拨款", 1734952.06, "一般公共服务", 0.1 + 0.2}))
	must(f.SetSheetRow("收支总表", "A5", &[]any{"隐藏", 1}))
	must(f.SetRowVisible("收支总表", 5, false))
	var buf bytes.Buffer
	_, err := f.WriteTo(&buf)
	must(err)
	doc, err := extractBytes(t, buf.Bytes())
	must(err)
	p := doc.Pages[0]
	if p.Name != "收支总表" || len(p.Tables) != 1 {
		t.Fatalf("page %q with %d tables, want 收支总表 with 1", p.Name, len(p.Tables))
	}
	tb := p.Tables[0]
	if tb.Title != "2026年部门收支总表" || strings.Join(tb.Caption, "|") != "单位：万元" {
		t.Errorf("title %q caption %q", tb.Title, tb.Caption)
	}
	if len(tb.Rows) != 2 {
		t.Fatalf("%d rows, want 2 (the hidden row left out)", len(tb.Rows))
	}
	if got := tb.Rows[1].Cells[1].Text() + " " + tb.Rows[1].Cells[3].Text(); got != "1734952.06 0.3" {
		t.Errorf("amounts %q, want 1734952.06 0.3", got)
	}
}

func TestErrors(t *testing.T) {
	good := handmade(t, budgetStrings, "", sheetSpec{name: "s", body: budgetSheet})
	encrypted := func() []byte {
		f := excelize.NewFile()
		defer f.Close()
		f.SetCellValue("Sheet1", "A1", "机密")
		var buf bytes.Buffer
		if _, err := f.WriteTo(&buf, excelize.Options{Password: "secret"}); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}()
	junk := extracttest.Junk(4096)
	tests := []struct {
		name string
		data []byte
		want error
		text string
	}{
		{"truncated", good[:len(good)/2], extract.ErrMalformed, "xlsx"},
		{"random bytes behind a zip header", append([]byte("PK\x03\x04"), junk...), extract.ErrMalformed, "zip"},
		{"password protected", encrypted, extract.ErrEncrypted, "password"},
		{"no worksheet", handmade(t, nil, ""), extract.ErrMalformed, "without a visible worksheet"},
		{"zip bomb", hostile.ZipBomb(MaxUnzip), extract.ErrMalformed, "unpacks to more than"},
		{"lying zip bomb", lyingZipBomb(t), extract.ErrMalformed, "damaged zip archive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := extractBytes(t, tt.data)
			extracttest.Refused(t, doc, err, tt.want, "t.xlsx", tt.text)
		})
	}
}

// TestZipBomb checks the bomb the tests use: a valid zip whose entry inflates to
// zeros (the first 16 MB are read) and says it holds more than MaxUnzip.
func TestZipBomb(t *testing.T) {
	b := hostile.ZipBomb(MaxUnzip)
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	sheet := zr.File[len(zr.File)-1]
	if size := sheet.UncompressedSize64; size <= MaxUnzip || len(b) > 2<<20 {
		t.Fatalf("%d bytes unpack to %d; want a small file unpacking past %d", len(b), size, MaxUnzip)
	}
	rc, err := sheet.Open()
	if err != nil {
		t.Fatal(err)
	}
	head := make([]byte, 16<<20)
	if _, err := io.ReadFull(rc, head); err != nil || bytes.ContainsFunc(head, func(r rune) bool { return r != 0 }) {
		t.Fatalf("the bomb does not inflate to zeros: %v", err)
	}
}

// lyingZipBomb states a small size in the zip directory for an entry that
// inflates to far more.
func lyingZipBomb(t testing.TB) []byte {
	t.Helper()
	big := hostile.ZipBomb(MaxUnzip)
	zr, err := zip.NewReader(bytes.NewReader(big), int64(len(big)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		raw, err := f.OpenRaw()
		if err != nil {
			t.Fatal(err)
		}
		h := f.FileHeader
		if strings.HasPrefix(h.Name, "xl/worksheets/") {
			h.UncompressedSize64 = 1024
		}
		w, err := zw.CreateRaw(&h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, raw); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	data := handmade(t, budgetStrings, "", sheetSpec{name: "s", body: budgetSheet})
	if _, err := New().Extract(ctx, extract.File{Name: "t.xlsx", Data: data}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// TestTemplate reads the Shanghai department budget template: every sheet
// whose name ends in 表 holds a titled table.
func TestTemplate(t *testing.T) {
	extracttest.Template(t, New(), filepath.Join("..", "..", "..", "shared", "realdocs", "templates", "sh-2026_department_budget_template_TEMPLATE.xlsx"), 17, "2026年部门")
}

func FuzzExtract(f *testing.F) {
	f.Add(handmade(f, budgetStrings, "", sheetSpec{name: "s", body: budgetSheet}))
	f.Add(handmade(f, nil, "", sheetSpec{name: "s", body: `<sheetData><row><c t="s"><v>9</v></c></row></sheetData><mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells>`}))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := New().Extract(context.Background(), extract.File{Name: "f.xlsx", Data: data})
		if err == nil && len(doc.Pages) == 0 {
			t.Error("no error and no pages")
		}
		if err != nil && !errors.Is(err, extract.ErrMalformed) && !errors.Is(err, extract.ErrEncrypted) {
			t.Errorf("error %v wraps no sentinel", err)
		}
	})
}

// layOut reads worksheet XML, whole when chunk is 0 or streamed chunk
// bytes at a time, and lays it out.
func layOut(t testing.TB, data []byte, chunk int) (*model.Page, []model.Finding) {
	t.Helper()
	z := &tokenizer{b: data}
	if chunk > 0 {
		z = &tokenizer{b: make([]byte, 0, chunk), src: bytes.NewReader(data), chunk: chunk}
	}
	var sh grid.Sheet
	if err := readSheet(context.Background(), z, len(data), budgetStrings, &styles{}, &sh); err != nil {
		t.Fatal(err)
	}
	page := &model.Page{Number: 1}
	return page, sh.Fill(page, extract.Pos{File: "f.xlsx"})
}

// TestStreamedWindow reads a worksheet through windows of every small size,
// so that tags, values, entities and CDATA sections fall across window
// edges, and checks that it reads the same as when held whole.
func TestStreamedWindow(t *testing.T) {
	data := []byte(`<?xml version="1.0"?><worksheet><!-- a comment > with a bracket -->` + budgetSheet +
		`<x:row r="12"><x:c r="A12" t="inlineStr"><x:is><x:t>甲 &amp; 乙 <![CDATA[<丙>]]></x:t></x:is></x:c><x:c r="B12" t="str" s="0"><x:v>a&gt;b</x:v></x:c></x:row></worksheet>`)
	wantPage, wantFindings := layOut(t, data, 0)
	if len(wantPage.Tables) == 0 {
		t.Fatal("the sheet reads as no table")
	}
	for chunk := 1; chunk <= 64; chunk++ {
		page, findings := layOut(t, data, chunk)
		if !reflect.DeepEqual(page, wantPage) || !reflect.DeepEqual(findings, wantFindings) {
			t.Fatalf("a window of %d bytes reads differently", chunk)
		}
	}
}

// FuzzSheetXML feeds worksheet XML straight to the scanner and the layout,
// which the zip container around them keeps the workbook fuzzer from
// reaching often; it reads each input whole and through a small window,
// which must agree.
func FuzzSheetXML(f *testing.F) {
	f.Add([]byte(`<worksheet>`+budgetSheet+`</worksheet>`), uint8(5))
	f.Add([]byte(`<x:sheetData><x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>项目 &amp; 名称</x:t></x:is></x:c><x:c r="C2"><x:v>1.0E-3</x:v></x:c></x:row></x:sheetData>`), uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, chunk uint8) {
		page, findings := layOut(t, data, 0)
		for _, tb := range page.Tables {
			for _, r := range tb.Rows {
				for _, c := range r.Cells {
					if c.RowSpan < 1 || c.ColSpan < 1 || c.Col < 0 || c.Empty() || c.Page != 1 {
						t.Errorf("cell %+v", c)
					}
				}
			}
		}
		streamed, streamedFindings := layOut(t, data, 1+int(chunk%32))
		if !reflect.DeepEqual(streamed, page) || !reflect.DeepEqual(streamedFindings, findings) {
			t.Errorf("a window of %d bytes reads differently", 1+int(chunk%32))
		}
	})
}
