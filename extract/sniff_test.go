package extract

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"testing"

	"github.com/budgetx/budgetx/internal/shared"
	"github.com/budgetx/budgetx/model"
)

func zipOf(t *testing.T, names ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, n := range names {
		f, err := w.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte("<x/>"))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSniff(t *testing.T) {
	xlsx := zipOf(t, "[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml")
	docx := zipOf(t, "[Content_Types].xml", "word/document.xml")
	tests := []struct {
		name string
		data []byte
		want model.Format
		err  error
	}{
		{"pdf", []byte("%PDF-1.7\n%âãÏÓ\n"), model.PDF, nil},
		{"padded pdf header", append(bytes.Repeat([]byte{' '}, 300), "%PDF-2.0\n"...), model.PDF, nil},
		{"xlsx", xlsx, model.XLSX, nil},
		{"truncated xlsx", xlsx[:len(xlsx)/2], model.XLSX, nil},
		{"docx", docx, model.DOCX, nil},
		{"truncated docx", docx[:len(docx)-30], model.DOCX, nil},
		{"plain zip", zipOf(t, "a.pdf"), "", ErrUnsupported},
		{"ole2 junk", append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), make([]byte, 600)...), "", ErrMalformed},
		{"html", []byte("<!DOCTYPE html><html><body><table></table></body></html>"), model.HTML, nil},
		{"html with bom", []byte("\xEF\xBB\xBF\n  <html lang=\"zh\"><head>"), model.HTML, nil},
		{"html fragment", []byte("<meta charset=gb2312><div>预算</div>"), model.HTML, nil},
		{"text", []byte("单位名称\t项目名称\n307-县人社局部门\t\t1,734,952.06\n"), model.Text, nil},
		{"gbk text", []byte("\xb5\xa5\xce\xbb\tA\n"), model.Text, nil},
		{"png", []byte("\x89PNG\r\n\x1A\n\x00\x00"), "", ErrUnsupported},
		{"rar", []byte("Rar!\x1A\x07\x01\x00"), "", ErrUnsupported},
		{"binary", []byte{0, 1, 2, 3, 0, 0, 0xff, 0xfe}, "", ErrUnsupported},
		{"empty", nil, "", ErrUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Sniff(tt.data)
			if got != tt.want || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
				t.Errorf("Sniff = %q, %v; want %q, %v", got, err, tt.want, tt.err)
			}
		})
	}
}

func TestSniffRealFiles(t *testing.T) {
	for path, want := range map[string]model.Format{
		"../../shared/realdocs/templates/sh_unit_budget_template_TEMPLATE.xls":                 model.XLS,
		"../../shared/realdocs/templates/sh-2026_department_budget_template_TEMPLATE.xlsx":     model.XLSX,
		"../../shared/realdocs/special/cq-sifaju_2026_bumen-yusuan_FAKE-PDF-actually-HTML.pdf": model.HTML,
		"../../shared/realdocs/01_sh-putuo-caizhengju_2025_bumen-yusuan.pdf":                   model.PDF,
	} {
		data, err := os.ReadFile(shared.Require(t, path))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := Sniff(data); got != want || err != nil {
			t.Errorf("%s: Sniff = %q, %v; want %q", path, got, err, want)
		}
	}
}

func TestPosString(t *testing.T) {
	p := Pos{File: "report.pdf", Page: 3, Row: 12}
	if got := p.String(); got != "report.pdf:p3:r12" {
		t.Errorf("got %q", got)
	}
	err := Errorf(Pos{File: "a.xlsx", Sheet: "表1", Row: 2, Col: 5}, "bad amount %q: %w", "x", ErrMalformed)
	if err.Error() != `a.xlsx:表1:r2:c5: bad amount "x": malformed file` || !errors.Is(err, ErrMalformed) {
		t.Errorf("got %v", err)
	}
}
