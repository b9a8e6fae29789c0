package normalize

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/budgetx/budgetx/model"
)

// A lineRole is what a column of a standard budget table holds, read into
// budget lines. (The roles of a performance-target table's columns are
// role, col….)
type lineRole int

const (
	lineSkip     lineRole = iota // 行次: row numbers, not amounts
	lineName                     // the subject's name
	lineCode                     // a code alone: 2080505, 208 05 05
	lineCodeName                 // code and name in one cell: 2080505-行政单位养老
	lineClass                    // 类: a code split over three columns, its first
	lineSection                  // 款, the second
	lineItem                     // 项, the third
	lineAmount
)

// lineCol is one column of a table side.
type lineCol struct {
	col  int
	role lineRole
	name string // the header path of an amount column: 基本支出/人员经费
}

// side is one record stream of a table. Two-sided tables (收支总表,
// 财政拨款收支总表, the 决算 basic-expenditure table) print two streams
// next to each other on every row.
type side struct {
	label string // 收入 or 支出 where the header says so
	cols  []lineCol
}

var (
	// codeNameRE matches a subject code with its name in one cell:
	// 2080505 行政单位养老, 2040601-行政运行, [201]一般公共服务支出.
	codeNameRE = regexp.MustCompile(`^[\[【(（]?([0-9]{3}(?:\s?[0-9]{2}){0,3})[\]】)）]?\s*[-－—.、:：]?\s*(\D.*)?$`)
	spacedCode = regexp.MustCompile(`^[0-9]{3}(?:\s?[0-9]{2}){0,3}$`)
	// numberedRE matches the numbering of summary rows: 一、 is a first
	// level, 1. and （一） a second.
	firstLevelRE  = regexp.MustCompile(`^[一二三四五六七八九十]+、`)
	secondLevelRE = regexp.MustCompile(`^(?:[0-9]+[.．、]|[（(][一二三四五六七八九十]+[）)])`)
	labelHeadRE   = regexp.MustCompile(`^(?:项目|科目|单位|部门)$|科目|编码|代码|名称$`)
)

// defaultSubject is the classification of rows that print a name without
// a code, by table kind.
var defaultSubject = map[model.Kind]string{
	model.KindGeneralBasicExpense: "经济分类",
	model.KindBasicExpense:        "经济分类",
	model.KindGeneralExpense:      "功能分类",
	model.KindGovFund:             "功能分类",
	model.KindStateCapital:        "功能分类",
	model.KindIncomeSummary:       "功能分类",
	model.KindExpenseSummary:      "功能分类",
}

// budgetLines turns a standard budget table into long-format lines: one per
// amount cell of every data row, with the row's subject code, level and
// name, and the column's header path. Amounts are exact, from the table's
// unit; an empty cell or a dash gives a line without an amount.
func budgetLines(t *table, kind model.Kind, unit string) []model.BudgetLine {
	hdr := t.Header
	for hdr < len(t.Rows) && columnNumbers(t.Rows[hdr]) {
		hdr++
	}
	if hdr == 0 || hdr >= len(t.Rows) {
		return nil
	}
	paths := headerPaths(t, hdr)
	// Some tables print the 类 款 项 labels in the row of the 合计 that
	// opens the data: they belong to the header.
	for _, c := range t.Rows[hdr].Cells {
		if len(c.Lines) > 0 && splitCodeLabels.match(canon(c.Lines[0])) && c.Col < len(paths) {
			paths[c.Col] = append(paths[c.Col], c.Lines[0])
		}
	}
	sides := tableSides(t, hdr, paths)
	for i := range sides {
		if sides[i].label == "" {
			sides[i].label = defaultSubject[kind]
		}
	}
	var out []model.BudgetLine
	for i, s := range sides {
		var carry [3]string // the last 类, 款 printed, for rows that omit them
		for r := hdr; r < len(t.Rows); r++ {
			lines := sideLines(t, r, s, unit, &carry)
			if len(sides) > 1 {
				for j := range lines {
					lines[j].Side = i + 1
				}
			}
			out = append(out, lines...)
		}
	}
	return out
}

// columnNumbers reports whether a row numbers the table's columns: 栏次
// (or **) followed by 1, 2, 3 …, or the numbers alone.
func columnNumbers(r model.Row) bool {
	next, seen := 1, 0
	for _, c := range r.Cells {
		if len(c.Lines) == 0 {
			continue
		}
		s := c.Lines[0]
		switch {
		case columnNumberMarks.match(canon(s)):
		case s == strconv.Itoa(next):
			next++
		default:
			return false
		}
		seen++
	}
	return seen > 0 && (next > 2 || next > 1 && seen > 1)
}

