package normalize

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/formats"
	"github.com/budgetx/budgetx/internal/shared"
	"github.com/budgetx/budgetx/model"
)

// layoutClaims is what TestTargetLayouts finds in one document: for each
// table (1-based, as Document numbers them) that a target layout reads, the
// name of the layout that claims it, then in brackets the later layouts
// that would read it too were it tried alone ("forms [grid]"): where the
// order of targetLayouts decides.
type layoutClaims map[int]string

// TestTargetLayouts reads every table of the fixtures that may hold
// performance targets and checks which of targetLayouts claims it. A
// fixture not listed must have no table a layout reads. With
// ../shared/realdocs present it checks the real documents too.
func TestTargetLayouts(t *testing.T) {
	fixtures := map[string]layoutClaims{
		// fixtures/seed and fixtures/docs: the seed's grid in every format
		"000_1bc0f094e30d8739.txt": {1: "grid"},
		"seed-chromium.pdf":        {1: "grid"},
		"seed-gb2312.html":         {1: "grid"},
		"seed-libreoffice.pdf":     {1: "grid"},
		"seed-writer.pdf":          {1: "grid"},
		"seed.docx":                {1: "grid"},
		"seed.html":                {1: "grid"},
		"seed.xls":                 {1: "grid"},
		"seed.xlsx":                {1: "grid"},
		"units-chromium.pdf":       {1: "grid"},
		"units.html":               {1: "grid"},
		// fixtures/templates
		"forms-period-total.xlsx": {1: "forms"},
		"forms-same-name.xlsx":    {1: "forms"},
		"packed-punctuation.xlsx": {1: "packed"},
		// fixtures/breaks and fixtures/pdf: grids a page break cuts
		"seed-heads.pdf":   {1: "grid"},
		"seed-split.pdf":   {1: "grid"},
		"seed-tails.pdf":   {1: "grid"},
		"units-before.pdf": {1: "grid"},
		"units-tails.pdf":  {1: "grid"},
		"split-label.pdf":  {1: "grid"},
	}
	var files []string
	for _, pattern := range []string{"seed/*.txt", "docs/*", "templates/*.xlsx", "breaks/*.pdf", "pdf/*.pdf"} {
		m, err := filepath.Glob(filepath.Join("..", "fixtures", pattern))
		if err != nil || len(m) == 0 {
			t.Fatalf("fixtures/%s: %v, %v", pattern, m, err)
		}
		files = append(files, m...)
	}
	checkLayouts(t, files, fixtures)
}

