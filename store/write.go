package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"slices"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/budgetx/budgetx/internal/null"
	"github.com/budgetx/budgetx/model"
)

// Status values of documents.status.
const (
	StatusOK      = "ok"
	StatusPartial = "partial"
	StatusFailed  = "failed"
)

// Document is one file to store: where it came from, what became of it,
// and, unless it failed, its records.
type Document struct {
	SHA256          string
	Source          string
	Format          model.Format
	Size            int64
	Status          string
	Error           string
	ErrorDetail     string // what Error's one line leaves out: a panic's stack
	PipelineVersion int
	Records         *model.Records // nil for a failed file
	// Claim, when set, is the token of the claim on the file (see
	// Claims): Put stores the document only while the claim is still this
	// holder's, and gives it up in the same transaction.
	Claim string
}

// Known is what the database already holds about a file.
type Known struct {
	Status          string
	Error           string // why it failed
	PipelineVersion int
}

// Lookup reports what the database holds for the file with this sha256.
func (d *DB) Lookup(ctx context.Context, sha256 string) (Known, bool, error) {
	var k Known
	err := d.QueryRowContext(ctx,
		"SELECT status, coalesce(error, ''), pipeline_version FROM documents WHERE sha256 = ?", sha256).
		Scan(&k.Status, &k.Error, &k.PipelineVersion)
	if errors.Is(err, sql.ErrNoRows) {
		return Known{}, false, nil
	}
	if err != nil {
		return Known{}, false, fmt.Errorf("look up %s: %w", sha256, err)
	}
	return k, true, nil
}

