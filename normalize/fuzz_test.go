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
	f.Add([]byte("项目支出绩效目标表\n单位：万元\n项目名称\t总计\t绩效目标\t绩效指标\n合计\t3.00\t\t\n某局\t3.00\t\t\n" +
		"甲\t3.00\t目标\t1、1-产出指标；11-数量指标；次数；年度指标值:每年≥2次。2、3-满意度指标；31-服务对象满意度；满意度；年度指标值:不低于90%\n\n\t\t\t3、4-\n"))
	f.Add([]byte("项目名称\t甲\t主管部门\t某局\n项目资金（元）\t年度资金申请总额\t1.00\n\t其中：当年财政拨款\t2.00\n\t其他资金\t0.00\n" +
		"年度总体目标\t目标\n\t一级指标\t二级指标\t三级指标\t指标值\t分值\n绩效指标\t产出指标\t数量指标\t人数\t≥13459.00(平方米)\t90\n\n\t\t\t次数\t=1\n"))
	f.Add([]byte("部门整体支出绩效目标表\n部门名称\t某局\n整体绩效目标\t目标\n活动\t绩效指标\t指标性质\t指标值\n甲\t产出指标数量指标人数\t≥\t3\n"))
	f.Add([]byte("项目支出绩效表\n单位名称\t项目名称\t金额\t绩效目标\n某局\t甲\t1.00\t目标\n\n\t\t\t续\n"))
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
