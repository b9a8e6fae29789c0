// Package null writes Go's zero values as SQL NULL, for the columns in
// which NULL means "not known" or "not printed": an empty text, a zero
// number. The store and the crawler's state write such columns.
package null

// String returns s, or nil (NULL) when s is empty.
func String(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Int returns n, or nil (NULL) when n is 0.
func Int(n int) any {
	if n == 0 {
		return nil
	}
	return n
}
