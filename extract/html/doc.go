// Package html reads HTML pages: a disclosure published as a web page, a
// Word or Excel document saved as HTML, or a page of positioned text that a
// PDF converter left behind.
//
// The page is one model.Page. Its text is read in document order, with
// <br> and block elements breaking lines; each <table> with at least two
// rows and two columns is a table fragment whose cells are placed with
// their row and column spans (package grid). Tables of one row or one
// column, and tables that hold such grids in their cells, lay out the page
// (portals nest their content that way): they are read as text, and each
// grid nested in them is a fragment of its own, its text read once. Rows
// and cells hidden with display:none are left out. A table's title and
// caption come from its <caption>, from lone rows at the top of its grid,
// or from the lines just above it; notes (注：…) from the lines just under
// it.
//
// A page made of absolutely positioned <div>s, a PDF converted to HTML, has
// no markup tables: each positioned parent is a page, each run of text and
// each border is placed by its coordinates, and package layout rebuilds
// lines and tables from them as it does for PDF pages.
//
// The charset comes from a byte-order mark, from <meta> in the head, or from
// the content: UTF-8 when the bytes are valid UTF-8, else GB18030, which
// also decodes every GB2312 and GBK page.
//
// A page without a table of figures (an article, an error page saved under
// a disclosure's name) is refused as unsupported, so that it does not land
// as a document.
package html
