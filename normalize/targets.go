package normalize

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/budgetx/budgetx/model"
)

// A fragment is one project block as printed: a run of rows under one
// 项目名称 cell. A page break can cut a project into two fragments.
type fragment struct {
	name, goal string
	unit       string // the unit's label, where the layout prints it beside the project
	amounts    []printedAmount
	indicators []model.Indicator
	firstRow   int
	pageFirst  int
	pageLast   int
	truncated  bool // the goal was flagged clipped by the extractor
	opensPage  bool // the block starts on the first data row of its page
	ruled      bool // its cells carry their printed boxes: the format shows where a cell closes
	joins      []join
}

// A join is a continuation decision about a block that opened a page:
// joined to the project above it, or kept apart. It becomes a finding.
type join struct {
	first, rest string // the names of the blocks above and below the break
	page        int    // the page the rest opens
	score       int
	evidence    []string
	joined      bool
}

type printedAmount struct {
	fen  int64
	page int
}

// group is a department or unit row: 307-县人社局部门 with its total, or the
// label of a merged 单位名称 cell, which belongs to every row it spans.
type group struct {
	code, name string
	row, span  int
	total      *printedAmount
	department bool
}

// targetsGrid interprets a 项目支出绩效目标表 in the Sichuan-style grid
// layout (one row per indicator, project cells merged over their rows). It
// realigns shifted rows, assembles projects, stitches projects a page break
// cut in two, and reports what does not add up. ok is false when t lacks
// the columns of such a table.
func targetsGrid(t *table, unit string, tableSeq int, c checks) (projects []model.Project, findings []model.Finding, ok bool) {
	cols, ok := findColumns(t)
	if !ok {
		return nil, nil, false
	}
	realignShiftedRows(t, cols)
	frags, groups := projectFragments(t, cols, unit)
	frags = stitchSplitProjects(frags)
	frags = slices.DeleteFunc(frags, func(f *fragment) bool {
		return len(f.indicators) == 0 && len(f.amounts) == 0 && f.goal == ""
	})

	// Labels in merged cells of their own are printed over the first rows
	// of their units; labels that span nothing were printed where the
	// middle of their block fell.
	units := labelNearest
	for _, g := range groups {
		if g.span > 1 {
			units = labelFirst
		}
	}
	var depts []group
	for _, g := range groups {
		if g.department {
			depts = append(depts, g)
		}
	}
	for i, f := range frags {
		p := model.Project{
			Seq: i + 1, TableSeq: tableSeq, Name: f.name, Goal: f.goal,
			PageFirst: f.pageFirst, PageLast: f.pageLast, Indicators: f.indicators,
		}
		for j := range p.Indicators {
			p.Indicators[j].Seq = j + 1
		}
		if d := groupOf(depts, f.firstRow, labelAbove); d != nil {
			p.DepartmentCode, p.DepartmentName = d.code, d.name
		}
		if u := groupOf(unitsIn(groups, depts, f.firstRow), f.firstRow, units); u != nil {
			p.UnitCode, p.UnitName = u.code, u.name
		}
		if len(f.amounts) > 0 {
			sum := int64(0)
			for _, a := range f.amounts {
				sum += a.fen
			}
			p.BudgetFen = &sum
		}
		projects = append(projects, p)
		findings = append(findings, projectFindings(p, f.amounts, f.joins, f.truncated, tableSeq, c)...)
	}
	findings = append(findings, totalFindings(depts, frags, tableSeq, c)...)
	return projects, findings, true
}

