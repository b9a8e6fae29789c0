package normalize_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/xlsx"
	"github.com/budgetx/budgetx/internal/goldenfile"
	"github.com/budgetx/budgetx/model"
	"github.com/budgetx/budgetx/normalize"
)

// templateRecords is what a template's golden holds: the records without
// the grids and budget lines, which the template's .grid shows.
type templateRecords struct {
	Tables   []model.TableRecord `json:"tables"`
	Projects []model.Project     `json:"projects"`
	Findings []model.Finding     `json:"findings"`
}

// TestTemplates reads each workbook of fixtures/templates, made by go run
// ./fixtures/gen -templates from the .grid beside it, and compares its
// records with the golden: one template wording each, as real documents
// print it.
func TestTemplates(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "fixtures", "templates", "*.xlsx"))
	if err != nil || len(files) < 4 {
		t.Fatalf("templates: %v, %v", files, err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".xlsx")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := xlsx.New().Extract(context.Background(), extract.File{Name: name + ".xlsx", Data: data})
			if err != nil {
				t.Fatal(err)
			}
			rec := normalize.Document(doc)
			out := templateRecords{Projects: rec.Projects, Findings: rec.Findings}
			for _, tb := range rec.Tables {
				tb.Cells, tb.Lines = nil, nil
				out.Tables = append(out.Tables, tb)
			}
			goldenfile.JSON(t, strings.TrimSuffix(f, ".xlsx")+".golden.json", out)
		})
	}
}
