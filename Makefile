# budgetx — see README.md.
GO      ?= go
BIN     := bin/budgetx
DB      ?= budgetx.db
SEED    := fixtures/seed/000_1bc0f094e30d8739.txt
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
# SQLite's FTS5 (full-text search) is compiled in only with this tag.
export GOFLAGS := -tags=sqlite_fts5

REALDOCS ?= ../shared/realdocs

.PHONY: build test test-office demo bench bench-pdf bench-ingest bench-pg bench-serve damaged fixtures pdfjs clean

# A release build: no symbol table or DWARF (-s -w), no local paths.
build:
	$(GO) build -trimpath -ldflags "-s -w -X main.version=$(VERSION)" -o $(BIN) ./cmd/budgetx

# Every test, with the race detector; the tests over the wild sample of
# real documents (TestWild*) ingest two thousand pages, and those that run
# whole ingests into PostgreSQL (TestPostgres*) hundreds, so they run apart,
# without it. Tests of PostgreSQL start their own server, and skip where it
# is not installed (apt-get install postgresql).
test:
	$(GO) vet ./...
	$(GO) test -race -skip 'TestWild|TestPostgres' ./...
	$(GO) test -run 'TestWild|TestPostgres' ./...

# The tests that read .doc files through LibreOffice (make test runs them too;
# they skip where soffice is not installed).
test-office:
	@command -v soffice >/dev/null || { echo "test-office needs LibreOffice (apt-get install libreoffice-writer-nogui)"; exit 1; }
	$(GO) test -count=1 -run 'TestConvert|TestWithoutLibreOffice|TestCrossFormat' ./extract/soffice ./normalize

# Ingest the bundled sample documents into $(DB) and show what landed.
demo: build
	@# Exit 3 (some files failed) still shows what landed: seed.doc fails
	@# with a clear error where LibreOffice is not installed.
	$(BIN) ingest --db $(DB) fixtures/docs fixtures/archive $(SEED) || [ $$? -eq 3 ]
	$(BIN) query --db $(DB) "select id, format, status, pages, title, source, error from documents order by id"
	$(BIN) query --db $(DB) "select d.id as doc, t.seq, t.kind, t.amount_unit as unit, t.n_rows as rows, t.title from tables t join documents d on d.id = t.document_id order by d.id, t.seq"
	@echo
	@echo "Browse it, each table beside its page (Ctrl-C stops it):"
	@echo "  $(BIN) serve --db $(DB)"

# Regenerate fixtures/docs from fixtures/seed/golden.json. Needs LibreOffice,
# Chromium and fonts-arphic-uming (see fixtures/README.md); tests only read
# the committed outputs.
fixtures:
	$(GO) run ./fixtures/gen

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Time a whole ingest of the real PDFs (one job, into a new database) against
# pdftotext -layout over the same files, best of five rounds, and the peak
# memory of the largest one: the 12 PDFs of the first sample, then the 64 of
# the wild one, where a run's fixed costs (start-up, creating the database)
# weigh less.
bench-pdf: build
	scripts/bench-pdf.sh $(REALDOCS)
	scripts/bench-pdf.sh $(REALDOCS)/wild 3

# serve's pages over a database of ../shared/realdocs: each must answer in
# under 100 ms.
bench-serve:
	$(GO) test -run '^$$' -bench BenchmarkPages ./serve

# Damage every real PDF four ways (truncated, bytes flipped, a chunk cut out,
# the xref dropped) and compare, per file, what budgetx reads with what
# pdftotext reads; make test takes a sample of them.
damaged:
	@command -v pdftotext >/dev/null || { echo "damaged needs pdftotext (apt-get install poppler-utils)"; exit 1; }
	DAMAGED=all $(GO) test -run '^TestDamaged$$' -v -timeout 60m ./extract/pdf | grep -v '^=== RUN'

# Ingest a generated batch of a few hundred documents with one and two jobs:
# documents/s, pages/s, scaling and peak memory. BATCH sets the batch size.
BATCH ?= 300
bench-ingest: build
	scripts/bench-ingest.sh $(BATCH)

# Ingest a generated batch into SQLite with one process and into one
# PostgreSQL database with 1, 2 and 4 processes at once: pages/s of each,
# and where the time goes. Needs the PostgreSQL server (apt-get install
# postgresql); starts its own. BATCH sets the batch size.
bench-pg: build
	scripts/bench-pg.sh $(BATCH)

# Fetch pdf.js from the npm registry into serve/static/pdfjs, where budgetx
# serve embeds it (committed: builds need no network). PDFJS sets the version.
PDFJS ?= 6.5.438
pdfjs:
	scripts/fetch-pdfjs.sh $(PDFJS)

clean:
	rm -rf bin