// realignShiftedRows moves each indicator row whose cells sit left or right
// of their columns back into place. The 指标性质 symbol (≥ ≤ = 定性) or a
// first-level class (产出指标) anchors the row; the 一级指标 vocabulary, a
// number under 指标值 and 权重, and 正向/反向 under 指标方向性 confirm the
// shift.
func realignShiftedRows(t *table, cols columns) {
	if cols[colNature] < 0 && cols[colLevel1] < 0 {
		return
	}
	ncols := 0
	for r := 0; r < max(t.Header, 1) && r < len(t.Rows); r++ {
		for _, c := range t.Rows[r].Cells {
			ncols = max(ncols, c.Col+c.ColSpan)
		}
	}
	for r := t.Header; r < len(t.Rows); r++ {
		row := &t.Rows[r]
		best, bestScore, need := 0, -1, 2
		for _, c := range row.Cells {
			if len(c.Lines) == 0 {
				continue
			}
			var shift, enough int
			switch _, op := operators[c.Lines[0]]; {
			case op && cols[colNature] >= 0:
				shift, enough = cols[colNature]-c.Col, 2
			case isLevel1(c.Lines[0]) && cols[colLevel1] >= 0:
				// Without a symbol, the class and more must agree.
				shift, enough = cols[colLevel1]-c.Col, 3
			default:
				continue
			}
			if s := confirmShift(row, shift, cols); s > bestScore || s == bestScore && shift == 0 {
				best, bestScore, need = shift, s, enough
			}
		}
		if best == 0 || bestScore < need {
			continue
		}
		kept := row.Cells[:0]
		var outside []model.Cell // text pushed past the grid's edge
		for _, c := range row.Cells {
			c.Col += best
			if c.Col < 0 || c.Col >= ncols {
				if len(c.Lines) > 0 {
					c.Col = min(max(c.Col, 0), ncols-1)
					outside = append(outside, c)
				}
				continue
			}
			kept = append(kept, c)
		}
		for _, c := range outside {
			// Onto the edge column, joining the text already there.
			if i := cellAt(kept, c.Col); i >= 0 {
				kept[i].Lines = []string{joinLines(append(append([]string(nil), kept[i].Lines...), c.Lines...))}
				continue
			}
			kept = append(kept, c)
		}
		row.Cells = kept
	}
}

// confirmShift scores how well a row reads when shifted by shift columns.
func confirmShift(row *model.Row, shift int, cols columns) int {
	at := func(ro role) string {
		if cols[ro] < 0 {
			return ""
		}
		i := cellAt(row.Cells, cols[ro]-shift)
		if i < 0 || len(row.Cells[i].Lines) == 0 {
			return ""
		}
		return row.Cells[i].Lines[0]
	}
	score := 0
	if isLevel1(at(colLevel1)) {
		score += 2
	}
	if l2 := at(colLevel2); strings.HasSuffix(l2, "指标") || strings.HasSuffix(l2, "满意度") || strings.HasSuffix(l2, "成本") {
		score++
	}
	if _, err := strconv.ParseFloat(at(colWeight), 64); err == nil {
		score++
	}
	if d := at(colDirection); d == "正向指标" || d == "反向指标" {
		score++
	}
	if at(colValue) != "" {
		score++
	}
	return score
}

// projectFragments walks the data rows and cuts them into project blocks,
// carrying each merged 项目名称/预算数/年度目标 cell over the rows it spans.
func projectFragments(t *table, cols columns, unit string) ([]*fragment, []group) {
	var (
		frags    []*fragment
		groups   []group
		cur      *fragment
		lastPage int // the page of the last row that held a project's text
	)
	for r := t.Header; r < len(t.Rows); r++ {
		page := t.Rows[r].Page
		name, goal := cols.text(t, r, colProject), cols.text(t, r, colGoal)
		amount := cols.text(t, r, colBudget)
		anchor := cols.text(t, r, colNature) != "" || cols.text(t, r, colLevel3) != ""
		if u := cols.text(t, r, colUnit); u != "" {
			g := group{row: r, span: 1}
			g.code, g.name = splitOrg(u)
			if c := t.Cell(r, cols[colUnit]); c != nil {
				g.span = c.RowSpan
			}
			if name == "" && !anchor {
				// A row of its own: a department (3-digit code) or unit
				// heading with its total.
				g.department = len(g.code) == 3 || len(g.code) == 0 && len(groups) == 0
				if fen, ok, err := parseAmount(amount, unit); ok && err == nil {
					g.total = &printedAmount{fen: fen, page: page}
				}
				groups = append(groups, g)
				cur = nil
				continue
			}
			groups = append(groups, g)
		}
		if name != "" || cur == nil && (goal != "" || amount != "" || anchor) {
			cur = &fragment{name: name, firstRow: r, pageFirst: page, opensPage: page != lastPage}
			if c := t.Cell(r, cols[colProject]); c != nil && !c.Box.IsZero() {
				cur.ruled = true
			}
			frags = append(frags, cur)
		}
		if name != "" || goal != "" || amount != "" || anchor {
			lastPage = page
		}
		if cur == nil {
			continue // nothing of a project yet: a note or an empty row
		}
		if goal != "" {
			cur.goal = joinLines([]string{cur.goal, goal})
			if c := t.Cell(r, cols[colGoal]); c != nil && c.Flags&model.Clipped != 0 {
				cur.truncated = true
			}
		}
		if fen, ok, err := parseAmount(amount, unit); ok && err == nil {
			cur.amounts = append(cur.amounts, printedAmount{fen: fen, page: page})
		}
		if anchor {
			cur.indicators = append(cur.indicators, indicatorAt(t, r, cols))
		}
		cur.pageLast = max(cur.pageLast, page)
	}
	return frags, groups
}

