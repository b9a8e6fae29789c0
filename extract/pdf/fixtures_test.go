package pdf

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/internal/goldenfile"
	"github.com/budgetx/budgetx/model"
)

const fixtures = "../../fixtures/pdf"

// golden is what a fixture's golden file records: the error, or the pages
// and findings, without the geometry that would make diffs noisy.
type golden struct {
	Error    string          `json:"error,omitempty"`
	Meta     *model.Meta     `json:"meta,omitempty"`
	Pages    []goldenPage    `json:"pages,omitempty"`
	Findings []model.Finding `json:"findings,omitempty"`
}

type goldenPage struct {
	Number int           `json:"number"`
	Lines  []string      `json:"lines,omitempty"`
	Tables []goldenTable `json:"tables,omitempty"`
}

type goldenTable struct {
	Title   string       `json:"title,omitempty"`
	Caption []string     `json:"caption,omitempty"`
	Notes   []string     `json:"notes,omitempty"`
	Box     [4]float64   `json:"box"`
	Rows    [][]goldCell `json:"rows"`
}

type goldCell struct {
	Col     int      `json:"col"`
	RowSpan int      `json:"row_span,omitempty"`
	ColSpan int      `json:"col_span,omitempty"`
	Lines   []string `json:"lines,omitempty"`
	Flags   []string `json:"flags,omitempty"`
}

func toGolden(doc *model.Document, err error) golden {
	if err != nil {
		return golden{Error: err.Error()}
	}
	g := golden{Meta: &doc.Meta, Findings: doc.Findings}
	for _, p := range doc.Pages {
		gp := goldenPage{Number: p.Number}
		for _, l := range p.Lines {
			gp.Lines = append(gp.Lines, l.Text)
		}
		for _, t := range p.Tables {
			gt := goldenTable{Title: t.Title, Caption: t.Caption, Notes: t.Notes,
				Box: [4]float64{round(t.Box.X0), round(t.Box.Y0), round(t.Box.X1), round(t.Box.Y1)}}
			for _, r := range t.Rows {
				cells := []goldCell{}
				for _, c := range r.Cells {
					gc := goldCell{Col: c.Col, Lines: c.Lines}
					if c.RowSpan > 1 {
						gc.RowSpan = c.RowSpan
					}
					if c.ColSpan > 1 {
						gc.ColSpan = c.ColSpan
					}
					for f, name := range map[model.Flags]string{model.Clipped: "clipped", model.Continued: "continued", model.Vertical: "vertical"} {
						if c.Flags&f != 0 {
							gc.Flags = append(gc.Flags, name)
						}
					}
					cells = append(cells, gc)
				}
				gt.Rows = append(gt.Rows, cells)
			}
			gp.Tables = append(gp.Tables, gt)
		}
		g.Pages = append(g.Pages, gp)
	}
	return g
}

func round(x float64) float64 { return math.Round(x*10) / 10 }

// TestFixtures extracts each hand-made PDF and compares the result with
// its golden file; go test -update rewrites them.
func TestFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(fixtures, "*.pdf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in %s", fixtures)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".pdf")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := New().Extract(context.Background(), extract.File{Name: name + ".pdf", Data: data})
			goldenfile.JSON(t, filepath.Join(fixtures, name+".json"), toGolden(doc, err))
		})
	}
}
