package layout

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/budgetx/budgetx/model"
)

// page is a test page under construction, in points, y down.
type page struct{ Page }

func newPage() *page { return &page{Page{Number: 1, Width: 595, Height: 842}} }

// text lays s out one glyph per rune from (x, y), the top of the line:
// CJK a full em wide, other characters half an em.
func (p *page) text(x, y, size float64, s string) *page {
	for _, r := range s {
		w := size / 2
		if r > 0x2000 {
			w = size
		}
		p.Glyphs = append(p.Glyphs, Glyph{Text: string(r), Box: model.Rect{X0: x, Y0: y, X1: x + w, Y1: y + size}, Size: size})
		x += w
	}
	return p
}

// run lays s out as one run, as an HTML <div> gives it.
func (p *page) run(x, y, size float64, s string) *page {
	w := float64(utf8.RuneCountInString(s)) * size
	p.Glyphs = append(p.Glyphs, Glyph{Text: s, Box: model.Rect{X0: x, Y0: y, X1: x + w, Y1: y + size}, Size: size})
	return p
}

// clipped marks the glyphs added since from as drawn inside clip.
func (p *page) clipped(from int, clip model.Rect) *page {
	for i := from; i < len(p.Glyphs); i++ {
		p.Glyphs[i].Clip = clip
	}
	return p
}

func (p *page) h(x0, x1, y float64) *page {
	p.Rules = append(p.Rules, Rule{X0: x0, Y0: y, X1: x1, Y1: y})
	return p
}

func (p *page) v(x, y0, y1 float64) *page {
	p.Rules = append(p.Rules, Rule{X0: x, Y0: y0, X1: x, Y1: y1})
	return p
}

// grid rules every row and column edge in full.
func (p *page) grid(xs, ys []float64) *page {
	for _, y := range ys {
		p.h(xs[0], xs[len(xs)-1], y)
	}
	for _, x := range xs {
		p.v(x, ys[0], ys[len(ys)-1])
	}
	return p
}

// render writes a page's tables compactly: one line per row, cells as
// col[rows x cols]{flags}=line/line.
func render(out *model.Page) string {
	var b strings.Builder
	for _, t := range out.Tables {
		fmt.Fprintf(&b, "table %q %q %q\n", t.Title, t.Caption, t.Notes)
		for _, r := range t.Rows {
			var cells []string
			for _, c := range r.Cells {
				s := fmt.Sprint(c.Col)
				if c.RowSpan > 1 || c.ColSpan > 1 {
					s += fmt.Sprintf("[%dx%d]", c.RowSpan, c.ColSpan)
				}
				if c.Flags&model.Clipped != 0 {
					s += "{clipped}"
				}
				if c.Flags&model.Continued != 0 {
					s += "{continued}"
				}
				if c.Flags&model.Vertical != 0 {
					s += "{vertical}"
				}
				cells = append(cells, s+"="+strings.Join(c.Lines, "/"))
			}
			b.WriteString(strings.Join(cells, " | ") + "\n")
		}
	}
	for _, l := range out.Lines {
		fmt.Fprintf(&b, "line %q\n", l.Text)
	}
	return b.String()
}

