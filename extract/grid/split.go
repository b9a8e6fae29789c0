package grid

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/budgetx/budgetx/model"
)

// Row is one row of a grid: its non-empty cells, left to right, and its
// number in the source (a worksheet's 1-based row number), which tells
// blank rows apart.
type Row struct {
	N     int
	Cells []model.Cell
}

// Block is a stretch of a grid: the free lines found before a table (or at
// the end, when Table is nil) and the table itself, with its Title, Caption
// and Notes taken from the lines around its grid. The title and caption
// lines are among Lines too, as they are text outside the grid.
type Block struct {
	Lines []string
	Table *model.Table
}

// Split cuts rows into tables and the free lines around them.
//
// A table starts at its first wide row, a row holding two or more cells
// that are not all caption labels. The lines above it give its Title (the
// last lone line that is not a caption) and Caption (the label lines between
// title and grid, such as 编制部门：… and 单位：元). A lone line that opens
// with 注 or 本表 ends the grid and starts its Notes. A lone line that reads
// as the title of a next table starts it (see opensNext). Every other row
// belongs to the table, however sparse, so a 合计 row whose amounts are
// blank stays in the grid.
func Split(rows []Row, page int) []Block {
	var blocks []Block
	for i := 0; i < len(rows); {
		g := i
		for g < len(rows) && !wide(rows[g]) {
			g++
		}
		if g == len(rows) {
			blocks = append(blocks, Block{Lines: rowLines(rows[i:])})
			break
		}
		t := &model.Table{Page: page}
		t.Title, t.Caption = heading(rows[i:g])
		end, notes := g+1, -1
		for ; end < len(rows); end++ {
			r := rows[end]
			if wide(r) {
				if notes >= 0 {
					break // a grid under notes is another table
				}
				continue
			}
			if opensNext(rows, end, notes >= 0) {
				break
			}
			if notes < 0 && isNote(r) {
				notes = end
			}
		}
		last := end
		if notes >= 0 {
			last = notes
			t.Notes = rowLines(rows[notes:end])
		}
		t.Rows = make([]model.Row, 0, last-g)
		for _, r := range rows[g:last] {
			t.Rows = append(t.Rows, model.Row{Page: page, Cells: r.Cells})
		}
		blocks = append(blocks, Block{Lines: rowLines(rows[i:g]), Table: t})
		i = end
	}
	return blocks
}

// heading finds the title and caption lines among the rows above a grid.
func heading(pre []Row) (title string, caption []string) {
	k := len(pre)
	for k > 0 && captionRow(pre[k-1]) {
		k--
	}
	for _, r := range pre[k:] {
		for _, c := range r.Cells {
			caption = append(caption, strings.Join(c.Lines, " "))
		}
	}
	if k > 0 && len(pre[k-1].Cells) == 1 {
		if s := strings.Join(pre[k-1].Cells[0].Lines, ""); utf8.RuneCountInString(s) <= maxTitle {
			title = s
		}
	}
	return title, caption
}

// maxTitle is the length in characters beyond which a lone line above a
// grid is narrative rather than the grid's title.
const maxTitle = 80

// HeadingAbove finds a title and caption lines among the free lines above
// a table (paragraphs of a page or a document): the caption lines nearest
// the table, up to three, then the title line above them, unless it is too
// long for a title or is a note. Captions already found (in the table's
// own caption) come after the ones found here.
func HeadingAbove(lines, caption []string) (string, []string) {
	k := len(lines)
	for k > 0 && len(lines)-k < 3 && IsCaption(lines[k-1]) {
		k--
	}
	caps := append(append([]string(nil), lines[k:]...), caption...)
	if k > 0 && utf8.RuneCountInString(lines[k-1]) <= maxTitle && !IsNote(lines[k-1]) {
		return lines[k-1], caps
	}
	return "", caps
}

