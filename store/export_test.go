package store

// SetWithoutFTS5 makes the store act as a build without SQLite's FTS5
// module until it is called with false.
func SetWithoutFTS5(v bool) { withoutFTS5 = v }
