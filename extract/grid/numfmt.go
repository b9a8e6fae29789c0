package grid

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// NumKind is how a spreadsheet number format shows a number, as far as the
// extractors care: as a number, a percentage or a date.
type NumKind uint8

// The kinds of number formats.
const (
	Plain NumKind = iota
	Percent
	Date
)

// BuiltinKind classifies the built-in number formats of Excel (shared by
// xls and xlsx); 27–36 and 50–58 are the dates of East Asian locales.
func BuiltinKind(id int) NumKind {
	switch {
	case id == 9 || id == 10:
		return Percent
	case id >= 14 && id <= 22, id >= 27 && id <= 36, id >= 45 && id <= 47, id >= 50 && id <= 58:
		return Date
	}
	return Plain
}

// FormatKind classifies a format code: it is a date if, outside quoted
// text, escapes and bracketed options such as [Red] or [$-804], it holds y,
// m, d, h or s, and a percentage if it holds %.
func FormatKind(code string) NumKind {
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
			if inner := strings.ToLower(code[i+1 : i+j]); inner != "" && strings.Trim(inner, "hms") == "" {
				return Date // elapsed time such as [h]:mm
			}
			i += j
		default:
			b.WriteByte(c)
		}
	}
	s := strings.ToLower(b.String())
	switch {
	case s == "general":
		return Plain
	case strings.ContainsAny(s, "ymdhs"):
		return Date
	case strings.Contains(s, "%"):
		return Percent
	}
	return Plain
}

// ShowNumber renders a stored number (its text as stored) the way a format
// of kind k shows it: exact, as a percentage, or as a date.
func ShowNumber(v string, k NumKind, date1904 bool) string {
	switch k {
	case Percent:
		return shiftPercent(Exact(v))
	case Date:
		if x, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
			if s, ok := DateText(x, date1904); ok {
				return s
			}
		}
	}
	return Exact(v)
}

// Exact returns a stored number without float residue: Excel keeps 15
// significant digits, so a stored 68223.399999999994 is 68223.4. Integers
// are kept as stored, however long; text that is not a number is returned
// as it is.
func Exact(v string) string {
	v = strings.TrimSpace(v)
	if !strings.ContainsAny(v, ".eE") {
		return v
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		return v
	}
	return ExactFloat(x)
}

// ExactFloat formats x with at most 15 significant digits, without an
// exponent: 68223.4, 0.0001, 1234567.
func ExactFloat(x float64) string {
	x, _ = strconv.ParseFloat(strconv.FormatFloat(x, 'g', 15, 64), 64)
	if x == 0 {
		return "0"
	}
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
	if whole == "" || strings.Trim(whole+frac, "0123456789") != "" {
		return sign + v // not a plain decimal
	}
	frac += "00"
	whole, frac = strings.TrimLeft(whole+frac[:2], "0"), strings.TrimRight(frac[2:], "0")
	if whole == "" {
		whole = "0"
	}
	if frac != "" {
		whole += "." + frac
	}
	if whole == "0" {
		sign = ""
	}
	return sign + whole + "%"
}

// DateText renders a spreadsheet serial date as 2006-01-02, with the time
// of day when it has one (a serial below 1 is a time alone). Serial 60 of
// the 1900 system is the 29 February 1900 that Excel wrongly counts; it
// shows as 1900-02-28.
func DateText(x float64, date1904 bool) (string, bool) {
	if x < 0 || x > 2958465 || math.IsNaN(x) { // after 9999-12-31
		return "", false
	}
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	switch {
	case date1904:
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	case x < 61:
		base = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
		if x >= 60 {
			x-- // the day that never was
		}
	}
	days := math.Floor(x)
	secs := math.Round((x - days) * 86400)
	t := base.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)
	switch {
	case x < 1 && !date1904:
		return t.Format("15:04:05"), true
	case secs != 0:
		return t.Format("2006-01-02 15:04:05"), true
	}
	return t.Format("2006-01-02"), true
}
