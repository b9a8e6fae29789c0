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
	for _, p := range doc.Pages {
		for _, f := range p.Tables {
			unwrapCellText(f)
		}
	}
	tables := stitchPages(doc)
	for _, t := range tables {
		repairTitle(t)
	}
	tables = stitchTargetPages(tables)
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
			projects, findings, tested, ok := interpretTargets(t, unit, seq)
			if ok {
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

// A targetLayout interprets one layout of performance-target table;
// ok is false when the table is not in that layout. Projects are numbered
// from 1 within the table. The identities it tests are counted in c.
type targetLayout func(t *table, unit string, tableSeq int, c checks) (projects []model.Project, findings []model.Finding, ok bool)

// targetLayouts are tried in order on every table that may hold
// performance targets; the first that reads the table wins.
var targetLayouts = []targetLayout{
	targetsPacked, // one row per project, its indicators packed in one cell
	targetsForms,  // one form per project, or the department's as one
	targetsGrid,   // one row per indicator, project cells merged over them
	targetsGoals,  // one row per project with its goal, no indicators
}

func interpretTargets(t *table, unit string, tableSeq int) ([]model.Project, []model.Finding, checks, bool) {
	for _, layout := range targetLayouts {
		c := checks{}
		if projects, findings, ok := layout(t, unit, tableSeq, c); ok {
			return projects, findings, c, true
		}
	}
	return nil, nil, nil, false
}
