// Package ingest runs the pipeline over files: it reads each file, skips
// the ones the database already holds, extracts and normalizes the rest in
// a pool of workers, and hands the results, in input order, to a single
// writer that stores each document in its own transaction.
package ingest
