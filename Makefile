# budgetx — see README.md.
GO      ?= go
BIN     := bin/budgetx
DB      ?= budgetx.db
SEED    := $(wildcard ../shared/seed)
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
# SQLite's FTS5 (full-text search) is compiled in only with this tag.
export GOFLAGS := -tags=sqlite_fts5

.PHONY: build test demo bench fixtures clean

build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/budgetx

# Every test, with the race detector.
test:
	$(GO) vet ./...
	$(GO) test -race ./...

# Ingest the bundled sample documents into $(DB) and show what landed.
demo: build
	$(BIN) ingest --db $(DB) fixtures/docs $(SEED)
	$(BIN) query --db $(DB) "select id, format, status, pages, title, source from documents order by id"
	$(BIN) query --db $(DB) "select d.id as doc, t.seq, t.kind, t.amount_unit as unit, t.n_rows as rows, t.title from tables t join documents d on d.id = t.document_id order by d.id, t.seq"

# Regenerate fixtures/docs from fixtures/seed/golden.json. Needs LibreOffice,
# Chromium and fonts-arphic-uming (see fixtures/README.md); tests only read
# the committed outputs.
fixtures:
	$(GO) run ./fixtures/gen

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin
