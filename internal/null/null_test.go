package null

import "testing"

func TestNull(t *testing.T) {
	for _, tt := range []struct {
		name      string
		got, want any
	}{
		{"empty string", String(""), nil},
		{"string", String("预算"), "预算"},
		{"zero", Int(0), nil},
		{"int", Int(2024), 2024},
		{"negative int", Int(-1), -1},
	} {
		if tt.got != tt.want {
			t.Errorf("%s: got %#v, want %#v", tt.name, tt.got, tt.want)
		}
	}
}
