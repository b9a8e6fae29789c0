// Package soffice reads the legacy binary word-processor formats that
// county sites still publish — Word 97–2003 (.doc) and WPS Writer (.wps,
// the same format) — by having LibreOffice convert them to docx, which
// package docx reads.
//
// LibreOffice (soffice, from Debian's libreoffice-writer-nogui) runs
// headless with a profile of its own in a temporary folder, so that
// conversions neither read nor disturb a user's profile and may run side
// by side; it is stopped, with every process it started, when the time
// limit passes or the context is cancelled. Without LibreOffice a file
// fails with an error that says what to install. WPS spreadsheets (.et)
// need none of this: they are Excel 97 workbooks, read by package xls.
package soffice
