package normalize

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// Units of amounts and what one of them is worth in 分.
var unitFen = map[string]int64{
	"元":  100,
	"万元": 1_000_000,
	"亿元": 10_000_000_000,
}

var errNotAmount = errors.New("not an amount")

// parseAmount reads a printed amount in the given unit (元, 万元) and returns
// it in integer 分, exactly: the decimal digits are scaled as integers, never
// through a float. It accepts thousands separators, a leading minus, and
// accounting parentheses for negatives. An empty cell or a dash means "no
// amount": ok is false and err is nil.

// digitGroups removes what groups an amount's digits: 1,234 and 1，234 and
// 1 234.
var digitGroups = strings.NewReplacer(",", "", "，", "", " ", "")

func parseAmount(s, unit string) (fen int64, ok bool, err error) {
	s = strings.TrimSpace(s)
	switch s {
	case "", "-", "—", "－", "--", "——", "/", "－－", "…":
		return 0, false, nil
	}
	per, known := unitFen[unit]
	if !known {
		per = 100 // without a printed unit the tables are in 元
	}
	neg := false
	if p := strings.TrimPrefix(strings.TrimPrefix(s, "("), "（"); p != s {
		q := strings.TrimSuffix(strings.TrimSuffix(p, ")"), "）")
		if q == p {
			return 0, false, errNotAmount
		}
		s, neg = q, true
	}
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "－") {
		s, neg = strings.TrimLeft(s, "-－"), !neg
	}
	s = digitGroups.Replace(s)
	intPart, frac, _ := strings.Cut(s, ".")
	if intPart == "" && frac == "" || !digits(intPart) || !digits(frac) || len(frac) > 18 {
		return 0, false, errNotAmount
	}
	// value = intPart.frac units = (intPart*10^k + frac) / 10^k units.
	mant, err := strconv.ParseInt(intPart+frac, 10, 64)
	if err != nil {
		return 0, false, errNotAmount
	}
	scale := int64(1)
	for range len(frac) {
		scale *= 10
	}
	if mant > math.MaxInt64/per {
		return 0, false, errNotAmount
	}
	num := mant * per
	fen = num / scale
	if rem := num % scale; 2*rem >= scale {
		fen++ // round half up: more decimals than 分 can hold
	}
	if neg {
		fen = -fen
	}
	return fen, true, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
