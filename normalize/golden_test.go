package normalize_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/text"
	"github.com/budgetx/budgetx/internal/goldenfile"
	"github.com/budgetx/budgetx/model"
	"github.com/budgetx/budgetx/normalize"
)

const seedPath = "../fixtures/seed/000_1bc0f094e30d8739.txt"

// golden is what a golden file holds: the records without the grid, which
// goes to its own file where a reader can check it row by row.
type golden struct {
	Info     model.Info          `json:"info"`
	Tables   []model.TableRecord `json:"tables"`
	Projects []model.Project     `json:"projects"`
	Findings []model.Finding     `json:"findings"`
}

func goldenOf(rec *model.Records) golden {
	g := golden{Info: rec.Info, Projects: rec.Projects, Findings: rec.Findings}
	for _, t := range rec.Tables {
		t.Cells, t.Lines = nil, nil
		g.Tables = append(g.Tables, t)
	}
	return g
}

// gridTSV renders a table's repaired grid one row per line, cells by column.
func gridTSV(t model.TableRecord) string {
	rows := make([][]string, t.NRows)
	for i := range rows {
		rows[i] = make([]string, t.NCols)
	}
	for _, c := range t.Cells {
		rows[c.Row-1][c.Col-1] = c.Text
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "\t"))
		b.WriteByte('\n')
	}
	return b.String()
}

func readSeed(t *testing.T) *model.Document {
	t.Helper()
	data, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err) // fixtures/seed holds it
	}
	doc, err := text.New().Extract(context.Background(), extract.File{Name: filepath.Base(seedPath), Data: data})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestSeedGolden(t *testing.T) {
	rec := normalize.Document(readSeed(t))
	goldenfile.JSON(t, "../fixtures/seed/golden.json", goldenOf(rec))
	goldenfile.Check(t, "../fixtures/seed/grid.golden.tsv", []byte(gridTSV(rec.Tables[0])))
}

func TestSeedAcceptance(t *testing.T) {
	rec := normalize.Document(readSeed(t))
	if len(rec.Projects) != 13 {
		t.Fatalf("got %d projects, want 13", len(rec.Projects))
	}
	indicators := 0
	byName := map[string]model.Project{}
	for _, p := range rec.Projects {
		indicators += len(p.Indicators)
		byName[p.Name] = p
		sum := 0.0
		for _, in := range p.Indicators {
			sum += *in.Weight
		}
		if sum != 90 {
			t.Errorf("%s: weights sum to %v, want 90", p.Name, sum)
		}
		if p.UnitCode != "307003" || p.UnitName != "井研县就业创业促进中心" ||
			p.DepartmentCode != "307" || p.DepartmentName != "县人社局部门" {
			t.Errorf("%s: unit %s-%s of department %s-%s, want 307003-井研县就业创业促进中心 of 307-县人社局部门",
				p.Name, p.UnitCode, p.UnitName, p.DepartmentCode, p.DepartmentName)
		}
		if strings.ContainsAny(p.Goal, "<>") {
			t.Errorf("%s: HTML left in goal %q", p.Name, p.Goal)
		}
	}
	if indicators != 89 {
		t.Errorf("got %d indicators, want 89", indicators)
	}
	for name, n := range map[string]int{
		"实施就业创业培训、就业困难认定、社保补贴、就业见习、创业补贴、职业技能鉴定、公共就业服务能力建设等项目工作经费": 8,
		"创业担保贷款、农村劳务合作社企业用工监测、工业用上蓝领、农民工服务站建设等工作经费":               10,
		"农民工、大学生、退役军人等重点群体就业创业工作经费":                               11,
	} {
		p, ok := byName[name]
		if !ok {
			t.Errorf("no project named %s", name)
			continue
		}
		if len(p.Indicators) != n {
			t.Errorf("%s: %d indicators, want %d", name, len(p.Indicators), n)
		}
	}
	stitched := byName["创业担保贷款、农村劳务合作社企业用工监测、工业用上蓝领、农民工服务站建设等工作经费"]
	if !strings.Contains(stitched.Goal, "《关于规范农村劳务经纪人认定和管理工作的通知》") {
		t.Errorf("goal not joined across the page break: %q", stitched.Goal)
	}
	if stitched.PageFirst != 3 || stitched.PageLast != 4 {
		t.Errorf("stitched project on pages %d–%d, want 3–4", stitched.PageFirst, stitched.PageLast)
	}
}

func TestSeedIdempotent(t *testing.T) {
	doc := readSeed(t)
	first, _ := json.Marshal(normalize.Document(doc))
	second, _ := json.Marshal(normalize.Document(doc))
	if !bytes.Equal(first, second) {
		t.Error("normalizing the same document twice gave different records")
	}
}
