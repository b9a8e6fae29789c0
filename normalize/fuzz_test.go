package normalize_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/text"
	"github.com/budgetx/budgetx/normalize"
)

// FuzzDocument feeds text dumps through extraction and normalization: no
// input may panic, and normalizing a document twice gives the same records.
func FuzzDocument(f *testing.F) {
	if data, err := os.ReadFile(seedPath); err == nil {
		f.Add(data)
	}
	f.Add([]byte("表\n金额单位：元\n单位名称\t项目名称\t预算数\t年度目标\t一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t权重\t指标方向性\n" +
		"307-部门\t\t1.00\n\t甲\t1.00\t目标\t产出指标\t数量指标\t人数\t≥\t1\t人\t50\t\n\n\t、乙\t2\t的\t产出指标\t数量指标\t次\t=\t1\t次\t40\t\n"))
	f.Add([]byte("a\tb\n\n\tc\n\n\n\t\t\t≥\t\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := text.New().Extract(context.Background(), extract.File{Name: "fuzz.txt", Data: data})
		if err != nil {
			return
		}
		first, err := json.Marshal(normalize.Document(doc))
		if err != nil {
			t.Fatal(err)
		}
		second, _ := json.Marshal(normalize.Document(doc))
		if !bytes.Equal(first, second) {
			t.Errorf("not idempotent:\n%s\n%s", first, second)
		}
	})
}
