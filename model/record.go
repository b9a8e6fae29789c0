package model

// Records is the normalized content of one document: what store writes.
// Package normalize fills it from a Document.
type Records struct {
	Info     Info          `json:"info"`
	Tables   []TableRecord `json:"tables"`
	Projects []Project     `json:"projects"`
	Findings []Finding     `json:"findings"`
}

// Info describes a document, as read from the document itself.
type Info struct {
	Title      string `json:"title"`
	FiscalYear int    `json:"fiscal_year"` // 0 when unknown
	Kind       string `json:"kind"`        // 预算 or 决算, empty when unknown
	OrgName    string `json:"org_name"`
	Pages      int    `json:"pages"`
	Producer   string `json:"producer"`
}

// TableRecord is one logical table after repair: fragments stitched, text
// cleaned. Seq numbers tables 1, 2, … in document order.
type TableRecord struct {
	Seq   int    `json:"seq"`
	Title string `json:"title"`
	Kind  Kind   `json:"kind"`           // KindOther when unknown
	Unit  string `json:"unit"`           // 元 or 万元, empty when none was printed
	Note  string `json:"note,omitempty"` // the notes printed under the table: 注：…, 本表为空
	// Caption holds the lines printed between the title and the grid
	// (编制部门：…, 公开表一, 单位：元), one a line; CaptionOrg and Number
	// are the organisation and the table number they (or the title) name.
	Caption    string       `json:"caption,omitempty"`
	CaptionOrg string       `json:"caption_org,omitempty"`
	Number     string       `json:"number,omitempty"`
	PageFirst  int          `json:"page_first"`
	PageLast   int          `json:"page_last"`
	NRows      int          `json:"n_rows"`
	NCols      int          `json:"n_cols"`
	Cells      []CellRecord `json:"cells,omitempty"`
	Lines      []BudgetLine `json:"lines,omitempty"`
	Checks     []Check      `json:"checks,omitempty"` // by code, in code order
}

// Check counts how often one identity was tested on a table and how often
// it failed. Code is the code of the finding a failure records
// (total_mismatch, weight_sum, …), so Failed is the number of those
// findings on the table.
type Check struct {
	Code   Code `json:"code"`
	Run    int  `json:"run"`
	Failed int  `json:"failed"`
}

// CellRecord is one cell of a repaired grid; Row and Col are 1-based.
// Box is where the cell was printed on its Page, as a Rect (points,
// origin at the top left of the page as displayed, y down); it is zero where
// the format has no geometry. A merged cell that a page break cut keeps the
// box of its part on Page, the page it starts on. Boxes are left out of JSON:
// they depend on the producer's layout, not on what the document says.
type CellRecord struct {
	Row     int    `json:"row"`
	Col     int    `json:"col"`
	RowSpan int    `json:"row_span"`
	ColSpan int    `json:"col_span"`
	Text    string `json:"text"`
	Page    int    `json:"page"`
	Box     Rect   `json:"-"`
}

// Project is one project of a performance-target table.
type Project struct {
	Seq            int         `json:"seq"`
	TableSeq       int         `json:"table_seq"`
	DepartmentCode string      `json:"department_code"`
	DepartmentName string      `json:"department_name"`
	UnitCode       string      `json:"unit_code"`
	UnitName       string      `json:"unit_name"`
	Name           string      `json:"name"`
	BudgetFen      *int64      `json:"budget_fen"`
	Goal           string      `json:"goal"`
	PageFirst      int         `json:"page_first"`
	PageLast       int         `json:"page_last"`
	Indicators     []Indicator `json:"indicators"`
}

// Indicator is one performance indicator of a project.
type Indicator struct {
	Seq         int      `json:"seq"`
	Level1      string   `json:"level1"`
	Level2      string   `json:"level2"`
	Level3      string   `json:"level3"`
	Operator    string   `json:"operator"` // ≥ ≤ = > < 定性, empty when none was printed
	ValueText   string   `json:"value_text"`
	ValueNum    *float64 `json:"value_num"`
	MeasureUnit string   `json:"measure_unit"`
	Weight      *float64 `json:"weight"`
	Direction   string   `json:"direction"`
	Page        int      `json:"page"`
}

// BudgetLine is one amount cell of a standard budget table, in long format;
// Row is the 1-based grid row the amount came from.
type BudgetLine struct {
	Row         int    `json:"row"`
	Page        int    `json:"page"`
	Side        int    `json:"side"`         // 1, 2: the stream of a two-sided table; 0 when one-sided
	SubjectKind string `json:"subject_kind"` // 功能分类, 经济分类, or the stream: 收入, 支出
	Code        string `json:"code"`
	Level       int    `json:"level"` // 1 类, 2 款, 3 项; 0 for totals and unnumbered rows
	Name        string `json:"name"`
	EconCode    string `json:"econ_code,omitempty"` // a second, economic code on the same row
	EconName    string `json:"econ_name,omitempty"`
	IsTotal     bool   `json:"is_total"` // a 合计, 总计 or 小计 row
	ColumnName  string `json:"column_name"`
	AmountFen   *int64 `json:"amount_fen"`
	Raw         string `json:"raw"`
}

// Severity grades a finding.
type Severity string

// The severities of findings.
const (
	SevInfo    Severity = "info"
	SevWarning Severity = "warning"
	SevError   Severity = "error"
)

// Finding is a problem or a fact worth a reader's attention, with its place.
// TableSeq and ProjectSeq refer to Records.Tables and Records.Projects; 0
// means none.
type Finding struct {
	Severity   Severity `json:"severity"`
	Code       Code     `json:"code"`
	Message    string   `json:"message"`
	Page       int      `json:"page"`
	TableSeq   int      `json:"table_seq"`
	ProjectSeq int      `json:"project_seq"`
}
