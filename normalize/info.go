package normalize

import (
	"cmp"
	"regexp"
	"sort"
	"strings"

	"github.com/budgetx/budgetx/model"
)

// documentInfo reads what a document says about itself: its title (from
// the cover, else the title the file carries, else the first table's), the
// organisation, the fiscal year and whether it is a budget (预算) or final
// accounts (决算). It never looks at the file's name.
func documentInfo(doc *model.Document, tables []*table) model.Info {
	info := model.Info{Producer: cmp.Or(doc.Meta.Producer, doc.Meta.Creator), Pages: doc.Meta.Pages}
	if info.Pages == 0 {
		info.Pages = len(doc.Pages)
	}
	cover := coverTitle(doc)
	embedded := cleanText(extRE.ReplaceAllString(doc.Meta.Title, ""))
	var titles []string
	for _, t := range tables {
		if t.Title != "" {
			titles = append(titles, t.Title)
		}
	}
	info.Title = cover
	for _, t := range append([]string{embedded}, titles...) {
		if info.Title == "" {
			info.Title = t
		}
	}
	// The cover and the file's own title speak for the whole document;
	// table titles vote.
	for _, t := range []string{cover, embedded} {
		if info.FiscalYear == 0 {
			info.FiscalYear = fiscalYear(t)
		}
		if info.Kind == "" {
			info.Kind = documentKind(t)
		}
	}
	if info.FiscalYear == 0 {
		info.FiscalYear = mostCommon(titles, fiscalYear)
	}
	if info.Kind == "" {
		info.Kind = mostCommon(titles, documentKind)
	}
	info.OrgName = orgName(doc, tables, cover, embedded)
	return info
}

// extRE matches a file extension left in a document's embedded title.
var extRE = regexp.MustCompile(`(?i)\.(pdf|xlsx?|docx?|wps|et)$`)

// coverTitle returns the title printed on a cover page: the first page, when
// it holds no table, set in lines larger than the rest of the page.
func coverTitle(doc *model.Document) string {
	if len(doc.Pages) == 0 {
		return ""
	}
	p := doc.Pages[0]
	if len(p.Tables) > 0 || len(p.Lines) == 0 {
		return ""
	}
	biggest, sizes := 0.0, make([]float64, 0, len(p.Lines))
	for _, l := range p.Lines {
		biggest = max(biggest, l.Size)
		sizes = append(sizes, l.Size)
	}
	sort.Float64s(sizes)
	if biggest == 0 || biggest < 1.25*sizes[len(sizes)/2] && len(p.Lines) > 6 {
		return ""
	}
	var parts []string
	for _, l := range p.Lines {
		if l.Size == biggest {
			parts = append(parts, l.Text)
		} else if len(parts) > 0 {
			break
		}
	}
	return cleanText(joinLines(parts))
}

var (
	// orgLabelRE matches a line that names the organisation: 编制部门：…,
	// 预算主管部门：…, 部门名称：…, 单位名称：…, 部门：….
	orgLabelRE = regexp.MustCompile(`^(?:编制部门|预算主管部门|主管部门|部门名称|单位名称|编制单位|预算单位|部门)\s*[:：]\s*(.*)$`)
	// orgTailRE matches how names of government bodies end.
	orgTailRE = regexp.MustCompile(`(?:厅|局|委|委员会|办|办公室|办事处|院|会|部|中心|处|室|所|站|馆|队|校|政府|街道|署|社|团|台)$`)
)

// orgName finds the organisation a document is from: the name most often
// given after a label such as 编制部门 on the cover or above the tables,
// else the part of the cover's title before the year.
func orgName(doc *model.Document, tables []*table, cover, embedded string) string {
	votes := map[string]int{}
	vote := func(lines []string) {
		for i, l := range lines {
			m := orgLabelRE.FindStringSubmatch(l)
			if m == nil {
				continue
			}
			name := strings.TrimSpace(m[1])
			if name == "" {
				// 部门： with the name on a line of its own next to it.
				for _, j := range []int{i - 1, i + 1} {
					if j >= 0 && j < len(lines) && orgTailRE.MatchString(lines[j]) && !strings.ContainsAny(lines[j], ":：") {
						name = lines[j]
						break
					}
				}
			}
			if name != "" {
				votes[name]++
			}
		}
	}
	if len(doc.Pages) > 0 {
		var lines []string
		for _, l := range doc.Pages[0].Lines {
			lines = append(lines, cleanText(l.Text))
		}
		vote(lines)
	}
	for _, t := range tables {
		vote(t.Caption)
	}
	best, n := "", 0
	for name, c := range votes {
		if c > n || c == n && name < best {
			best, n = name, c
		}
	}
	if best != "" {
		return best
	}
	for _, t := range []string{cover, embedded} {
		loc := yearRE.FindStringIndex(t)
		if loc == nil {
			continue
		}
		// 国家信访局2024年度部门决算, or 2026年烟台市退役军人事务局部门预算.
		if before := t[:loc[0]]; orgTailRE.MatchString(before) {
			return before
		}
		if m := orgAfterYearRE.FindStringSubmatch(t[loc[1]:]); m != nil && orgTailRE.MatchString(m[1]) {
			return m[1]
		}
	}
	return ""
}

// orgAfterYearRE matches what follows the year in titles that put the year
// first: 烟台市退役军人事务局部门预算.
var orgAfterYearRE = regexp.MustCompile(`^(.+?)(?:部门|单位)?(?:预算|决算)`)

// mostCommon returns the value of f most titles give, ignoring zero values;
// ties go to the earliest.
func mostCommon[T comparable](titles []string, f func(string) T) T {
	var zero, best T
	counts := map[T]int{}
	for _, t := range titles {
		if v := f(t); v != zero {
			counts[v]++
			if counts[v] > counts[best] {
				best = v
			}
		}
	}
	return best
}
