package normalize

import (
	"slices"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/model"
)

// frag builds a fragment on page n from rows written with | between cells;
// each cell's box spans its column on a grid 100 points wide.
func frag(n int, title string, caption []string, rows ...string) *model.Table {
	f := &model.Table{Page: n, Title: title, Caption: caption}
	for i, r := range rows {
		row := model.Row{Page: n}
		for col, text := range strings.Split(r, "|") {
			c := model.Cell{Col: col, RowSpan: 1, ColSpan: 1, Page: n,
				Box: model.Rect{X0: float64(100 * col), Y0: float64(20 * i), X1: float64(100 * (col + 1)), Y1: float64(20 * (i + 1))}}
			if text != "" {
				c.Lines = []string{text}
			}
			row.Cells = append(row.Cells, c)
		}
		f.Rows = append(f.Rows, row)
	}
	return f
}

// TestStitchPagesTitles: what sits above a continued grid is no title
// when it is a running head, a number, a header cell or a piece of a cell
// of the table the grid continues, so the grid joins that table; a page
// that repeats the title and the header continues the table too.
func TestStitchPagesTitles(t *testing.T) {
	const head = "示例局2026年度部门预算公开"
	first := func() *model.Table {
		return frag(1, "支出总表", []string{head, "单位：万元"},
			"科目编码|科目名称|合计",
			"201|一般公共服务支出|1,200.00",
			"20101|人大事务|通过开展人大代表履职培训工作，提高履职能力")
	}
	body := []string{"205|教育支出|300.00", "20501|教育管理事务|300.00"}
	cases := []struct {
		name  string
		pages [][]*model.Table
		lines map[int][]string // free lines by page
		want  []string         // the titles of the tables stitched
		rows  []int            // and their row counts
	}{
		{"running head over the continuation",
			[][]*model.Table{{first()}, {frag(2, head, nil, body...)}, {frag(3, "收入总表", []string{head}, "项目|金额", "合计|1.00")}},
			nil, []string{"支出总表", "收入总表"}, []int{5, 2}},
		{"a number", [][]*model.Table{{first()}, {frag(2, "53.60", nil, body...)}},
			nil, []string{"支出总表"}, []int{5}},
		{"a header cell", [][]*model.Table{{first()}, {frag(2, "科目名称", nil, body...)}},
			nil, []string{"支出总表"}, []int{5}},
		{"a piece of a cell", [][]*model.Table{{first()}, {frag(2, "提高履职能力", nil, body...)}},
			nil, []string{"支出总表"}, []int{5}},
		{"the title and header again", [][]*model.Table{{first()}, {frag(2, "表3 支出总表", nil, append([]string{"科目编码|科目名称|合计"}, body...)...)}},
			nil, []string{"支出总表"}, []int{5}},
		{"a section heading over the title in the caption",
			[][]*model.Table{{first()}, {frag(2, "二、表格部分", []string{"表 3", "支出总表"}, append([]string{"科目编码|科目名称|合计"}, body...)...)}},
			nil, []string{"支出总表"}, []int{5}},
		{"the same column edges, fewer columns",
			[][]*model.Table{{frag(1, "基本支出表", nil, "a|b|c|d|e|f", "1|2|3|4|5|6")}, {frag(2, "", nil, "301|工资福利支出")}},
			nil, []string{"基本支出表"}, []int{3}},
		{"edges of its own, more columns",
			[][]*model.Table{{first()}, {frag(2, "", nil, "||||||205")}},
			nil, []string{"支出总表", ""}, []int{3, 1}},
		{"another table's title", [][]*model.Table{{first()}, {frag(2, "收入总表", nil, body...)}},
			nil, []string{"支出总表", "收入总表"}, []int{3, 2}},
		{"a line printed on three pages but only as titles",
			[][]*model.Table{{frag(1, "收支总表", nil, "项目|金额", "合计|1.00")}, {frag(2, "收支总表", nil, "项目|金额", "收入|2.00")}, {frag(3, "收支总表", nil, "项目|金额", "支出|3.00")}},
			nil, []string{"收支总表"}, []int{4}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := &model.Document{}
			for i, tables := range c.pages {
				p := &model.Page{Number: i + 1, Tables: tables}
				for _, l := range c.lines[i+1] {
					p.Lines = append(p.Lines, model.Line{Text: l})
				}
				doc.Pages = append(doc.Pages, p)
			}
			for _, p := range doc.Pages {
				for _, f := range p.Tables {
					unwrapCellText(f)
				}
			}
			got := stitchPages(doc)
			var titles []string
			var rows []int
			for _, tb := range got {
				titles = append(titles, tb.Title)
				rows = append(rows, len(tb.Rows))
			}
			if !slices.Equal(titles, c.want) || !slices.Equal(rows, c.rows) {
				t.Errorf("tables %q with %v rows, want %q with %v", titles, rows, c.want, c.rows)
			}
		})
	}
}

// TestStitchCutForm: a form that fills its page to the foot goes on on the
// next page, under no title, in a grid that divides its columns otherwise;
// the same grid higher up the next page is a table of its own.
func TestStitchCutForm(t *testing.T) {
	for _, c := range []struct {
		name   string
		top    float64 // where the second page's grid starts
		tables int
	}{{"at the head of the page", 23, 1}, {"lower down", 300, 2}} {
		t.Run(c.name, func(t *testing.T) {
			form := frag(1, "市级重点专项资金绩效目标表", nil, "项目名称|规划专项|主管部门|某局", "当年预算|88,197.35|市级支出|60,192.30")
			form.Box = model.Rect{X0: 61, Y0: 135, X1: 783, Y1: 558}
			next := frag(2, "", nil, "当年绩效目标|完成治理5处|||||", "绩效指标|指标名称|指标性质|指标值|计量单位|权重|是否核心")
			next.Box = model.Rect{X0: 61, Y0: c.top, X1: 783, Y1: c.top + 200}
			doc := &model.Document{Pages: []*model.Page{
				{Number: 1, Width: 842, Height: 595, Tables: []*model.Table{form}},
				{Number: 2, Width: 842, Height: 595, Tables: []*model.Table{next}},
			}}
			for _, p := range doc.Pages {
				unwrapCellText(p.Tables[0])
			}
			if n := len(stitchPages(doc)); n != c.tables {
				t.Errorf("%d tables, want %d", n, c.tables)
			}
		})
	}
}
