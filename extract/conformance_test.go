package extract_test

import (
	"testing"

	"github.com/budgetx/budgetx/extract/formats"
	"github.com/budgetx/budgetx/extract/internal/extracttest"
	"github.com/budgetx/budgetx/model"
)

// TestConformance runs the checks every extractor passes (see
// extracttest.Conformance) on the seed table as the fixture generator
// writes it in each format, and on the seed's own text dump: each listed
// format (see extract/formats) on the files Sniff tells as it. The format
// read through LibreOffice is left out: the checks would start it hundreds
// of times, and extract/soffice's tests run it.
func TestConformance(t *testing.T) {
	// A small dump, so that the text extractor is tested even without the
	// seed beside the repository.
	small := []byte("表\n金额单位：元\n单位名称\t项目名称\t预算数\n307-县人社局部门\t\t1.00\n\n\t甲\t2.00\n")
	samples := extracttest.Seeds(t, "..")
	if samples[model.Text] == nil {
		samples[model.Text] = map[string][]byte{}
	}
	samples[model.Text]["small.txt"] = small
	for _, ex := range formats.All() {
		if ex.Format() == model.DOC {
			continue
		}
		t.Run(string(ex.Format()), func(t *testing.T) {
			extracttest.Conformance(t, ex, samples[ex.Format()])
		})
	}
}
