package normalize

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/budgetx/budgetx/model"
)

// When a page break cuts a project's block, the rows on the next page print
// the rest of its merged cells as if they were a project of their own: the
// rest of the name, the rest of the goal, and often an amount. Whether a
// block that opens a page is such a rest or a project of its own is a
// decision on evidence, made by continuation: named signals, each of which
// weighs for joining (positive) or for keeping apart (negative), summed
// into a score.

// Thresholds of the continuation score: at joinAt or above the blocks are
// one project; from doubtAt up to joinAt they are joined with a warning;
// below doubtAt they stay apart.
const (
	joinAt  = 4
	doubtAt = 2
)

// notCandidate is the score of a block that does not open the page after
// the project above it: no page break lies between them.
const notCandidate = -100

// A signal is one piece of evidence about whether b, opening the page after
// a, is the rest of a: its weight, and what it saw ("" when it saw
// nothing). The table tells what its projects have in common.
type signal func(t *blocks, a, b *fragment) (weight int, saw string)

// blocks are a table's project blocks, with what their names share.
type blocks struct {
	opening    string   // how many names open (广州市, a code's digits), or ""
	coded      bool     // the opening is a code's, and nearly every name has it
	nameLength int      // the median length of a name, in characters
	names      []string // the blocks' names, for the words they share
}

// nameOpening returns how a name opens, for comparing the names of one
// table: the shape of a leading code (11000022T…: eight digits, a
// letter), or the first two characters.
func nameOpening(name string) string {
	rs := []rune(name)
	digits := 0
	for digits < len(rs) && unicode.IsDigit(rs[digits]) {
		digits++
	}
	if digits > 0 {
		next := ""
		if digits < len(rs) {
			next = string(rs[digits])
			if unicode.IsLetter(rs[digits]) && rs[digits] < utf8.RuneSelf {
				next = "A"
			}
		}
		return fmt.Sprintf("%d digits, %s", digits, next)
	}
	return string(rs[:min(len(rs), 2)])
}

// tableBlocks finds what the names of a table's blocks share: an opening
// one in three of them, and three or more, have; and how long a name
// usually is.
func tableBlocks(frags []*fragment) *blocks {
	count := map[string]int{}
	named := 0
	for _, f := range frags {
		if f.name != "" {
			count[nameOpening(f.name)]++
			named++
		}
	}
	t := &blocks{}
	var lengths []int
	for _, f := range frags {
		if f.name != "" {
			lengths = append(lengths, utf8.RuneCountInString(f.name))
			t.names = append(t.names, f.name)
		}
	}
	if len(lengths) > 0 {
		slices.Sort(lengths)
		t.nameLength = lengths[len(lengths)/2]
	}
	for o, n := range count {
		if n >= 3 && 3*n >= named { // one in three
			t.opening = o
			// A code that two names in three open with opens every name.
			t.coded = o[0] >= '0' && o[0] <= '9' && 3*n >= 2*named
		}
	}
	return t
}

// continuationSignals are the signals continuation weighs, by name.
var continuationSignals = []struct {
	name string
	fn   signal
}{
	{"page foot", closedAtFoot},
	{"name repeated", nameRepeated},
	{"no name", noName},
	{"weights", weightsComplete},
	{"name cut", nameCut},
	{"name goes on", nameGoesOn},
	{"names whole", namesWhole},
	{"ends twice", endsTwice},
	{"name opening", nameOpensAsOthers},
	{"name length", nameShort},
	{"name in goal", nameInGoal},
	{"goal cut", goalCut},
	{"goal opening", goalOpens},
	{"indicator classes", classesComplement},
}

// continuation scores whether b is the rest of a, and lists the evidence.
// Only a block that opens the page right after a's last page can be a
// rest.
func continuation(t *blocks, a, b *fragment) (score int, evidence []string) {
	if !b.opensPage || b.pageFirst != a.pageLast+1 {
		return notCandidate, nil
	}
	for _, s := range continuationSignals {
		if w, saw := s.fn(t, a, b); w != 0 {
			score += w
			evidence = append(evidence, fmt.Sprintf("%s %+d: %s", s.name, w, saw))
		}
	}
	return score, evidence
}

