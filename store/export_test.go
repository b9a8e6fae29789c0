package store

// SetWithoutFTS5 makes the store act as a build without SQLite's FTS5
// module until it is called with false.
func SetWithoutFTS5(v bool) { withoutFTS5 = v }

// SetLastMigration makes the store act as a build that knows no migration
// after n, until it is called with 0.
func SetLastMigration(n int) { lastMigration = n }

// IndexSteps are the statements IndexSearch runs.
var IndexSteps = indexSteps
