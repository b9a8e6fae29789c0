package normalize

import (
	"strings"

	"github.com/budgetx/budgetx/extract"
)

// PerformanceGoals interprets a performance table that lists projects with
// their goals and no indicators (Hangzhou's 项目支出绩效表: 单位名称, 项目名称,
// 金额, 绩效目标): one row per project. A row without a project name that
// only carries goal text is the rest of the project above it, cut by a page
// break. ok is false when t has no 项目名称 and 绩效目标 columns, or has
// indicator columns.
func PerformanceGoals(t *Table, unit string, tableSeq int, c checks) (projects []extract.Project, findings []extract.Finding, ok bool) {
	cols, _ := findColumns(t)
	if cols[colProject] < 0 || cols[colGoal] < 0 || cols[colLevel3] >= 0 || cols[colValue] >= 0 ||
		!strings.Contains(headerLabel(t, cols[colGoal]), "绩效") || hasHeader(t, packedIndicatorLabels) {
		return nil, nil, false
	}
	text := func(r int, ro role) string {
		if cols[ro] < 0 {
			return ""
		}
		return t.Text(r, cols[ro])
	}
	dept := captionValue(t.Caption, "部门名称", "单位名称")
	var frags []*fragment
	var last *extract.Project
	for r := t.Header; r < len(t.Rows); r++ {
		name, goal, amount := text(r, colProject), text(r, colGoal), text(r, colBudget)
		page := t.Rows[r].Page
		if name == "" {
			if last != nil && goal != "" && amount == "" {
				last.Goal = joinSeam(last.Goal, goal)
				last.PageLast = page
			}
			continue
		}
		if grandTotalLabels.match(canon(name)) {
			continue
		}
		p := extract.Project{
			Seq: len(projects) + 1, TableSeq: tableSeq, DepartmentName: dept,
			Name: name, Goal: goal, PageFirst: page, PageLast: page,
		}
		// Some goals go on to pack numbered indicators (1、1-产出指标；…).
		if ins, rest := parsePacked(goal, []pageMark{{page: page}}); len(ins) > 0 {
			p.Goal, p.Indicators = rest, ins
		}
		p.UnitCode, p.UnitName = splitOrg(coveringText(t, r, cols[colUnit], t.Header))
		f := &fragment{}
		if fen, ok, err := ParseAmount(amount, unit); ok && err == nil {
			p.BudgetFen = &fen
			f.amounts = []printedAmount{{fen: fen, page: page}}
		}
		if c := t.Cell(r, cols[colGoal]); c != nil && c.Flags&extract.Clipped != 0 {
			f.truncated = true
		}
		projects = append(projects, p)
		frags = append(frags, f)
		last = &projects[len(projects)-1]
	}
	for i := range projects {
		findings = append(findings, projectFindings(projects[i], frags[i], tableSeq, c)...)
	}
	return projects, findings, len(projects) > 0
}

// hasHeader reports whether a header row of t holds a cell labelled one of
// ls.
func hasHeader(t *Table, ls labels) bool {
	for r := 0; r < headerDepth(t); r++ {
		for _, c := range t.Rows[r].Cells {
			if ls.match(canon(firstLine(c.Lines))) {
				return true
			}
		}
	}
	return false
}

// headerLabel returns the label of column col in t's header rows.
func headerLabel(t *Table, col int) string {
	for r := 0; r < headerDepth(t); r++ {
		if s := t.Text(r, col); s != "" {
			return s
		}
	}
	return ""
}
