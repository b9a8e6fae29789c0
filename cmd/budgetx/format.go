package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/text/width"

	"github.com/budgetx/budgetx/store"
)

// formats writes query results in each output format.
var formats = map[string]func(io.Writer, *store.Rows, queryOptions) error{
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

// displayWidth counts the terminal columns of s: wide and full-width
// characters (Chinese among them) take two.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// writeTable prints an aligned text table; numbers are right-aligned.
func writeTable(w io.Writer, rows *store.Rows, _ queryOptions) error {
	bw := bufio.NewWriter(w)
	cols := len(rows.Columns)
	text := make([][]string, len(rows.Values))
	widths := make([]int, cols)
	numeric := make([]bool, cols)
	for i, c := range rows.Columns {
		widths[i] = displayWidth(c)
		numeric[i] = true
	}
	for r, vals := range rows.Values {
		text[r] = make([]string, cols)
		for i, v := range vals {
			s := strings.ReplaceAll(cellText(v), "\n", " ")
			text[r][i] = s
			widths[i] = max(widths[i], displayWidth(s))
			switch v.(type) {
			case int64, float64, nil:
			default:
				numeric[i] = false
			}
		}
	}
	line := func(cells []string, header bool) {
		for i, s := range cells {
			pad := strings.Repeat(" ", widths[i]-displayWidth(s))
			if i > 0 {
				bw.WriteString("  ")
			}
			if numeric[i] && !header {
				bw.WriteString(pad + s)
			} else if i < cols-1 {
				bw.WriteString(s + pad)
			} else {
				bw.WriteString(s)
			}
		}
		bw.WriteByte('\n')
	}
	line(rows.Columns, true)
	rule := make([]string, cols)
	for i := range rule {
		rule[i] = strings.Repeat("-", widths[i])
	}
	line(rule, true)
	for _, cells := range text {
		line(cells, false)
	}
	fmt.Fprintf(bw, "(%d rows)\n", len(rows.Values))
	return bw.Flush()
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
	bw.WriteString("[")
	for r, vals := range rows.Values {
		if r > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n  {")
		for i, v := range vals {
			if i > 0 {
				bw.WriteString(", ")
			}
			k, _ := json.Marshal(rows.Columns[i])
			if b, ok := v.([]byte); ok {
				v = fmt.Sprintf("%x", b)
			}
			val, err := json.Marshal(v)
			if err != nil {
				return err
			}
			bw.Write(k)
			bw.WriteString(": ")
			bw.Write(val)
		}
		bw.WriteString("}")
	}
	if len(rows.Values) > 0 {
		bw.WriteString("\n")
	}
	bw.WriteString("]\n")
	return bw.Flush()
}
