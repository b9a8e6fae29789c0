// Package pdf reads PDF files into the extract model.
//
// github.com/ledongthuc/pdf serves as the object and stream layer only. This
// package opens files the library refuses (a %PDF-2.0 or padded header,
// bytes after %%EOF, a broken cross-reference table, which it rebuilds by
// scanning for objects), walks each page's content stream itself (graphics
// and text state, glyph positions and widths, ToUnicode maps parsed once per
// font, predefined CJK CMaps, Form XObjects, clip paths, and ruling lines
// from stroked paths, thin filled shapes of any outline and the edges of
// filled boxes), and hands the glyphs and rules to package layout, which
// builds the page's lines and tables.
//
// A page that fails to read becomes a page_failed finding, a scanned page a
// no_text_layer finding, and a font whose codes map to no characters an
// undecodable_font finding; all three have severity error, so the document
// is stored as partial. A file without any text gives an error wrapping
// extract.ErrNoTextLayer, one that needs a user password an error wrapping
// extract.ErrEncrypted.
package pdf
