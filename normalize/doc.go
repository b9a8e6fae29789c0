// Package normalize turns an extracted Document into Records: it repairs
// the damage tables suffer on their way into PDFs and text dumps, and it
// interprets the standard budget tables.
//
// Normalization is a list of small steps. Each repairs one kind of damage,
// does no I/O, and is idempotent: running it on its own output changes
// nothing. The steps work on tables of cells with pages, never on a
// format's raw text, so the same table normalizes to the same records
// whatever format it came in.
//
// The readers of performance-target tables (项目支出绩效目标表 and its
// kin) live in the files named targets*.go. They stay in this package
// rather than a subpackage because they share its table type, text
// cleaning, vocabulary and checks; a subpackage would have to export all
// of those.
package normalize
