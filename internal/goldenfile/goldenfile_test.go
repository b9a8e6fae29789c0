package goldenfile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDiff(t *testing.T) {
	for _, tt := range []struct {
		name, want, got, diff string
	}{
		{"same", "a\nb\n", "a\nb\n", "no difference"},
		{"changed line", "a\nb\nc\n", "a\nB\nc\n", "line 2:\n  a\n- b\n- c\n- \n+ B\n+ c\n+ \n"},
		{"added line", "a\n", "a\nb\n", "line 2:\n  a\n- \n+ b\n+ \n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Diff(tt.want, tt.got); got != tt.diff {
				t.Errorf("Diff = %q, want %q", got, tt.diff)
			}
		})
	}
}

// TestJSON: what JSON compares is indented JSON with a final newline, the
// form every golden file of the project has (json.MarshalIndent escapes
// <, > and &).
func TestJSON(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.json")
	if err := os.WriteFile(path, []byte("{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": \"\\u003cx\\u003e\"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	JSON(t, path, map[string]any{"a": []int{1, 2}, "b": "<x>"})
}
