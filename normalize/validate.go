package normalize

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/budgetx/budgetx/model"
)

// validate checks the budget lines of a document against the accounting
// identities its tables must satisfy and returns a finding for each that
// fails, naming the table, row and page and giving both numbers. units[i]
// is the unit table i's amounts were read in (printed or assumed). Each
// summed term may be off by 0.01 in that unit: printed amounts are rounded
// one by one. validate adds to each table's Checks how many identities it
// tested and how many failed.
func validate(tables []model.TableRecord, units []string) []model.Finding {
	var out []model.Finding
	for i := range tables {
		t := &tables[i]
		if len(t.Lines) == 0 {
			continue
		}
		v := validator{t: t, unit: units[i], checks: checks{}}
		v.balance()
		v.sideTotals()
		v.subtotals()
		v.columnSums()
		v.subsets()
		t.Checks = addChecks(t.Checks, v.checks)
		out = append(out, v.findings...)
	}
	return append(out, crossTable(tables, units)...)
}

type validator struct {
	t        *model.TableRecord
	unit     string
	checks   checks
	findings []model.Finding
	// cols and groups are t.Lines by column (byColumn), made once for
	// the checks that read them.
	cols   []string
	groups map[string][]model.BudgetLine
}

// columns returns the table's lines grouped by column.
func (v *validator) columns() ([]string, map[string][]model.BudgetLine) {
	if v.groups == nil {
		v.cols, v.groups = byColumn(v.t.Lines)
	}
	return v.cols, v.groups
}

// tolerance is how far a sum of n terms printed with two decimals in unit
// may be off, in 分: 0.01 of the unit per term.
func tolerance(unit string, n int) int64 {
	per, ok := unitFen[unit]
	if !ok {
		per = 100
	}
	return int64(n) * per / 100
}

// check records a finding when printed differs from the sum of n terms by
// more than the tolerance.
func (v *validator) check(code model.Code, l model.BudgetLine, printed, sum int64, n int, what string) {
	d := printed - sum
	if d < 0 {
		d = -d
	}
	if !v.checks.record(code, d > tolerance(v.unit, n)) {
		return
	}
	v.findings = append(v.findings, model.Finding{
		Severity: model.SevWarning, Code: code, Page: l.Page, TableSeq: v.t.Seq,
		Message: fmt.Sprintf("table %d (%s) row %d p%d: %s: printed %s, computed %s (difference %s %s)",
			v.t.Seq, v.t.Title, l.Row, l.Page, what, inUnit(printed, v.unit), inUnit(sum, v.unit),
			inUnit(printed-sum, v.unit), unitOr(v.unit)),
	})
}

func unitOr(u string) string {
	if u == "" {
		return "元"
	}
	return u
}

// inUnit prints an amount of 分 in a table's unit, with as many decimals as
// it needs (at least two).
func inUnit(fen int64, unit string) string {
	per, ok := unitFen[unit]
	if !ok || per == 100 {
		return model.GroupedYuan(fen)
	}
	s := strconv.FormatFloat(float64(fen)/float64(per), 'f', 6, 64)
	s = strings.TrimRight(s, "0")
	if i := strings.IndexByte(s, '.'); len(s)-i < 3 {
		s += strings.Repeat("0", 3-(len(s)-i))
	}
	return s
}

func amount(l model.BudgetLine) int64 {
	if l.AmountFen == nil {
		return 0
	}
	return *l.AmountFen
}

// byColumn groups lines by column, keeping their order.
func byColumn(lines []model.BudgetLine) (cols []string, groups map[string][]model.BudgetLine) {
	groups = map[string][]model.BudgetLine{}
	for _, l := range lines {
		key := strconv.Itoa(l.Side) + "\x00" + l.SubjectKind + "\x00" + l.ColumnName
		if _, ok := groups[key]; !ok {
			cols = append(cols, key)
		}
		groups[key] = append(groups[key], l)
	}
	return cols, groups
}

// byRow groups lines by grid row, keeping their order.
func byRow(lines []model.BudgetLine) (order []int, rows map[int][]model.BudgetLine) {
	rows = map[int][]model.BudgetLine{}
	for _, l := range lines {
		if _, ok := rows[l.Row]; !ok {
			order = append(order, l.Row)
		}
		rows[l.Row] = append(rows[l.Row], l)
	}
	return order, rows
}

