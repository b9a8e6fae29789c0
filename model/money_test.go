package model

import "testing"

func TestYuan(t *testing.T) {
	tests := []struct {
		fen           int64
		plain, groupd string
	}{
		{0, "0.00", "0.00"},
		{5, "0.05", "0.05"},
		{-5, "-0.05", "-0.05"},
		{99, "0.99", "0.99"},
		{1_280_000, "12800.00", "12,800.00"},
		{-100_000, "-1000.00", "-1,000.00"},
		{173_495_206, "1734952.06", "1,734,952.06"},
		{100_000_000, "1000000.00", "1,000,000.00"},
		{-9223372036854775808, "-92233720368547758.08", "-92,233,720,368,547,758.08"},
	}
	for _, tt := range tests {
		if got := Yuan(tt.fen); got != tt.plain {
			t.Errorf("Yuan(%d) = %q, want %q", tt.fen, got, tt.plain)
		}
		if got := GroupedYuan(tt.fen); got != tt.groupd {
			t.Errorf("GroupedYuan(%d) = %q, want %q", tt.fen, got, tt.groupd)
		}
	}
}
