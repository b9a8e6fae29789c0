package normalize

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/budgetx/budgetx/model"
)

// targetsPacked interprets a performance table that packs all of a
// project's indicators into one 绩效指标 cell (Guangzhou):
//
//	1、1-产出指标；11-数量指标；会议活动保障次数；实施周期指标值:每年≥20场；年度指标值:每年≥20场。2、…
//
// One row is one project, under the subtotal row of the unit that spends
// the money; a 合计 row totals the table. Each packed item becomes an
// indicator whose target is the 年度指标值. ok is false when t has no
// 项目名称 and 绩效指标 columns, or when its 绩效指标 cells hold no packed
// items.
func targetsPacked(t *table, unit string, tableSeq int, c checks) (projects []model.Project, findings []model.Finding, ok bool) {
	cols, ok := packedColumns(t)
	if !ok {
		return nil, nil, false
	}
	var (
		blocks []*packedBlock
		cur    *packedBlock
		units  []packedTotal // unit subtotal rows, in order
		grand  *packedTotal
	)
	for r := t.Header; r < len(t.Rows); r++ {
		name, goal, packed := t.Line(r, cols.name), t.Line(r, cols.goal), t.Line(r, cols.packed)
		page := t.Rows[r].Page
		fen, hasAmount, _ := parseAmount(t.Line(r, cols.total), unit)
		switch {
		case grandTotalLabels.match(canon(name)):
			grand = &packedTotal{name: name, fen: fen, page: page, from: len(blocks)}
			continue
		case name != "" && goal == "" && packed == "" && hasAmount:
			units = append(units, packedTotal{name: name, fen: fen, page: page, from: len(blocks)})
			continue
		case name == "" && cur != nil && (goal != "" || packed != ""):
			// The rest of a project a page break cut.
		case name == "" && goal == "" && packed == "":
			continue
		default:
			cur = &packedBlock{name: name, pageFirst: page}
			if len(units) > 0 {
				cur.unit = units[len(units)-1].name
			}
			if hasAmount {
				cur.amounts = append(cur.amounts, printedAmount{fen: fen, page: page})
			}
			blocks = append(blocks, cur)
		}
		cur.goal = joinSeam(cur.goal, goal)
		if c := t.Cell(r, cols.goal); c != nil && c.Flags&model.Clipped != 0 {
			cur.truncated = true
		}
		if packed != "" {
			joined := joinSeam(cur.packed, packed)
			cur.pages = append(cur.pages, pageMark{at: max(len(cur.packed), len(joined)-len(packed)), page: page})
			cur.packed = joined
		}
		cur.pageLast = page
	}
	dept := captionValue(t.Caption, "部门名称", "单位名称")
	for i, b := range blocks {
		p := model.Project{
			Seq: i + 1, TableSeq: tableSeq, DepartmentName: dept, UnitName: b.unit,
			Name: b.name, Goal: b.goal, PageFirst: b.pageFirst, PageLast: b.pageLast,
		}
		if len(b.amounts) > 0 {
			p.BudgetFen = &b.amounts[0].fen
		}
		var rest string
		p.Indicators, rest = parsePacked(b.packed, b.pages)
		projects = append(projects, p)
		findings = append(findings, projectFindings(p, b.amounts, nil, b.truncated, tableSeq, c)...)
		if rest != "" {
			findings = append(findings, model.Finding{
				Severity: model.SevWarning, Code: model.CodeIndicatorsUnparsed, Page: b.pageFirst, TableSeq: tableSeq, ProjectSeq: p.Seq,
				Message: fmt.Sprintf("%s: the 绩效指标 cell holds text that is not a numbered indicator: %q", p.Name, rest),
			})
		}
	}
	findings = append(findings, packedTotalFindings(grand, units, projects, unit, tableSeq, c)...)
	return projects, findings, true
}

// packedBlock is one project as printed: its row, and the rows a page
// break moved to the next page.
type packedBlock struct {
	name, unit, goal, packed string
	pages                    []pageMark // where in packed each page's text starts
	amounts                  []printedAmount
	pageFirst, pageLast      int
	truncated                bool
}

