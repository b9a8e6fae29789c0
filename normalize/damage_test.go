package normalize_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/html"
	"github.com/budgetx/budgetx/extract/pdf"
	"github.com/budgetx/budgetx/extract/text"
	"github.com/budgetx/budgetx/fixtures/gen/render"
	"github.com/budgetx/budgetx/model"
	"github.com/budgetx/budgetx/normalize"
)

var damaged = flag.Int("damaged", 500, "how many damaged dumps TestDamagedDumps makes")

// damageBase is a performance table the damage test breaks.
type damageBase struct {
	name  string
	table *render.Table
}

// damageBases are the seed's table, always, and the performance tables of
// the real documents where ../shared holds them, each laid out in the
// seed's twelve columns and spread over one to four units.
func damageBases(t testing.TB) []damageBase {
	t.Helper()
	seed := loadRecords(t, filepath.Join("..", "fixtures", "seed", "golden.json"))
	tsv, err := os.ReadFile(filepath.Join("..", "fixtures", "seed", "grid.golden.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	seed.Tables[0].Cells = render.GridCells(string(tsv))
	st, err := render.FromRecords(seed)
	if err != nil {
		t.Fatal(err)
	}
	bases := []damageBase{{"seed", st}}
	reg := extract.NewRegistry(pdf.New(), html.New())
	for _, f := range []string{
		"08_bj-sifaju_2026_bumen-yusuan-baobiao.pdf",
		"21_yt-tuiyijunren-ju_2026_bumen-yusuan_INLINE.html",
		"14_cq-shuiliju_2026_bumen-yusuan.pdf",
		"wild/w35_广州_2026年广州市生态环境局部门预算.pdf",
		"wild/w67_重庆_2026年重庆市规划和自然资源局部门预算.pdf",
		"10_gz-zhengwu-shuju-ju_2026_xiangmu-jixiao-mubiao.pdf",
	} {
		data, err := os.ReadFile(filepath.Join(realdocs, f))
		if err != nil {
			continue // without ../shared, the seed alone
		}
		doc, err := reg.Extract(context.Background(), extract.File{Name: f, Data: data})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		rec := normalize.Document(doc)
		// The projects of project tables: a department's overall form is
		// another layout.
		rec.Projects = slices.DeleteFunc(rec.Projects, func(p model.Project) bool {
			return len(p.Indicators) == 0 || p.Name == "" || rec.Tables[p.TableSeq-1].Kind != "project_performance"
		})
		if len(rec.Projects) > 40 {
			rec.Projects = rec.Projects[:40] // a county's table; the rest adds time, not cases
		}
		for i := range rec.Projects {
			rec.Projects[i].TableSeq = 0
		}
		rt, err := render.FromRecords(rec)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		bases = append(bases, damageBase{strings.SplitN(filepath.Base(f), "_", 2)[0], rt})
	}
	return bases
}

func loadRecords(t testing.TB, path string) *model.Records {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rec model.Records
	if err := json.Unmarshal(data, &rec); err != nil {
		t.Fatal(err)
	}
	return &rec
}

// spread gives a table's projects to k units of its department, in runs,
// as a county table lists each unit's projects under the unit's label.
func spread(base *render.Table, k int, rng *rand.Rand) *render.Table {
	var all []model.Project
	for _, g := range base.Groups {
		all = append(all, g.Projects...)
	}
	t := *base
	t.Groups = nil
	code := "401"
	if t.Department == "" {
		t.Department = "某部门"
	}
	if i := strings.IndexAny(t.Department, "-－"); i == 3 {
		code = t.Department[:3]
	} else {
		t.Department = code + "-" + t.Department
	}
	k = min(k, len(all))
	for u := range k {
		from, to := u*len(all)/k, (u+1)*len(all)/k
		unit := fmt.Sprintf("%s%03d-%s", code, u+1, []string{"某县就业服务中心", "某县社会保险事业管理局", "某县劳动人事争议仲裁院", "某县人才交流中心"}[u%4])
		g := render.Group{Unit: unit}
		for _, p := range all[from:to] {
			p.DepartmentCode, p.DepartmentName = code, strings.TrimPrefix(t.Department, code+"-")
			p.UnitCode, p.UnitName = unit[:6], unit[7:]
			g.Projects = append(g.Projects, p)
		}
		t.Groups = append(t.Groups, g)
	}
	t.TotalFen = 0
	for _, p := range all {
		if p.BudgetFen != nil {
			t.TotalFen += *p.BudgetFen
		}
	}
	return &t
}

// damageScore is what the damage test measures over many dumps.
type damageScore struct {
	dumps, wholeDumps int
	fields, exact     int
	unnamed           []string // dumps where a project is not whole and no finding names it
}

// TestDamagedDumps breaks the performance tables the seed's ways at
// random (render.Damage) and checks that normalizing the dumps gives the
// tables back: every project whole in at least 99% of dumps, at least
// 99.5% of fields exact, and a finding naming each project that is not
// whole.
func TestDamagedDumps(t *testing.T) {
	bases := damageBases(t)
	var s damageScore
	for seed := range uint64(*damaged) {
		s.add(t, bases, seed)
	}
	t.Logf("%d dumps of %d tables: all projects whole in %d (%.2f%%); %d of %d fields exact (%.3f%%)",
		s.dumps, len(bases), s.wholeDumps, 100*float64(s.wholeDumps)/float64(s.dumps),
		s.exact, s.fields, 100*float64(s.exact)/float64(s.fields))
	if len(bases) < 5 && os.Getenv("CI") != "" {
		t.Errorf("only %d tables to break: the real documents are missing", len(bases))
	}
	// Some cuts leave two parts that read as whole projects on every signal
	// (a name cut between two words, a goal cut between two sentences):
	// about one dump in a thousand holds one. Each is named by a finding.
	if float64(s.wholeDumps) < 0.99*float64(s.dumps) {
		t.Errorf("projects whole in %d of %d dumps, want 99%%", s.wholeDumps, s.dumps)
	}
	if float64(s.exact) < 0.995*float64(s.fields) {
		t.Errorf("%d of %d fields exact, want 99.5%%", s.exact, s.fields)
	}
	for _, u := range s.unnamed {
		t.Error(u)
	}
}

// FuzzDamagedSeed breaks the seed's table with the fuzzer's seed value;
// every project that does not come back whole must be named by a finding.
func FuzzDamagedSeed(f *testing.F) {
	bases := damageBases(f)[:1]
	for seed := range uint64(8) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		var s damageScore
		s.add(t, bases, seed)
		for _, u := range s.unnamed {
			t.Error(u)
		}
	})
}