// OutdatedSources lists the sources of the documents stored by a pipeline
// older than version, in the order they were stored.
func (d *DB) OutdatedSources(ctx context.Context, version int) ([]string, error) {
	rows, err := d.QueryContext(ctx,
		"SELECT source FROM documents WHERE pipeline_version < ? ORDER BY id", version)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// ErrRejected wraps the errors of a document whose records the database
// refuses (a constraint they break); the database itself is fine.
var ErrRejected = errors.New("the database rejects the document's records")

// ErrClaimLost is returned by Put for a document whose claim (see
// Document.Claim) is no longer its holder's: another process took the file
// over, and stores it. Nothing was written.
var ErrClaimLost = errors.New("the file's claim was taken over by another process")

// Put stores doc in one transaction, replacing any document with the same
// sha256, and returns its id. Either everything is stored or nothing is.
// Two processes storing the same file at once store it one after the
// other, the second replacing the first.
func (d *DB) Put(ctx context.Context, doc *Document) (int64, error) {
	var id int64
	var err error
	if d.Backend() == Postgres {
		err = d.pgConn(ctx, func(c *pgx.Conn) error {
			tx, err := c.Begin(ctx)
			if err != nil {
				return err
			}
			defer tx.Rollback(ctx) // a no-op after Commit
			w := writer{ctx: ctx, s: &pgSink{tx: tx, d: d}}
			if id = w.document(doc); w.err != nil {
				return w.err
			}
			return tx.Commit(ctx)
		})
	} else {
		defer d.writing()()
		var tx *sql.Tx
		if tx, err = d.sql.BeginTx(ctx, nil); err != nil {
			return 0, fmt.Errorf("store %s: %w", doc.Source, err)
		}
		defer tx.Rollback() // a no-op after Commit
		w := writer{ctx: ctx, s: &sqliteSink{tx: tx, d: d}}
		if id = w.document(doc); w.err == nil {
			err = tx.Commit()
		} else {
			err = w.err
		}
	}
	switch {
	case errors.Is(err, ErrClaimLost):
		return 0, fmt.Errorf("store %s: %w", doc.Source, err)
	case sqliteRejects(err) || postgresRejects(err):
		return 0, fmt.Errorf("store %s: %w: %v", doc.Source, ErrRejected, err)
	case err != nil:
		return 0, fmt.Errorf("store %s: %w", doc.Source, err)
	}
	return id, nil
}

// sink is where the rows of one document go: a transaction of one backend.
// Queries are written with ? placeholders.
type sink interface {
	// lock waits for other transactions holding key, and holds it until
	// this one ends (SQLite's transactions already hold the whole file).
	lock(ctx context.Context, key string) error
	// exec runs a statement and returns how many rows it changed.
	exec(ctx context.Context, query string, args ...any) (int64, error)
	// one runs a query that returns one integer (INSERT … RETURNING id).
	one(ctx context.Context, query string, args ...any) (int64, error)
	// ids reserves n new ids of table, in increasing order.
	ids(ctx context.Context, table string, n int) ([]int64, error)
	// insert writes rows of values for cols into table.
	insert(ctx context.Context, table string, cols []string, rows [][]any) error
}

// writer inserts the rows of one document, remembering the first error so
// the insert code reads as a plain sequence.
type writer struct {
	ctx context.Context
	s   sink
	err error
}

func (w *writer) exec(query string, args ...any) int64 {
	if w.err != nil {
		return 0
	}
	var n int64
	n, w.err = w.s.exec(w.ctx, query, clean(args)...)
	return n
}

func (w *writer) one(query string, args ...any) int64 {
	if w.err != nil {
		return 0
	}
	var n int64
	n, w.err = w.s.one(w.ctx, query, clean(args)...)
	return n
}

func (w *writer) ids(table string, n int) []int64 {
	if w.err != nil || n == 0 {
		return nil
	}
	var ids []int64
	ids, w.err = w.s.ids(w.ctx, table, n)
	return ids
}

// rowSet gathers the rows of one table, to be inserted at once.
type rowSet struct {
	table string
	cols  []string
	rows  [][]any
}

func newRows(table string, cols ...string) *rowSet { return &rowSet{table: table, cols: cols} }

func (r *rowSet) add(args ...any) { r.rows = append(r.rows, clean(args)) }

func (w *writer) insert(sets ...*rowSet) {
	for _, r := range sets {
		if w.err != nil || len(r.rows) == 0 {
			continue
		}
		w.err = w.s.insert(w.ctx, r.table, r.cols, r.rows)
	}
}

func (w *writer) document(doc *Document) int64 {
	if w.err = w.s.lock(w.ctx, doc.SHA256); w.err != nil {
		return 0
	}
	if doc.Claim != "" {
		if w.exec("DELETE FROM claims WHERE kind = 'file' AND key = ? AND token = ?", doc.SHA256, doc.Claim) == 0 && w.err == nil {
			w.err = ErrClaimLost
		}
	}
	w.exec("DELETE FROM documents WHERE sha256 = ?", doc.SHA256)
	var info model.Info
	if doc.Records != nil {
		info = doc.Records.Info
	}
	docID := w.one(`INSERT INTO documents (sha256, source, format, size, title, fiscal_year, kind,
		org_name, pages, producer, status, error, error_detail, pipeline_version, ingested_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		doc.SHA256, doc.Source, null.String(string(doc.Format)), doc.Size, null.String(info.Title),
		null.Int(info.FiscalYear), null.String(info.Kind), null.String(info.OrgName), null.Int(info.Pages),
		null.String(info.Producer), doc.Status, null.String(doc.Error), null.String(doc.ErrorDetail), doc.PipelineVersion,
		time.Now().UTC().Format(time.RFC3339))
	if doc.Records == nil || w.err != nil {
		return docID
	}
	rec := doc.Records
	tables := newRows("tables", "id", "document_id", "seq", "title", "kind", "amount_unit", "page_first",
		"page_last", "n_rows", "n_cols", "note", "amount_cells", "joined_cells", "caption", "caption_org", "table_number")
	cells := newRows("cells", "table_id", "row", "col", "row_span", "col_span", "text", "page",
		"x0", "y0", "x1", "y1")
	lines := newRows("budget_lines", "table_id", "row", "page", "side", "subject_kind", "code", "level",
		"name", "econ_code", "econ_name", "is_total", "column_name", "amount_fen", "raw")
	projects := newRows("projects", "id", "document_id", "table_id", "seq", "department_code",
		"department_name", "unit_code", "unit_name", "name", "budget_fen", "goal", "page_first", "page_last")
	indicators := newRows("indicators", "project_id", "seq", "level1", "level2", "level3", "operator",
		"value_text", "value_num", "measure_unit", "weight", "direction", "page")
	findings := newRows("findings", "document_id", "table_id", "project_id", "severity", "code", "message", "page")
	checks := newRows("checks", "table_id", "code", "run", "failed")

	tids, pids := w.ids("tables", len(rec.Tables)), w.ids("projects", len(rec.Projects))
	if w.err != nil {
		return docID
	}
	tableIDs := make(map[int]int64, len(rec.Tables))
	for i, t := range rec.Tables {
		tid := tids[i]
		amounts, joined := amountCells(t.Cells)
		tables.add(tid, docID, t.Seq, null.String(t.Title), orOther(t.Kind), null.String(t.Unit),
			null.Int(t.PageFirst), null.Int(t.PageLast), t.NRows, t.NCols, null.String(t.Note), amounts, joined,
			null.String(t.Caption), null.String(t.CaptionOrg), null.String(t.Number))
		tableIDs[t.Seq] = tid
		for _, c := range t.Cells {
			x0, y0, x1, y1 := box(c.Box)
			cells.add(tid, c.Row, c.Col, c.RowSpan, c.ColSpan, c.Text, null.Int(c.Page), x0, y0, x1, y1)
		}
		for _, c := range t.Checks {
			checks.add(tid, string(c.Code), c.Run, c.Failed)
		}
		for _, l := range t.Lines {
			lines.add(tid, l.Row, null.Int(l.Page), null.Int(l.Side), null.String(l.SubjectKind), null.String(l.Code),
				l.Level, null.String(l.Name), null.String(l.EconCode), null.String(l.EconName), l.IsTotal,
				null.String(l.ColumnName), l.AmountFen, null.String(l.Raw))
		}
	}
	projectIDs := make(map[int]int64, len(rec.Projects))
	for i, p := range rec.Projects {
		pid := pids[i]
		projects.add(pid, docID, ref(tableIDs, p.TableSeq), p.Seq, null.String(p.DepartmentCode),
			null.String(p.DepartmentName), null.String(p.UnitCode), null.String(p.UnitName), p.Name,
			p.BudgetFen, null.String(p.Goal), null.Int(p.PageFirst), null.Int(p.PageLast))
		projectIDs[p.Seq] = pid
		for _, in := range p.Indicators {
			indicators.add(pid, in.Seq, null.String(in.Level1), null.String(in.Level2), null.String(in.Level3),
				null.String(in.Operator), null.String(in.ValueText), in.ValueNum,
				null.String(in.MeasureUnit), in.Weight, null.String(in.Direction), null.Int(in.Page))
		}
	}
	for _, f := range rec.Findings {
		findings.add(docID, ref(tableIDs, f.TableSeq), ref(projectIDs, f.ProjectSeq), string(f.Severity),
			string(f.Code), f.Message, null.Int(f.Page))
	}
	w.insert(tables, cells, checks, lines, projects, indicators, findings)
	return docID
}

// clean makes values fit both backends: a bool is stored as 0 or 1 (the
// columns are integers); text loses NUL characters and invalid UTF-8,
// which PostgreSQL refuses and SQLite would keep as noise.
func clean(args []any) []any {
	for i, a := range args {
		switch v := a.(type) {
		case bool:
			args[i] = int64(0)
			if v {
				args[i] = int64(1)
			}
		case string:
			if !utf8.ValidString(v) || strings.IndexByte(v, 0) >= 0 {
				args[i] = strings.ReplaceAll(strings.ToValidUTF8(v, "\uFFFD"), "\x00", "")
			}
		}
	}
	return args
}

// sqliteSink writes through a SQLite transaction, many rows to a statement:
// a document's thousands of cells then cost tens of statements, not
// thousands of calls through cgo.
type sqliteSink struct {
	tx    *sql.Tx
	d     *DB
	stmts map[string]*sql.Stmt
}

func (s *sqliteSink) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := s.stmts[query]; ok {
		return st, nil
	}
	shared, err := s.d.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	if s.stmts == nil {
		s.stmts = make(map[string]*sql.Stmt)
	}
	st := s.tx.StmtContext(ctx, shared)
	s.stmts[query] = st
	return st, nil
}

func (s *sqliteSink) lock(context.Context, string) error { return nil }

func (s *sqliteSink) exec(ctx context.Context, query string, args ...any) (int64, error) {
	st, err := s.stmt(ctx, query)
	if err != nil {
		return 0, err
	}
	res, err := st.ExecContext(ctx, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (s *sqliteSink) one(ctx context.Context, query string, args ...any) (int64, error) {
	st, err := s.stmt(ctx, query)
	if err != nil {
		return 0, err
	}
	var n int64
	err = st.QueryRowContext(ctx, args...).Scan(&n)
	return n, err
}

// ids continues from the largest id, as SQLite itself would: the
// transaction holds the write lock, so no one else takes them meanwhile.
func (s *sqliteSink) ids(ctx context.Context, table string, n int) ([]int64, error) {
	var last int64
	if err := s.tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM "+table).Scan(&last); err != nil {
		return nil, err
	}
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = last + int64(i) + 1
	}
	return ids, nil
}

// batchRows is how many rows one INSERT statement carries at most.
//
// A process prepares each statement it runs once, and preparing one takes
// longer than running it: so insert writes batchRows rows a statement and
// the rows left in statements of the powers of two that add up to their
// number, which gives each table six statements, whatever the number of
// its rows. Larger batches cost more to prepare than they save in calls
// (over the first sample's 12 PDFs: 32 rows, 0.20 s of writing in all; 100
// rows and a statement for each remainder, 0.24 s).
const batchRows = 32

func (s *sqliteSink) insert(ctx context.Context, table string, cols []string, rows [][]any) error {
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	args := make([]any, 0, batchRows*len(cols))
	for len(rows) > 0 {
		n := batchRows
		for n > len(rows) {
			n /= 2
		}
		args = args[:0]
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		if _, err := s.exec(ctx, head+strings.TrimSuffix(strings.Repeat(row+", ", n), ", "), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// pgSink writes through a PostgreSQL transaction on pgx's own connection,
// bulk rows with COPY.
type pgSink struct {
	tx pgx.Tx
	d  *DB
}

func (s *pgSink) lock(ctx context.Context, key string) error {
	_, err := s.tx.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", key)
	return err
}

func (s *pgSink) exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := s.tx.Exec(ctx, s.d.dialect.rebind(query), args...)
	return tag.RowsAffected(), err
}

func (s *pgSink) one(ctx context.Context, query string, args ...any) (int64, error) {
	var n int64
	err := s.tx.QueryRow(ctx, s.d.dialect.rebind(query), args...).Scan(&n)
	return n, err
}

// ids takes numbers from the table's identity sequence, which processes
// writing at once share without waiting for each other.
func (s *pgSink) ids(ctx context.Context, table string, n int) ([]int64, error) {
	rows, err := s.tx.Query(ctx, "SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)", table, n)
	if err != nil {
		return nil, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	slices.Sort(ids)
	return ids, err
}

func (s *pgSink) insert(ctx context.Context, table string, cols []string, rows [][]any) error {
	_, err := s.tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
	return err
}

func ref(ids map[int]int64, seq int) any {
	if id, ok := ids[seq]; ok && seq > 0 {
		return id
	}
	return nil
}

// box returns the corners of r for the columns x0, y0, x1, y1: NULL where
// the format has no geometry.
func box(r model.Rect) (x0, y0, x1, y1 any) {
	if r.IsZero() {
		return nil, nil, nil, nil
	}
	return r.X0, r.Y0, r.X1, r.Y1
}

func orOther(kind model.Kind) string {
	if kind == "" {
		kind = model.KindOther
	}
	return string(kind)
}