type pageMark struct{ at, page int }

// packedTotal is a 合计 row or a unit's subtotal row; from is the number
// of projects read before it. A 合计 totals every project of the table.
type packedTotal struct {
	name string
	fen  int64
	page int
	from int
}

type packedCols struct{ name, total, goal, packed int }

// packedColumns finds the columns of a packed table: 项目名称 (also
// 项目名称（资金使用单位）), the total amount (总计), 绩效目标 and 绩效指标,
// and no 三级指标 or 指标值 column.
func packedColumns(t *table) (cols packedCols, ok bool) {
	cols = packedCols{-1, -1, -1, -1}
	for r := 0; r < headerDepth(t); r++ {
		for _, c := range t.Rows[r].Cells {
			label := labelText(firstLine(c.Lines))
			switch {
			case packedIndicatorLabels.match(label):
				cols.packed = c.Col
			case packedGoalLabels.match(label):
				cols.goal = c.Col
			case packedNameLabels.match(label):
				cols.name = c.Col
			case cols.total < 0 && (grandTotalLabels.match(label) || roleLabels[colBudget].match(label)):
				cols.total = c.Col
			case matchLabel(label, roleLabels[colLevel3], false) || matchLabel(label, roleLabels[colValue], false):
				return cols, false
			}
		}
	}
	if cols.name < 0 || cols.packed < 0 {
		return cols, false
	}
	for r := t.Header; r < len(t.Rows); r++ {
		if ins, _ := parsePacked(t.Line(r, cols.packed), nil); len(ins) > 0 {
			return cols, true
		}
	}
	return cols, false
}

// headerDepth is the number of rows at the top of t to search for column
// labels.
func headerDepth(t *table) int {
	if t.Header > 0 {
		return t.Header
	}
	return min(len(t.Rows), 5)
}

var (
	// packedItemRE finds where a numbered item starts: its number in any
	// punctuation (1、 2. 3．), then the code and name of a first-level
	// class (1-产出指标, 1－产出指标). Producers number items erratically
	// (1. 2、 1、 3、), so the class, not the number, marks an item.
	packedItemRE = regexp.MustCompile(`[0-9]+\s*[、.．]\s*[0-9]\s*[-－—]\s*(?:` + strings.Join(level1Words, "|") + `)`)
	// levelFieldRE reads a class with its code at the start of an item's
	// text, up to the separator after it: 11-数量指标；, 12－质量指标，.
	levelFieldRE = regexp.MustCompile(`^\s*[0-9]+\s*[-－—]\s*([^，,；;]+?)\s*[，,；;]`)
	// packedValueRE finds the labels of an item's targets.
	packedValueRE = regexp.MustCompile(`(实施周期指标值|年度指标值|指标值)\s*[:：]`)
)

// parsePacked reads the numbered items of a packed 绩效指标 text. Each item
// holds the first- and second-level classes with their codes, the
// indicator's name, then 实施周期指标值 and 年度指标值, separated by ； or
// ， in either width. rest is any text before the first item. pages says
// on which page each part of the text was printed.
func parsePacked(s string, pages []pageMark) (ins []model.Indicator, rest string) {
	starts := packedItemRE.FindAllStringIndex(s, -1)
	if len(starts) == 0 {
		return nil, strings.TrimSpace(s)
	}
	rest = strings.TrimSpace(s[:starts[0][0]])
	for i, m := range starts {
		end := len(s)
		if i+1 < len(starts) {
			end = starts[i+1][0]
		}
		item := s[m[0]:end]
		// Past the item's number and its punctuation.
		item = item[strings.IndexFunc(item, func(r rune) bool { return r == '、' || r == '.' || r == '．' }):]
		_, size := utf8.DecodeRuneInString(item)
		in := packedIndicator(item[size:])
		in.Seq = len(ins) + 1
		for _, p := range pages {
			if p.at <= m[0] {
				in.Page = p.page
			}
		}
		ins = append(ins, in)
	}
	return ins, rest
}