// balance checks that a two-sided summary balances: the income stream's
// grand total (收入总计, 总计) equals the expenditure stream's.
func (v *validator) balance() {
	if v.t.Kind != model.KindIncomeExpenseSummary && v.t.Kind != model.KindAppropriation {
		return
	}
	var last [3]*model.BudgetLine
	var column [3]string
	for i, l := range v.t.Lines {
		if l.Side < 1 || l.Side > 2 {
			return
		}
		if column[l.Side] == "" {
			column[l.Side] = l.ColumnName // the stream's first amount column
		}
		if l.IsTotal && l.AmountFen != nil && l.ColumnName == column[l.Side] {
			last[l.Side] = &v.t.Lines[i]
		}
	}
	in, out := last[1], last[2]
	if in == nil || out == nil {
		return
	}
	v.check(model.CodeBalanceMismatch, *out, *out.AmountFen, *in.AmountFen, 2,
		fmt.Sprintf("%s %s (row %d) = %s %s (row %d)", out.Name, out.ColumnName, out.Row, in.Name, in.ColumnName, in.Row))
}

// sideTotals checks each stream's totals: the first total equals the sum of
// the first-level lines above it (收入总计 = 一、… + 二、…, 合计 = Σ 类), and
// a 总计 below a 本年…合计 equals it plus the lines between (决算: 总计 =
// 本年支出合计 + 结余分配 + 年末结转和结余).
func (v *validator) sideTotals() {
	cols, groups := v.columns()
	for _, key := range cols {
		lines := groups[key]
		first := -1
		for i, l := range lines {
			if l.IsTotal && l.AmountFen != nil {
				first = i
				break
			}
		}
		if first < 0 {
			continue
		}
		var sum int64
		n := 0
		for _, l := range lines[:first] {
			if l.Level == 1 && !l.IsTotal && l.EconCode == "" {
				sum += amount(l)
				n++
			}
		}
		total := lines[first]
		if n > 0 {
			v.check(model.CodeTotalMismatch, total, *total.AmountFen, sum, n, fmt.Sprintf("%s %s = sum of the first-level lines", total.Name, total.ColumnName))
		}
		// A later grand total: the current-year total plus what the
		// document lists between them (上级补助收入, 年初结转和结余, …), but
		// not the breakdowns of those by fund. When the current-year total
		// is itself numbered (一、本年支出合计, its items below it), only the
		// lines numbered like it are terms.
		numbered := firstLevelRE.MatchString(total.Name)
		sum, n = *total.AmountFen, 1
		for _, l := range lines[first+1:] {
			if !l.IsTotal {
				term := !isSubset(l.Name) && !fundBreakdownRE.MatchString(l.Name) && l.Level <= 1
				if numbered {
					term = firstLevelRE.MatchString(l.Name)
				}
				if term {
					sum += amount(l)
					n++
				}
				continue
			}
			if l.AmountFen != nil && n > 1 {
				v.check(model.CodeTotalMismatch, l, *l.AmountFen, sum, n, fmt.Sprintf("%s %s = %s + the lines between", l.Name, l.ColumnName, total.Name))
			}
			break
		}
	}
}

// fundBreakdownRE matches lines that break a carry-over down by fund: they
// repeat an amount already counted.
var fundBreakdownRE = regexp.MustCompile(`^(?:其中|[（(]?[一二三四五六七八九十0-9]*[）)、.．]?\s*)(?:一般公共预算|政府性基金|国有资本经营)`)

// subtotals checks the code hierarchy: every 类 and 款 line equals the sum
// of the lines of its 款 or 项 below it, in every column.
func (v *validator) subtotals() {
	cols, groups := v.columns()
	for _, key := range cols {
		lines := groups[key]
		byCode := map[string]int{}
		for i, l := range lines {
			if l.Code != "" && l.EconCode == "" {
				if _, dup := byCode[l.Code]; dup {
					return // codes repeat: a cross-classified table, not a hierarchy
				}
				byCode[l.Code] = i
			}
		}
		for _, parent := range lines {
			if parent.Code == "" || parent.EconCode != "" || parent.AmountFen == nil {
				continue
			}
			var sum int64
			n := 0
			for _, child := range lines {
				if len(child.Code) == len(parent.Code)+2 && strings.HasPrefix(child.Code, parent.Code) {
					sum += amount(child)
					n++
				}
			}
			if n > 0 {
				v.check(model.CodeSubtotalMismatch, parent, *parent.AmountFen, sum, n,
					fmt.Sprintf("%s %s %s = sum of its %d sub-items", parent.Code, parent.Name, parent.ColumnName, n))
			}
		}
	}
}

