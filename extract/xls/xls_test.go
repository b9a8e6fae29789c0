package xls

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/grid"
	"github.com/budgetx/budgetx/extract/internal/extracttest"
	"github.com/budgetx/budgetx/internal/goldenfile"
	"github.com/budgetx/budgetx/model"
)

func extractBytes(t testing.TB, data []byte) (*model.Document, error) {
	t.Helper()
	return New().Extract(context.Background(), extract.File{Name: "t.xls", Data: data})
}

func TestGolden(t *testing.T) {
	doc, err := extractBytes(t, cfb([]string{"Workbook"}, map[string][]byte{"Workbook": workbook()}))
	if err != nil {
		t.Fatal(err)
	}
	goldenfile.JSON(t, filepath.Join("..", "..", "fixtures", "xls", "records.json"), extracttest.View(doc))
}

func TestCells(t *testing.T) {
	doc, err := extractBytes(t, cfb([]string{"Workbook"}, map[string][]byte{"Workbook": workbook()}))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, p := range doc.Pages {
		for _, tb := range p.Tables {
			for _, r := range tb.Rows {
				for _, c := range r.Cells {
					got[c.Text()] = true
				}
			}
		}
	}
	for _, want := range []string{"68223.4", "9.55%", "2026-12-31", "123.45", "-7", "小计", "1734952.06", "#DIV/0!", "TRUE", "比例", "绩效ABC"} {
		if !got[want] {
			t.Errorf("no cell shows %q; cells: %v", want, got)
		}
	}
	for _, hidden := range []string{"合计", "不显示", "图表"} {
		if got[hidden] {
			t.Errorf("cell %q from a hidden row, hidden sheet or chart shows", hidden)
		}
	}
}

func TestErrors(t *testing.T) {
	wb := workbook()
	biff5 := append([]byte(nil), wb...)
	biff5[4], biff5[5] = 0x00, 0x05 // BOF version 0x0500
	encrypted := append([]byte(nil), wb[:bytesUntilDateMode(wb)]...)
	encrypted = append(encrypted, 0x2F, 0x00, 0x00, 0x00) // FILEPASS
	encrypted = append(encrypted, wb[bytesUntilDateMode(wb):]...)
	junk := extracttest.Junk(4096)
	tests := []struct {
		name string
		data []byte
		want error
		text string
	}{
		{"Word document", cfb([]string{"WordDocument"}, map[string][]byte{"WordDocument": []byte("doc")}), extract.ErrUnsupported, "Word or WPS document"},
		{"no workbook", cfb([]string{"Other"}, map[string][]byte{"Other": nil}), extract.ErrUnsupported, "without a workbook"},
		{"BIFF5", cfb([]string{"Workbook"}, map[string][]byte{"Workbook": biff5}), extract.ErrUnsupported, "BIFF5"},
		{"password", cfb([]string{"Workbook"}, map[string][]byte{"Workbook": encrypted}), extract.ErrEncrypted, "password"},
		{"encrypted package", cfb([]string{"EncryptedPackage"}, map[string][]byte{"EncryptedPackage": junk}), extract.ErrEncrypted, "password"},
		{"random bytes behind an OLE2 header", append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), junk...), extract.ErrMalformed, "OLE2"},
		{"junk workbook stream", cfb([]string{"Workbook"}, map[string][]byte{"Workbook": junk}), extract.ErrMalformed, "BOF"},
		{"truncated", cfb([]string{"Workbook"}, map[string][]byte{"Workbook": wb[:60]}), extract.ErrMalformed, "without sheets"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := extractBytes(t, tt.data)
			extracttest.Refused(t, doc, err, tt.want, "t.xls", tt.text)
		})
	}
}

// bytesUntilDateMode returns the offset of the DATEMODE record, where a
// FILEPASS record can be slipped in.
func bytesUntilDateMode(wb []byte) int {
	return 4 + int(wb[2]) | int(wb[3])<<8
}

// TestSniffDoc checks that a Word file, also OLE2, is told apart from a
// workbook and never reaches the workbook reader.
func TestSniffDoc(t *testing.T) {
	reg := extract.NewRegistry(New())
	doc := cfb([]string{"WordDocument"}, map[string][]byte{"WordDocument": []byte("doc")})
	if f, err := extract.Sniff(doc); f != model.DOC || err != nil {
		t.Errorf("a .doc sniffs as %q, %v; want doc", f, err)
	}
	_, err := reg.Extract(context.Background(), extract.File{Name: "a.doc", Data: doc})
	if !errors.Is(err, extract.ErrUnsupported) || !strings.Contains(err.Error(), "no extractor for doc") {
		t.Errorf("a .doc gives %v, want no extractor for doc", err)
	}
	wb := cfb([]string{"Workbook"}, map[string][]byte{"Workbook": workbook()})
	if _, err := reg.Extract(context.Background(), extract.File{Name: "a.xls", Data: wb}); err != nil {
		t.Errorf("a workbook through the registry: %v", err)
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	data := cfb([]string{"Workbook"}, map[string][]byte{"Workbook": workbook()})
	if _, err := New().Extract(ctx, extract.File{Name: "t.xls", Data: data}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// TestTemplate reads the Shanghai unit budget template: every sheet whose
// name ends in 表 holds a titled table with its unit.
func TestTemplate(t *testing.T) {
	extracttest.Template(t, New(), filepath.Join("..", "..", "..", "shared", "realdocs", "templates", "sh_unit_budget_template_TEMPLATE.xls"), 16, "2026年")
}

func FuzzExtract(f *testing.F) {
	f.Add(cfb([]string{"Workbook"}, map[string][]byte{"Workbook": workbook()}))
	f.Add(cfb([]string{"Workbook"}, map[string][]byte{"Workbook": workbook()[:200]}))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := New().Extract(context.Background(), extract.File{Name: "f.xls", Data: data})
		if err == nil && len(doc.Pages) == 0 {
			t.Error("no error and no pages")
		}
		if err != nil && !errors.Is(err, extract.ErrMalformed) && !errors.Is(err, extract.ErrEncrypted) && !errors.Is(err, extract.ErrUnsupported) {
			t.Errorf("error %v wraps no sentinel", err)
		}
		if err != nil && strings.Contains(err.Error(), "reader failed") {
			t.Errorf("the reader panicked: %v", err)
		}
	})
}

// FuzzStream feeds workbook streams straight to the record reader, which
// the OLE2 container around them keeps the workbook fuzzer from reaching
// often.
func FuzzStream(f *testing.F) {
	f.Add(workbook())
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := readGlobals(data)
		if err != nil {
			return
		}
		for _, sh := range g.sheets {
			var cells grid.Sheet
			if err := g.readSheet(data, sh.offset, &cells); err != nil {
				continue
			}
			page := &model.Page{Number: 1}
			cells.Fill(page, extract.Pos{File: "f.xls"})
		}
	})
}
