package normalize

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/budgetx/budgetx/model"
)

// targetsForms interprets performance tables printed as forms, one per
// project: labelled cells (项目名称, 主管部门, 项目资金, 年度目标) above a block
// of indicator rows under a header of their own (一级/二级/三级指标, 指标值).
// Shanghai's 财政项目支出绩效目标填报表, Chongqing's 重点专项资金绩效目标表, the
// central 项目支出绩效自评表 and the 部门整体支出绩效目标表 are such forms. A
// form without a 项目名称 is the department as one project, named by the
// table's title (部门整体支出). ok is false when t holds no indicator header
// with labelled cells above it, or when the header names the project in a
// column (the grid layout).
func targetsForms(t *table, unit string, tableSeq int, c checks) (projects []model.Project, findings []model.Finding, ok bool) {
	forms := findForms(t)
	if len(forms) == 0 {
		return nil, nil, false
	}
	for i := range forms {
		f := &forms[i]
		p, fs := readForm(t, f, unit, tableSeq, c)
		p.Seq = i + 1
		for j := range fs {
			fs[j].ProjectSeq = p.Seq
		}
		projects = append(projects, p)
		findings = append(findings, projectFindings(p, nil, nil, f.truncated, tableSeq, c)...)
		findings = append(findings, fs...)
	}
	return projects, findings, true
}

// A form is the rows of one project: labelled cells from start, indicator
// rows after head (-1 when the form has none) until end.
type form struct {
	start, head, end int
	cols             columns
	packedLevels     bool // the 三级指标 column prints all three levels: 产出指标数量指标…
	bare             bool // nothing but the indicator block: no label names the project
	truncated        bool
}

// findForms cuts t into forms: each starts at a row labelled 项目名称, or at
// the top when no row is. Every form must label something above its
// indicators, unless the table is nothing but one indicator block (a
// report's 项目年度绩效指标表); otherwise t is not made of forms and
// findForms returns nil.
func findForms(t *table) []form {
	var starts, heads []int
	for r, row := range t.Rows {
		if _, _, ok := indicatorHeader(row); ok {
			heads = append(heads, r)
			continue
		}
		// A form prints a project's name beside its label; a grid prints
		// it under its column's.
		if vr, _ := rowLabelCell(t, r, formNameLabels[0], len(t.Rows)); vr == r {
			starts = append(starts, r)
		}
	}
	if len(heads) == 0 {
		return nil
	}
	if len(starts) == 0 || starts[0] > heads[0] {
		starts = append([]int{0}, starts...)
	}
	var forms []form
	for i, s := range starts {
		f := form{start: s, head: -1, end: len(t.Rows)}
		if i+1 < len(starts) {
			f.end = starts[i+1]
		}
		for _, h := range heads {
			if s <= h && h < f.end {
				f.head = h
				f.cols, f.packedLevels, _ = indicatorHeader(t.Rows[h])
				break
			}
		}
		top := f.end
		if f.head >= 0 {
			top = f.head
		}
		if !labelsSomething(t, s, top) {
			f.bare = len(starts) == 1 && f.head >= 0 && emptyRows(t, 0, f.head)
			if !f.bare {
				return nil
			}
		}
		forms = append(forms, f)
	}
	return forms
}

// indicatorHeader reads a row as the header of an indicator block: it must
// name the indicator (三级指标, 指标名称, or 绩效指标 printing all levels)
// and its target (指标值), and name no project or unit column.
func indicatorHeader(row model.Row) (cols columns, packedLevels bool, ok bool) {
	for i := range cols {
		cols[i] = -1
	}
	packed := -1
	for pass, order := range [][]role{exactOrder, containsOrder} {
		for _, c := range row.Cells {
			label := labelText(firstLine(c.Lines))
			if label == "" || slices.Contains(cols[:], c.Col) {
				continue
			}
			if packedIndicatorLabels.match(label) {
				packed = c.Col
				continue
			}
			for _, ro := range order {
				if cols[ro] < 0 && matchLabel(label, roleLabels[ro], pass == 0) {
					cols[ro] = c.Col
					break
				}
			}
		}
	}
	if cols[colLevel3] < 0 && cols[colLevel1] < 0 && packed >= 0 {
		cols[colLevel3], packedLevels = packed, true
	}
	ok = cols[colLevel3] >= 0 && cols[colValue] >= 0 && cols[colProject] < 0 && cols[colUnit] < 0
	return cols, packedLevels, ok
}

func isLabel(s string) bool {
	l := labelText(s)
	for _, ls := range []labels{formNameLabels, formDeptLabels, formUnitLabels, formGoalLabels, formBudgetLabels, formOtherLabels} {
		if ls.match(l) {
			return true
		}
	}
	for _, ls := range roleLabels {
		if ls.match(l) {
			return true
		}
	}
	return false
}

// labelsValue reports whether a row prints a value beside a label of ls:
// 项目名称 | 审计业务经费.
func labelsValue(row model.Row, ls labels) bool {
	for i, c := range row.Cells {
		if !ls.match(labelText(firstLine(c.Lines))) {
			continue
		}
		for _, n := range row.Cells[i+1:] {
			if v := firstLine(n.Lines); v != "" {
				return !isLabel(v)
			}
		}
	}
	return false
}

