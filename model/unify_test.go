package model

import "testing"

func TestUnify(t *testing.T) {
	for in, want := range map[string]string{
		"\u2F08\u2F2F":    "人工", // Kangxi radicals
		"\uF900":          "豈",  // a compatibility ideograph
		"⻔诊⻓期":            "门诊长期",
		"⻫⻬":              "齐齐", // the Japanese form reads as the Chinese one in a Chinese budget
		"\u2EE4":          "鬼",
		"预算 2024 ≥ ＝ （一）": "预算 2024 ≥ ＝ （一）", // nothing else changes
	} {
		if got := Unify(in); got != want {
			t.Errorf("Unify(%q) = %q, want %q", in, got, want)
		}
	}
}