// indicatorAt reads the indicator in row r.
func indicatorAt(t *table, r int, cols columns) model.Indicator {
	in := model.Indicator{
		Level1: cols.text(t, r, colLevel1), Level2: cols.text(t, r, colLevel2), Level3: cols.text(t, r, colLevel3),
		ValueText: cols.text(t, r, colValue), MeasureUnit: cols.text(t, r, colMeasure), Direction: cols.text(t, r, colDirection),
		Page: t.Rows[r].Page,
	}
	nature := cols.text(t, r, colNature)
	in.Operator = operators[nature]
	switch {
	case in.Operator == "" && in.ValueText != "":
		// 定量 or no 指标性质 column: the value may carry the symbol,
		// ≥13459.00(平方米), as a form's does.
		v := parseValue(in.ValueText)
		in.Operator, in.ValueText, in.ValueNum, in.MeasureUnit = v.op, v.text, v.num, cmp.Or(in.MeasureUnit, v.measure)
	case in.Operator != "定性":
		in.ValueNum = parseNumber(in.ValueText)
	}
	if w := parseNumber(cols.text(t, r, colWeight)); w != nil {
		in.Weight = w
	}
	return in
}

// parseNumber reads a plain number (100, 4.4, 1,800); nil for anything else.
func parseNumber(s string) *float64 {
	s = strings.ReplaceAll(s, ",", "")
	if s == "" {
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil
	}
	return &f
}

// stitchSplitProjects joins each block that a page break cut off a project
// to the project, as continuation decides; each decision about a block
// that opens a page is kept with the project for its finding.
func stitchSplitProjects(frags []*fragment) []*fragment {
	t := tableBlocks(frags)
	var out []*fragment
	for _, f := range frags {
		n := len(out)
		if n == 0 {
			out = append(out, f)
			continue
		}
		a := out[n-1]
		score, evidence := continuation(t, a, f)
		if score == notCandidate {
			out = append(out, f)
			continue
		}
		d := join{first: a.name, rest: f.name, page: f.pageFirst, score: score, evidence: evidence, joined: score >= doubtAt}
		if !d.joined {
			f.joins = append(f.joins, d)
			out = append(out, f)
			continue
		}
		// A name printed again on the next page is the producer repeating
		// the merged cells: its amount too may be printed twice.
		repeated := f.name == a.name
		if !repeated {
			a.name = joinLines([]string{a.name, f.name})
		}
		a.goal = joinSeam(a.goal, f.goal)
		if !repeated || !sameAmounts(a.amounts, f.amounts) {
			a.amounts = append(a.amounts, f.amounts...)
		}
		a.indicators = append(a.indicators, f.indicators...)
		a.pageLast = max(a.pageLast, f.pageLast)
		a.truncated = f.truncated
		a.joins = append(a.joins, d)
	}
	return out
}

func sameAmounts(a, b []printedAmount) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].fen != b[i].fen {
			return false
		}
	}
	return true
}

// weightSum adds the weights of indicators; ok is false when some weight is
// missing.
func weightSum(ins []model.Indicator) (float64, bool) {
	sum := 0.0
	for _, in := range ins {
		if in.Weight == nil {
			return 0, false
		}
		sum += *in.Weight
	}
	return sum, len(ins) > 0
}

// continuesPhrase reports whether s starts in the middle of a phrase: with
// punctuation that cannot open one, with a particle that cannot, or with a
// closing bracket before any opening one.
func continuesPhrase(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if strings.ContainsRune("、，,；;：:）)”’》〉」』】。.的地得之和及与或等", r) {
		return true
	}
	closing := strings.IndexAny(s, "》〉）)")
	opening := strings.IndexAny(s, "《〈（(")
	return closing >= 0 && (opening < 0 || closing < opening)
}

// endsSentence reports whether s ends with terminal punctuation.
func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune("。！？；.!?;）)”」", r)
}

// How groupOf picks the label of a row no merged cell spans.
type labelRule int

