// Package pdf reads PDF files into the documents of package model.
//
// github.com/ledongthuc/pdf serves as the object and stream layer only. This
// package walks each page's content stream itself (graphics and text state,
// glyph positions and widths, ToUnicode maps parsed once per font,
// predefined CJK CMaps, Form XObjects, clip paths, and ruling lines from
// stroked paths, thin filled shapes of any outline and the edges of filled
// boxes), and hands the glyphs and rules to package layout, which builds
// the page's lines and tables.
//
// The library never reads a file's cross-reference sections: this package
// reads them with limits (xref.go), checks every entry against the bytes,
// and when they are missing, wrong or point into the wrong place, rebuilds
// the table by scanning for objects, those in object streams included, the
// last definition of each winning (rebuild.go); the catalog, or failing
// that a page tree or the pages, is found by /Type. The table reaches the
// library as a cross-reference stream after the file's last byte (open.go).
// It also opens what the library refuses but readers accept: a %PDF-2.0 or
// padded header, bytes after %%EOF.
//
// A corrupt object spoils only what uses it (contain.go). The library
// reports damage by panicking; each failure is caught where its reach
// ends and names the object the library was reading: a page tree node
// that cannot be read stands for the pages its parent's /Count misses, a
// page whose content or font cannot be read fails alone, a content stream
// that breaks keeps what it drew before the break, a damaged ToUnicode map
// gives what it can and the font's encoding the rest. An object the
// library cannot parse but this package's forgiving parser can (a stray
// byte, a missing endobj, a /Length that lies) is read through a clean
// copy, and the document read again (repair.go).
//
// Findings: page_failed (a page that cannot be read), content_damaged (a
// content stream cut short, a form missing), undecodable_font and
// no_text_layer are errors, so the document is stored as partial;
// font_damaged, object_repaired and page_tree_lost (page numbers that are a
// guess) are warnings; xref_rebuilt is information. Messages name the page
// and the object: "report.pdf:p3: object 12 0: …". A file without any text
// gives an error wrapping extract.ErrNoTextLayer, one that needs a user
// password an error wrapping extract.ErrEncrypted, one with nothing to
// read an error wrapping extract.ErrMalformed.
package pdf
