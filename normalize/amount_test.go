package normalize

import "testing"

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in, unit string
		fen      int64
		ok       bool
		bad      bool
	}{
		{"1,734,952.06", "元", 173495206, true, false},
		{"68223.4", "元", 6822340, true, false},
		{"68,223.40", "元", 6822340, true, false},
		{"928.66", "元", 92866, true, false},
		{"12,482.549431", "万元", 12482549431, true, false},
		{"0.000001", "万元", 1, true, false},
		{"12.34", "万元", 12340000, true, false},
		{"（12.34）", "元", -1234, true, false},
		{"(12.34)", "元", -1234, true, false},
		{"-5", "元", -500, true, false},
		{"1.005", "元", 101, true, false}, // half a 分 rounds up
		{"7", "", 700, true, false},
		{"", "元", 0, false, false},
		{"-", "元", 0, false, false},
		{"—", "元", 0, false, false},
		{"合计", "元", 0, false, true},
		{"1.2.3", "元", 0, false, true},
		{"(12", "元", 0, false, true},
		{"99999999999999999999", "元", 0, false, true},
		{"0.0000000000000000001", "元", 0, false, true}, // more decimals than an int64 scale holds
		{"1." + "0000000000000000000000000000000000000000000000000000000000000000", "元", 0, false, true}, // once divided by zero
	}
	for _, tt := range tests {
		fen, ok, err := parseAmount(tt.in, tt.unit)
		if fen != tt.fen || ok != tt.ok || (err != nil) != tt.bad {
			t.Errorf("parseAmount(%q, %q) = %d, %v, %v; want %d, %v, error %v", tt.in, tt.unit, fen, ok, err, tt.fen, tt.ok, tt.bad)
		}
	}
}
