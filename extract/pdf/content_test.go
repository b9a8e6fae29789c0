package pdf

import "testing"

// TestKeyword checks that operators are found by their bytes, and that
// other words come back as they are.
func TestKeyword(t *testing.T) {
	for _, w := range []string{"re", "f*", "BDC", "T*", "'", "begin", "Tj", "TJ", "b", "end"} {
		if got, ok := operators.find([]byte(w)); !ok || got != w {
			t.Errorf("%q: found %q %v", w, got, ok)
		}
	}
	for _, w := range []string{"tj", "Tjx", "beginbfchar", "", "SCNx", "T", "\x00"} {
		if got, ok := operators.find([]byte(w)); ok {
			t.Errorf("%q found as %q", w, got)
		}
		if got := keyword([]byte(w)); got != w {
			t.Errorf("keyword(%q) = %q", w, got)
		}
	}
	n := 0
	for _, w := range operators.words {
		if w != "" {
			n++
		}
	}
	if n != 79 {
		t.Errorf("%d operators in the table, want 79", n)
	}
}
