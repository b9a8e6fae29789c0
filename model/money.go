package model

import (
	"fmt"
	"strings"
)

// Yuan writes an amount in 分 as an exact decimal in 元: 1280000 is
// "12800.00".
func Yuan(fen int64) string {
	sign := ""
	u := uint64(fen)
	if fen < 0 {
		sign, u = "-", -u
	}
	return fmt.Sprintf("%s%d.%02d", sign, u/100, u%100)
}

// GroupedYuan is Yuan with thousands separated by commas: 1,734,952.06.
func GroupedYuan(fen int64) string {
	s := Yuan(fen)
	digits := strings.TrimPrefix(s, "-")
	head := len(digits) - 3 // the integer part's length
	var b strings.Builder
	b.WriteString(s[:len(s)-len(digits)])
	for i, r := range digits[:head] {
		if i > 0 && (head-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	b.WriteString(digits[head:])
	return b.String()
}
