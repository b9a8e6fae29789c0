package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/mattn/go-runewidth"

	"github.com/budgetx/budgetx/model"
	"github.com/budgetx/budgetx/store"
)

// writers write query results in each output format.
var writers = map[string]func(io.Writer, *store.Rows, queryOptions) error{
	"table": writeTable,
	"csv":   writeCSV,
	"json":  writeJSON,
}

// cellText renders a value for text output; NULL is empty.
func cellText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case []byte:
		return fmt.Sprintf("x'%x'", v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	default:
		return fmt.Sprint(v)
	}
}

// terminal measures text as a terminal shows it: wide and full-width
// characters (Chinese among them) take two columns, combining marks none,
// and characters of ambiguous width one.
var terminal = &runewidth.Condition{EastAsianWidth: false}

// displayWidth counts the terminal columns of s.
func displayWidth(s string) int { return terminal.StringWidth(s) }

// clipWidth shortens s to at most w terminal columns, ending it with … when
// it was cut.
func clipWidth(s string, w int) string { return terminal.Truncate(s, w, "…") }

// writeTable prints an aligned text table; numbers are right-aligned.
func writeTable(w io.Writer, rows *store.Rows, _ queryOptions) error {
	bw := bufio.NewWriter(w)
	header, cells, right := tableText(rows, false)
	writeAligned(bw, header, cells, right)
	fmt.Fprintf(bw, "(%d rows)\n", len(rows.Values))
	return bw.Flush()
}

// tableText renders rows for writeAligned, marking the columns that hold
// only numbers to be aligned right. With yuan, *_fen columns print in 元.
func tableText(rows *store.Rows, yuan bool) (header []string, cells [][]string, right []bool) {
	header = slices.Clone(rows.Columns)
	money := make([]bool, len(header))
	right = make([]bool, len(header))
	for i, c := range header {
		if base, ok := strings.CutSuffix(c, "_fen"); ok && yuan {
			header[i], money[i] = base+" (元)", true
		}
		right[i] = true
	}
	cells = make([][]string, len(rows.Values))
	for r, vals := range rows.Values {
		cells[r] = make([]string, len(vals))
		for i, v := range vals {
			cells[r][i] = cellText(v)
			switch v := v.(type) {
			case int64:
				if money[i] {
					cells[r][i] = model.GroupedYuan(v)
				}
			case float64, nil:
			default:
				right[i] = false
			}
		}
	}
	return header, cells, right
}

// writeAligned prints a header, a rule and the rows in columns as wide as
// their widest text, measured in terminal columns; right marks the columns
// to align right. Newlines in cells print as spaces.
func writeAligned(w *bufio.Writer, header []string, rows [][]string, right []bool) {
	widths := make([]int, len(header))
	for i, h := range header {
		widths[i] = displayWidth(h)
	}
	for _, cells := range rows {
		for i, s := range cells {
			if strings.ContainsAny(s, "\r\n") {
				s = strings.Join(strings.Fields(s), " ")
				cells[i] = s
			}
			widths[i] = max(widths[i], displayWidth(s))
		}
	}
	var b strings.Builder
	line := func(cells []string, header bool) {
		b.Reset()
		for i, s := range cells {
			pad := strings.Repeat(" ", widths[i]-displayWidth(s))
			if i > 0 {
				b.WriteString("  ")
			}
			if right[i] && !header {
				b.WriteString(pad + s)
			} else {
				b.WriteString(s + pad)
			}
		}
		w.WriteString(strings.TrimRight(b.String(), " "))
		w.WriteByte('\n')
	}
	line(header, true)
	rule := make([]string, len(header))
	for i := range rule {
		rule[i] = strings.Repeat("-", widths[i])
	}
	line(rule, true)
	for _, cells := range rows {
		line(cells, false)
	}
}

// writeCSV prints RFC 4180 CSV with a header row.
func writeCSV(w io.Writer, rows *store.Rows, o queryOptions) error {
	if o.excel {
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(w)
	cw.Write(rows.Columns)
	rec := make([]string, len(rows.Columns))
	for _, vals := range rows.Values {
		for i, v := range vals {
			rec[i] = cellText(v)
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// writeJSON prints a JSON array of objects keyed by column name, in column
// order.
func writeJSON(w io.Writer, rows *store.Rows, _ queryOptions) error {
	bw := bufio.NewWriter(w)
	if err := writeObjects(bw, rows, "", "\n"); err != nil {
		return err
	}
	return bw.Flush()
}

// writeObjects writes rows as a JSON array of objects, one a line, each
// line starting with indent; end follows the array.
func writeObjects(w *bufio.Writer, rows *store.Rows, indent, end string) error {
	w.WriteString("[")
	for r, vals := range rows.Values {
		if r > 0 {
			w.WriteString(",")
		}
		w.WriteString("\n" + indent + "  ")
		if err := writeObject(w, rows.Columns, vals); err != nil {
			return err
		}
	}
	if len(rows.Values) > 0 {
		w.WriteString("\n" + indent)
	}
	w.WriteString("]" + end)
	return nil
}

// writeObject writes one row as a JSON object keyed by column name, in
// column order.
func writeObject(w *bufio.Writer, cols []string, vals []any) error {
	w.WriteString("{")
	for i, v := range vals {
		if i > 0 {
			w.WriteString(", ")
		}
		k, _ := json.Marshal(cols[i])
		if b, ok := v.([]byte); ok {
			v = fmt.Sprintf("%x", b)
		}
		val, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("column %s: %w", cols[i], err)
		}
		w.Write(k)
		w.WriteString(": ")
		w.Write(val)
	}
	w.WriteString("}")
	return nil
}
