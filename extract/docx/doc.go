// Package docx reads Word documents (.docx, Office Open XML): the tables
// of the document's body and the paragraphs around them.
//
// A document has no pages until it is printed, so it is one model.Page,
// as an HTML page is. The body is read in order, as paragraphs (each a line,
// or several where it breaks lines) and tables. A table's cells are placed
// on its grid: w:gridSpan spans columns, w:vMerge restart and continue
// span rows, w:gridBefore skips columns. Rows that lone cells span are
// title rows, as in a worksheet (package grid). The paragraphs just above a
// table give its title and caption (单位：元), and the note paragraphs just
// under it (注：…) its notes. A table nested in a cell is read as the
// cell's text, unless it is itself a grid of figures: then the table that
// holds it lays out the page, its text is read as lines, and each nested
// grid is a table of its own, as in HTML.
//
// Hidden runs, deleted text, field codes and drawings are left out. The
// XML is read by element name, whatever the namespace, so Strict Open XML
// files read too.
package docx
