package normalize_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/formats"
	"github.com/budgetx/budgetx/internal/goldenfile"
	"github.com/budgetx/budgetx/internal/shared"
	"github.com/budgetx/budgetx/model"
	"github.com/budgetx/budgetx/normalize"
)

const realdocs = "../../shared/realdocs"

// realDocuments extracts and normalizes every real document, skipping the
// test when the folder is absent. Documents that fail to extract come back
// with their error.
func realDocuments(t *testing.T) map[string]*model.Records {
	t.Helper()
	var files []string
	for _, pattern := range []string{"*.pdf", "*.html", "special/*", "templates/*"} {
		m, _ := filepath.Glob(filepath.Join(shared.Require(t, realdocs), pattern))
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no real documents in " + realdocs)
	}
	reg := formats.Registry()
	out := map[string]*model.Records{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := reg.Extract(context.Background(), extract.File{Name: filepath.Base(f), Data: data})
		if err != nil {
			out[filepath.Base(f)] = nil
			continue
		}
		out[filepath.Base(f)] = normalize.Document(doc)
	}
	return out
}

// docSummary is what a reader checks a real document's result against:
// what the document is, each table's kind, unit, pages, line count and
// first printed total, and the findings by code.
type docSummary struct {
	Title      string         `json:"title"`
	OrgName    string         `json:"org_name"`
	FiscalYear int            `json:"fiscal_year"`
	Kind       string         `json:"kind"`
	Pages      int            `json:"pages"`
	Tables     []tableSummary `json:"tables"`
	Projects   int            `json:"projects"`
	Indicators int            `json:"indicators"`
	Findings   map[string]int `json:"findings"`
}

type tableSummary struct {
	Seq   int        `json:"seq"`
	Title string     `json:"title"`
	Kind  model.Kind `json:"kind"`
	Unit  string     `json:"unit"`
	Pages string     `json:"pages"`
	Lines int        `json:"lines"`
	Note  string     `json:"note,omitempty"`
	// Org and Number are what the caption or title say: whose table, and
	// which.
	Org    string `json:"org,omitempty"`
	Number string `json:"number,omitempty"`
	// Total is the first total line of the table's first amount column, as
	// printed: 收入总计, 合计.
	Total string `json:"total,omitempty"`
}

func summarize(rec *model.Records) docSummary {
	s := docSummary{
		Title: rec.Info.Title, OrgName: rec.Info.OrgName, FiscalYear: rec.Info.FiscalYear, Kind: rec.Info.Kind,
		Pages: rec.Info.Pages, Projects: len(rec.Projects), Findings: map[string]int{},
	}
	for _, p := range rec.Projects {
		s.Indicators += len(p.Indicators)
	}
	for _, t := range rec.Tables {
		ts := tableSummary{
			Seq: t.Seq, Title: t.Title, Kind: t.Kind, Unit: t.Unit,
			Pages: fmt.Sprintf("%d-%d", t.PageFirst, t.PageLast), Lines: len(t.Lines), Note: t.Note,
			Org: t.CaptionOrg, Number: t.Number,
		}
		for _, l := range t.Lines {
			if l.ColumnName != t.Lines[0].ColumnName || l.Side != t.Lines[0].Side {
				continue
			}
			if l.IsTotal && l.AmountFen != nil {
				ts.Total = l.Name + " " + l.Raw
				break
			}
		}
		s.Tables = append(s.Tables, ts)
	}
	for _, f := range rec.Findings {
		s.Findings[string(f.Code)]++
	}
	return s
}

// TestRealDocsGolden compares each real document's summary with the one a
// reader checked against the page images.
func TestRealDocsGolden(t *testing.T) {
	for name, rec := range realDocuments(t) {
		t.Run(name, func(t *testing.T) {
			var got any // null: the document failed to extract
			if rec != nil {
				got = summarize(rec)
			}
			goldenfile.JSON(t, filepath.Join("..", "fixtures", "realdocs", strings.TrimSuffix(name, filepath.Ext(name))+".golden.json"), got)
		})
	}
}

// wildTemplates are one document of each city's template in the wild
// sample (../shared/realdocs/wild), by the prefix of their file names:
// Shanghai (Excel), Beijing, Guangzhou (a report engine, and the table
// that packs indicators), Shenzhen (iText), Suzhou (Aspose) and Chongqing.
var wildTemplates = []string{"w02", "w16", "w29", "w35", "w46", "w59", "w61"}

