package normalize

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/pdf"
	"github.com/budgetx/budgetx/internal/shared"
	"github.com/budgetx/budgetx/model"
)

const realdocs = "../../shared/realdocs"

func readRealDoc(t *testing.T, prefix string) *model.Records {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(shared.Require(t, realdocs), prefix+"_*.pdf"))
	if len(files) != 1 {
		t.Fatalf("%d files %s_*.pdf in %s, want one", len(files), prefix, realdocs)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	doc, err := pdf.New().Extract(context.Background(), extract.File{Name: filepath.Base(files[0]), Data: data})
	if err != nil {
		t.Fatal(err)
	}
	return Document(doc)
}

// projectText renders what identifies a project in one line: name,
// department code and name, unit, budget, pages.
func projectText(p model.Project) string {
	return strings.Join([]string{p.Name, p.DepartmentCode, p.DepartmentName, p.UnitName, fen(p),
		strconv.Itoa(p.PageFirst) + "-" + strconv.Itoa(p.PageLast)}, "|")
}

// TestRealDocsTargets reads the performance tables of the real
// documents. The records spelled out were checked by hand against the page
// images (pdftoppm -png -r 80 -f N -l N); the page is in each line.
func TestRealDocsTargets(t *testing.T) {
	type indicator struct {
		project, seq int // 1-based within the document
		want         string
	}
	for _, tc := range []struct {
		doc                  string
		projects, indicators int
		records              map[int]string // project seq → projectText
		goals                map[int]string // project seq → the start of its goal
		indicatorRecords     []indicator
		findings             []string // code: text
	}{{
		doc: "02", projects: 5, indicators: 65, // 财政项目支出绩效目标填报表, pp31–35, one form a page
		records: map[int]string{
			1: "新建万里街道社区公共服务中心||上海市普陀区人民政府万里街道办事处|上海市普陀区人民政府万里街道办事处|4,100,000.00|31-31",
			5: "公共服务设施运行经费||上海市普陀区人民政府万里街道办事处|上海市普陀区人民政府万里街道办事处|10,903,043.00|35-35",
		},
		goals: map[int]string{1: "建成后作为万里街道社区事务受理"},
		indicatorRecords: []indicator{
			{1, 1, "产出指标|数量指标|规划建筑面积|≥|13459.00|13459|平方米||31"},
			{1, 2, "产出指标|质量指标|完工及时率||及时率||||31"},
			{4, 43, "满意度指标|服务对象满意度指标|党员群众满意度|≥|党员群众满意度不少于80%|80|%||34"},
			{5, 8, "满意度指标|服务对象满意度指标|居民满意度||90|90|%||35"},
			{5, 9, "满意度指标|服务对象满意度指标|工作人员满意度|≥|95.00|95|%||35"},
		},
		// p35 prints 年度资金申请总额 10,903,043.00 over 当年财政拨款 11,419,043.00.
		findings: []string{
			"budget_parts_mismatch: 公共服务设施运行经费: the amount 10,903,043.00 differs",
			"text_truncated: 就业援助基地补贴: the goal text stops without closing punctuation",
		},
	}, {
		doc: "08", projects: 31, indicators: 289, // 30 projects pp24–46 (the grid layout), 部门整体 pp47–50
		records: map[int]string{
			31: "部门整体支出||北京市司法局||230,833,404.36|47-50",
		},
		goals: map[int]string{31: "2026年市司法局坚持以习近平新时代中国特色社会主义思想为指导"},
		indicatorRecords: []indicator{
			{31, 1, "产出指标|数量指标|北京市行政执法资格考试人数|≤|4500|4500|人次||47"},
			{31, 6, "效益指标|社会效益指标|统一行政执法人员资格管理，确保执法人员工作水平，做好行政规范性文件备案监督，促进行政机关依法行政|定性|效果显著||||48"},
			{31, 8, "成本指标|经济成本指标|北京市行政执法资格考试成本|=|40|40|元/人·次||48"},
			{31, 50, "效益指标|社会效益指标|群众来信来访来电及时得到响应|=|100|100|%||50"},
		},
	}, {
		doc: "10", projects: 70, indicators: 404, // one table, pp1–12
		records: map[int]string{
			1:  "广州市政务服务和数据管理局数字政府运营中心穗智管运营服务项目||广州市政务服务和数据管理局|广州市政务服务和数据管理局|13,914,700.00|1-1",
			22: "机构运行辅助经费||广州市政务服务和数据管理局|广州市数字政府运营中心|1,880,200.00|4-4",
			70: "广州12345政府服务热线受理中心2025年热线智能平台建设项目||广州市政务服务和数据管理局|广州市市长专线电话受理中心|4,633,200.00|12-12",
		},
		goals: map[int]string{2: "通过实施2026年度广州12345热线平台运营项目"},
		indicatorRecords: []indicator{
			{1, 1, "产出指标|数量指标|会议活动保障次数|≥|每年≥20场|20|场||1"},
			{1, 7, "成本指标|经济成本指标|资金使用合规率||100|100|%||1"},
			{2, 8, "成本指标|经济成本指标|人工成本控制率|≤|1|1|||1"},
			{70, 5, "效益指标|经济效益|热线业务工单量|≥|1500|1500|万||12"},
		},
	}, {
		doc: "12", projects: 5, indicators: 46, // 项目支出绩效自评表 pp30–36, 表1 p46
		records: map[int]string{
			1: "信访干部培训专项|292|国家信访局|国家信访局|1,800,300.00|30-31",
			4: "信息化运行维护|292|国家信访局|国家信访局本级|16,393,400.00|35-36",
			5: "||||nil|46-46",
		},
		indicatorRecords: []indicator{
			{1, 1, "成本指标|经济成本指标|参加培训学员人均培训费||不超标准|||20|30"},
			{1, 9, "效益指标|社会效益指标|信访系统干部整体素质||有所提高|||10|31"},
			{1, 10, "满意度指标|服务对象满意度指标|受训学员满意率|≥|95|95|%|10|31"},
			{4, 5, "产出指标|质量指标|系统持续稳定运行时间比率（运行小时数/全年总小时数）|≥|99.5|99.5|%|10|36"},
			{4, 7, "效益指标|生态效益指标|绿色节能产品购置率|≥|95|95|%|10|36"},
			{5, 2, "产出指标|数量指标|数据中心设备维护量|≥|330|330|台套||46"},
		},
		findings: []string{"project_unnamed: 表1：项目年度绩效指标表"},
	}, {
		doc: "14", projects: 4, indicators: 24, // 部门整体 p30, 重点专项 pp31–32, 一般性项目 p33
		records: map[int]string{
			1: "部门整体||重庆市水利局||nil|30-30",
			2: "水库移民后期扶持||重庆市水利局||127,000,000.00|31-31",
			3: "重庆市水利专项资金||重庆市水利局||1,529,928,300.00|32-32",
		},
		goals: map[int]string{1: "完善全市水网建设布局", 2: "年度资金实施项目覆盖区县30个以上", 3: "加快推进水利项目前期工作"},
		indicatorRecords: []indicator{
			{1, 1, "||续建大中型水库|≥|27|27|座|20|30"},
			{2, 6, "||年度预算执行率|=|100|100|%|10|31"},
			{3, 3, "||受益人口|≥|150|150|万人|15|32"},
		},
	}, {
		doc: "15", projects: 31, indicators: 0, // 表11 项目支出绩效表, pp39–40
		records: map[int]string{
			1:  "法治杭州建设||杭州市司法局|杭州市司法局|690,000.00|39-39",
			23: "狱政设施建设||杭州市司法局|杭州市北郊监狱|128,980,000.00|40-40",
			31: "法律援助||杭州市司法局|杭州市法律援助中心|3,178,200.00|40-40",
		},
		goals: map[int]string{31: "2027年12月31日前，完成法律援助案件指派"},
	}} {
		t.Run(tc.doc, func(t *testing.T) {
			rec := readRealDoc(t, tc.doc)
			indicators := 0
			for _, p := range rec.Projects {
				indicators += len(p.Indicators)
			}
			if len(rec.Projects) != tc.projects || indicators != tc.indicators {
				t.Errorf("%d projects with %d indicators, want %d with %d", len(rec.Projects), indicators, tc.projects, tc.indicators)
			}
			project := func(seq int) model.Project {
				if seq > len(rec.Projects) {
					t.Fatalf("no project %d", seq)
				}
				return rec.Projects[seq-1]
			}
			for seq, want := range tc.records {
				if got := projectText(project(seq)); got != want {
					t.Errorf("project %d\n got  %s\n want %s", seq, got, want)
				}
			}
			for seq, want := range tc.goals {
				if got := project(seq).Goal; !strings.HasPrefix(got, want) {
					t.Errorf("project %d: goal %q, want it to start with %q", seq, got, want)
				}
			}
			for _, w := range tc.indicatorRecords {
				ins := project(w.project).Indicators
				if w.seq > len(ins) {
					t.Errorf("project %d has no indicator %d", w.project, w.seq)
					continue
				}
				if got := indicatorText(ins[w.seq-1]); got != w.want {
					t.Errorf("project %d indicator %d\n got  %s\n want %s", w.project, w.seq, got, w.want)
				}
			}
			for _, f := range tc.findings {
				code, text, _ := strings.Cut(f, ": ")
				if !hasFinding(rec, code, text) {
					t.Errorf("no %s finding saying %q", code, text)
				}
			}
		})
	}
}