const (
	labelAbove   labelRule = iota // the nearest group above the row (departments)
	labelNearest                  // the label printed nearest to the row
	labelFirst                    // the nearest label above, else the nearest below
)

// groupOf returns the group a row belongs to: a label whose merged cell
// spans the row, else the one rule picks. A text dump prints a merged
// label where the middle of its cell falls, so the nearest label is the
// row's; a producer that merges the label over a unit's first project
// only (a budget system's HTML, Chromium printing it) leaves the cells
// under it blank, so the label above is.
func groupOf(gs []group, row int, rule labelRule) *group {
	var best *group
	for i := range gs {
		g := &gs[i]
		if g.span > 1 && g.row <= row && row < g.row+g.span {
			return g
		}
		above := g.row <= row
		switch {
		case rule == labelAbove:
			if above {
				best = g
			}
		case best == nil:
			best = g
		case rule == labelFirst && above != (best.row <= row):
			if above {
				best = g
			}
		case abs(g.row-row) < abs(best.row-row):
			best = g
		}
	}
	return best
}

// unitsIn returns the unit groups in the department block that holds row.
func unitsIn(groups, depts []group, row int) []group {
	lo, hi := -1, math.MaxInt
	for _, d := range depts {
		if d.row <= row {
			lo = d.row
		} else {
			hi = min(hi, d.row)
		}
	}
	var out []group
	for _, g := range groups {
		if !g.department && lo < g.row && g.row < hi {
			out = append(out, g)
		}
	}
	return out
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// projectFindings reports what a reader should know about one project:
// amounts are those its printed parts carry, joins the continuation
// decisions about them, and truncated says the extractor flagged its goal
// clipped.
func projectFindings(p model.Project, amounts []printedAmount, joins []join, truncated bool, tableSeq int, c checks) []model.Finding {
	var out []model.Finding
	add := func(sev model.Severity, code model.Code, page int, format string, args ...any) {
		out = append(out, model.Finding{
			Severity: sev, Code: code, Message: fmt.Sprintf(format, args...),
			Page: page, TableSeq: tableSeq, ProjectSeq: p.Seq,
		})
	}
	if len(amounts) > 1 {
		parts := make([]string, len(amounts))
		for i, a := range amounts {
			parts[i] = fmt.Sprintf("%s (p%d)", model.GroupedYuan(a.fen), a.page)
		}
		add(model.SevWarning, model.CodeBudgetFragments, p.PageFirst,
			"%s: a page break cut the project in two and each part printed an amount: %s; stored as their sum %s%s",
			p.Name, strings.Join(parts, " + "), model.GroupedYuan(*p.BudgetFen), joinEvidence(joins))
	}
	for _, d := range joins {
		switch {
		case !d.joined:
			add(model.SevInfo, model.CodeFragmentsApart, d.page,
				"%s opens page %d below %s and is read as a project of its own (score %d: %s)",
				d.rest, d.page, d.first, d.score, strings.Join(d.evidence, "; "))
		case d.score < joinAt:
			add(model.SevWarning, model.CodeFragmentsJoined, d.page,
				"%s: %s and %s, on either side of the break before page %d, are read as one project on weak evidence (score %d: %s)",
				p.Name, d.first, d.rest, d.page, d.score, strings.Join(d.evidence, "; "))
		case len(amounts) < 2:
			add(model.SevInfo, model.CodeFragmentsJoined, d.page,
				"%s: %s and %s, on either side of the break before page %d, are read as one project (score %d: %s)",
				p.Name, d.first, d.rest, d.page, d.score, strings.Join(d.evidence, "; "))
		}
	}
	if w, ok := weightSum(p.Indicators); ok && c.record(model.CodeWeightSum, w != 90 && w != 100) {
		add(model.SevWarning, model.CodeWeightSum, p.PageFirst,
			"%s: indicator weights sum to %s, neither 90 nor 100", p.Name, strconv.FormatFloat(w, 'f', -1, 64))
	}
	if p.Goal != "" && (truncated || !endsSentence(p.Goal)) {
		tail := []rune(p.Goal)
		tail = tail[max(len(tail)-12, 0):]
		add(model.SevInfo, model.CodeTextTruncated, p.PageLast,
			"%s: the goal text stops without closing punctuation (…%s): the printed cell may have cut it off", p.Name, string(tail))
	}
	for _, in := range p.Indicators {
		if conflict(in) {
			add(model.SevInfo, model.CodeDirectionConflict, in.Page,
				"%s: indicator %s is marked %s but its operator is %s", p.Name, in.Level3, in.Direction, in.Operator)
		}
	}
	return out
}

// joinEvidence says why the parts of a project were joined, for the
// finding about their amounts.
func joinEvidence(joins []join) string {
	var why []string
	for _, d := range joins {
		if d.joined {
			why = append(why, fmt.Sprintf("joined at page %d on score %d (%s)", d.page, d.score, strings.Join(d.evidence, "; ")))
		}
	}
	if len(why) == 0 {
		return ""
	}
	return "; " + strings.Join(why, "; ")
}

// conflict reports whether an indicator's direction contradicts its
// operator: 正向 (more is better) with ≤ or <, 反向 with ≥ or >.
func conflict(in model.Indicator) bool {
	switch {
	case strings.HasPrefix(in.Direction, "正向"):
		return in.Operator == "≤" || in.Operator == "<"
	case strings.HasPrefix(in.Direction, "反向"):
		return in.Operator == "≥" || in.Operator == ">"
	}
	return false
}

// totalFindings compares each department's printed total with the sum of
// its projects and, when they differ, says which choice of fragment amounts
// would reconcile them.
func totalFindings(depts []group, frags []*fragment, tableSeq int, c checks) []model.Finding {
	var out []model.Finding
	for i, d := range depts {
		if d.total == nil {
			continue
		}
		end := math.MaxInt
		if i+1 < len(depts) {
			end = depts[i+1].row
		}
		var mine []*fragment
		sum := int64(0)
		for _, f := range frags {
			if f.firstRow > d.row && f.firstRow < end {
				mine = append(mine, f)
				for _, a := range f.amounts {
					sum += a.fen
				}
			}
		}
		if len(mine) == 0 {
			continue
		}
		if !c.record(model.CodeTotalMismatch, sum != d.total.fen) {
			continue
		}
		msg := fmt.Sprintf("%s-%s: the projects sum to %s but the department row declares %s (difference %s)",
			d.code, d.name, model.GroupedYuan(sum), model.GroupedYuan(d.total.fen), model.GroupedYuan(sum-d.total.fen))
		if fixes := reconcile(mine, d.total.fen); len(fixes) > 0 {
			msg += "; keeping one printed amount of a project split across pages would reconcile it: " + strings.Join(fixes, "; or ")
		} else {
			msg += "; no choice of the split projects' printed amounts reconciles it"
		}
		out = append(out, model.Finding{
			Severity: model.SevWarning, Code: model.CodeTotalMismatch, Message: msg,
			Page: d.total.page, TableSeq: tableSeq,
		})
	}
	return out
}

// Bounds of reconcile's search and of what it reports.
const (
	maxCombinations = 4096
	maxFixes        = 10
)

// reconcile lists the ways of keeping, for projects that printed several
// amounts, only one of them so that all projects sum to want.
func reconcile(frags []*fragment, want int64) []string {
	base := int64(0)
	var split []*fragment
	for _, f := range frags {
		if len(f.amounts) > 1 {
			split = append(split, f)
		}
		for _, a := range f.amounts {
			base += a.fen
		}
	}
	// Each split project may keep its sum or one of its amounts; past a few
	// thousand combinations the search is not worth its time.
	combinations := 1
	for _, f := range split {
		combinations *= len(f.amounts) + 1
		if combinations > maxCombinations {
			return nil
		}
	}
	var fixes []string
	choice := make([]int, len(split)) // 0: keep the sum; k: keep amount k-1 only
	var walk func(i int, sum int64)
	walk = func(i int, sum int64) {
		if len(fixes) == maxFixes {
			return
		}
		if i == len(split) {
			if sum != want {
				return
			}
			var parts []string
			for j, c := range choice {
				if c > 0 {
					a := split[j].amounts[c-1]
					parts = append(parts, fmt.Sprintf("%s at %s (p%d)", split[j].name, model.GroupedYuan(a.fen), a.page))
				}
			}
			if len(parts) > 0 {
				fixes = append(fixes, strings.Join(parts, " and "))
			}
			return
		}
		total := int64(0)
		for _, a := range split[i].amounts {
			total += a.fen
		}
		choice[i] = 0
		walk(i+1, sum)
		for k, a := range split[i].amounts {
			choice[i] = k + 1
			walk(i+1, sum-total+a.fen)
		}
		choice[i] = 0
	}
	walk(0, base)
	return fixes
}
