// Package serve is the read-only web application of budgetx serve: pages
// that put each extracted table beside the page it was printed on.
//
// Its contract: it reads the database through a read-only handle and
// changes nothing (every page answers GET and HEAD only; the SQL page runs
// one SELECT or WITH statement under a time limit); every text that comes
// from a document is escaped by html/template and rendered as text; the
// only files it serves are its own embedded assets and a stored
// document's original, and that only while the file at the stored source
// still has the stored sha256; any other path, and any id that names no
// record, is a plain 404. PDF pages are drawn in the browser by pdf.js,
// which the binary embeds and serves itself: nothing is fetched from the
// network.
package serve