// add makes one dump from seed and scores it.
func (s *damageScore) add(t testing.TB, bases []damageBase, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 7))
	b := bases[seed%uint64(len(bases))]
	table := spread(b.table, 1+rng.IntN(4), rng)
	d := render.Damage(table, seed)
	doc, err := text.New().Extract(context.Background(), extract.File{Name: "dump.txt", Data: d.Dump})
	if err != nil {
		t.Fatalf("%s seed %d: %v", b.name, seed, err)
	}
	rec := normalize.Document(doc)
	s.dumps++
	whole := true
	got := slices.Clone(rec.Projects)
	for _, want := range d.Want {
		// Projects of one name (one for each of several units) match in
		// order.
		i := slices.IndexFunc(got, func(p model.Project) bool { return p.Name == want.Name })
		if i < 0 || !sameProject(got[i], want) {
			whole = false
			if !named(rec, want.Name) {
				s.unnamed = append(s.unnamed, fmt.Sprintf("%s seed %d: project %s is not whole and no finding names it", b.name, seed, want.Name))
			}
		}
		var p model.Project
		if i >= 0 {
			p = got[i]
			got = slices.Delete(got, i, i+1)
		}
		n, e := fieldsExact(p, want)
		s.fields += n
		s.exact += e
	}
	if whole {
		s.wholeDumps++
	}
}

// sameProject reports whether a project came back whole: its name, amount,
// goal and every indicator as the table has them. Its unit counts among
// the fields, not here: with each unit's label printed once anywhere in its
// block, nothing in a dump tells which unit a project at the edge of two
// blocks belongs to.
func sameProject(got, want model.Project) bool {
	got.UnitCode, got.UnitName = want.UnitCode, want.UnitName
	n, e := fieldsExact(got, want)
	return n == e
}

// fieldsExact counts a project's fields and those that came back exact.
func fieldsExact(got, want model.Project) (n, exact int) {
	check := func(ok bool) {
		n++
		if ok {
			exact++
		}
	}
	check(got.Name == want.Name)
	check(fenText(got.BudgetFen) == fenText(want.BudgetFen))
	check(got.Goal == want.Goal)
	check(got.UnitCode == want.UnitCode && got.UnitName == want.UnitName)
	check(got.DepartmentCode == want.DepartmentCode)
	for i, w := range want.Indicators {
		var g model.Indicator
		if i < len(got.Indicators) {
			g = got.Indicators[i]
		}
		check(g.Level1 == w.Level1 && g.Level2 == w.Level2 && g.Level3 == w.Level3)
		check(g.Operator == w.Operator && g.ValueText == w.ValueText && g.MeasureUnit == w.MeasureUnit)
		check(numText(g.Weight) == numText(w.Weight) && g.Direction == w.Direction)
	}
	check(len(got.Indicators) == len(want.Indicators))
	return n, exact
}

func fenText(f *int64) string {
	if f == nil {
		return "-"
	}
	return fmt.Sprint(*f)
}

func numText(f *float64) string {
	if f == nil {
		return "-"
	}
	return fmt.Sprint(*f)
}

// named reports whether a finding names the project, or the parts of its
// name a page break left (at least three characters of its start).
func named(rec *model.Records, name string) bool {
	rs := []rune(name)
	for _, f := range rec.Findings {
		for n := len(rs); n >= min(len(rs), 3); n-- {
			if strings.Contains(f.Message, string(rs[:n])) || strings.Contains(f.Message, string(rs[len(rs)-n:])) {
				return true
			}
		}
	}
	return false
}
