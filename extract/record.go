package extract

// Records is the normalized content of one document: what store writes.
// Package normalize fills it from a Document.
type Records struct {
	Info     Info
	Tables   []TableRecord
	Projects []Project
	Findings []Finding
}

// Info describes a document, as read from the document itself.
type Info struct {
	Title      string
	FiscalYear int    // 0 when unknown
	Kind       string // 预算 or 决算, empty when unknown
	OrgName    string
	Pages      int
	Producer   string
}

// TableRecord is one logical table after repair: fragments stitched, text
// cleaned. Seq numbers tables 1, 2, … in document order.
type TableRecord struct {
	Seq       int
	Title     string
	Kind      string // see DESIGN.md; "other" when unknown
	Unit      string // 元 or 万元, empty when none was printed
	PageFirst int
	PageLast  int
	NRows     int
	NCols     int
	Cells     []CellRecord
	Lines     []BudgetLine
}

// CellRecord is one cell of a repaired grid; Row and Col are 1-based.
type CellRecord struct {
	Row, Col         int
	RowSpan, ColSpan int
	Text             string
	Page             int
}

// Project is one project of a performance-target table.
type Project struct {
	Seq            int
	TableSeq       int
	DepartmentCode string
	DepartmentName string
	UnitCode       string
	UnitName       string
	Name           string
	BudgetFen      *int64
	Goal           string
	PageFirst      int
	PageLast       int
	Indicators     []Indicator
}

// Indicator is one performance indicator of a project.
type Indicator struct {
	Seq         int
	Level1      string
	Level2      string
	Level3      string
	Operator    string // ≥ ≤ = > < 定性, empty when none was printed
	ValueText   string
	ValueNum    *float64
	MeasureUnit string
	Weight      *float64
	Direction   string
	Page        int
}

// BudgetLine is one amount cell of a standard budget table, in long format;
// Row is the 1-based grid row the amount came from.
type BudgetLine struct {
	Row         int
	SubjectKind string
	Code        string
	Level       int
	Name        string
	ColumnName  string
	AmountFen   *int64
	Raw         string
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
	Severity   Severity
	Code       string
	Message    string
	Page       int
	TableSeq   int
	ProjectSeq int
}
