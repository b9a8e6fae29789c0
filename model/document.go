package model

import "strings"

// Format names a file format budgetx can read.
type Format string

// The formats known to budgetx.
const (
	PDF  Format = "pdf"
	HTML Format = "html"
	XLSX Format = "xlsx"
	XLS  Format = "xls"
	Text Format = "text"
	DOCX Format = "docx" // Word 2007 and later
	DOC  Format = "doc"  // Word 97–2003 and WPS Writer (.doc, .wps), read through LibreOffice
)

// Document is everything an extractor found in one file.
type Document struct {
	Name     string // the file's name, used in positions and errors
	Format   Format
	Meta     Meta
	Pages    []*Page
	Findings []Finding // problems met while extracting (a bad page, hidden rows)
}

// Meta holds what the file says about itself, where the format has it.
type Meta struct {
	Title    string
	Author   string
	Creator  string
	Producer string
	Pages    int // printed pages (PDF); 0 when the format has no pages
}

// Page is one printed page, one worksheet, or one HTML document.
type Page struct {
	Number int    // 1-based
	Name   string // worksheet name, for workbooks
	Width  float64
	Height float64
	Lines  []Line   // text outside tables, top to bottom
	Tables []*Table // table fragments, top to bottom
}

// Line is a line of free text: a title, a caption, a note, narrative.
type Line struct {
	Text string
	Box  Rect    // zero when the format has no geometry
	Size float64 // font size in points, where known
}

// Table is one table fragment as it appears on one page (or sheet, or HTML
// table). A table printed across pages is several fragments; normalize
// stitches them.
type Table struct {
	Page    int
	Title   string   // the title printed above the grid, if the extractor found one
	Caption []string // lines between title and grid, such as 单位：元
	Notes   []string // lines right under the grid, such as 注：… or 本表为空
	Box     Rect
	Rows    []Row
}

// Row is one row of a table fragment.
type Row struct {
	Page  int
	Cells []Cell // left to right
}

// Cell is one cell of a grid. A merged cell appears once, in the row where it
// starts, with RowSpan or ColSpan above 1.
type Cell struct {
	Col     int // 0-based grid column
	RowSpan int // at least 1
	ColSpan int // at least 1
	Lines   []string
	Page    int
	Box     Rect // zero when the format has no geometry
	Flags   Flags
}

// Text returns the cell's lines joined by newlines.
func (c Cell) Text() string { return strings.Join(c.Lines, "\n") }

// Empty reports whether the cell holds no visible text.
func (c Cell) Empty() bool {
	for _, l := range c.Lines {
		if strings.TrimSpace(l) != "" {
			return false
		}
	}
	return true
}

// Flags mark what an extractor noticed about a cell.
type Flags uint8

const (
	// Clipped: the cell holds more text than its printed box shows.
	Clipped Flags = 1 << iota
	// Continued: the cell is open at the page foot and goes on at the top
	// of the next page.
	Continued
	// Vertical: the text is set one character per line.
	Vertical
)

// Rect is a box in points with the origin at the top left of the page and y
// growing downwards.
type Rect struct {
	X0, Y0, X1, Y1 float64
}

// IsZero reports whether r is the zero box (no geometry known).
func (r Rect) IsZero() bool { return r == Rect{} }

// Width returns the width of r.
func (r Rect) Width() float64 { return r.X1 - r.X0 }

// Height returns the height of r.
func (r Rect) Height() float64 { return r.Y1 - r.Y0 }