// TestTargetLayoutsRealDocs is TestTargetLayouts on the real documents.
func TestTargetLayoutsRealDocs(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the real documents")
	}
	dir := shared.Require(t, realdocs)
	files, err := filepath.Glob(filepath.Join(dir, "[0-9]*_*"))
	wild, _ := filepath.Glob(filepath.Join(dir, "wild", "w*"))
	files = append(files, wild...)
	if err != nil || len(files) == 0 {
		t.Fatalf("%s: %v, %v", dir, files, err)
	}
	checkLayouts(t, files, map[string]layoutClaims{
		"02_sh-putuo-wanli-jiedao_2023_bumen-yusuan.pdf":        {10: "forms"},
		"08_bj-sifaju_2026_bumen-yusuan-baobiao.pdf":            {12: "grid", 13: "forms"},
		"10_gz-zhengwu-shuju-ju_2026_xiangmu-jixiao-mubiao.pdf": {1: "packed"},
		"12_zhongyang-guojia-xinfangju_2024_bumen-juesuan.pdf":  {10: "forms", 11: "forms", 12: "forms", 13: "forms", 14: "forms [grid]"},
		"14_cq-shuiliju_2026_bumen-yusuan.pdf":                  {10: "forms [grid]", 11: "forms", 12: "grid"},
		"15_hz-sifaju_2026_bumen-yusuan.pdf":                    {11: "goals"},
		"21_yt-tuiyijunren-ju_2026_bumen-yusuan_INLINE.html":    {13: "forms", 14: "forms"},
		// wild: Guangzhou's and Shenzhen's department budgets list goals,
		// Chongqing's print forms before a grid
		"w29_广州_2026年广州市交通运输局部门预算.pdf":      {13: "goals"},
		"w30_广州_2026年广州市人民政府办公厅部门预算.pdf":    {13: "goals"},
		"w31_广州_2026年广州市商务局部门预算.pdf":        {13: "goals"},
		"w32_广州_2026年广州市应急管理局部门预算.pdf":      {13: "goals"},
		"w33_广州_2026年广州市政务服务和数据管理局部门预算.pdf": {13: "goals"},
		"w34_广州_2026年广州市气象局部门预算.pdf":        {13: "goals"},
		"w35_广州_2026年广州市生态环境局部门预算.pdf":      {1: "packed"},
		"w36_广州_2026年广州市科学技术局部门预算.pdf":      {13: "goals"},
		"w37_广州_住房和建设局_2026年部门预算.pdf":       {13: "goals"},
		"w38_广州_信访局_2026年部门预算.pdf":          {13: "goals"},
		"w39_广州_城市管理和综合执法局_2026年部门预算.pdf":   {13: "goals"},
		"w41_广州_工业和信息化局_2026年部门预算.pdf":      {13: "goals"},
		"w43_广州_民政局_2026年部门预算.pdf":          {13: "goals"},
		"w45_深圳_2026年深圳市人民政府口岸办公室部门预算.pdf":  {1: "goals"},
		"w46_深圳_2026年深圳市住房和建设局部门预算.pdf":     {1: "goals"},
		"w47_深圳_2026年深圳市公安局交通管理局部门预算.pdf":   {1: "goals"},
		"w48_深圳_2026年深圳市公安局部门预算.pdf":        {1: "goals"},
		"w49_深圳_2026年深圳市审计局部门预算.pdf":        {1: "goals"},
		"w50_深圳_2026年深圳市宣传部部门预算.pdf":        {1: "goals"},
		"w51_深圳_2026年深圳市应急管理局部门预算.pdf":      {1: "goals"},
		"w52_深圳_2026年深圳市建筑工务署部门预算.pdf":      {1: "goals"},
		"w53_深圳_2026年深圳市民政局部门预算.pdf":        {1: "goals"},
		"w54_深圳_2026年深圳市水务局部门预算.pdf":        {1: "goals"},
		"w55_深圳_2026年深圳市科技创新局部门预算.pdf":      {1: "goals"},
		"w56_深圳_2026年深圳市统计局部门预算.pdf":        {1: "goals"},
		"w57_深圳_2026年深圳市财政局部门预算.pdf":        {1: "goals"},
		"w58_深圳_2026年深圳市退役军人事务局部门预算.pdf":    {1: "goals"},
		"w61_重庆_2026年重庆市人民政府办公厅部门预算.pdf":    {9: "forms [grid]", 11: "grid"},
		"w65_重庆_2026年重庆市气象局部门预算.pdf":        {10: "forms [grid]", 12: "grid"},
		"w66_重庆_2026年重庆市科学技术局部门预算.pdf":      {10: "forms [grid]", 11: "forms", 12: "grid"},
		"w67_重庆_2026年重庆市规划和自然资源局部门预算.pdf":   {10: "forms [grid]", 11: "forms", 12: "grid"},
	})
}

// checkLayouts reads each file and compares the layouts that claim its
// tables with want, keyed by the file's base name.
func checkLayouts(t *testing.T, files []string, want map[string]layoutClaims) {
	t.Helper()
	reg := formats.Registry()
	for _, path := range files {
		name := filepath.Base(path)
		if filepath.Ext(name) == ".doc" {
			continue // LibreOffice converts it; seed.docx holds the same tables
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := reg.Extract(context.Background(), extract.File{Name: name, Data: data})
		if err != nil {
			if want[name] != nil {
				t.Errorf("%s: %v", name, err)
			}
			continue // a damaged or encrypted fixture: no tables to claim
		}
		got := claimsOf(doc)
		if w := want[name]; !maps.Equal(got, w) && (len(got) > 0 || len(w) > 0) {
			t.Errorf("%s: layouts claim\n\t%q: %s,\nwant\n\t%q: %s,", name, name, claimsText(got), name, claimsText(w))
		}
	}
}

// claimsOf runs Document's selection on each of doc's tables that may hold
// targets, and every layout alone on a copy of it.
func claimsOf(doc *model.Document) layoutClaims {
	claims := layoutClaims{}
	for i, t := range logicalTables(doc) {
		if kind := classifyTitle(t.Title); kind != model.KindOther && !targetKinds[kind] {
			continue
		}
		layout, _, _, _ := readTargets(copyTable(t), "", i+1)
		if layout == "" {
			continue
		}
		var also []string
		for _, l := range targetLayouts {
			if _, _, ok := l.read(copyTable(t), "", i+1, checks{}); ok && l.name != layout {
				also = append(also, l.name)
			}
		}
		if len(also) > 0 {
			layout += " [" + strings.Join(also, " ") + "]"
		}
		claims[i+1] = layout
	}
	return claims
}

// copyTable copies t down to its cells' lines: the readers repair the
// tables they read.
func copyTable(t *table) *table {
	c := *t
	c.Rows = cloneRows(t.Rows)
	for _, r := range c.Rows {
		for j := range r.Cells {
			r.Cells[j].Lines = slices.Clone(r.Cells[j].Lines)
		}
	}
	return &c
}

func claimsText(c layoutClaims) string {
	var s []string
	for _, seq := range slices.Sorted(maps.Keys(c)) {
		s = append(s, fmt.Sprintf("%d: %q", seq, c[seq]))
	}
	return "{" + strings.Join(s, ", ") + "}"
}
