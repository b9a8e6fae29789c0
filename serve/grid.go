package serve

import (
	"fmt"
	"html"
	"html/template"
	"regexp"
	"strconv"
	"strings"

	"github.com/budgetx/budgetx/model"
	"github.com/budgetx/budgetx/store"
)

// gridCell is one position of a rendered grid: a cell where it starts, a
// position a merged cell covers, or an empty position.
type gridCell struct {
	Covered bool // inside a merged cell that starts elsewhere: no <td>
	Text    string
	RowSpan int
	ColSpan int
	Page    int
	Box     string // "x0 y0 x1 y1" in points; empty without geometry
	Class   string // num (an amount), finding
	Note    string // the findings that concern the cell
}

// gridIn is a cell to place in a grid: 0-based position.
type gridIn struct {
	row, col, rowSpan, colSpan int
	text                       string
	page                       int
	box                        model.Rect
	note                       string
}

// buildGrid lays cells out in an nrows × ncols grid, each merged cell once
// with its spans (cut to the grid), the positions it covers marked, and
// each position no cell holds empty. A cell that overlaps one placed before
// it is left out: the first stays, as in the database.
func buildGrid(nrows, ncols int, cells []gridIn) [][]gridCell {
	for _, c := range cells { // the grid holds every cell, whatever the table says
		nrows = max(nrows, c.row+1)
		ncols = max(ncols, c.col+1)
	}
	grid := make([][]gridCell, nrows)
	for i := range grid {
		grid[i] = make([]gridCell, ncols)
		for j := range grid[i] {
			grid[i][j] = gridCell{RowSpan: 1, ColSpan: 1}
		}
	}
	taken := make([][]bool, nrows)
	for i := range taken {
		taken[i] = make([]bool, ncols)
	}
	for _, c := range cells {
		if c.row < 0 || c.col < 0 || taken[c.row][c.col] {
			continue
		}
		rs := min(max(c.rowSpan, 1), nrows-c.row)
		cs := min(max(c.colSpan, 1), ncols-c.col)
		for i := c.row; i < c.row+rs; i++ {
			for j := c.col; j < c.col+cs; j++ {
				if taken[i][j] { // overlaps a cell placed before: shrink to what is free
					if i == c.row {
						cs = j - c.col
					} else {
						rs = i - c.row
					}
				}
			}
		}
		for i := c.row; i < c.row+rs; i++ {
			for j := c.col; j < c.col+cs; j++ {
				taken[i][j] = true
				grid[i][j].Covered = true
			}
		}
		g := gridCell{Text: c.text, RowSpan: rs, ColSpan: cs, Page: c.page, Box: boxAttr(c.box), Note: c.note}
		var class []string
		if amountRE.MatchString(c.text) {
			class = append(class, "num")
		}
		if c.note != "" {
			class = append(class, "finding")
		}
		g.Class = strings.Join(class, " ")
		grid[c.row][c.col] = g
	}
	return grid
}

// amountRE matches a cell that holds a number alone, which a table aligns
// right: 1,234.56, -3, (12.00), 95%, ９５.
var amountRE = regexp.MustCompile(`^[-−+]?[(（]?[0-9０-９][0-9０-９,，]*([.．][0-9０-９]+)?[)）]?\s*[%％]?$`)

// boxAttr prints a box for a data-box attribute: "x0 y0 x1 y1" in points;
// empty for the zero box.
func boxAttr(r model.Rect) string {
	if r.IsZero() {
		return ""
	}
	return fmt.Sprintf("%.2f %.2f %.2f %.2f", r.X0, r.Y0, r.X1, r.Y1)
}

// tableGrid lays out a stored table; notes holds the findings of each cell
// by row and column (1-based).
func tableGrid(t store.TableInfo, cells []model.CellRecord, notes map[[2]int]string) [][]gridCell {
	in := make([]gridIn, len(cells))
	for i, c := range cells {
		in[i] = gridIn{row: c.Row - 1, col: c.Col - 1, rowSpan: c.RowSpan, colSpan: c.ColSpan,
			text: c.Text, page: c.Page, box: c.Box, note: notes[[2]int{c.Row, c.Col}]}
	}
	return buildGrid(t.NRows, t.NCols, in)
}

// rowRE finds the grid rows a finding's message names: the checks of
// normalize name each line they compare as "row N".
var rowRE = regexp.MustCompile(`\brow (\d+)\b`)

// markFindings tells which cells the findings of a table concern. A finding
// names grid rows in its message; on each such row it concerns the amounts
// read under a column its message names, or, when it names none of the
// row's columns, the whole row.
func markFindings(findings []store.FindingInfo, cells []model.CellRecord, amounts map[int][]store.Amount) map[[2]int]string {
	byRow := map[int][]model.CellRecord{}
	for _, c := range cells {
		byRow[c.Row] = append(byRow[c.Row], c)
	}
	notes := map[[2]int]string{}
	note := func(c model.CellRecord, f store.FindingInfo) {
		k := [2]int{c.Row, c.Col}
		line := f.Severity + " " + f.Code + ": " + f.Message
		if notes[k] == "" {
			notes[k] = line
		} else if !strings.Contains(notes[k], line) {
			notes[k] += "\n" + line
		}
	}
	for _, f := range findings {
		for _, m := range rowRE.FindAllStringSubmatch(f.Message, -1) {
			row, _ := strconv.Atoi(m[1])
			var hit []model.CellRecord
			for _, c := range byRow[row] {
				for _, a := range amounts[row] {
					if a.Raw == c.Text && a.Column != "" && strings.Contains(f.Message, a.Column) {
						hit = append(hit, c)
						break
					}
				}
			}
			if len(hit) == 0 {
				hit = byRow[row]
			}
			for _, c := range hit {
				note(c, f)
			}
		}
	}
	return notes
}

// gridHTML renders a grid as an HTML table. It writes the markup itself
// rather than through html/template, which takes most of a page's time on a
// table of thousands of cells; every text in it goes through
// html.EscapeString, and every attribute is quoted.
func gridHTML(grid [][]gridCell) template.HTML {
	var b strings.Builder
	b.Grow(len(grid) * 256)
	b.WriteString(`<table class="grid"><tbody>`)
	attr := func(name, value string) {
		b.WriteString(" " + name + `="`)
		b.WriteString(html.EscapeString(value))
		b.WriteByte('"')
	}
	for _, row := range grid {
		b.WriteString("<tr>")
		for _, c := range row {
			if c.Covered {
				continue
			}
			b.WriteString("<td")
			if c.RowSpan > 1 {
				attr("rowspan", strconv.Itoa(c.RowSpan))
			}
			if c.ColSpan > 1 {
				attr("colspan", strconv.Itoa(c.ColSpan))
			}
			if c.Class != "" {
				attr("class", c.Class)
			}
			if c.Page > 0 {
				attr("data-page", strconv.Itoa(c.Page))
			}
			if c.Box != "" {
				attr("data-box", c.Box)
				attr("tabindex", "0")
			}
			if c.Note != "" {
				attr("title", c.Note)
			}
			b.WriteByte('>')
			b.WriteString(html.EscapeString(c.Text))
			b.WriteString("</td>")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody></table>")
	return template.HTML(b.String())
}
