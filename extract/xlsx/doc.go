// Package xlsx reads Excel workbooks (Office Open XML, .xlsx).
//
// Each visible worksheet is one page named after the sheet. Its cells are
// laid out with package grid: merged ranges become spans, hidden rows and
// columns are left out with a finding, and the rows above a grid give the
// table its title and caption. Cells show their cached values, never their
// formulas. Numbers are read as stored, rounded to Excel's 15 significant
// digits so that 68223.4 stays 68223.4; percentages and dates are shown as
// their formats print them.
//
// excelize opens the workbook: it checks the package and reads styles and
// properties. The worksheets themselves are streamed out of the zip through
// a small scanner of their XML, several times faster than a general XML
// decoder and never holding a whole sheet's XML in memory: a sheet of
// 100,000 rows reads in under a second and 200 MB. The unzip size limit
// (MaxUnzip) is checked against the zip directory before anything is
// inflated, so a zip bomb fails cleanly.
package xlsx