// columnSums checks each row across its columns: a 合计 (小计, 总计)
// column equals the sum of the columns beside it under the same heading
// (合计 = 基本支出 + 项目支出; 基本支出/小计 = 人员经费 + 公用经费; the 三公
// 合计 = 因公出国 + 公务用车 + 公务接待). Columns under 其中 are parts of
// another column, not terms.
func (v *validator) columnSums() {
	order, rows := byRow(v.t.Lines)
	for _, r := range order {
		// Within one row and stream, key the amounts by header path.
		streams := map[int]map[string]model.BudgetLine{}
		for _, l := range rows[r] {
			if streams[l.Side] == nil {
				streams[l.Side] = map[string]model.BudgetLine{}
			}
			streams[l.Side][l.ColumnName] = l
		}
		// Totals in the order the row prints them, so that findings come
		// out the same on every run.
		for _, total := range rows[r] {
			cols := streams[total.Side]
			name := total.ColumnName
			parts := strings.Split(name, "/")
			i := lastTotal(parts)
			if total.AmountFen == nil || i < 0 {
				continue
			}
			prefix, suffix := parts[:i], parts[i+1:]
			if i > 0 && cols[strings.Join(append(append([]string{}, prefix...), suffix...), "/")].AmountFen != nil {
				continue // 基本支出 and 基本支出/小计 both printed: the group is checked by its own column
			}
			sum, n := groupSum(cols, prefix, suffix)
			if n > 1 {
				v.check(model.CodeColumnSumMismatch, total, *total.AmountFen, sum, n,
					fmt.Sprintf("%s %s = sum of the columns beside it", total.Code+total.Name, name))
			}
		}
	}
}

// lastTotal returns the index of the last 合计, 小计 or 总计 in a header path,
// or -1.
func lastTotal(parts []string) int {
	for i := len(parts) - 1; i >= 0; i-- {
		if isTotalColumn(parts[i]) {
			return i
		}
	}
	return -1
}

func lastPart(path string) string {
	if i := strings.LastIndex(path, "/"); i >= 0 {
		return path[i+1:]
	}
	return path
}

func isTotalColumn(name string) bool {
	return totalColumnLabels.match(canon(lastPart(name)))
}

// otherYear reports whether a column's header names a year other than the
// table's.
func otherYear(column string, year int) bool {
	y := fiscalYear(column)
	return y != 0 && year != 0 && y != year
}

// subsets checks that what a table prints as part of another (其中：…) is
// no more than it: a 其中 column against the column it breaks down (its
// group's 小计, or the column before it), a 其中 row against the row above
// it that is not one. A part is never summed into its whole.
func (v *validator) subsets() {
	order, rows := byRow(v.t.Lines)
	for _, r := range order {
		line := rows[r]
		for i, l := range line {
			if !isSubset(lastPart(l.ColumnName)) || l.AmountFen == nil {
				continue
			}
			if p := subsetParent(line[:i], l); p != nil && p.AmountFen != nil {
				v.bounded(l, *p, fmt.Sprintf("%s %s ≤ %s", l.Code+l.Name, l.ColumnName, p.ColumnName))
			}
		}
	}
	cols, groups := v.columns()
	for _, key := range cols {
		var parent *model.BudgetLine
		for i, l := range groups[key] {
			switch {
			case !isSubset(l.Name):
				parent = &groups[key][i]
			case parent != nil && parent.AmountFen != nil && l.AmountFen != nil:
				v.bounded(l, *parent, fmt.Sprintf("%s ≤ %s (row %d) %s", l.Name, parent.Code+parent.Name, parent.Row, l.ColumnName))
			}
		}
	}
}

// subsetParent finds, among the lines printed before a 其中 column's line
// in its row, the one it breaks down: in the same stream and under the same
// heading, the group's total column, else the nearest column that is not a
// part itself.
func subsetParent(before []model.BudgetLine, l model.BudgetLine) *model.BudgetLine {
	prefix := ""
	if i := strings.LastIndex(l.ColumnName, "/"); i >= 0 {
		prefix = l.ColumnName[:i+1]
	}
	var nearest *model.BudgetLine
	for i := len(before) - 1; i >= 0; i-- {
		b := &before[i]
		if b.Side != l.Side || !strings.HasPrefix(b.ColumnName, prefix) || isSubset(lastPart(b.ColumnName)) {
			continue
		}
		if isTotalColumn(b.ColumnName) && strings.Count(b.ColumnName, "/") == strings.Count(l.ColumnName, "/") {
			return b
		}
		if nearest == nil {
			nearest = b
		}
	}
	return nearest
}