func TestBuild(t *testing.T) {
	tests := []struct {
		name string
		page *page
		want string
	}{{
		name: "lattice with a merged header and two lines in a cell",
		page: newPage().
			text(100, 40, 16, "部门收支总表").text(60, 70, 9, "单位：万元").
			h(60, 300, 90).h(60, 300, 110).h(60, 300, 130).h(60, 300, 170).
			v(60, 90, 170).v(180, 110, 170).v(300, 90, 170).
			text(100, 95, 10, "收入").
			text(64, 115, 10, "项目").text(184, 115, 10, "预算数").
			text(64, 135, 10, "一般公共").text(64, 150, 10, "服务支出").text(184, 140, 10, "1,200.00").
			text(60, 180, 9, "注：本表为空的项目不列示。").
			text(290, 800, 9, "3"),
		want: `table "部门收支总表" ["单位：万元"] ["注：本表为空的项目不列示。"]
0[1x2]=收入
0=项目 | 1=预算数
0=一般公共/服务支出 | 1=1,200.00
line "3"
`,
	}, {
		name: "text outside its clip stays in the clip's cell",
		page: newPage().
			grid([]float64{60, 160, 300}, []float64{100, 120, 140}).
			text(64, 104, 10, "项目").text(164, 104, 10, "目标").
			text(64, 124, 10, "培训").
			text(164, 124, 10, "开展培训").text(164, 138, 10, "覆盖全员").text(164, 152, 10, "合格率高").
			clipped(6, model.Rect{X0: 160, Y0: 120, X1: 300, Y1: 140}),
		want: `table "" [] []
0=项目 | 1=目标
0=培训 | 1{clipped}=开展培训/覆盖全员/合格率高
`,
	}, {
		name: "a cell open at the page foot continues",
		page: newPage().
			h(60, 300, 700).h(60, 300, 720).
			v(60, 700, 842).v(160, 700, 842).v(300, 700, 842).
			text(64, 704, 10, "项目").text(164, 704, 10, "目标").
			text(64, 780, 10, "信息化运维"),
		want: `table "" [] []
0=项目 | 1=目标
0{continued}=信息化运维 | 1{continued}=
`,
	}, {
		name: "one character per line is vertical",
		page: newPage().
			h(60, 300, 100).h(100, 300, 130).h(60, 300, 160).
			v(60, 100, 160).v(100, 100, 160).v(300, 100, 160).
			text(74, 104, 10, "绩").text(74, 116, 10, "效").text(74, 128, 10, "指").text(74, 140, 10, "标").
			text(104, 110, 10, "产出").text(104, 140, 10, "效益"),
		want: `table "" [] []
0[2x1]{vertical}=绩/效/指/标 | 1=产出
1=效益
`,
	}, {
		name: "runs and border divs of a converted HTML page",
		page: func() *page {
			p := newPage().run(150, 50, 14, "财政拨款收支总表").run(60, 75, 9, "单位：元")
			// 0.5pt border divs.
			for _, y := range []float64{90, 110, 130} {
				p.Rules = append(p.Rules, Rule{X0: 60, Y0: y, X1: 400, Y1: y + 0.5})
			}
			for _, x := range []float64{60, 250, 400} {
				p.Rules = append(p.Rules, Rule{X0: x, Y0: 90, X1: x + 0.5, Y1: 130.5})
			}
			return p.run(64, 94, 10, "项目").run(254, 94, 10, "金额").
				run(64, 114, 10, "一般公共预算").run(254, 114, 10, "1,734,952.06")
		}(),
		want: `table "财政拨款收支总表" ["单位：元"] []
0=项目 | 1=金额
0=一般公共预算 | 1=1,734,952.06
`,
	}, {
		name: "a table without rules, by alignment",
		page: newPage().
			text(60, 100, 10, "科目编码").text(200, 100, 10, "科目名称").text(400, 100, 10, "金额").
			text(60, 118, 10, "201").text(200, 118, 10, "一般公共服务支出").text(400, 118, 10, "1,000.00").
			text(60, 136, 10, "20101").text(200, 136, 10, "人大事务").text(400, 136, 10, "600.00").
			text(60, 200, 10, "以上为本部门全部支出。"),
		want: `table "" [] []
0=科目编码 | 1=科目名称 | 2=金额
0=201 | 1=一般公共服务支出 | 2=1,000.00
0=20101 | 1=人大事务 | 2=600.00
line "以上为本部门全部支出。"
`,
	}, {
		name: "a table of contents gives no tables",
		page: newPage().
			text(250, 60, 16, "目录").
			grid([]float64{60, 300, 400}, []float64{100, 120, 140}).
			text(64, 104, 10, "一、部门收支总表").text(304, 104, 10, "3").
			text(64, 124, 10, "二、部门收入总表").text(304, 124, 10, "4"),
		want: `line "目录"
line "一、部门收支总表"
line "3"
line "二、部门收入总表"
line "4"
`,
	}, {
		name: "a table of contents by its leaders gives no tables",
		page: newPage().
			grid([]float64{60, 300, 400}, []float64{100, 120, 140, 160}).
			text(64, 104, 10, "一、部门收支总表........").text(304, 104, 10, "3").
			text(64, 124, 10, "二、部门收入总表........").text(304, 124, 10, "4").
			text(64, 144, 10, "三、部门支出总表........").text(304, 144, 10, "5"),
		want: `line "一、部门收支总表........"
line "3"
line "二、部门收入总表........"
line "4"
line "三、部门支出总表........"
line "5"
`,
	}, {
		name: "text drawn off the page is dropped",
		page: newPage().
			grid([]float64{60, 160, 300}, []float64{800, 820, 842}).
			text(64, 804, 10, "项目").text(164, 804, 10, "目标").
			text(64, 824, 10, "甲").text(64, 850, 10, "下一页的行"),
		want: `table "" [] []
0=项目 | 1=目标
0=甲 | 1=
`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(Build(&tt.page.Page))
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestDropSeamRepeats(t *testing.T) {
	p1 := Build(&newPage().
		h(60, 300, 700).h(60, 300, 720).
		v(60, 700, 842).v(160, 700, 842).v(300, 700, 842).
		text(64, 704, 10, "项目").text(164, 704, 10, "目标").
		text(164, 780, 10, "保障系统稳定运行").Page)
	p2 := Build(&newPage().
		text(164, 40, 10, "保障系统稳定运行").
		grid([]float64{60, 160, 300}, []float64{60, 80, 120}).
		text(64, 64, 10, "项目").text(164, 64, 10, "目标").
		text(164, 84, 10, "全年故障率低于百分之一").Page)
	if len(p2.Tables) != 1 || p2.Tables[0].Title != "保障系统稳定运行" {
		t.Fatalf("before: page two %s", render(p2))
	}
	DropSeamRepeats([]*model.Page{p1, p2})
	if got := render(p2); got != `table "" [] []
0=项目 | 1=目标
0= | 1=全年故障率低于百分之一
` {
		t.Errorf("after: page two\n%s", got)
	}
	// Twice is the same as once.
	DropSeamRepeats([]*model.Page{p1, p2})
	if p2.Tables[0].Title != "" || len(p2.Tables[0].Caption) != 0 || len(p1.Tables) != 1 {
		t.Errorf("a second pass changed the pages")
	}
}

// TestDropSeamCellRepeats: LibreOffice draws a merged cell cut at the page
// foot again on the next page, its page-one part above the header where
// the cell's clip hides it; the lines clamped into the continuation that
// repeat the cut cell's last lines are dropped, however short, and a cell
// whose text no clip hides keeps its lines.
func TestDropSeamCellRepeats(t *testing.T) {
	first := func() *model.Page {
		p := newPage().
			h(60, 300, 700).h(60, 300, 720).
			v(60, 700, 842).v(160, 700, 842).v(300, 700, 842).
			text(64, 704, 10, "单位").text(164, 704, 10, "目标")
		n := len(p.Glyphs)
		p.text(64, 770, 10, "社会保").text(64, 782, 10, "障局").
			text(164, 740, 10, "保障系统稳定").text(164, 752, 10, "运行全年故障").text(164, 764, 10, "率低于百分之").
			clipped(n, model.Rect{X0: 60, Y0: 720, X1: 300, Y1: 842})
		return Build(&p.Page)
	}
	next := func(clip bool) *model.Page {
		p := newPage().grid([]float64{60, 160, 300}, []float64{60, 80, 120}).
			text(64, 64, 10, "单位").text(164, 64, 10, "目标")
		n := len(p.Glyphs)
		if clip {
			// Drawn above the header, clipped to the cells below it.
			p.text(64, 30, 10, "障局").text(164, 26, 10, "运行全年故障").text(164, 38, 10, "率低于百分之").
				text(164, 84, 10, "一").clipped(n, model.Rect{X0: 60, Y0: 80, X1: 300, Y1: 120})
		} else {
			p.text(64, 84, 10, "障局").text(164, 84, 10, "运行全年故障").text(164, 96, 10, "率低于百分之").text(164, 108, 10, "一")
		}
		return Build(&p.Page)
	}
	p1, p2 := first(), next(true)
	if got := render(p1); !strings.Contains(got, "0{continued}=社会保/障局 | 1{continued}=保障系统稳定/运行全年故障/率低于百分之") {
		t.Fatalf("page one:\n%s", got)
	}
	if got := render(p2); !strings.Contains(got, "0{clipped}=障局 | 1{clipped}=运行全年故障/率低于百分之/一") {
		t.Fatalf("before: page two\n%s", got)
	}
	DropSeamRepeats([]*model.Page{p1, p2})
	want := `table "" [] []
0=单位 | 1=目标
0{clipped}= | 1{clipped}=一
`
	if got := render(p2); got != want {
		t.Errorf("after: page two\n%s\nwant\n%s", got, want)
	}
	DropSeamRepeats([]*model.Page{p1, p2})
	if got := render(p2); got != want {
		t.Errorf("a second pass changed page two:\n%s", got)
	}
	p3 := next(false)
	before := render(p3)
	DropSeamRepeats([]*model.Page{first(), p3})
	if got := render(p3); got != before {
		t.Errorf("lines no clip hides were dropped:\n%s\nwant\n%s", got, before)
	}
}

// TestHostileGeometry: coordinates no comparison orders, and more rules
// than any table has, give a page (without a lattice) instead of a hang.
func TestHostileGeometry(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	p := &Page{Number: 1, Width: 595, Height: 842,
		Glyphs: []Glyph{{Text: "甲", Box: model.Rect{X0: 10, Y0: 10, X1: 20, Y1: 20}, Size: 10},
			{Text: "乙", Box: model.Rect{X0: inf, Y0: 10, X1: inf, Y1: 20}, Size: 10}},
		Rules: []Rule{{X0: 1.5e308, Y0: 0, X1: 1.5e308, Y1: 100}, {X0: nan, Y0: 0, X1: nan, Y1: 100},
			{X0: 0, Y0: inf, X1: 100, Y1: inf}},
	}
	if out := Build(p); len(out.Lines) != 1 || out.Lines[0].Text != "甲" {
		t.Errorf("lines %+v, want the one finite glyph", out.Lines)
	}
	var hs, vs []seg
	for i := range 2100 {
		hs = append(hs, seg{float64(i), 0, 2100})
		vs = append(vs, seg{float64(i), 0, 2100})
	}
	if grids := findGrids(hs, vs); grids != nil {
		t.Errorf("%d grids from 2100 × 2100 rules, want none", len(grids))
	}
}