// closedAtFoot: where the format draws its rules, a merged cell cut by the
// page is left open at the page foot, and stitching has joined its parts
// already (mergeContinuationRows); a block that still opens the next page
// follows cells that were closed.
func closedAtFoot(_ *blocks, a, b *fragment) (int, string) {
	if a.ruled && b.ruled {
		return -3, fmt.Sprintf("the cells above close at the foot of page %d", a.pageLast)
	}
	return 0, ""
}

// nameRepeated: the producer printed the merged name again on the next
// page.
func nameRepeated(_ *blocks, a, b *fragment) (int, string) {
	if b.name != "" && b.name == a.name {
		return 6, "the same name again"
	}
	return 0, ""
}

// noName: rows without a project's name under the repeated header belong
// to the project above.
func noName(_ *blocks, a, b *fragment) (int, string) {
	if b.name == "" {
		return 6, "the block names no project"
	}
	return 0, ""
}

// weightsComplete: where every indicator prints a weight, a project's
// weights sum to 90 or 100; two parts that reach it only together are one
// project, and a part that reaches it alone is whole.
func weightsComplete(_ *blocks, a, b *fragment) (int, string) {
	wa, okA := weightSum(a.indicators)
	wb, okB := weightSum(b.indicators)
	switch {
	case !okA || !okB:
		return 0, ""
	case full(wa + wb):
		return 4, fmt.Sprintf("weights %g + %g = %g", wa, wb, wa+wb)
	case full(wa) && full(wb):
		return -4, fmt.Sprintf("weights %g and %g: each part is whole", wa, wb)
	}
	return 0, ""
}

func full(w float64) bool { return w == 90 || w == 100 }

// unclosed reports whether s ends inside a bracket or a quotation: its
// last opening mark of a kind comes after the last closing one, near the
// end (a long goal may leave a bracket open by a typo, far back).
func unclosed(s string) bool {
	rs := []rune(s)
	from := max(len(rs)-20, 0)
	for _, p := range []string{"（）", "()", "《》", "“”", "〔〕", "【】", "「」"} {
		pr := []rune(p)
		open, shut := -1, -1
		for i, r := range rs {
			switch r {
			case pr[0]:
				open = i
			case pr[1]:
				shut = i
			}
		}
		if open >= from && open > shut {
			return true
		}
	}
	return false
}

// nameCut: a project's name ends with a word that names what the money is
// for (经费, 项目, 补贴, 工程 …). A name that ends on a conjunction or a
// comma, or leaves a bracket open, stops mid-phrase; one that ends on any
// other word probably does. Names are never clipped, so this is the
// strongest evidence a block gives; but a cut between two words leaves a
// name that ends well, so a good ending weighs little.
func nameCut(_ *blocks, a, b *fragment) (int, string) {
	switch r, _ := utf8.DecodeLastRuneInString(a.name); {
	case a.name == "":
		return 0, ""
	case strings.ContainsRune(danglingMarks, r) || unclosed(a.name):
		return 4, fmt.Sprintf("the name stops mid-phrase (…%s)", tail(a.name))
	case finalEndings.endsAny(unqualified(a.name)) && b.name != "" && !strings.HasPrefix(b.name, "（") && !strings.HasPrefix(b.name, "("):
		return -3, fmt.Sprintf("the name ends …%s, which only a qualifier goes on", tail(a.name))
	case r < utf8.RuneSelf && (unicode.IsDigit(r) || unicode.IsLetter(r)):
		return 1, fmt.Sprintf("the name ends on a code (…%s)", tail(a.name))
	case !nameEndings.endsAny(a.name):
		return 3, fmt.Sprintf("the name ends …%s", tail(a.name))
	}
	return -1, fmt.Sprintf("the name ends …%s", tail(a.name))
}

// qualifierRE matches the qualifier a name may close with after what the
// money is for: a bracket (…经费（增城区）) or a dash and a word
// (公用经费-事业).
var qualifierRE = regexp.MustCompile(`(?:[（(][^（()）]*[）)]|[-－—]\p{Han}{2,4})$`)

// unqualified returns a name without the qualifier it closes with.
func unqualified(name string) string {
	return qualifierRE.ReplaceAllString(name, "")
}

