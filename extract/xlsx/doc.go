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
// excelize opens the workbook: it checks the package, enforces the unzip
// size limits that stop zip bombs, and reads styles and properties. The
// worksheets themselves are read by a small scanner of their XML, which is
// several times faster than a general XML decoder on large sheets.
package xlsx