// bounded records the check that a part is at most its whole.
func (v *validator) bounded(part, whole model.BudgetLine, what string) {
	excess := *part.AmountFen - *whole.AmountFen
	if !v.checks.record(model.CodeSubsetMismatch, excess > tolerance(v.unit, 1)) {
		return
	}
	v.findings = append(v.findings, model.Finding{
		Severity: model.SevWarning, Code: model.CodeSubsetMismatch, Page: part.Page, TableSeq: v.t.Seq,
		Message: fmt.Sprintf("table %d (%s) row %d p%d: %s: the part prints %s, more than the %s its whole prints (excess %s %s)",
			v.t.Seq, v.t.Title, part.Row, part.Page, what, inUnit(*part.AmountFen, v.unit), inUnit(*whole.AmountFen, v.unit),
			inUnit(excess, v.unit), unitOr(v.unit)),
	})
}

// groupSum adds the columns beside a total: those under the same heading
// (prefix) and with the same sub-heading (suffix: 合计/预算数 sums the
// 预算数 of each group). A group with columns of its own counts by its 小计
// or 合计.
func groupSum(cols map[string]model.BudgetLine, prefix, suffix []string) (int64, int) {
	seen := map[string]bool{}
	var sum int64
	n := 0
	for name := range cols {
		parts := strings.Split(name, "/")
		if len(parts) < len(prefix)+1+len(suffix) || !slices.Equal(parts[:len(prefix)], prefix) ||
			!slices.Equal(parts[len(parts)-len(suffix):], suffix) {
			continue
		}
		head := parts[len(prefix)]
		if seen[head] || isSubset(head) || isTotalColumn(head) {
			continue
		}
		seen[head] = true
		group := append(append([]string{}, prefix...), head)
		l, ok := cols[strings.Join(append(append([]string{}, group...), suffix...), "/")]
		for _, t := range []string{"小计", "合计"} {
			if !ok {
				l, ok = cols[strings.Join(append(append(append([]string{}, group...), t), suffix...), "/")]
			}
		}
		if !ok {
			return 0, 0 // a sub-group without a total of its own: cannot tell
		}
		sum += amount(l)
		n++
	}
	return sum, n
}

// crossTable checks totals that two tables print: the 一般公共预算 column of
// the 财政拨款收支总表's 支出总计 equals the 合计 of the 一般公共预算支出表.
func crossTable(tables []model.TableRecord, units []string) []model.Finding {
	var appro, general *model.TableRecord
	var au, gu string
	for i := range tables {
		switch tables[i].Kind {
		case model.KindAppropriation:
			if appro == nil {
				appro, au = &tables[i], units[i]
			}
		case model.KindGeneralExpense:
			if general == nil {
				general, gu = &tables[i], units[i]
			}
		}
	}
	if appro == nil || general == nil {
		return nil
	}
	var a, g *model.BudgetLine
	for i, l := range appro.Lines {
		if l.IsTotal && l.SubjectKind == "支出" && strings.Contains(l.ColumnName, "一般公共预算") && l.AmountFen != nil {
			a = &appro.Lines[i]
			break
		}
	}
	// The table's total: its 合计 (总计) column on the first total row,
	// else its first column; a column that names another year (2025年预算数
	// beside 2026年预算数) is a comparison, not this year's amount.
	year := fiscalYear(general.Title)
	first := ""
	for i, l := range general.Lines {
		if otherYear(l.ColumnName, year) {
			continue
		}
		if first == "" {
			first = l.ColumnName
		}
		if l.IsTotal && l.AmountFen != nil && (isTotalColumn(l.ColumnName) || !strings.Contains(l.ColumnName, "/") && l.ColumnName == first) {
			g = &general.Lines[i]
			break
		}
	}
	if a == nil || g == nil {
		return nil
	}
	ap, gp := *a.AmountFen, *g.AmountFen
	if au != gu {
		return nil // different units round differently; compare like with like only
	}
	d := ap - gp
	if d < 0 {
		d = -d
	}
	c := checks{}
	failed := c.record(model.CodeCrossTableMismatch, d > tolerance(au, 2))
	general.Checks = addChecks(general.Checks, c)
	if !failed {
		return nil
	}
	return []model.Finding{{
		Severity: model.SevWarning, Code: model.CodeCrossTableMismatch, Page: g.Page, TableSeq: general.Seq,
		Message: fmt.Sprintf("table %d (%s) row %d p%d prints %s %s for the 一般公共预算 expenditure, but table %d (%s) row %d p%d totals %s %s",
			appro.Seq, appro.Title, a.Row, a.Page, inUnit(ap, au), unitOr(au),
			general.Seq, general.Title, g.Row, g.Page, inUnit(gp, gu), unitOr(gu)),
	}}
}
