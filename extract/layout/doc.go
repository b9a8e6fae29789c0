// Package layout rebuilds tables from positioned text, whatever format the
// positions came from: glyphs and ruling lines walked out of a PDF page, or
// the absolutely positioned text and border <div>s of a PDF converted to
// HTML.
//
// Build reads one page (glyphs or text runs with boxes, font sizes and clip
// rectangles; ruling segments; the page size) and returns the page's free
// lines and its table fragments. Ruled tables are laid out as a lattice
// whose missing borders make merged cells; text without rules forms a table
// where three or more rows break into shared columns. Each glyph goes to the
// cell holding its centre, clamped into its clip rectangle, so text a cell
// clips stays in that cell (flagged model.Clipped). Lines in a cell stay
// separate; joining them is normalize's work. A cell left open under its
// grid, where the grid reaches the page foot or the grid's other foot cells
// are closed, is flagged model.Continued; text set one character per
// line, model.Vertical. The lines right above a grid become its title and
// captions (单位：元), those right under it that read as notes (注：…, 本表为空)
// its notes. A table of contents gives no tables.
//
// Fragments are never stitched across pages here; DropSeamRepeats only
// removes the text a producer repeats at a seam.
package layout