// labelsSomething reports whether rows lo..hi of t hold a label with a
// value that a form is read by.
func labelsSomething(t *table, lo, hi int) bool {
	for _, ls := range []labels{formNameLabels, formDeptLabels, formGoalLabels, formBudgetLabels} {
		if _, r, _ := firstLabelled(t, ls, lo, hi); r >= 0 {
			return true
		}
	}
	return false
}

// labelCell finds the value of the first cell whose label matches the
// pattern in rows from..to: its row and its index in that row, or -1, -1.
func labelCell(t *table, pattern string, from, to int) (r, i int) {
	for r := from; r < to && r < len(t.Rows); r++ {
		if vr, vi := rowLabelCell(t, r, pattern, to); vr >= 0 {
			return vr, vi
		}
	}
	return -1, -1
}

// rowLabelCell finds the value of a cell in row r whose label matches the
// pattern: the next cell to its right, or, when that is a label too, the
// cell under it (above row to).
func rowLabelCell(t *table, r int, pattern string, to int) (vr, vi int) {
	cells := t.Rows[r].Cells
	for i, c := range cells {
		if !(labels{pattern}).match(labelText(firstLine(c.Lines))) {
			continue
		}
		for j := i + 1; j < len(cells); j++ {
			if v := firstLine(cells[j].Lines); v != "" {
				if !isLabel(v) {
					return r, j
				}
				break
			}
		}
		if below := r + c.RowSpan; below < to && below < len(t.Rows) {
			if j := cellAt(t.Rows[below].Cells, c.Col); j >= 0 {
				if v := firstLine(t.Rows[below].Cells[j].Lines); v != "" && !isLabel(v) {
					return below, j
				}
			}
		}
	}
	return -1, -1
}

// firstLabelled returns the value of the first label of ls that has one
// in rows from..to, with its place.
func firstLabelled(t *table, ls labels, from, to int) (value string, r, i int) {
	for _, l := range ls {
		if r, i := labelCell(t, l, from, to); r >= 0 {
			return firstLine(t.Rows[r].Cells[i].Lines), r, i
		}
	}
	return "", -1, -1
}

var bracketOrgRE = regexp.MustCompile(`^[\[［【]([0-9]+)[\]］】]\s*(.+)$`)

// splitOrgCode splits an organisation printed with its code, [292]国家信访局
// or 307003-井研县就业创业促进中心.
func splitOrgCode(s string) (code, name string) {
	if m := bracketOrgRE.FindStringSubmatch(s); m != nil {
		return m[1], m[2]
	}
	return splitOrg(s)
}

// readForm reads one form into a project (Seq unset) and the findings about
// its money.
func readForm(t *table, f *form, unit string, tableSeq int, c checks) (model.Project, []model.Finding) {
	top := f.end
	if f.head >= 0 {
		top = f.head
	}
	p := model.Project{TableSeq: tableSeq}
	p.Name, _, _ = firstLabelled(t, formNameLabels, f.start, top)
	if p.Name == "" && !f.bare {
		p.Name = titleLabel(t.Title)
	}
	dept, _, _ := firstLabelled(t, formDeptLabels, f.start, top)
	if dept == "" {
		dept = captionValue(t.Caption, "部门名称", "单位名称", "主管部门")
	}
	p.DepartmentCode, p.DepartmentName = splitOrgCode(dept)
	if u, _, _ := firstLabelled(t, formUnitLabels, f.start, top); u != "" {
		p.UnitCode, p.UnitName = splitOrgCode(u)
	}
	goal, gr, gi := firstLabelled(t, formGoalLabels, f.start, top)
	p.Goal = goal
	if gr >= 0 && t.Rows[gr].Cells[gi].Flags&model.Clipped != 0 {
		f.truncated = true
	}
	unit = formUnit(t, f.start, top, unit)
	var findings []model.Finding
	if v, r, i := firstLabelled(t, formBudgetLabels, f.start, top); r >= 0 {
		if fen, ok, err := parseAmount(v, unit); ok && err == nil {
			p.BudgetFen = &fen
			findings = append(findings, budgetPartsFindings(t, r, i, fen, unit, p.Name, tableSeq, c)...)
		}
	}
	for r := f.start; r < f.end; r++ {
		if rowEmpty(t.Rows[r]) {
			continue
		}
		if p.PageFirst == 0 {
			p.PageFirst = t.Rows[r].Page
		}
		p.PageLast = t.Rows[r].Page
	}
	if f.head >= 0 {
		p.Indicators = formIndicators(t, f)
	}
	if f.bare {
		findings = append(findings, model.Finding{
			Severity: model.SevInfo, Code: model.CodeProjectUnnamed, Page: p.PageFirst, TableSeq: tableSeq,
			Message: fmt.Sprintf("the table %q lists %d indicators but names no project: the report around it does", cmp.Or(strings.Join(t.Caption, " "), t.Title), len(p.Indicators)),
		})
	}
	return p, findings
}

