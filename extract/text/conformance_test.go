package text

import (
	"testing"

	"github.com/budgetx/budgetx/extract/internal/extracttest"
)

// FuzzExtract feeds the text extractor mutated dumps: whatever comes out
// keeps the extractor's contract.
func FuzzExtract(f *testing.F) {
	f.Add([]byte("表\n单位名称\t项目名称\n307-部门\t\t1.00\n\n\t甲\t2.00\n"))
	f.Add([]byte("\xb5\xa5\xce\xbb\t\xbc\xd7\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		extracttest.Clean(t, New(), "fuzz.txt", data)
	})
}
