// Package store keeps budgetx's SQLite database: it applies the schema
// migrations, writes each document in one transaction (so a document is
// either fully stored or not at all), skips files it already holds by their
// sha256, and answers read-only queries.
package store