// labelUnit returns the amount unit the first label of t that prints one
// names (项目资金（万元）, 金额(元)), or "".
func labelUnit(t *table) string {
	return formUnit(t, 0, len(t.Rows), "")
}

// formUnit returns the amount unit a form's labels print (项目资金（元）),
// else the table's.
func formUnit(t *table, from, to int, unit string) string {
	for r := from; r < to; r++ {
		for _, c := range t.Rows[r].Cells {
			if m := formUnitRE.FindStringSubmatch(canon(firstLine(c.Lines))); m != nil {
				return m[1]
			}
		}
	}
	return unit
}

// titleLabel is what a table's title calls its subject: 部门整体支出 for
// 预算13表部门整体支出绩效目标表.
func titleLabel(title string) string {
	s := cleanText(title)
	s = numberRE.ReplaceAllString(s, "")
	s = yearRE.ReplaceAllString(s, "")
	for _, suffix := range []string{"绩效目标表", "绩效表", "表"} {
		if rest, ok := strings.CutSuffix(s, suffix); ok {
			return rest
		}
	}
	return s
}

func emptyRows(t *table, from, to int) bool {
	for r := from; r < to; r++ {
		if !rowEmpty(t.Rows[r]) {
			return false
		}
	}
	return true
}

func rowEmpty(r model.Row) bool {
	for _, c := range r.Cells {
		if firstLine(c.Lines) != "" {
			return false
		}
	}
	return true
}

// formIndicators reads the indicator rows of a form. The classes (一级,
// 二级) are merged over their rows, so a row takes them from the cell that
// covers it.
func formIndicators(t *table, f *form) []model.Indicator {
	var out []model.Indicator
	for r := f.head + 1; r < f.end; r++ {
		row := t.Rows[r]
		if _, _, ok := indicatorHeader(row); ok {
			continue // the header again, on a later page
		}
		level3 := f.cols.text(t, r, colLevel3)
		if level3 == "" || level3 == "绩效指标" || matchLabel(level3, roleLabels[colLevel3], true) {
			continue // no indicator, or a header the producer split over two rows
		}
		in := model.Indicator{Seq: len(out) + 1, Level3: level3, Page: row.Page, Direction: f.cols.text(t, r, colDirection)}
		if f.packedLevels {
			in.Level1, in.Level2, in.Level3 = splitLevels(level3)
		} else {
			in.Level1 = coveringText(t, r, f.cols[colLevel1], f.head+1)
			in.Level2 = coveringText(t, r, f.cols[colLevel2], f.head+1)
		}
		value, measure := f.cols.text(t, r, colValue), f.cols.text(t, r, colMeasure)
		if op, ok := operators[f.cols.text(t, r, colNature)]; ok {
			in.Operator, in.ValueText, in.MeasureUnit = op, value, measure
			if op != "定性" {
				in.ValueNum = parseNumber(value)
			}
		} else {
			v := parseValue(value)
			in.Operator, in.ValueText, in.ValueNum, in.MeasureUnit = v.op, v.text, v.num, cmp.Or(measure, v.measure)
		}
		in.Weight = parseNumber(f.cols.text(t, r, colWeight))
		out = append(out, in)
	}
	return out
}

// coveringText returns the text of the cell covering row r in column col:
// the cell starting in that row or one above it, down to row from, whose
// rows reach r.
func coveringText(t *table, r, col, from int) string {
	if col < 0 {
		return ""
	}
	for i := r; i >= from; i-- {
		for _, c := range t.Rows[i].Cells {
			if c.Col <= col && col < c.Col+c.ColSpan {
				if i+c.RowSpan > r {
					return firstLine(c.Lines)
				}
				return ""
			}
		}
	}
	return ""
}

// budgetPartsFindings checks a form's amount against the amounts printed
// under it in its column (其中：当年财政拨款, 上年结转, 其他资金): where two or
// more are, they should add up to it.
func budgetPartsFindings(t *table, r, i int, total int64, unit, name string, tableSeq int, c checks) []model.Finding {
	col := t.Rows[r].Cells[i].Col
	var parts []string
	sum := int64(0)
	for k := r + 1; k < len(t.Rows); k++ {
		fen, ok, err := parseAmount(t.Line(k, col), unit)
		if !ok || err != nil {
			break
		}
		sum += fen
		parts = append(parts, model.GroupedYuan(fen))
	}
	if len(parts) < 2 {
		return nil
	}
	if !c.record(model.CodeBudgetPartsMismatch, abs64(sum-total) > tolerance(unit, len(parts))) {
		return nil
	}
	return []model.Finding{{
		Severity: model.SevWarning, Code: model.CodeBudgetPartsMismatch, Page: t.Rows[r].Page, TableSeq: tableSeq,
		Message: fmt.Sprintf("%s: the amount %s differs from the sum of the amounts printed under it, %s = %s",
			name, model.GroupedYuan(total), strings.Join(parts, " + "), model.GroupedYuan(sum)),
	}}
}