// endsTwice: both names end on what the money is (…物业管理费 ‖
// 工作经费), or on one word that closes names (…建设项目 ‖ …建设项目);
// one name never says it twice.
func endsTwice(_ *blocks, a, b *fragment) (int, string) {
	if a.name == "" || b.name == "" {
		return 0, ""
	}
	ua, ub := unqualified(a.name), unqualified(b.name)
	money := moneyWords.endsAny(ua) && moneyWords.endsAny(ub)
	if w := wholeEndings.ending(ua); !money && (w == "" || w != wholeEndings.ending(ub)) {
		return 0, ""
	}
	return -3, fmt.Sprintf("%q and %q each end on what the money is for", tail(a.name), tail(b.name))
}

// namesWhole: both names end on a word that closes a name (wholeEndings),
// and the second opens as no rest of a name does: two whole names
// (…工作专项 ‖ 信息化…研究项目).
func namesWhole(_ *blocks, a, b *fragment) (int, string) {
	if a.name == "" || utf8.RuneCountInString(b.name) < 4 || !wholeEndings.endsAny(unqualified(a.name)) || !wholeEndings.endsAny(unqualified(b.name)) ||
		continuesPhrase(b.name) || nameTails.startsAny(b.name) {
		return 0, ""
	}
	return -1, fmt.Sprintf("%q and %q each end as names do", tail(a.name), tail(b.name))
}

// nameGoesOn: the second name opens with a mark or a word that cannot open
// a name (、, 及, 经费, 专项, a closing bracket), or is too short to be one.
func nameGoesOn(_ *blocks, a, b *fragment) (int, string) {
	switch {
	case b.name == "":
		return 0, ""
	case continuesPhrase(b.name) || nameTails.startsAny(b.name):
		return 3, fmt.Sprintf("the name opens %q", head(b.name))
	case utf8.RuneCountInString(b.name) <= 2:
		return 4, fmt.Sprintf("%q is too short for a name", b.name)
	}
	return 0, ""
}

// nameOpensAsOthers: where most of a table's names open alike (广州市…, a
// code), a block whose name does so opens a project of its own, and one
// whose name does not, below one whose name does, holds the rest of that
// name.
func nameOpensAsOthers(t *blocks, a, b *fragment) (int, string) {
	if t.opening == "" || b.name == "" {
		return 0, ""
	}
	w := 2
	if t.coded {
		w = 4 // a code opens every name, and the rest of a cut one never holds it
	}
	switch {
	case nameOpening(b.name) == t.opening:
		return -w, fmt.Sprintf("the name opens %q as the table's names do", t.opening)
	case nameOpening(a.name) == t.opening:
		return w, fmt.Sprintf("the table's names open %q and %q does not", t.opening, head(b.name))
	}
	return 0, ""
}

// fullStop reports whether s ends a sentence: 。！？ or ；, or an ASCII
// period that is no decimal point.
func fullStop(s string) bool {
	rs := []rune(s)
	if len(rs) == 0 {
		return false
	}
	switch r := rs[len(rs)-1]; {
	case strings.ContainsRune("。！？!?；;", r):
		return true
	case r == '.':
		return len(rs) < 2 || !unicode.IsDigit(rs[len(rs)-2])
	}
	return false
}

// nameInGoal: goals often name their project, and the names of a table
// share their words; where the characters on either side of the cut
// (…运行 ‖ 辅助…) occur together in the goal or in another name, the two
// parts are one name.
func nameInGoal(t *blocks, a, b *fragment) (int, string) {
	ra, rb := []rune(a.name), []rune(b.name)
	if len(ra) < 2 || len(rb) < 2 {
		return 0, ""
	}
	goals := a.goal + b.goal
	if whole := a.name + string(rb[:2]); len(ra) >= 4 && strings.Contains(goals, whole) {
		return 5, fmt.Sprintf("the goal says %q, the whole first name and across the cut", whole)
	}
	across := string(ra[len(ra)-2:]) + string(rb[:2])
	if strings.Contains(goals, across) {
		return 3, fmt.Sprintf("the goal says %q, across the cut", across)
	}
	for _, n := range t.names {
		if n != a.name && n != b.name && strings.Contains(n, across) {
			return 3, fmt.Sprintf("another name says %q, across the cut (%s)", across, n)
		}
	}
	return 0, ""
}

// nameShort: the rest of a cut name is mostly short beside the table's
// names.
func nameShort(t *blocks, a, b *fragment) (int, string) {
	if n := utf8.RuneCountInString(b.name); b.name != "" && 2*n < t.nameLength {
		return 1, fmt.Sprintf("%q is short beside the table's names (%d characters)", b.name, t.nameLength)
	}
	return 0, ""
}

