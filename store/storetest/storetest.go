// Package storetest gives tests a small database of hand-made documents,
// written through store.DB.Put as ingest writes them: part of the seed's
// performance-target table (two projects and their indicators) and a
// 一般公共预算支出表 in 万元 with its budget lines. It runs tests on every
// backend (ForEach), and holds the conformance suite that each backend
// passes (Conformance).
package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/model"
	"github.com/budgetx/budgetx/store"
	"github.com/budgetx/budgetx/store/pgtest"
)

// Sources of the sample documents, in the order Open stores them (their ids
// are 1 and 2).
const (
	PerformanceSource = "seed/000_1bc0f094e30d8739.txt"
	ExpenseSource     = "docs/2024年县人社局部门预算.xlsx"
)

// SHA256 returns the sha256 the sample document from source is stored under.
func SHA256(source string) string {
	sum := sha256.Sum256([]byte(source))
	return hex.EncodeToString(sum[:])
}

// Open creates a SQLite database in a fresh temporary folder, stores the
// sample documents in it, and returns it with its path.
func Open(tb testing.TB) (*store.DB, string) {
	tb.Helper()
	return SQLite.Open(tb)
}

// Backend makes databases of one kind for tests.
type Backend struct {
	Name string // sqlite or postgres
	// New returns the path or URL of a new, empty database.
	New func(tb testing.TB) string
}

// The backends. PostgreSQL's databases live on the throwaway server of
// package pgtest: a test binary that uses it stops it in its TestMain
// (pgtest.Main), and its tests skip where PostgreSQL is not installed.
var (
	SQLite   = Backend{Name: "sqlite", New: func(tb testing.TB) string { return filepath.Join(tb.TempDir(), "budgetx.db") }}
	Postgres = Backend{Name: "postgres", New: pgtest.URL}
)

// ForEach runs f as a subtest for each backend.
func ForEach(t *testing.T, f func(t *testing.T, b Backend)) {
	for _, b := range []Backend{SQLite, Postgres} {
		t.Run(b.Name, func(t *testing.T) { f(t, b) })
	}
}

// Empty opens a new, empty database of the backend, closed when the test
// ends, and returns it with its path or URL.
func (b Backend) Empty(tb testing.TB) (*store.DB, string) {
	tb.Helper()
	dsn := b.New(tb)
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db, dsn
}

