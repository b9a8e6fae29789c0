// Package memtune trades memory for speed where the user has not chosen,
// and does it before the other packages initialize: their tables and
// compiled patterns take megabytes, enough for a collection or two at the
// runtime's default before main runs (9 ms of a 50 ms start). Package main
// imports it for that effect.
//
// Packages initialize in the order of their import paths, each once what
// it imports has: this one waits only for os, and comes before every
// package of the module that imports more, and before the libraries whose
// paths sort after it.
//
// A batch ingest allocates briskly and a document rarely needs more than
// tens of megabytes, so the collector may let the heap grow four times
// over its live size (GOGC=400) — within a soft limit of 450 MB, past
// which it works harder instead of growing. GOGC and GOMEMLIMIT still rule.
package memtune

import (
	"os"
	"runtime/debug"
)

func init() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(450 << 20)
	}
}
