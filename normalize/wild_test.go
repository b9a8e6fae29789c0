package normalize_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/pdf"
	"github.com/budgetx/budgetx/internal/shared"
	"github.com/budgetx/budgetx/model"
	"github.com/budgetx/budgetx/normalize"
)

const wild = "../../shared/realdocs/wild"

// plumberCounts is what pdfplumber-reference.json records per PDF:
// pdfplumber 0.10.4's extract_tables with its default settings, page by
// page, without stitching or merging.
type plumberCounts struct {
	Pages       int `json:"pages"`
	Tables      int `json:"tables"`
	AmountCells int `json:"amount_cells"`
	MultiAmount int `json:"multi_amount_cells"`
}

// amountRE is an amount as the reference counts it: 1,234.56, two
// decimals, thousands separated or not. A cell holds an amount when the
// pattern occurs in its text, and holds amounts run together (a sign of
// a lost column rule) when it occurs twice or more.
var amountRE = regexp.MustCompile(`\d{1,3}(?:,\d{3})*\.\d{2}`)

// amountCells counts the stored cells of rec that hold an amount, and
// those that hold two or more.
func amountCells(rec *model.Records) (amounts, multi int) {
	for _, t := range rec.Tables {
		for _, c := range t.Cells {
			switch n := len(amountRE.FindAllStringIndex(c.Text, -1)); {
			case n >= 2:
				multi++
				fallthrough
			case n == 1:
				amounts++
			}
		}
	}
	return amounts, multi
}

// TestWildAgainstPlumber reads each PDF of the wild sample and compares
// its stored cells with pdfplumber's tables: at least as many cells
// holding an amount, no more holding amounts run together. Tables that
// hold amounts must have a title that names them or none: not a number,
// not the text or a piece of the text of a cell; and a table printed
// over several pages is one table, not an untitled fragment on the page
// after the table it continues.
func TestWildAgainstPlumber(t *testing.T) {
	data, err := os.ReadFile(shared.Require(t, filepath.Join(wild, "pdfplumber-reference.json")))
	if err != nil {
		t.Fatal(err)
	}
	var ref map[string]plumberCounts
	if err := json.Unmarshal(data, &ref); err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(ref))
	for name := range ref {
		names = append(names, name)
	}
	slices.Sort(names)
	var (
		mu          sync.Mutex
		total, want plumberCounts
	)
	// The files are read in parallel; the group returns when all are done.
	t.Run("files", func(t *testing.T) {
		for _, name := range names {
			t.Run(strings.SplitN(name, "_", 2)[0], func(t *testing.T) {
				t.Parallel()
				data, err := os.ReadFile(filepath.Join(wild, name))
				if err != nil {
					t.Fatal(err)
				}
				doc, err := pdf.New().Extract(context.Background(), extract.File{Name: name, Data: data})
				if err != nil {
					t.Fatal(err)
				}
				rec := normalize.Document(doc)
				amounts, multi := amountCells(rec)
				r := ref[name]
				mu.Lock()
				total.AmountCells += amounts
				total.MultiAmount += multi
				want.AmountCells += r.AmountCells
				want.MultiAmount += r.MultiAmount
				mu.Unlock()
				if amounts < r.AmountCells {
					t.Errorf("%d cells hold an amount, pdfplumber finds %d", amounts, r.AmountCells)
				}
				if multi > r.MultiAmount {
					t.Errorf("%d cells hold amounts run together, pdfplumber %d", multi, r.MultiAmount)
				}
				checkTitles(t, rec)
			})
		}
	})
	t.Logf("cells holding an amount: %d (pdfplumber %d); run together: %d (pdfplumber %d)",
		total.AmountCells, want.AmountCells, total.MultiAmount, want.MultiAmount)
}

var numberTitle = regexp.MustCompile(`^[-—－\s\d.,，%]+$`)

// checkTitles fails for each table holding amounts whose title is a
// number or a cell's text, and for each untitled one that opens the page
// after the table before it ends.
func checkTitles(t *testing.T, rec *model.Records) {
	t.Helper()
	texts := map[string]bool{}
	for _, tb := range rec.Tables {
		for _, c := range tb.Cells {
			texts[c.Text] = true
		}
	}
	for i, tb := range rec.Tables {
		holds := false
		for _, c := range tb.Cells {
			holds = holds || amountRE.MatchString(c.Text)
		}
		if !holds {
			continue
		}
		title := tb.Title
		switch {
		case title == "":
			if i > 0 && tb.PageFirst == rec.Tables[i-1].PageLast+1 {
				t.Errorf("table %d (pages %d-%d) is untitled and opens the page after table %d (%s) ends: a continuation left apart",
					tb.Seq, tb.PageFirst, tb.PageLast, rec.Tables[i-1].Seq, rec.Tables[i-1].Title)
			}
		case numberTitle.MatchString(title):
			t.Errorf("table %d (page %d) is titled by a number: %q", tb.Seq, tb.PageFirst, title)
		case texts[title]:
			t.Errorf("table %d (page %d) is titled by a cell's text: %q", tb.Seq, tb.PageFirst, title)
		case utf8.RuneCountInString(title) >= 6 && pieceOfCell(title, texts):
			t.Errorf("table %d (page %d) is titled by a piece of a cell's text: %q", tb.Seq, tb.PageFirst, title)
		}
	}
}

func pieceOfCell(s string, texts map[string]bool) bool {
	for text := range texts {
		if strings.Contains(text, s) {
			return true
		}
	}
	return false
}
