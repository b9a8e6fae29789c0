package xlsx

import (
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// numKind is how a number format prints a number, as far as the extractor
// cares: as a number, a percentage or a date.
type numKind uint8

const (
	plain numKind = iota
	percent
	date
)

// styles tells the number format of each cell style, asking excelize once
// per style.
type styles struct {
	wb       *excelize.File
	date1904 bool
	kinds    map[int]numKind
}

func newStyles(wb *excelize.File) *styles {
	st := &styles{wb: wb, kinds: make(map[int]numKind)}
	if p, err := wb.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		st.date1904 = *p.Date1904
	}
	return st
}

func (st *styles) kind(style int) numKind {
	if style <= 0 || st.wb == nil {
		return plain
	}
	k, ok := st.kinds[style]
	if !ok {
		k = st.lookup(style)
		st.kinds[style] = k
	}
	return k
}

func (st *styles) lookup(style int) (k numKind) {
	defer func() {
		if recover() != nil { // a broken style sheet: show the number plainly
			k = plain
		}
	}()
	s, err := st.wb.GetStyle(style)
	if err != nil || s == nil {
		return plain
	}
	if s.CustomNumFmt != nil {
		return formatKind(*s.CustomNumFmt)
	}
	return builtinKind(s.NumFmt)
}

// builtinKind classifies Excel's built-in number formats; 27–36 and 50–58
// are the dates of East Asian locales.
func builtinKind(id int) numKind {
	switch {
	case id == 9 || id == 10:
		return percent
	case id >= 14 && id <= 22, id >= 27 && id <= 36, id >= 45 && id <= 47, id >= 50 && id <= 58:
		return date
	}
	return plain
}

// formatKind classifies a format code: it is a date if, outside quoted
// text, escapes and bracketed options, it holds y, m, d, h or s, and a
// percentage if it holds %.
func formatKind(code string) numKind {
	var b strings.Builder
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(code)
			}
		case '\\', '_', '*':
			i++ // an escaped or padding character
		case '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				i = len(code)
				continue
			}
			if inner := strings.ToLower(code[i+1 : i+j]); strings.Trim(inner, "hms") == "" && inner != "" {
				return date // elapsed time such as [h]:mm
			}
			i += j
		default:
			b.WriteByte(c)
		}
	}
	s := strings.ToLower(b.String())
	switch {
	case s == "general":
		return plain
	case strings.ContainsAny(s, "ymdhs"):
		return date
	case strings.Contains(s, "%"):
		return percent
	}
	return plain
}

// number renders a stored number as the cell shows it.
func (st *styles) number(v string, style int) string {
	switch st.kind(style) {
	case percent:
		return shiftPercent(exact(v))
	case date:
		if x, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
			if s, ok := dateText(x, st.date1904); ok {
				return s
			}
		}
	}
	return exact(v)
}

// exact returns a stored number without float residue: Excel keeps 15
// significant digits, so a stored 68223.399999999994 is 68223.4. Integers
// are kept as stored, however long; text that is not a number is returned
// as it is.
func exact(v string) string {
	v = strings.TrimSpace(v)
	if !strings.ContainsAny(v, ".eE") {
		return v
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		return v
	}
	x, _ = strconv.ParseFloat(strconv.FormatFloat(x, 'g', 15, 64), 64)
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// shiftPercent renders a plain decimal number as a percentage by moving
// its decimal point, so 0.955 becomes 95.5% with no float arithmetic.
func shiftPercent(v string) string {
	sign := ""
	if strings.HasPrefix(v, "-") {
		sign, v = "-", v[1:]
	}
	whole, frac, _ := strings.Cut(v, ".")
	if strings.Trim(whole+frac, "0123456789") != "" || whole == "" {
		return sign + v // not a plain decimal
	}
	frac += "00"
	whole, frac = whole+frac[:2], frac[2:]
	whole = strings.TrimLeft(whole, "0")
	if whole == "" {
		whole = "0"
	}
	frac = strings.TrimRight(frac, "0")
	if frac != "" {
		whole += "." + frac
	}
	if whole == "0" {
		sign = ""
	}
	return sign + whole + "%"
}

// dateText renders an Excel serial date as 2006-01-02, with the time of
// day when it has one.
func dateText(x float64, date1904 bool) (string, bool) {
	if x < 0 || x > 2958465 { // after 9999-12-31
		return "", false
	}
	t, err := excelize.ExcelDateToTime(x, date1904)
	if err != nil {
		return "", false
	}
	switch {
	case x < 1:
		return t.Format("15:04:05"), true
	case x != math.Trunc(x):
		return t.Format("2006-01-02 15:04:05"), true
	}
	return t.Format("2006-01-02"), true
}
