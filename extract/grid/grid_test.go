package grid

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/model"
)

func TestSpanner(t *testing.T) {
	// Each row lists its cells as colspan x rowspan; want the columns.
	tests := []struct {
		name string
		rows [][][2]int
		want [][]int
	}{
		{"plain", [][][2]int{{{1, 1}, {1, 1}}, {{1, 1}, {1, 1}}}, [][]int{{0, 1}, {0, 1}}},
		{"rowspan first column", [][][2]int{{{1, 3}, {1, 1}}, {{1, 1}}, {{1, 1}}}, [][]int{{0, 1}, {1}, {1}}},
		{"colspan then rowspan", [][][2]int{{{2, 1}, {1, 2}}, {{1, 1}, {1, 1}, {1, 1}}}, [][]int{{0, 2}, {0, 1, 3}}},
		{"header block", [][][2]int{{{1, 2}, {3, 1}, {1, 2}}, {{1, 1}, {1, 1}, {1, 1}}},
			[][]int{{0, 1, 4}, {1, 2, 3}}},
		{"spans in the middle", [][][2]int{{{1, 1}, {1, 2}, {1, 1}}, {{1, 1}, {1, 1}}}, [][]int{{0, 1, 2}, {0, 2}}},
		{"span expires", [][][2]int{{{1, 2}, {1, 1}}, {{1, 1}}, {{1, 1}, {1, 1}}}, [][]int{{0, 1}, {1}, {0, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s Spanner
			var got [][]int
			for _, row := range tt.rows {
				var cols []int
				for _, c := range row {
					cols = append(cols, s.Place(c[0], c[1]))
				}
				got = append(got, cols)
				s.NextRow()
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// layout renders rows as "N: col+span text | …" for compact comparisons.
func layout(rows []Row) []string {
	var out []string
	for _, r := range rows {
		var cells []string
		for _, c := range r.Cells {
			s := fmt.Sprintf("%d %s", c.Col, strings.Join(c.Lines, "/"))
			if c.RowSpan > 1 || c.ColSpan > 1 {
				s = fmt.Sprintf("%d[%dx%d] %s", c.Col, c.RowSpan, c.ColSpan, strings.Join(c.Lines, "/"))
			}
			cells = append(cells, s)
		}
		out = append(out, fmt.Sprintf("%d: %s", r.N, strings.Join(cells, " | ")))
	}
	return out
}

func TestSheetRows(t *testing.T) {
	var s Sheet
	s.Set(0, 0, "2026年部门收入预算总表")
	s.Merge(Range{0, 0, 0, 4})
	s.Set(2, 0, "编制部门：XX局")
	s.Set(2, 4, "单位：元")
	s.Set(3, 0, "项目")
	s.Merge(Range{3, 0, 3, 1})
	s.Set(3, 1, "hidden under the merge")
	s.Set(3, 2, "合计")
	s.Merge(Range{3, 2, 4, 2}) // over a hidden row
	s.Set(3, 3, "secret")      // hidden column
	s.Set(3, 4, "其他收入")
	s.HideCol(3)
	s.Set(4, 0, "hidden row")
	s.HideRow(4)
	s.Set(5, 0, "类")
	s.Set(5, 1, "  教育支出\r\n\n 普通教育 ")
	s.Set(5, 4, "68223.4")
	s.Set(6, 0, "   ") // blank
	s.Set(7, 2, "1")   // out of order on purpose
	s.Set(7, 0, "合计")
	s.Merge(Range{7, 0, 9, 1}) // over blank rows
	rows := s.Rows(3)
	want := []string{
		"1: 0[1x4] 2026年部门收入预算总表",
		"3: 0 编制部门：XX局 | 3 单位：元",
		"4: 0[1x2] 项目 | 2 合计 | 3 其他收入",
		"6: 0 类 | 1 教育支出/普通教育 | 3 68223.4",
		"8: 0[1x2] 合计 | 2 1",
	}
	if got := layout(rows); !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, r := range rows {
		for _, c := range r.Cells {
			if c.Page != 3 {
				t.Errorf("row %d col %d: page %d, want 3", r.N, c.Col, c.Page)
			}
		}
	}
}

func TestSheetRowSpanOverKeptRows(t *testing.T) {
	var s Sheet
	s.Set(0, 0, "单位名称")
	s.Merge(Range{0, 0, 5, 0})
	s.Set(0, 1, "a")
	s.Set(2, 1, "b") // row 1 is blank and left out
	s.Set(5, 1, "c")
	rows := s.Rows(1)
	if got := rows[0].Cells[0].RowSpan; got != 3 {
		t.Errorf("row span = %d, want 3 (the rows kept under the merge)", got)
	}
}

// sheetRows builds rows from a compact spec: each line is "N|cell|cell…",
// blank cells left out.
func sheetRows(spec string) []Row {
	var s Sheet
	for _, line := range strings.Split(strings.TrimSpace(spec), "\n") {
		f := strings.Split(strings.TrimSpace(line), "|")
		var n int
		fmt.Sscan(f[0], &n)
		for c, text := range f[1:] {
			s.Set(n-1, c, text)
		}
	}
	return s.Rows(1)
}

func TestSplit(t *testing.T) {
	type table struct {
		Title   string
		Caption []string
		Notes   []string
		Rows    []int // first cell's row number per row, via the first line
	}
	tests := []struct {
		name   string
		spec   string
		tables []table
		free   []string // lines of a trailing block without table
	}{
		{
			name: "title caption grid",
			spec: `
				2|2026年部门收支总表
				4|编制部门：XX局|||单位：元
				6|本年收入||本年支出
				7|项目|预算数|项目|预算数
				8|一、财政拨款收入||一、一般公共服务支出
				11|3. 国有资本经营预算
				21|收入总计||支出总计
				23|单位负责人：|填表人：`,
			tables: []table{{Title: "2026年部门收支总表", Caption: []string{"编制部门：XX局", "单位：元"},
				Rows: []int{6, 7, 8, 11, 21, 23}}},
		},
		{
			name: "notes and a second table",
			spec: `
				1|表一 收入表
				2|单位：万元
				3|项目|金额
				4|合计
				5|注：本表为空。
				6|本部门无政府性基金收入。
				8|表二 支出表
				9|项目二|金额
				10|合计二|1.00`,
			tables: []table{
				{Title: "表一 收入表", Caption: []string{"单位：万元"}, Notes: []string{"注：本表为空。", "本部门无政府性基金收入。"}, Rows: []int{3, 4}},
				{Title: "表二 支出表", Rows: []int{9, 10}},
			},
		},
		{
			name: "a table named without a blank row",
			spec: `
				1|收入表
				2|项目|金额
				3|合计|2
				4|支出表
				5|项目二|金额`,
			tables: []table{{Title: "收入表", Rows: []int{2, 3}}, {Title: "支出表", Rows: []int{5}}},
		},
		{
			name: "a lone data row after a blank stays in the grid",
			spec: `
				1|项目|金额
				3|合计
				4|其中|5`,
			tables: []table{{Rows: []int{1, 3, 4}}},
		},
		{
			name: "a title set apart with its caption",
			spec: `
				1|项目|金额
				2|合计|1
				4|政府采购预算
				5|单位：元
				6|品目|金额二`,
			tables: []table{{Rows: []int{1, 2}}, {Title: "政府采购预算", Caption: []string{"单位：元"}, Rows: []int{6}}},
		},
		{
			name: "narrative only",
			spec: `
				1|名词解释
				3|（一）财政拨款收入：是…`,
			free: []string{"名词解释", "（一）财政拨款收入：是…"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blocks := Split(sheetRows(tt.spec), 1)
			var got []table
			var free []string
			for _, b := range blocks {
				if b.Table == nil {
					free = append(free, b.Lines...)
					continue
				}
				tb := table{Title: b.Table.Title, Caption: b.Table.Caption, Notes: b.Table.Notes}
				for _, r := range b.Table.Rows {
					if r.Page != 1 {
						t.Errorf("row page %d, want 1", r.Page)
					}
					tb.Rows = append(tb.Rows, rowNumber(tt.spec, r.Cells[0].Lines[0]))
				}
				got = append(got, tb)
			}
			if !reflect.DeepEqual(got, tt.tables) {
				t.Errorf("tables:\n got %+v\nwant %+v", got, tt.tables)
			}
			if !reflect.DeepEqual(free, tt.free) {
				t.Errorf("free lines: got %q, want %q", free, tt.free)
			}
		})
	}
}

// rowNumber finds the spec line whose first cell is first.
func rowNumber(spec, first string) int {
	for _, line := range strings.Split(spec, "\n") {
		f := strings.Split(strings.TrimSpace(line), "|")
		if len(f) > 1 && f[1] == first {
			var n int
			fmt.Sscan(f[0], &n)
			return n
		}
	}
	return -1
}

func TestIsCaptionIsNote(t *testing.T) {
	captions := map[string]bool{
		"单位：万元": true, "金额单位：元": true, "（单位：元）": true, "单位:万元": true,
		"编制部门：上海市普陀区XX局": true, "项目": false, "一、财政拨款收入": false,
		"2026年部门收支总表": false, "": false,
	}
	for s, want := range captions {
		if got := IsCaption(s); got != want {
			t.Errorf("IsCaption(%q) = %v, want %v", s, got, want)
		}
	}
	notes := map[string]bool{
		"注：本表为空": true, "备注：": true, "注1.": true, "本表无数据": true, "注": true,
		"注册资本": false, "项目": false,
	}
	for s, want := range notes {
		if got := IsNote(s); got != want {
			t.Errorf("IsNote(%q) = %v, want %v", s, got, want)
		}
	}
}

var _ = model.Cell{}

// TestSheetCellNamedTwice: a broken file that names one cell twice gives
// one cell there, the first.
func TestSheetCellNamedTwice(t *testing.T) {
	var s Sheet
	s.Set(0, 0, "甲")
	s.Set(0, 1, "乙")
	s.Set(0, 1, "丙")
	rows := s.Rows(1)
	if len(rows) != 1 || len(rows[0].Cells) != 2 || rows[0].Cells[1].Lines[0] != "乙" {
		t.Errorf("rows %+v", rows)
	}
}