// packedIndicator reads one item without its number: 1-产出指标；11-数量指标；
// 会议活动保障次数；实施周期指标值:每年≥20场；年度指标值:每年≥20场. The
// year's target is stored; the one over the whole period is not.
func packedIndicator(item string) model.Indicator {
	var in model.Indicator
	for _, level := range []*string{&in.Level1, &in.Level2} {
		m := levelFieldRE.FindStringSubmatchIndex(item)
		if m == nil {
			break
		}
		*level = item[m[2]:m[3]]
		item = item[m[1]:]
	}
	labels := packedValueRE.FindAllStringSubmatchIndex(item, -1)
	name := item
	if len(labels) > 0 {
		name = item[:labels[0][0]]
	}
	in.Level3 = strings.Trim(name, packedSeparators)
	value := ""
	for i, l := range labels {
		end := len(item)
		if i+1 < len(labels) {
			end = labels[i+1][0]
		}
		label := item[l[2]:l[3]]
		if label == "年度指标值" || label == "指标值" && value == "" {
			value = strings.Trim(item[l[1]:end], packedSeparators)
		}
	}
	if value != "" {
		v := parseValue(value)
		in.Operator, in.ValueText, in.ValueNum, in.MeasureUnit = v.op, v.text, v.num, v.measure
	}
	return in
}

// packedSeparators are what a packed item puts between its fields and
// after its last one.
const packedSeparators = " 　，,；;。"

func hasLabel(field, label string) bool {
	rest, ok := strings.CutPrefix(field, label)
	return ok && (strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "："))
}

func afterLabel(field string) string {
	_, v, _ := strings.Cut(strings.Replace(field, "：", ":", 1), ":")
	return strings.TrimSpace(v)
}

var captionRE = regexp.MustCompile(`^(.+?)\s*[:：]\s*(.+)$`)

// captionValue returns the value of the first caption line labelled with
// one of labels: 部门名称：广州市政务服务和数据管理局.
func captionValue(caption []string, labels ...string) string {
	for _, l := range caption {
		m := captionRE.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		for _, label := range labels {
			if strings.HasSuffix(m[1], label) {
				return m[2]
			}
		}
	}
	return ""
}

// packedTotalFindings compares each unit's subtotal with the sum of its
// projects, and the 合计 row with the sum of the units (or of all projects
// when there are no units), allowing for each term's rounding.
func packedTotalFindings(grand *packedTotal, units []packedTotal, projects []model.Project, unit string, tableSeq int, c checks) []model.Finding {
	sum := func(from, to int) int64 {
		s := int64(0)
		for _, p := range projects[from:to] {
			if p.BudgetFen != nil {
				s += *p.BudgetFen
			}
		}
		return s
	}
	var out []model.Finding
	mismatch := func(t packedTotal, got int64, what string, terms int) {
		if !c.record(model.CodeTotalMismatch, abs64(got-t.fen) > tolerance(unit, terms)) {
			return
		}
		out = append(out, model.Finding{
			Severity: model.SevWarning, Code: model.CodeTotalMismatch, Page: t.page, TableSeq: tableSeq,
			Message: fmt.Sprintf("%s: the %s sum to %s but the row declares %s (difference %s)",
				t.name, what, model.GroupedYuan(got), model.GroupedYuan(t.fen), model.GroupedYuan(got-t.fen)),
		})
	}
	unitSum := int64(0)
	for i, u := range units {
		to := len(projects)
		if i+1 < len(units) {
			to = units[i+1].from
		}
		mismatch(u, sum(u.from, to), "projects", to-u.from)
		unitSum += u.fen
	}
	if grand != nil {
		if len(units) > 0 {
			mismatch(*grand, unitSum+sum(0, units[0].from), "units", len(units)+units[0].from)
		} else {
			mismatch(*grand, sum(0, len(projects)), "projects", len(projects))
		}
	}
	return out
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
