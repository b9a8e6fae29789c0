package normalize

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/budgetx/budgetx/model"
)

// Document normalizes doc into the records to store. It cleans the text of
// doc's fragments in place (unwrapCellText, which is idempotent) and leaves
// their structure alone, so normalizing the same document twice gives the
// same records.
func Document(doc *model.Document) *model.Records {
	tables := logicalTables(doc)
	rec := &model.Records{
		Info:     documentInfo(doc, tables),
		Findings: append([]model.Finding(nil), doc.Findings...),
	}
	printed := make([]string, len(tables))
	for i, t := range tables {
		printed[i] = cmp.Or(amountUnit(append([]string{t.Title}, t.Caption...)...), labelUnit(t))
	}
	// A table that prints no unit is most likely in the unit its siblings
	// print; that is an assumption, and a finding says so.
	docUnit := mostCommon(printed, func(u string) string { return u })
	units := make([]string, len(tables)) // what each table's amounts are read in
	for i, t := range tables {
		seq := i + 1
		kind := classifyTitle(t.Title)
		unit := cmp.Or(printed[i], docUnit)
		units[i] = unit
		before := len(rec.Projects)
		var c checks
		if kind == model.KindOther || targetKinds[kind] {
			if layout, projects, findings, tested := readTargets(t, unit, seq); layout != "" {
				if kind == model.KindOther {
					kind = model.KindProjectPerformance
				}
				base := len(rec.Projects)
				for j := range projects {
					projects[j].Seq += base
				}
				for j := range findings {
					if findings[j].ProjectSeq > 0 {
						findings[j].ProjectSeq += base
					}
				}
				rec.Projects = append(rec.Projects, projects...)
				rec.Findings = append(rec.Findings, findings...)
				c = tested
			}
		}
		tr := t.record(seq)
		tr.Checks = c.list()
		tr.Kind, tr.Unit, tr.Note = kind, printed[i], strings.Join(t.Notes, "\n")
		tr.Caption = strings.Join(t.Caption, "\n")
		tr.CaptionOrg, tr.Number = captionFacts(t)
		for j := before; j < len(rec.Projects); j++ {
			if p := &rec.Projects[j]; p.DepartmentName == "" && p.UnitName == "" {
				p.DepartmentName = tr.CaptionOrg // whose table it is, when its rows do not say
			}
		}
		if kind != model.KindOther && !targetKinds[kind] {
			tr.Lines = budgetLines(t, kind, unit)
		}
		if printed[i] == "" && unit != "" && (hasAmounts(tr.Lines) || hasBudgets(rec.Projects[before:])) {
			rec.Findings = append(rec.Findings, model.Finding{
				Severity: model.SevInfo, Code: model.CodeUnitAssumed, Page: tr.PageFirst, TableSeq: seq,
				Message: fmt.Sprintf("table %d (%s) prints no amount unit; its amounts are read in %s, the unit the document's other tables print",
					seq, tr.Title, unit),
			})
		}
		rec.Tables = append(rec.Tables, tr)
	}
	rec.Findings = append(rec.Findings, validate(rec.Tables, units)...)
	if rec.Info.OrgName == "" && len(rec.Projects) > 0 {
		rec.Info.OrgName = rec.Projects[0].DepartmentName
	}
	return rec
}

// logicalTables cleans the text of doc's fragments in place and stitches
// them into the logical tables Document interprets.
func logicalTables(doc *model.Document) []*table {
	for _, p := range doc.Pages {
		for _, f := range p.Tables {
			unwrapCellText(f)
		}
	}
	tables := stitchPages(doc)
	for _, t := range tables {
		repairTitle(t)
	}
	return stitchTargetPages(tables)
}

func hasAmounts(lines []model.BudgetLine) bool {
	for _, l := range lines {
		if l.AmountFen != nil {
			return true
		}
	}
	return false
}

func hasBudgets(projects []model.Project) bool {
	for _, p := range projects {
		if p.BudgetFen != nil {
			return true
		}
	}
	return false
}

// targetKinds are the kinds of table that hold projects and their
// performance indicators.
var targetKinds = map[model.Kind]bool{
	model.KindProjectPerformance: true,
	model.KindOverallPerformance: true,
	model.KindSelfEvaluation:     true,
}

// A targetLayout is one way performance-target tables are printed, and its
// reader. read numbers projects from 1 within the table, counts the
// identities it tests in c, and returns ok false when t is not in its
// layout.
type targetLayout struct {
	name string
	read func(t *table, unit string, tableSeq int, c checks) (projects []model.Project, findings []model.Finding, ok bool)
}

// targetLayouts are tried in order on every table that may hold
// performance targets; the first that reads a table claims it. Their
// headers overlap, so each says below what it claims and what it leaves to
// the others. TestTargetLayouts holds which layout claims each of the
// fixtures' tables, and which others would read it out of turn.
var targetLayouts = []targetLayout{
	// packed: one row per project, all its indicators packed into one
	// 绩效指标 cell (Guangzhou's project-target documents). It claims a
	// table with 项目名称 and 绩效指标 columns whose 绩效指标 cells hold
	// numbered items; it leaves a header with 三级指标 or 指标值 to the
	// others itself. No table of the fixtures is read by another layout
	// too (goals refuses a packed header itself); it goes first so that a
	// packed table is never read another way.
	{"packed", targetsPacked},
	// forms: one form per project (labelled cells such as 项目名称 above a
	// block of indicator rows), or the department's as one form (Shanghai,
	// Chongqing, the central 自评表 and 整体支出 tables). It leaves to grid an
	// indicator header that names a project or unit column (indicatorHeader
	// refuses it). It must come before grid: grid reads any table with
	// 三级指标 and 指标值 in its top rows, and so would read a form as one
	// grid.
	{"forms", targetsForms},
	// grid: one row per indicator, the project's cells merged over them
	// (Sichuan). It claims whatever table with 三级指标 and 指标值 columns
	// packed and forms left.
	{"grid", targetsGrid},
	// goals: one row per project with its goal and no indicators
	// (Hangzhou; Guangzhou's and Shenzhen's department budgets). It
	// refuses any table with indicator columns (三级指标, 指标值) or a
	// packed 绩效指标 header itself, so it does not rely on its place last.
	{"goals", targetsGoals},
}

// readTargets reads t with the first of targetLayouts that reads it, and
// returns that layout's name, or "" when none does.
func readTargets(t *table, unit string, tableSeq int) (layout string, projects []model.Project, findings []model.Finding, c checks) {
	for _, l := range targetLayouts {
		c := checks{}
		if projects, findings, ok := l.read(t, unit, tableSeq, c); ok {
			return l.name, projects, findings, c
		}
	}
	return "", nil, nil, nil
}
