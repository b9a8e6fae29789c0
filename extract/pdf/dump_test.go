package pdf

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/extract"
)

// TestDump prints what the extractor finds in one file, for a person to
// read: DUMP=file.pdf [PAGE=n] go test -run TestDump -v ./extract/pdf.
// Without DUMP it dumps a fixture and checks the dump shows its grid.
func TestDump(t *testing.T) {
	file := os.Getenv("DUMP")
	if file == "" {
		out := dumpFile(t, filepath.Join("..", "..", "fixtures", "pdf", "form-xobject.pdf"), "")
		if !strings.Contains(out, "===== page 1") || !strings.Contains(out, "TABLE ") || !strings.Contains(out, "  r0: c0=") {
			t.Errorf("the dump shows no page, table or row:\n%s", out)
		}
		return
	}
	fmt.Print(dumpFile(t, file, os.Getenv("PAGE")))
}

// dumpFile renders what the extractor finds in a file: lines, tables with
// their cells' spans and flags, findings; page limits it to one page.
func dumpFile(t *testing.T, file, page string) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := New().Extract(context.Background(), extract.File{Name: filepath.Base(file), Data: data})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, p := range doc.Pages {
		if page != "" && page != fmt.Sprint(p.Number) {
			continue
		}
		fmt.Fprintf(&b, "===== page %d (%.0fx%.0f)\n", p.Number, p.Width, p.Height)
		for _, l := range p.Lines {
			fmt.Fprintf(&b, "LINE %q @%.0f,%.0f sz%.1f\n", l.Text, l.Box.X0, l.Box.Y0, l.Size)
		}
		for _, tb := range p.Tables {
			fmt.Fprintf(&b, "TABLE title=%q caption=%q notes=%q box=%.0f,%.0f,%.0f,%.0f rows=%d\n", tb.Title, tb.Caption, tb.Notes, tb.Box.X0, tb.Box.Y0, tb.Box.X1, tb.Box.Y1, len(tb.Rows))
			for i, r := range tb.Rows {
				var cs []string
				for _, c := range r.Cells {
					s := fmt.Sprintf("c%d", c.Col)
					if c.RowSpan > 1 || c.ColSpan > 1 {
						s += fmt.Sprintf("[%dx%d]", c.RowSpan, c.ColSpan)
					}
					if c.Flags != 0 {
						s += fmt.Sprintf("{%d}", c.Flags)
					}
					cs = append(cs, s+"="+strings.Join(c.Lines, "⏎"))
				}
				fmt.Fprintf(&b, "  r%d: %s\n", i, strings.Join(cs, " | "))
			}
		}
	}
	for _, f := range doc.Findings {
		fmt.Fprintf(&b, "FINDING %+v\n", f)
	}
	return b.String()
}
