package pdf

import "testing"

// TestKeyword checks that operators are found by their bytes, and that
// other words come back as they are.
func TestKeyword(t *testing.T) {
	for _, w := range []string{"re", "f*", "BDC", "T*", "'", "begin", "Tj", "TJ"} {
		k, _ := pack([]byte(w))
		if operators[k] != w {
			t.Errorf("%q is not an operator", w)
		}
	}
	for _, w := range []string{"tj", "Tjx", "beginbfchar", "", "SCNx"} {
		if got := keyword([]byte(w)); got != w {
			t.Errorf("keyword(%q) = %q", w, got)
		}
	}
	if len(operators) != 79 {
		t.Errorf("%d operators, want 79: two packed alike?", len(operators))
	}
}