// TestWildGolden compares a summary of one document of each template in
// the wild sample with its golden, so that what a change does to each
// template shows in the golden's history.
func TestWildGolden(t *testing.T) {
	dir := shared.Require(t, filepath.Join(realdocs, "wild"))
	reg := formats.Registry()
	for _, prefix := range wildTemplates {
		t.Run(prefix, func(t *testing.T) {
			files, _ := filepath.Glob(filepath.Join(dir, prefix+"_*"))
			if len(files) != 1 {
				t.Fatalf("%s: %d files", prefix, len(files))
			}
			data, err := os.ReadFile(files[0])
			if err != nil {
				t.Fatal(err)
			}
			doc, err := reg.Extract(context.Background(), extract.File{Name: filepath.Base(files[0]), Data: data})
			if err != nil {
				t.Fatal(err)
			}
			goldenfile.JSON(t, filepath.Join("..", "fixtures", "realdocs", "wild", prefix+".golden.json"), summarize(normalize.Document(doc)))
		})
	}
}

// TestRealDocsAddUp checks, for every real document, that the 项-level
// lines of its 一般公共预算支出表 sum to the table's printed 合计 and that its
// 收支总表 balances — or that a finding says where the document itself
// disagrees.
func TestRealDocsAddUp(t *testing.T) {
	checked := 0
	for name, rec := range realDocuments(t) {
		if rec == nil {
			continue
		}
		// The finding that must say so: a total or subtotal that is off,
		// or a summary that does not balance.
		flagged := map[model.Code]map[int]bool{}
		for _, f := range rec.Findings {
			if flagged[f.Code] == nil {
				flagged[f.Code] = map[int]bool{}
			}
			flagged[f.Code][f.TableSeq] = true
		}
		for _, tb := range rec.Tables {
			switch tb.Kind {
			case model.KindGeneralExpense:
				total, sum, n := leafSum(tb)
				if total == nil || n == 0 {
					continue
				}
				checked++
				tol := int64(n) // 0.01 元 per summed term
				if tb.Unit == "万元" {
					tol *= 10000 // 0.01 万元
				}
				if d := *total - sum; (d > tol || d < -tol) && !flagged["total_mismatch"][tb.Seq] && !flagged["subtotal_mismatch"][tb.Seq] {
					t.Errorf("%s table %d (%s): 项-level lines sum to %d 分, 合计 prints %d, and no finding says so", name, tb.Seq, tb.Title, sum, *total)
				}
			case model.KindIncomeExpenseSummary:
				in, out := grandTotals(tb)
				if in == nil || out == nil {
					continue
				}
				checked++
				if *in != *out && !flagged["balance_mismatch"][tb.Seq] {
					t.Errorf("%s table %d (%s): 收入总计 %d ≠ 支出总计 %d and no finding says so", name, tb.Seq, tb.Title, *in, *out)
				}
			}
		}
	}
	if checked < 15 {
		t.Errorf("only %d tables checked; the real documents' tables are not being read", checked)
	}
}

// leafSum returns the table's printed 合计 in its first amount column and
// the sum of the deepest coded lines of that column.
func leafSum(t model.TableRecord) (total *int64, sum int64, n int) {
	col := t.Lines[0].ColumnName
	deepest := 0
	for _, l := range t.Lines {
		if l.ColumnName == col && l.Code != "" {
			deepest = max(deepest, len(l.Code))
		}
	}
	for _, l := range t.Lines {
		if l.ColumnName != col {
			continue
		}
		if l.IsTotal && total == nil {
			total = l.AmountFen
		}
		if deepest > 0 && len(l.Code) == deepest && l.AmountFen != nil {
			sum += *l.AmountFen
			n++
		}
	}
	return total, sum, n
}

// grandTotals returns the last totals of the two streams' first columns.
func grandTotals(t model.TableRecord) (in, out *int64) {
	first := map[int]string{}
	for _, l := range t.Lines {
		if _, ok := first[l.Side]; !ok {
			first[l.Side] = l.ColumnName
		}
		if !l.IsTotal || l.AmountFen == nil || l.ColumnName != first[l.Side] {
			continue
		}
		switch l.Side {
		case 1:
			in = l.AmountFen
		case 2:
			out = l.AmountFen
		}
	}
	return in, out
}
