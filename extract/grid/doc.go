// Package grid lays out grids of cells (worksheets, HTML tables) as the
// pages and table fragments of package model.
//
// Spreadsheet and HTML extractors know where each cell sits and how far it
// spans, but not which rows form a table: a worksheet holds a title row, a
// caption row such as 单位：元, the grid itself and perhaps a note under it.
// Sheet collects cells at their sheet positions with their merged ranges and
// hidden rows and columns; Split tells title, caption and note rows from the
// rows of a table. Span places cells the way an HTML table does, skipping
// positions that row spans from above occupy.
//
// The package knows no budgets: it finds titles and captions by their shape
// (a lone line above a grid; a short label ending in a colon, or a 单位 unit
// line) and notes by the way they open (注, 备注, 说明, 本表).
package grid
