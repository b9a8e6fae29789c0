// Package normalize turns an extracted Document into Records: it repairs
// the damage tables suffer on their way into PDFs and text dumps, and it
// interprets the standard budget tables.
//
// Normalization is a list of small steps. Each repairs one kind of damage,
// does no I/O, and is idempotent: running it on its own output changes
// nothing. The steps work on tables of cells with pages, never on a
// format's raw text, so the same table normalizes to the same records
// whatever format it came in. Only Document is exported; the steps are
// the package's own and are tested from inside it.
//
// The files, in the order Document uses them:
//
//   - normalize.go: Document, and the list of target layouts (targetLayouts)
//     with readTargets, which says which layout claimed a table.
//   - table.go: the logical table under repair.
//   - text.go: cleaning one cell's text and joining its wrapped lines.
//   - stitch.go: one text per cell (unwrapCellText), fragments stitched
//     across pages into logical tables (stitchPages).
//   - classify.go, caption.go, info.go, amount.go: what titles, captions
//     and covers say (kind, year, unit, organisation) and printed amounts.
//   - budgetlines.go: the standard budget tables read into budget lines;
//     its column roles are lineRole, line….
//   - validate.go, checks.go: the accounting identities the budget lines
//     must satisfy, and the count of those tested on each table.
//   - targets*.go: the readers of performance-target tables (项目支出绩效目标表
//     and its kin), one file per layout: targets.go the grid, one row per
//     indicator (targetsGrid), targets_form.go forms (targetsForms),
//     targets_packed.go indicators packed in one cell (targetsPacked),
//     targets_goals.go goals without indicators (targetsGoals);
//     targets_stitch.go mends what page breaks do to these tables,
//     targets_value.go takes an indicator's printed target apart.
//   - columns.go: the columns of a target table; its roles are role, col….
//   - continuation.go: whether a block that opens a page goes on with the
//     project above it.
//   - vocab.go: every label the interpretation recognises, as data.
//
// "Line" means a text line of a page or a cell's line of text in the text
// and stitching steps, and a budget line (model.BudgetLine) in
// budgetlines.go and validate.go.
//
// The target readers stay in this package rather than a subpackage: they
// share its table type, text cleaning, vocabulary, continuation and checks,
// which a subpackage would force it to export; the targets prefix groups
// them instead.
package normalize
