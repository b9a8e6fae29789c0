package text

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/budgetx/budgetx/extract"
)

func TestExtract(t *testing.T) {
	src := "\n\n表题\n\n金额单位：元\n\n单位名称\t项目名称\t预算数\n307-县人社局部门\t\t1.00\n\t甲\t2.00\n\n\t乙\t3.00\n\n\n\t丙\t\n"
	doc, err := New().Extract(context.Background(), extract.File{Name: "t.txt", Data: []byte(src)})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Pages) != 3 || doc.Meta.Pages != 3 {
		t.Fatalf("%d pages, want 3 (blank lines before the first row are spacing)", len(doc.Pages))
	}
	first := doc.Pages[0].Tables[0]
	if first.Title != "表题" || !reflect.DeepEqual(first.Caption, []string{"金额单位：元"}) || len(first.Rows) != 3 {
		t.Errorf("first fragment: title %q caption %q, %d rows", first.Title, first.Caption, len(first.Rows))
	}
	row := first.Rows[1]
	if len(row.Cells) != 3 || row.Cells[1].Lines != nil || row.Cells[2].Lines[0] != "1.00" || row.Cells[2].Col != 2 || row.Page != 1 {
		t.Errorf("row fields: %+v", row)
	}
	third := doc.Pages[2].Tables[0]
	if third.Page != 3 || third.Rows[0].Cells[1].Lines[0] != "丙" || third.Rows[0].Cells[1].Page != 3 {
		t.Errorf("third page: %+v", third)
	}
}

func TestExtractGBK(t *testing.T) {
	// 单位\t甲 in GBK.
	doc, err := New().Extract(context.Background(), extract.File{Name: "g.txt", Data: []byte("\xb5\xa5\xce\xbb\t\xbc\xd7\n")})
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Pages[0].Tables[0].Rows[0].Cells[0].Lines[0]; got != "单位" {
		t.Errorf("got %q", got)
	}
}

func TestExtractWithoutRows(t *testing.T) {
	_, err := New().Extract(context.Background(), extract.File{Name: "notes.md", Data: []byte("# Notes\n\nno tables here\n")})
	if !errors.Is(err, extract.ErrUnsupported) {
		t.Errorf("got %v, want ErrUnsupported", err)
	}
}