// goalCut weighs where the first goal stops against how the second opens.
// A goal stopped on a conjunction, a comma or an open bracket was cut; one
// stopped on a word may have been cut, or clipped by its printed cell; one
// that ends a sentence was whole, or cut between sentences. A second goal
// that opens mid-phrase (a mark, a particle) goes on; one that opens the
// way goals do says little: a verb that opens a goal (提升, 开展) goes on
// a sentence as often.
func goalCut(_ *blocks, a, b *fragment) (int, string) {
	if a.goal == "" || b.goal == "" {
		return 0, ""
	}
	r, _ := utf8.DecodeLastRuneInString(a.goal)
	dangling := strings.ContainsRune(danglingMarks, r) || unclosed(a.goal)
	ended := fullStop(a.goal) && !dangling
	goesOn := continuesPhrase(b.goal)
	if !ended && !dangling && !goesOn && strings.ContainsRune("）)”’」』》", r) {
		return 0, "" // a closing mark ends a phrase, a sentence or neither
	}
	if !goesOn && (r == '；' || r == ';') {
		return 0, "" // a semicolon ends a clause, or a list of them
	}
	saw := fmt.Sprintf("…%s ‖ %s…", tail(a.goal), head(b.goal))
	switch {
	case goesOn && !ended:
		return 4, "the goal runs on across the break: " + saw
	case goesOn:
		return 2, "the second goal opens mid-phrase: " + saw
	case ended:
		return -1, "the goal ends a sentence: " + saw
	case dangling:
		return 3, "the goal stops mid-phrase: " + saw
	}
	// Mid-sentence, a verb that could open a goal (提升, 开展) as often
	// goes on the sentence, so how the next opens says nothing here.
	return 2, "the goal stops mid-sentence: " + saw
}

// goalOpens: a goal opens the way goals do (通过, 根据, 为, 提高 …, or a
// numbered point); the rest of a goal a page break cut mid-sentence mostly
// does not.
func goalOpens(_ *blocks, a, b *fragment) (int, string) {
	r, _ := utf8.DecodeLastRuneInString(a.goal)
	switch {
	case b.goal == "" || a.goal == "" || fullStop(a.goal):
		return 0, "" // after a full stop, every sentence opens as goals do
	case strings.ContainsRune(clauseMarks, r):
		return 0, "" // after a comma, a clause opens as goals do (确保, 提高)
	case goalNumberRE.MatchString(b.goal):
		return -2, fmt.Sprintf("the goal opens with a numbered point (%s…)", head(b.goal))
	case goalOpenings.startsAny(b.goal):
		return -1, fmt.Sprintf("the goal opens as goals do (%s…)", head(b.goal))
	}
	return 1, fmt.Sprintf("the goal opens %q, not as goals do", head(b.goal))
}

// classesComplement: a project's indicators cover the first-level classes
// (产出, 效益, 满意度 …); parts that cover them only together are one
// project, and a part that covers them alone is whole.
func classesComplement(_ *blocks, a, b *fragment) (int, string) {
	ca, cb := classes(a.indicators), classes(b.indicators)
	if len(ca) == 0 || len(cb) == 0 {
		return 0, ""
	}
	union := map[string]bool{}
	for c := range ca {
		union[c] = true
	}
	for c := range cb {
		union[c] = true
	}
	switch {
	case len(ca) >= 3 && len(cb) >= 3:
		return -1, "each part covers the classes of a project"
	case len(ca) <= 1 && len(union) >= 3:
		return 1, "the parts cover the classes only together"
	}
	return 0, ""
}

// classes returns the first-level classes indicators belong to.
func classes(ins []model.Indicator) map[string]bool {
	out := map[string]bool{}
	for _, in := range ins {
		for _, w := range level1Words {
			if strings.HasPrefix(in.Level1, w[:len(w)-len("指标")]) {
				out[w] = true
			}
		}
	}
	return out
}

// clauseMarks are the marks that end a clause within a sentence.
const clauseMarks = "、，,：:"

// danglingMarks are marks and words a phrase cannot end on.
const danglingMarks = "、，,：:（(《“〔【-－—和及与或的共"

func head(s string) string {
	rs := []rune(s)
	return string(rs[:min(len(rs), 6)])
}

func tail(s string) string {
	rs := []rune(s)
	return string(rs[max(len(rs)-6, 0):])
}
