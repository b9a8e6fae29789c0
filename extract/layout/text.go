package layout

import (
	"regexp"
	"slices"
	"strings"

	"github.com/budgetx/budgetx/model"
)

var (
	// A line of a table of contents ends in a page number after a leader.
	dotLeader = regexp.MustCompile(`(?:\.{4,}|…{2,}|·{4,}|-{6,})\s*\d+\s*$`)
	// Lines that introduce or label a table rather than name it.
	labelLine = regexp.MustCompile(`^(?:金额)?单位[:：]|^编制(?:部门|单位)[:：]|^部门[:：]|^单位名称[:：]|^(?:预算|决算|公开|附)?表?\s*[0-9０-９一二三四五六七八九十]+(?:-\d+)?\s*表?$|^(?:预算|决算|公开)\d+表$`)
	noteLine  = regexp.MustCompile(`^(?i:notes?\b)|^(?:注|说明|备注|附注)\s*[:：0-9０-９、.]|^本表|^本(?:部门|单位)|^此表|^[*※]|为空|无数据|无此项|无相关`)
	pageNum   = regexp.MustCompile(`^[-—－\s]*(?:第\s*)?\d+\s*(?:页)?[-—－\s]*$|^\d+\s*/\s*\d+$`)
)

// isTOC reports whether a page is a table of contents: a heading that
// reads 目录 (or 目次) alone on its line, or three lines that end in a page
// number after a dot leader.
func isTOC(gs []glyph) bool {
	var heads, tails []int
	dots, runs := 0, 0 // leader glyphs; those that follow one of their kind
	for i := range gs {
		switch gs[i].Text {
		case "目":
			heads = append(heads, i)
		case "录", "次":
			tails = append(tails, i)
		case ".", "·", "…", "-":
			dots++
			if i > 0 && gs[i-1].Text == gs[i].Text {
				runs++
			}
		}
	}
	for _, h := range heads {
		for _, t := range tails {
			a, b := &gs[h], &gs[t]
			size := max(a.Size, 1)
			if abs(a.cy-b.cy) > size/2 || b.Box.X0 < a.Box.X1 || b.Box.X0-a.Box.X1 > 4*size {
				continue
			}
			others := 0
			for i := range gs {
				if i != h && i != t && abs(gs[i].cy-a.cy) <= size/2 && gs[i].Box.X1 > a.Box.X0-6*size && gs[i].Box.X0 < b.Box.X1+6*size {
					others++
				}
			}
			if others == 0 {
				return true
			}
		}
	}
	// Three leaders make at least three glyphs that follow their like: the
	// decimal points and dashes of a table of numbers seldom do, and the
	// page's lines need not be read.
	if dots < 12 || runs < 3 {
		return false
	}
	all := make([]int, len(gs))
	for i := range all {
		all[i] = i
	}
	leaders := 0
	for _, row := range groupLines(gs, all) {
		if dotLeader.MatchString(strings.Join(joinRow(gs, row, 0), "")) {
			leaders++
		}
	}
	return leaders >= 3
}

// attachText gives each table the lines that belong to it: the title and
// captions right above the grid, the notes right under it. What is left
// is returned as the page's free lines, top to bottom.
func attachText(tables []*model.Table, lines []line) []model.Line {
	slices.SortStableFunc(lines, func(a, b line) int {
		if c := cmpF(a.Box.Y0, b.Box.Y0); c != 0 {
			return c
		}
		return cmpF(a.Box.X0, b.Box.X0)
	})
	used := make([]bool, len(lines))
	prevBottom := -1e9
	for ti, t := range tables {
		nextTop := 1e9
		if ti+1 < len(tables) {
			nextTop = tables[ti+1].Box.Y0
		}
		above := takeAbove(lines, used, t.Box, prevBottom)
		title := pickTitle(lines, above)
		for _, k := range above {
			if k == title {
				t.Title = lines[k].Text
			} else {
				t.Caption = append(t.Caption, lines[k].Text)
			}
		}
		for _, k := range takeNotes(lines, used, t.Box, nextTop) {
			t.Notes = append(t.Notes, lines[k].Text)
		}
		prevBottom = t.Box.Y1
	}
	var out []model.Line
	for k, l := range lines {
		if !used[k] {
			out = append(out, l.Line)
		}
	}
	return out
}

// takeAbove claims the lines stacked right above a table, closest first,
// and returns them top to bottom.
func takeAbove(lines []line, used []bool, box model.Rect, floor float64) []int {
	const maxLines = 8
	var got []int
	top := box.Y0
	for k := len(lines) - 1; k >= 0 && len(got) < maxLines; k-- {
		l := &lines[k]
		if used[k] || l.Box.Y1 > box.Y0+2 || l.Box.Y0 < floor || pageNum.MatchString(l.Text) {
			continue
		}
		if l.Box.X1 < box.X0-box.Width()/2 || l.Box.X0 > box.X1+box.Width()/2 {
			continue // beside the table, not above it
		}
		if top-l.Box.Y1 > max(2.5*l.Size, 24) {
			// Lines on the baseline of one already taken still belong.
			if !sameBaseline(lines, got, l) {
				break
			}
		}
		used[k] = true
		got = append(got, k)
		top = min(top, l.Box.Y0)
	}
	slices.Reverse(got)
	return got
}

func sameBaseline(lines []line, got []int, l *line) bool {
	for _, k := range got {
		if abs(lines[k].Box.Y1-l.Box.Y1) < max(l.Size, 4)/2 {
			return true
		}
	}
	return false
}