// headerPaths returns, for each column, the texts of the header cells that
// cover it, top to bottom, without repeats.
func headerPaths(t *table, hdr int) [][]string {
	n := t.NCols()
	paths := make([][]string, n)
	for r := 0; r < hdr; r++ {
		if columnNumbers(t.Rows[r]) {
			continue // 栏次 1 2 3 numbers the columns; it names none
		}
		for _, c := range t.Rows[r].Cells {
			if len(c.Lines) == 0 {
				continue
			}
			for col := c.Col; col < min(c.Col+c.ColSpan, n); col++ {
				p := paths[col]
				if len(p) == 0 || p[len(p)-1] != c.Lines[0] {
					paths[col] = append(p, c.Lines[0])
				}
			}
		}
	}
	return paths
}

// tableSides reads each column's role from its header and its data, then
// cuts the columns into sides: a new side begins where a label column
// follows amount columns.
func tableSides(t *table, hdr int, paths [][]string) []side {
	var sides []side
	var cur *side
	lastAmount := false
	for col, path := range paths {
		role := columnRole(t, hdr, col, path)
		label := role != lineAmount && role != lineSkip
		if cur == nil || label && lastAmount {
			sides = append(sides, side{})
			cur = &sides[len(sides)-1]
		}
		if role == lineAmount {
			lastAmount = true
		} else if label {
			lastAmount = false
		}
		cur.cols = append(cur.cols, lineCol{col: col, role: role})
	}
	for i := range sides {
		nameColumns(&sides[i], paths, len(sides) > 1)
	}
	return sides
}

// columnRole tells what a column holds from its header's last label and
// from what its data cells look like.
func columnRole(t *table, hdr, col int, path []string) lineRole {
	leaf := ""
	if len(path) > 0 {
		leaf = path[len(path)-1]
	}
	if rowNumberLabels.match(canon(leaf)) {
		return lineSkip
	}
	if i := splitCodeLabels.index(canon(leaf)); i >= 0 {
		return lineClass + lineRole(i) // 类, 款, 项
	}
	var amounts, codes, codeNames, texts int
	for r := hdr; r < len(t.Rows); r++ {
		s := t.Line(r, col)
		if s == "" || isTotal(s) {
			continue
		}
		switch _, ok, err := parseAmount(s, "元"); {
		case spacedCode.MatchString(s) && !strings.Contains(s, "."):
			codes++
		case ok && err == nil:
			amounts++
		case codeNameRE.MatchString(s):
			codeNames++
		default:
			texts++
		}
	}
	labelled := labelHeadRE.MatchString(leaf)
	switch {
	case codeNames > 0 && codeNames >= texts:
		return lineCodeName
	case labelled && codes > 0 && codes >= texts:
		return lineCode
	case labelled || texts > amounts+codes:
		return lineName
	case codes > amounts && amounts == 0:
		return lineCode
	}
	return lineAmount
}

// nameColumns gives a side its label and each amount column its header
// path, leaving out the heading that spans all of the side's amounts (收入预算,
// 本年支出).
func nameColumns(s *side, paths [][]string, twoSided bool) {
	var amounts []int
	for _, c := range s.cols {
		if c.role == lineAmount {
			amounts = append(amounts, c.col)
		}
	}
	if len(amounts) == 0 {
		return
	}
	common := map[string]bool{}
	for _, p := range paths[amounts[0]] {
		shared := true
		for _, col := range amounts[1:] {
			if !slices.Contains(paths[col], p) {
				shared = false
				break
			}
		}
		common[p] = shared && len(amounts) > 1
	}
	if twoSided {
		// The heading over the whole side (收入, 本年支出) names the stream.
		for _, p := range paths[s.cols[0].col] {
			switch {
			case strings.Contains(p, "收入"):
				s.label = "收入"
			case strings.Contains(p, "支出"):
				s.label = "支出"
			}
			if s.label != "" {
				break
			}
		}
	}
	for i, c := range s.cols {
		if c.role != lineAmount {
			continue
		}
		var parts []string
		for j, p := range paths[c.col] {
			stream := j == 0 && s.label != "" && strings.Contains(p, s.label)
			if !common[p] && !stream {
				parts = append(parts, p)
			}
		}
		if len(parts) == 0 && len(paths[c.col]) > 0 {
			parts = paths[c.col][len(paths[c.col])-1:]
		}
		s.cols[i].name = strings.Join(parts, "/")
	}
}

