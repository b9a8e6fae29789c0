package normalize

import (
	"strings"

	"github.com/budgetx/budgetx/model"
)

// targetsGoals interprets a performance table that lists projects with
// their goals and no indicators (Hangzhou's 项目支出绩效表: 单位名称, 项目名称,
// 金额, 绩效目标): one row per project. A row without a project name that
// only carries goal text is the rest of the project above it, cut by a page
// break. ok is false when t has no 项目名称 and 绩效目标 columns, or has
// indicator columns.
func targetsGoals(t *table, unit string, tableSeq int, c checks) (projects []model.Project, findings []model.Finding, ok bool) {
	cols, _ := findColumns(t)
	if cols[colProject] < 0 || cols[colGoal] < 0 || cols[colLevel3] >= 0 || cols[colValue] >= 0 ||
		!strings.Contains(headerLabel(t, cols[colGoal]), "绩效") || hasHeader(t, packedIndicatorLabels) {
		return nil, nil, false
	}
	dept := captionValue(t.Caption, "部门名称", "单位名称")
	// One block a row; a page break may cut a project's row in two, the
	// rest of its name and goal opening the next page (continuation
	// decides), or leave the rest of its goal alone in a row.
	var frags []*fragment
	lastPage := 0
	for r := t.Header; r < len(t.Rows); r++ {
		name, goal, amount := cols.text(t, r, colProject), cols.text(t, r, colGoal), cols.text(t, r, colBudget)
		page := t.Rows[r].Page
		opens := page != lastPage
		if name != "" || goal != "" || amount != "" {
			lastPage = page
		}
		if name == "" {
			if n := len(frags); n > 0 && goal != "" && amount == "" {
				frags[n-1].goal = joinSeam(frags[n-1].goal, goal)
				frags[n-1].pageLast = page
			}
			continue
		}
		if grandTotalLabels.match(canon(name)) {
			continue
		}
		f := &fragment{name: name, goal: goal, firstRow: r, pageFirst: page, pageLast: page, opensPage: opens}
		f.unit = coveringText(t, r, cols[colUnit], t.Header)
		if fen, ok, err := parseAmount(amount, unit); ok && err == nil {
			f.amounts = []printedAmount{{fen: fen, page: page}}
		}
		if c := t.Cell(r, cols[colGoal]); c != nil && c.Flags&model.Clipped != 0 {
			f.truncated = true
		}
		if c := t.Cell(r, cols[colProject]); c != nil && !c.Box.IsZero() {
			f.ruled = true
		}
		frags = append(frags, f)
	}
	frags = stitchSplitProjects(frags)
	for _, f := range frags {
		p := model.Project{
			Seq: len(projects) + 1, TableSeq: tableSeq, DepartmentName: dept,
			Name: f.name, Goal: f.goal, PageFirst: f.pageFirst, PageLast: f.pageLast,
		}
		p.UnitCode, p.UnitName = splitOrg(f.unit)
		if len(f.amounts) > 0 {
			sum := int64(0)
			for _, a := range f.amounts {
				sum += a.fen
			}
			p.BudgetFen = &sum
		}
		// Some goals go on to pack numbered indicators (1、1-产出指标；…).
		if ins, rest := parsePacked(p.Goal, []pageMark{{page: p.PageFirst}}); len(ins) > 0 {
			p.Goal, p.Indicators = rest, ins
		}
		projects = append(projects, p)
		findings = append(findings, projectFindings(p, f.amounts, f.joins, f.truncated, tableSeq, c)...)
	}
	return projects, findings, len(projects) > 0
}

// hasHeader reports whether a header row of t holds a cell labelled one of
// ls.
func hasHeader(t *table, ls labels) bool {
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
func headerLabel(t *table, col int) string {
	for r := 0; r < headerDepth(t); r++ {
		if s := t.Line(r, col); s != "" {
			return s
		}
	}
	return ""
}