// Open opens a new database of the backend with the sample documents in
// it (ids 1 and 2), and returns it with its path or URL.
func (b Backend) Open(tb testing.TB) (*store.DB, string) {
	tb.Helper()
	db, dsn := b.Empty(tb)
	for _, doc := range Documents() {
		if _, err := db.Put(context.Background(), doc); err != nil {
			tb.Fatal(err)
		}
	}
	if _, err := db.IndexSearch(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return db, dsn
}

// Documents returns the sample documents.
func Documents() []*store.Document {
	return []*store.Document{
		{
			SHA256: SHA256(PerformanceSource), Source: PerformanceSource, Format: model.Text,
			Size: 29211, Status: store.StatusOK, PipelineVersion: 1, Records: Performance(),
		},
		{
			SHA256: SHA256(ExpenseSource), Source: ExpenseSource, Format: model.XLSX,
			Size: 10240, Status: store.StatusOK, PipelineVersion: 1, Records: Expense(),
		},
	}
}

// Indicator rows as printed: 一级, 二级, 三级, 性质, 值, 单位, 权重, 方向.
type row [8]string

var skills = []row{
	{"产出指标", "数量指标", "培训班个数", "≥", "50", "个", "10", "正向指标"},
	{"产出指标", "数量指标", "实施培训机构政府采购", "=", "1", "次", "5", "正向指标"},
	{"产出指标", "质量指标", "补贴发放率", "=", "100", "%", "5", ""},
	{"产出指标", "数量指标", "培训人数", "≥", "2000", "个", "10", "正向指标"},
	{"效益指标", "社会效益指标", "公益性岗位运行", "定性", "优", "", "10", ""},
	{"成本指标", "经济成本指标", "培训补贴", "≤", "1500", "元/人", "20", ""},
	{"满意度指标", "服务对象满意度指标", "服务对象满意度", "≥", "90", "%", "10", ""},
	{"效益指标", "经济效益指标", "城镇登记失业率", "≤", "4.4", "%", "10", ""},
	{"产出指标", "时效指标", "监管工作完成率", "=", "100", "%", "10", ""},
}

var posts = []row{
	{"满意度指标", "服务对象满意度指标", "服务对象满意度", "≥", "90", "%", "10", ""},
	{"产出指标", "数量指标", "监管公益性岗位个数", "=", "1033", "个", "10", "正向指标"},
	{"效益指标", "经济效益指标", "城镇登记失业率", "≤", "4.4", "%", "20", ""},
	{"成本指标", "经济成本指标", "公益性岗位补贴金额", "定性", "按规定足额补贴", "", "20", ""},
	{"产出指标", "质量指标", "补贴发放率", "=", "100", "%", "10", "正向指标"},
	{"产出指标", "数量指标", "对在岗人员巡查月数", "≥", "12", "月", "10", "反向指标"},
	{"产出指标", "时效指标", "监督工作完成率", "=", "100", "%", "10", ""},
}

// Performance returns the records of the sample 项目支出绩效目标表: two
// projects, 实施职业技能提升行动项目业务费 (9 indicators, page 1) and
// 公益性岗位监管经费 (7 indicators, pages 1–2), with the grid they came from.
func Performance() *model.Records {
	t := model.TableRecord{
		Seq: 1, Title: "部门预算项目绩效目标表（2024年度）", Kind: model.KindProjectPerformance, Unit: "元",
		PageFirst: 1, PageLast: 2, NCols: 12,
	}
	header := []string{"单位名称", "项目名称", "预算数", "年度目标", "一级指标", "二级指标",
		"三级指标", "指标性质", "指标值", "度量单位", "权重", "指标方向性"}
	for i, h := range header {
		t.Cells = append(t.Cells, cell(1, i+1, 1, h, 1))
	}
	t.Cells = append(t.Cells, cell(2, 1, 1, "307-县人社局部门", 1), cell(2, 3, 1, "1,734,952.06", 1))
	projects := []model.Project{
		project(1, "实施职业技能提升行动项目业务费", 5_000_000,
			"通过技能提升培训项目，确保企业职工和城镇失业人员、退役军人、毕业大学生等“五类人员”的职业技能水平和就业创业能力得到提升、进一步促进就业。",
			skills, 1, 1),
		project(2, "公益性岗位监管经费", 1_280_000,
			"农村和城镇公益性岗位人员共955人，实时农村和城镇公益性岗位人员在岗情况的管理，建立实名制数据库",
			posts, 1, 2),
	}
	r := 3
	for _, p := range projects {
		n := len(p.Indicators)
		t.Cells = append(t.Cells,
			cell(r, 2, n, p.Name, p.PageFirst),
			cell(r, 3, n, yuan(*p.BudgetFen), p.PageFirst),
			cell(r, 4, n, p.Goal, p.PageFirst))
		for _, in := range p.Indicators {
			v := []string{in.Level1, in.Level2, in.Level3, in.Operator, in.ValueText, in.MeasureUnit,
				weight(in.Weight), in.Direction}
			for i, s := range v {
				if s != "" {
					t.Cells = append(t.Cells, cell(r, 5+i, 1, s, in.Page))
				}
			}
			r++
		}
	}
	t.NRows = r - 1
	return &model.Records{
		Info: model.Info{
			Title: "部门预算项目绩效目标表（2024年度）", FiscalYear: 2024, Kind: "预算",
			OrgName: "县人社局", Pages: 2,
		},
		Tables:   []model.TableRecord{t},
		Projects: projects,
		Findings: []model.Finding{{
			Severity: model.SevWarning, Code: model.CodeTotalMismatch,
			Message: "项目预算数之和 62,800.00 与部门合计 1,734,952.06 不符",
			Page:    1, TableSeq: 1,
		}, {
			Severity: model.SevInfo, Code: model.CodeWeightSum,
			Message: "项目指标权重之和为 90", Page: 2, TableSeq: 1, ProjectSeq: 2,
		}},
	}
}

func project(seq int, name string, fen int64, goal string, rows []row, pageFirst, pageLast int) model.Project {
	p := model.Project{
		Seq: seq, TableSeq: 1, DepartmentCode: "307", DepartmentName: "县人社局", Name: name,
		BudgetFen: &fen, Goal: goal, PageFirst: pageFirst, PageLast: pageLast,
	}
	for i, r := range rows {
		in := model.Indicator{
			Seq: i + 1, Level1: r[0], Level2: r[1], Level3: r[2], Operator: r[3], ValueText: r[4],
			MeasureUnit: r[5], Direction: r[7], Page: pageFirst,
		}
		if i >= len(rows)/2 {
			in.Page = pageLast
		}
		if r[3] != "定性" {
			v := number(r[4])
			in.ValueNum = &v
		}
		w := number(r[6])
		in.Weight = &w
		p.Indicators = append(p.Indicators, in)
	}
	return p
}

// Expense returns the records of a sample 一般公共预算支出表 printed in
// 万元: a 合计 row and two function-classification rows, each with three
// amounts (合计, 基本支出, 项目支出), as long-format budget lines.
func Expense() *model.Records {
	t := model.TableRecord{
		Seq: 1, Title: "2024年一般公共预算支出表", Kind: model.KindGeneralExpense, Unit: "万元",
		PageFirst: 1, PageLast: 1, NRows: 4, NCols: 5,
	}
	grid := [][]string{
		{"科目编码", "科目名称", "合计", "基本支出", "项目支出"},
		{"", "合计", "173.495206", "167.215206", "6.28"},
		{"208", "社会保障和就业支出", "173.495206", "167.215206", "6.28"},
		{"2080109", "社会保险经办机构", "40.5", "40.5", ""},
	}
	amounts := [][3]int64{{1_734_952_06, 1_672_152_06, 6_280_000}, {1_734_952_06, 1_672_152_06, 6_280_000}, {405_000_00, 405_000_00, -1}}
	for r, cells := range grid {
		for c, s := range cells {
			if s != "" {
				t.Cells = append(t.Cells, cell(r+1, c+1, 1, s, 1))
			}
		}
		if r == 0 {
			continue
		}
		level := map[int]int{3: 1, 7: 3}[len(cells[0])]
		for i, a := range amounts[r-1] {
			l := model.BudgetLine{
				Row: r + 1, Page: 1, SubjectKind: "功能分类", Code: cells[0], Level: level, Name: cells[1],
				IsTotal:    strings.Contains(cells[1], "合计"),
				ColumnName: grid[0][2+i], Raw: cells[2+i],
			}
			if a >= 0 {
				l.AmountFen = &a
			}
			t.Lines = append(t.Lines, l)
		}
	}
	return &model.Records{
		Info: model.Info{
			Title: "县人社局2024年部门预算", FiscalYear: 2024, Kind: "预算", OrgName: "县人社局", Pages: 1,
		},
		Tables: []model.TableRecord{t},
		Findings: []model.Finding{{
			Severity: model.SevWarning, Code: model.CodeSubtotalMismatch,
			Message: "table 1 (2024年一般公共预算支出表) row 3 p1: 社会保障和就业支出 合计 = sum of its 款: printed 173.495206, computed 40.500000 (difference 132.995206 万元)",
			Page:    1, TableSeq: 1,
		}},
	}
}

func cell(row, col, rowSpan int, text string, page int) model.CellRecord {
	return model.CellRecord{Row: row, Col: col, RowSpan: rowSpan, ColSpan: 1, Text: text, Page: page}
}

func number(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		panic(err)
	}
	return v
}

func weight(w *float64) string { return strconv.FormatFloat(*w, 'f', -1, 64) }

// yuan prints fen as the table printed it: 12,800.00.
func yuan(fen int64) string {
	s := fmt.Sprintf("%d.%02d", fen/100, fen%100)
	for i := strings.Index(s, ".") - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
