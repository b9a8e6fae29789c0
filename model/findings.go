package model

// Code names a kind of finding (findings.code); the code of a check
// (checks.code) is the code of the finding its failures record.
type Code string

// The finding codes of extraction: what a file's damage or layout kept
// from being read.
const (
	CodePageFailed      Code = "page_failed"
	CodeContentDamaged  Code = "content_damaged"
	CodeNoTextLayer     Code = "no_text_layer"
	CodeUndecodableFont Code = "undecodable_font"
	CodeFontDamaged     Code = "font_damaged"
	CodeObjectRepaired  Code = "object_repaired"
	CodePageTreeLost    Code = "page_tree_lost"
	CodeInfoDamaged     Code = "info_damaged"
	CodeXrefRebuilt     Code = "xref_rebuilt"
	CodeCharsetMismatch Code = "charset_mismatch"
	CodeBadSheet        Code = "bad_sheet"
	CodeMissingSheet    Code = "missing_sheet"
	CodeBadCells        Code = "bad_cells"
	CodeHiddenSheets    Code = "hidden_sheets"
	CodeHiddenRows      Code = "hidden_rows"
	CodeHiddenColumns   Code = "hidden_columns"
)

// The finding codes of normalization: how a table was read, and what its
// projects and indicators say.
const (
	CodeUnitAssumed        Code = "unit_assumed"
	CodeProjectUnnamed     Code = "project_unnamed"
	CodeIndicatorsUnparsed Code = "indicators_unparsed"
	CodeBudgetFragments    Code = "budget_fragments"
	CodeFragmentsJoined    Code = "fragments_joined"
	CodeFragmentsApart     Code = "fragments_apart"
	CodeTextTruncated      Code = "text_truncated"
	CodeDirectionConflict  Code = "direction_conflict"
)

// The finding codes of the accounting identities a table is checked
// against; each is also the code of a check.
const (
	CodeBalanceMismatch     Code = "balance_mismatch"
	CodeTotalMismatch       Code = "total_mismatch"
	CodeSubtotalMismatch    Code = "subtotal_mismatch"
	CodeColumnSumMismatch   Code = "column_sum_mismatch"
	CodeSubsetMismatch      Code = "subset_mismatch"
	CodeCrossTableMismatch  Code = "cross_table_mismatch"
	CodeWeightSum           Code = "weight_sum"
	CodeBudgetPartsMismatch Code = "budget_parts_mismatch"
)

// CodeInfo describes a finding code for readers: docs/schema.md lists
// Codes as a table.
type CodeInfo struct {
	Code Code
	// Severities are those a finding with the code is recorded with, the
	// usual one first.
	Severities []Severity
	Meaning    string
}

// Codes is the catalogue of every finding code budgetx records, in the
// order docs/schema.md lists them: extraction, normalization, checks.
var Codes = []CodeInfo{
	{CodePageFailed, sev(SevError), "PDF: a page that cannot be read at all (its page tree node, content or resources are damaged); the page is stored empty"},
	{CodeContentDamaged, sev(SevError), "PDF: a page's content stream is cut short or a form it draws is missing; what was drawn before the break is kept"},
	{CodeNoTextLayer, sev(SevError), "PDF: the page is an image without a text layer (a scan); nothing on it is read"},
	{CodeUndecodableFont, sev(SevError), "PDF: a font maps its codes to no characters; its text is left out"},
	{CodeFontDamaged, sev(SevWarning), "PDF: a font's character map is damaged; its text is read through the font's encoding where the map fails"},
	{CodeObjectRepaired, sev(SevWarning), "PDF: an object the PDF library could not parse was read through a repaired copy (a stray byte, a missing endobj, a wrong /Length)"},
	{CodePageTreeLost, sev(SevWarning), "PDF: part of the page tree is lost, so page numbers after it are a guess"},
	{CodeInfoDamaged, sev(SevWarning), "PDF: the document information (title, producer) cannot be read"},
	{CodeXrefRebuilt, sev(SevInfo), "PDF: the cross-reference table cannot be used; the objects were found by scanning the file"},
	{CodeCharsetMismatch, sev(SevWarning), "HTML: the page declares UTF-8 but is not; it is read in the character set its bytes show"},
	{CodeBadSheet, sev(SevError), "xls: a worksheet cannot be read; the other sheets are kept"},
	{CodeMissingSheet, sev(SevError), "xlsx: the workbook lists a worksheet whose part is missing from the file"},
	{CodeBadCells, sev(SevWarning), "xls, xlsx: cells that cannot be read (a cut-short shared string table, a broken record) are left out"},
	{CodeHiddenSheets, sev(SevInfo), "xls, xlsx: hidden worksheets, which are not read"},
	{CodeHiddenRows, sev(SevInfo), "xls, xlsx: hidden rows that hold text, which are not read"},
	{CodeHiddenColumns, sev(SevInfo), "xls, xlsx: hidden columns that hold text, which are not read"},

	{CodeUnitAssumed, sev(SevInfo), "a table prints no amount unit; its amounts are read in the unit the document's other tables print"},
	{CodeProjectUnnamed, sev(SevInfo), "a performance form lists indicators but names no project; the report around it does"},
	{CodeIndicatorsUnparsed, sev(SevWarning), "a packed 绩效指标 cell holds text that is not a numbered indicator"},
	{CodeBudgetFragments, sev(SevWarning), "a page break cut a project in two and each part printed an amount; the project's amount is their sum"},
	{CodeFragmentsJoined, sev(SevInfo, SevWarning), "the rows on either side of a page break are read as one project, on strong evidence (info) or weak (warning)"},
	{CodeFragmentsApart, sev(SevInfo), "a block that opens a page is read as a project of its own, not the rest of the one above the break"},
	{CodeTextTruncated, sev(SevInfo), "a project's goal stops without closing punctuation: the printed cell may have cut it off"},
	{CodeDirectionConflict, sev(SevInfo), "an indicator's direction (正向, 反向) contradicts its operator"},

	{CodeBalanceMismatch, sev(SevWarning), "收入总计 ≠ 支出总计 on a summary table"},
	{CodeTotalMismatch, sev(SevWarning), "a total ≠ its first-level lines (or a 决算 总计 ≠ 本年合计 plus carry-overs); on a performance table, a department's or unit's printed total ≠ its projects"},
	{CodeSubtotalMismatch, sev(SevWarning), "a 类 or 款 ≠ the sum of its 款 or 项"},
	{CodeColumnSumMismatch, sev(SevWarning), "合计 ≠ the sum of its columns (基本支出 + 项目支出 and the like), row by row"},
	{CodeSubsetMismatch, sev(SevWarning), "a part marked 其中 is more than what it is part of"},
	{CodeCrossTableMismatch, sev(SevWarning), "the 财政拨款收支总表's 一般公共预算 expenditure ≠ the 一般公共预算支出表's 合计"},
	{CodeWeightSum, sev(SevWarning), "a project's indicator weights sum to neither 90 nor 100"},
	{CodeBudgetPartsMismatch, sev(SevWarning), "a project's amount ≠ the sum of the parts printed under it"},
}

func sev(s ...Severity) []Severity { return s }

// LookupCode returns the catalogue's entry for c, and whether there is one.
func LookupCode(c Code) (CodeInfo, bool) {
	for _, ci := range Codes {
		if ci.Code == c {
			return ci, true
		}
	}
	return CodeInfo{}, false
}
