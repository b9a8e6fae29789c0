package normalize

import (
	"regexp"
	"slices"
	"strings"
)

// A role is what a column of a performance-target table holds.
type role int

const (
	colUnit role = iota
	colProject
	colBudget
	colGoal
	colLevel1
	colLevel2
	colLevel3
	colNature
	colValue
	colMeasure
	colWeight
	colDirection
	nRoles
)

// columns maps roles to 0-based grid columns; -1 where the table has none.
type columns [nRoles]int

// text returns the text of row r of t in the column of role ro, or "" when
// t has no such column.
func (cols *columns) text(t *table, r int, ro role) string {
	if cols[ro] < 0 {
		return ""
	}
	return t.Line(r, cols[ro])
}

// findColumns reads the header rows of t and returns the column of each
// role. ok is false when the table lacks the columns every indicator row
// needs (三级指标 and 指标值).
func findColumns(t *table) (cols columns, ok bool) {
	for i := range cols {
		cols[i] = -1
	}
	header := t.Header
	if header == 0 {
		header = min(len(t.Rows), 5)
	}
	// Exact labels first; then labels contained in longer header texts, in
	// an order where the more specific roles claim a column first (度量单位
	// is a measure, not a 单位).
	for pass, order := range [][]role{exactOrder, containsOrder} {
		for r := 0; r < header; r++ {
			for _, c := range t.Rows[r].Cells {
				if len(c.Lines) == 0 || slices.Contains(cols[:], c.Col) {
					continue
				}
				label := labelText(c.Lines[0])
				for _, ro := range order {
					if cols[ro] < 0 && matchLabel(label, roleLabels[ro], pass == 0) {
						cols[ro] = c.Col
						break
					}
				}
			}
		}
	}
	return cols, cols[colLevel3] >= 0 && cols[colValue] >= 0
}

var (
	exactOrder    = []role{colUnit, colProject, colBudget, colGoal, colLevel1, colLevel2, colLevel3, colNature, colValue, colMeasure, colWeight, colDirection}
	containsOrder = []role{colLevel1, colLevel2, colLevel3, colNature, colValue, colMeasure, colWeight, colDirection, colProject, colBudget, colGoal, colUnit}
)

// matchLabel reports whether a canonical label is one of ls (exact) or
// contains one.
func matchLabel(label string, ls labels, exact bool) bool {
	if exact {
		return ls.match(label)
	}
	return ls.contained(label)
}

// isLevel1 reports whether s is a first-level indicator class: one of
// level1Words, with or without its 指标 (产出), and perhaps its score
// (产出指标（50分）). A text that only opens with a class's word is none: a
// goal cut by a page may go on 满意度，切实….
func isLevel1(s string) bool {
	for _, w := range level1Words {
		rest, ok := strings.CutPrefix(s, strings.TrimSuffix(w, "指标"))
		if !ok {
			continue
		}
		rest = strings.TrimPrefix(rest, "指标")
		if rest == "" || strings.HasPrefix(rest, "(") || strings.HasPrefix(rest, "（") {
			return true
		}
	}
	return false
}

var (
	// codeRE matches an organisation or subject code with its name:
	// 307-县人社局部门, 307003-井研县就业创业促进中心, 2080505 行政单位养老.
	codeRE = regexp.MustCompile(`^[0-9]{3,9}(?:\s*[-－—]\s*\S.*)?$`)
	orgRE  = regexp.MustCompile(`^([0-9]{3,})\s*[-－—_]\s*(.+)$`)
)

// splitOrg splits 307003-井研县就业创业促进中心 into its code and name; a
// name without a code comes back with an empty code.
func splitOrg(s string) (code, name string) {
	if m := orgRE.FindStringSubmatch(s); m != nil {
		return m[1], m[2]
	}
	return "", s
}