// pickTitle chooses the title among the lines above a table: the line in
// the largest type that names something (labels such as 单位：元 or
// 预算01表 are captions), or -1. Among lines in one size, one that says
// 表 wins, then one that is no sentence (an introduction such as …情况如下：
// leads to the table, the heading above it names it), then a numbered
// heading (七、…) over a line of running text, then the one closest to the
// table (the heading of the section before is further up).
func pickTitle(lines []line, above []int) int {
	best := -1
	for _, k := range above {
		l := &lines[k]
		text := strings.TrimSpace(l.Text)
		if labelLine.MatchString(text) || pageNum.MatchString(text) || len([]rune(text)) < 3 {
			continue
		}
		if best < 0 || l.Size > lines[best].Size+0.5 {
			best = k
			continue
		}
		if abs(l.Size-lines[best].Size) > 0.5 {
			continue
		}
		b := strings.TrimSpace(lines[best].Text)
		if titleRank(text) >= titleRank(b) {
			best = k
		}
	}
	return best
}

// headingLine matches a numbered heading: 七、 （二） 第三部分 4.
var headingLine = regexp.MustCompile(`^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+部分|[0-9]+[、.．])`)

// titleRank orders lines of one size as titles: one that says 表 first,
// then one that is no sentence, then a numbered heading.
func titleRank(s string) int {
	r := 0
	if strings.Contains(s, "表") {
		r += 4
	}
	if !strings.HasSuffix(s, "。") && !strings.HasSuffix(s, "：") && !strings.HasSuffix(s, ":") {
		r += 2
	}
	if headingLine.MatchString(s) {
		r++
	}
	return r
}

// takeNotes claims the notes right under a table: a first line that reads
// as a note (注：…, 本表为空) and the lines that continue it.
func takeNotes(lines []line, used []bool, box model.Rect, ceiling float64) []int {
	const maxLines = 12
	var got []int
	bottom := box.Y1
	for k := range lines {
		l := &lines[k]
		if used[k] || l.Box.Y0 < box.Y1-2 || l.Box.Y1 > ceiling || len(got) >= maxLines {
			continue
		}
		if l.Box.Y0-bottom > max(2.5*l.Size, 24) {
			break
		}
		if len(got) == 0 && !noteLine.MatchString(strings.TrimSpace(l.Text)) {
			break
		}
		if pageNum.MatchString(l.Text) {
			continue
		}
		used[k] = true
		got = append(got, k)
		bottom = max(bottom, l.Box.Y1)
	}
	return got
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// DropSeamRepeats removes the text that a producer repeats at a page
// seam. When a merged cell is cut at the foot of one page (flagged
// model.Continued), LibreOffice draws the whole cell again on the next
// page, its page-one part above the repeated header, where the page's
// margin or the cell's clip hides it. A free line or caption there that
// repeats a line of the cut cell is dropped, and so are the lines that
// open the cell's continuation, clamped into it from above its clip, where
// they repeat the lines that end the cut cell (seamRepeat).
func DropSeamRepeats(pages []*model.Page) {
	for i := 1; i < len(pages); i++ {
		prev, next := pages[i-1], pages[i]
		if prev == nil || next == nil || len(prev.Tables) == 0 || len(next.Tables) == 0 {
			continue
		}
		last := prev.Tables[len(prev.Tables)-1]
		seen := continuedText(last)
		if len(seen) == 0 {
			continue
		}
		t := next.Tables[0]
		t.Caption = slices.DeleteFunc(t.Caption, func(s string) bool { return seen[strings.TrimSpace(s)] })
		if seen[strings.TrimSpace(t.Title)] {
			t.Title = ""
		}
		next.Lines = slices.DeleteFunc(next.Lines, func(l model.Line) bool {
			return l.Box.Y1 <= t.Box.Y0+1 && seen[strings.TrimSpace(l.Text)]
		})
		dropCellRepeats(last, t)
	}
}

// dropCellRepeats removes from the cells that go on with the cells prev
// leaves open at its foot the leading lines that repeat the open cells'
// last lines. A continuation opens the first row of next under the header
// rows it repeats from prev; only a cell whose clip hides text (Clipped)
// can hold lines drawn for the page before.
func dropCellRepeats(prev, next *model.Table) {
	h := 0
	for h < len(prev.Rows) && h < len(next.Rows) && sameTexts(prev.Rows[h], next.Rows[h]) {
		h++
	}
	if h >= len(next.Rows) {
		return
	}
	row := next.Rows[h].Cells
	for _, r := range prev.Rows {
		for _, c := range r.Cells {
			if c.Flags&model.Continued == 0 {
				continue
			}
			for j := range row {
				if n := &row[j]; n.Col == c.Col && n.Flags&model.Clipped != 0 {
					n.Lines = n.Lines[seamRepeat(c.Lines, n.Lines):]
				}
			}
		}
	}
}

// seamRepeat returns how many lines that open b repeat the lines that end
// a: the most, so that a followed by the rest of b holds each line once.
func seamRepeat(a, b []string) int {
	for k := min(len(a), len(b)); k > 0; k-- {
		if slices.Equal(a[len(a)-k:], b[:k]) {
			return k
		}
	}
	return 0
}

// sameTexts reports whether two rows hold the same texts in the same
// columns.
func sameTexts(a, b model.Row) bool {
	return slices.EqualFunc(a.Cells, b.Cells, func(x, y model.Cell) bool {
		return x.Col == y.Col && slices.Equal(x.Lines, y.Lines)
	})
}

// continuedText returns the lines of the cells a table leaves open at the
// page foot.
func continuedText(t *model.Table) map[string]bool {
	seen := make(map[string]bool)
	for _, r := range t.Rows {
		for _, c := range r.Cells {
			if c.Flags&model.Continued == 0 {
				continue
			}
			for _, l := range c.Lines {
				if s := strings.TrimSpace(l); s != "" {
					seen[s] = true
				}
			}
		}
	}
	return seen
}