// sideLines reads row r of one side.
func sideLines(t *table, r int, s side, unit string, carry *[3]string) []model.BudgetLine {
	var (
		split      [3]string // 类 款 项 as printed
		hasSplit   bool
		codes      []string
		names      []string
		amountCols []lineCol
	)
	for _, c := range s.cols {
		text := t.Line(r, c.col)
		switch c.role {
		case lineClass, lineSection, lineItem:
			if splitCodeLabels.match(canon(text)) {
				continue // the header's 类 款 项, printed in this row
			}
			if text != "" && !digits(text) {
				names = append(names, text) // 合计 across the code columns
				continue
			}
			hasSplit = true
			split[c.role-lineClass] = text
		case lineCode:
			if spacedCode.MatchString(text) {
				codes = append(codes, strings.ReplaceAll(text, " ", ""))
			} else if text != "" {
				names = append(names, text) // 合计 across the code columns
			}
		case lineCodeName:
			if m := codeNameRE.FindStringSubmatch(text); m != nil {
				codes = append(codes, strings.ReplaceAll(m[1], " ", ""))
				names = append(names, strings.TrimSpace(m[2]))
			} else if text != "" {
				names = append(names, text)
			}
		case lineName:
			if text != "" {
				names = append(names, text)
			}
		case lineAmount:
			amountCols = append(amountCols, c)
		}
	}
	if hasSplit {
		if code := splitCode(split, carry); code != "" {
			codes = append([]string{code}, codes...)
		}
	}
	line := model.BudgetLine{Row: r + 1, Page: t.Rows[r].Page}
	if len(codes) > 0 {
		line.Code = codes[0]
	}
	if len(names) > 0 {
		line.Name = names[0]
	}
	if len(codes) > 1 {
		line.EconCode = codes[len(codes)-1]
		if len(names) > 1 {
			line.EconName = names[len(names)-1]
		}
	}
	label := line.Code + line.Name
	if label == "" {
		// A row of amounts alone (the 三公 table) belongs to the table
		// itself; other label-less rows are padding.
		if len(s.cols) != len(amountCols) {
			return nil
		}
	}
	line.IsTotal = isTotal(line.Name) && line.Code == ""
	line.SubjectKind, line.Level = subjectOf(line, s.label)
	var out []model.BudgetLine
	anyAmount := false
	for _, c := range amountCols {
		raw := t.Line(r, c.col)
		l := line
		l.ColumnName, l.Raw = c.name, raw
		if fen, ok, err := parseAmount(raw, unit); ok && err == nil {
			l.AmountFen = &fen
			anyAmount = true
		}
		out = append(out, l)
	}
	if label == "" && !anyAmount {
		return nil
	}
	return out
}

// isTotal reports whether a row's label names a total: 合计, 收入总计,
// 本年支出合计.
func isTotal(label string) bool {
	return totalLabels.contained(canon(label))
}

// splitCode joins a code printed over 类, 款 and 项 columns, padding the
// leading zeros a spreadsheet dropped (6 → 06) and taking the 类 and 款 of
// the rows above where a row leaves them out.
func splitCode(split [3]string, carry *[3]string) string {
	if split == [3]string{} {
		return ""
	}
	widths := [3]int{3, 2, 2}
	code := ""
	for i := range 3 {
		s := split[i]
		if s == "" && i < 2 && split[i+1] != "" {
			s = carry[i]
		}
		if s == "" {
			break
		}
		if len(s) < widths[i] {
			s = strings.Repeat("0", widths[i]-len(s)) + s
		}
		carry[i] = s
		code += s
	}
	return code
}

// subjectOf classifies a line: 功能分类 for function codes (2xx), 经济分类
// for economic codes (3xx, 5xx), else the side's stream (收入, 支出); and
// gives its level: 1 for 类, 2 for 款, 3 for 项, or by the numbering of a
// summary row, 0 for totals.
func subjectOf(l model.BudgetLine, stream string) (kind string, level int) {
	switch {
	case l.Code != "" && l.Code[0] == '2':
		kind = "功能分类"
	case l.Code != "" && (l.Code[0] == '3' || l.Code[0] == '5'):
		kind = "经济分类"
	default:
		kind = stream
	}
	switch {
	case l.IsTotal:
		level = 0
	case l.Code != "":
		level = map[int]int{3: 1, 5: 2, 7: 3}[len(l.Code)]
	case firstLevelRE.MatchString(l.Name):
		level = 1
	case secondLevelRE.MatchString(l.Name):
		level = 2
	}
	return kind, level
}
