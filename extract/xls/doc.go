// Package xls reads legacy Excel workbooks (BIFF8, Excel 97–2003, .xls).
//
// It is a focused reader of the records that hold what a budget table
// shows: the shared strings (SST, with their CONTINUE records), cell
// records (LABELSST, LABEL, NUMBER, RK, MULRK, BOOLERR and the cached
// results of FORMULA), merged ranges (MERGEDCELLS), number formats
// (FORMAT, XF), sheet names and visibility (BOUNDSHEET), and hidden rows
// and columns (ROW, COLINFO). The workbook stream is found with the OLE2
// reader github.com/richardlehane/mscfb. Pages are laid out with package
// grid, as for xlsx.
//
// The pure-Go readers on the module proxy were tried first: neither
// github.com/shakinm/xlsReader nor github.com/extrame/xls reads merged
// ranges, which every budget table uses for its headers.
package xls