// NotesBelow returns how many of the free lines right under a table are
// its notes: a line opening with 注 or 本表, and the numbered lines that go
// on with it.
func NotesBelow(lines []string) int {
	n := 0
	for _, l := range lines {
		if !IsNote(l) && (n == 0 || !continuesNote.MatchString(l)) {
			break
		}
		n++
	}
	return n
}

// Surround gives the tables read from one grid what the free lines around
// the grid say: the first, unless the grid held its own title, takes its
// title and caption from the lines above (see HeadingAbove); the last,
// unless it has notes, takes the note lines that open the lines below (see
// NotesBelow).
func Surround(tables []*model.Table, above, below []string) {
	if len(tables) == 0 {
		return
	}
	first, last := tables[0], tables[len(tables)-1]
	if first.Title == "" {
		first.Title, first.Caption = HeadingAbove(above, first.Caption)
	}
	if n := NotesBelow(below); last.Notes == nil && n > 0 {
		last.Notes = below[:n:n]
	}
}

// opensNext reports whether the lone row at k starts another table: a wide
// row follows it, perhaps after caption rows, and it names a table (…表),
// or it comes after notes, or it is set apart by a blank row and a caption
// follows it. A lone 合计 row above the rest of a grid is none of these.
func opensNext(rows []Row, k int, afterNotes bool) bool {
	r := rows[k]
	if len(r.Cells) != 1 || isNote(r) {
		return false
	}
	m := k + 1
	for m < len(rows) && m-k <= 3 && captionRow(rows[m]) {
		m++
	}
	if m == len(rows) || !wide(rows[m]) {
		return false
	}
	gap := k > 0 && r.N-rows[k-1].N > 1
	return afterNotes || namesTable(r.Cells[0].Text()) || gap && m > k+1
}

// wide reports whether r looks like a row of a grid.
func wide(r Row) bool { return len(r.Cells) >= 2 && !captionRow(r) }

// captionRow reports whether every cell of r is a caption label.
func captionRow(r Row) bool {
	if len(r.Cells) == 0 || len(r.Cells) > 3 {
		return false
	}
	for _, c := range r.Cells {
		if !IsCaption(c.Text()) {
			return false
		}
	}
	return true
}

var (
	captionRE     = regexp.MustCompile(`^[（(]?\s*(单位|[^\s：:，。,.；;、]{1,12}\s*[：:])`)
	noteRE        = regexp.MustCompile(`^(注|备注|附注|说明)\s*[:：\d１-９一二三、.．（(]|^本表|^注$`)
	continuesNote = regexp.MustCompile(`^[0-9０-９]+[.．、]|^[（(][0-9０-９一二三四五六七八九十]+[）)]`)
	tableRE       = regexp.MustCompile(`表\s*([（(]续[）)]|[（(][^（）()]{1,12}[）)])?$`)
)

// IsCaption reports whether s is a caption label: a short line such as
// 单位：万元, （单位：元） or 编制部门：某某局.
func IsCaption(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && utf8.RuneCountInString(s) <= 40 && !strings.Contains(s, "\n") && captionRE.MatchString(s)
}

// IsNote reports whether s opens a note under a table: 注：…, 备注…, 本表….
func IsNote(s string) bool { return noteRE.MatchString(strings.TrimSpace(s)) }

func isNote(r Row) bool { return len(r.Cells) == 1 && IsNote(r.Cells[0].Text()) }

// namesTable reports whether s reads as a table's name: 收支总表,
// 项目支出表（续）, 一般公共预算支出表(按功能科目).
func namesTable(s string) bool {
	s = strings.TrimSpace(s)
	return utf8.RuneCountInString(s) <= maxTitle && tableRE.MatchString(s)
}

// rowLines returns the text lines of rows, cell by cell.
func rowLines(rows []Row) []string {
	var lines []string
	for _, r := range rows {
		for _, c := range r.Cells {
			lines = append(lines, c.Lines...)
		}
	}
	return lines
}

// Lines splits a cell's text into its lines, trimmed, without blank lines.
func Lines(text string) []string {
	var lines []string
	for l := range strings.SplitSeq(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}
