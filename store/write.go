package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/mattn/go-sqlite3"
	"time"

	"github.com/budgetx/budgetx/extract"
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
	Format          extract.Format
	Size            int64
	Status          string
	Error           string
	PipelineVersion int
	Records         *extract.Records // nil for a failed file
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
	err := d.sql.QueryRowContext(ctx,
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
	rows, err := d.sql.QueryContext(ctx,
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

// Put stores doc in one transaction, replacing any document with the same
// sha256, and returns its id. Either everything is stored or nothing is.
func (d *DB) Put(ctx context.Context, doc *Document) (int64, error) {
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("store %s: %w", doc.Source, err)
	}
	defer tx.Rollback() // a no-op after Commit
	w := writer{ctx: ctx, tx: tx, db: d}
	id := w.document(doc)
	if w.err == nil {
		err = tx.Commit()
	} else {
		err = w.err
	}
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrConstraint || se.Code == sqlite3.ErrTooBig || se.Code == sqlite3.ErrMismatch) {
		return 0, fmt.Errorf("store %s: %w: %v", doc.Source, ErrRejected, err)
	}
	if err != nil {
		return 0, fmt.Errorf("store %s: %w", doc.Source, err)
	}
	return id, nil
}

// writer inserts the rows of one document, remembering the first error so
// the insert code reads as a plain sequence.
type writer struct {
	ctx   context.Context
	tx    *sql.Tx
	db    *DB
	stmts map[string]*sql.Stmt
	err   error
}

func (w *writer) exec(query string, args ...any) int64 {
	if w.err != nil {
		return 0
	}
	if w.stmts == nil {
		w.stmts = make(map[string]*sql.Stmt)
	}
	st, ok := w.stmts[query]
	if !ok {
		var shared *sql.Stmt
		if shared, w.err = w.db.prepared(w.ctx, query); w.err != nil {
			return 0
		}
		st = w.tx.StmtContext(w.ctx, shared)
		w.stmts[query] = st
	}
	res, err := st.ExecContext(w.ctx, args...)
	if err != nil {
		w.err = err
		return 0
	}
	id, _ := res.LastInsertId()
	return id
}

func (w *writer) document(doc *Document) int64 {
	w.exec("DELETE FROM documents WHERE sha256 = ?", doc.SHA256)
	var info extract.Info
	if doc.Records != nil {
		info = doc.Records.Info
	}
	docID := w.exec(`INSERT INTO documents (sha256, source, format, size, title, fiscal_year, kind,
		org_name, pages, producer, status, error, pipeline_version, ingested_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		doc.SHA256, doc.Source, nullString(string(doc.Format)), doc.Size, nullString(info.Title),
		nullInt(info.FiscalYear), nullString(info.Kind), nullString(info.OrgName), nullInt(info.Pages),
		nullString(info.Producer), doc.Status, nullString(doc.Error), doc.PipelineVersion,
		time.Now().UTC().Format(time.RFC3339))
	if doc.Records == nil {
		return docID
	}
	rec := doc.Records
	cells := w.batch("cells", "table_id", "row", "col", "row_span", "col_span", "text", "page",
		"x0", "y0", "x1", "y1")
	lines := w.batch("budget_lines", "table_id", "row", "page", "side", "subject_kind", "code", "level",
		"name", "econ_code", "econ_name", "is_total", "column_name", "amount_fen", "raw")
	indicators := w.batch("indicators", "project_id", "seq", "level1", "level2", "level3", "operator",
		"value_text", "value_num", "measure_unit", "weight", "direction", "page")
	findings := w.batch("findings", "document_id", "table_id", "project_id", "severity", "code", "message", "page")
	checks := w.batch("checks", "table_id", "code", "run", "failed")
	tableIDs := make(map[int]int64, len(rec.Tables))
	for _, t := range rec.Tables {
		amounts, joined := amountCells(t.Cells)
		tid := w.exec(`INSERT INTO tables (document_id, seq, title, kind, amount_unit, page_first,
			page_last, n_rows, n_cols, note, amount_cells, joined_cells, caption, caption_org, table_number)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			docID, t.Seq, nullString(t.Title), orOther(t.Kind), nullString(t.Unit),
			nullInt(t.PageFirst), nullInt(t.PageLast), t.NRows, t.NCols, nullString(t.Note), amounts, joined,
			nullString(t.Caption), nullString(t.CaptionOrg), nullString(t.Number))
		tableIDs[t.Seq] = tid
		for _, c := range t.Cells {
			x0, y0, x1, y1 := box(c.Box)
			cells.add(tid, c.Row, c.Col, c.RowSpan, c.ColSpan, c.Text, nullInt(c.Page), x0, y0, x1, y1)
		}
		for _, c := range t.Checks {
			checks.add(tid, c.Code, c.Run, c.Failed)
		}
		for _, l := range t.Lines {
			lines.add(tid, l.Row, nullInt(l.Page), nullInt(l.Side), nullString(l.SubjectKind), nullString(l.Code),
				l.Level, nullString(l.Name), nullString(l.EconCode), nullString(l.EconName), l.IsTotal,
				nullString(l.ColumnName), l.AmountFen, nullString(l.Raw))
		}
	}
	projectIDs := make(map[int]int64, len(rec.Projects))
	for _, p := range rec.Projects {
		pid := w.exec(`INSERT INTO projects (document_id, table_id, seq, department_code,
			department_name, unit_code, unit_name, name, budget_fen, goal, page_first, page_last)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			docID, ref(tableIDs, p.TableSeq), p.Seq, nullString(p.DepartmentCode),
			nullString(p.DepartmentName), nullString(p.UnitCode), nullString(p.UnitName), p.Name,
			p.BudgetFen, nullString(p.Goal), nullInt(p.PageFirst), nullInt(p.PageLast))
		projectIDs[p.Seq] = pid
		for _, in := range p.Indicators {
			indicators.add(pid, in.Seq, nullString(in.Level1), nullString(in.Level2), nullString(in.Level3),
				nullString(in.Operator), nullString(in.ValueText), in.ValueNum,
				nullString(in.MeasureUnit), in.Weight, nullString(in.Direction), nullInt(in.Page))
		}
	}
	for _, f := range rec.Findings {
		findings.add(docID, ref(tableIDs, f.TableSeq), ref(projectIDs, f.ProjectSeq), string(f.Severity),
			f.Code, f.Message, nullInt(f.Page))
	}
	for _, b := range []*batch{cells, lines, checks, indicators, findings} {
		b.flush()
	}
	return docID
}

// batchRows is how many rows one INSERT statement carries. A document's
// thousands of cells then cost tens of statements, not thousands of calls
// through cgo; 100 rows of 14 columns stay far below SQLite's limit of
// 32766 variables.
const batchRows = 100

// batch inserts rows into one table, batchRows at a time.
type batch struct {
	w    *writer
	head string // INSERT INTO t (a, b) VALUES
	row  string // (?, ?)
	args []any
	n    int
}

func (w *writer) batch(table string, cols ...string) *batch {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	return &batch{
		w:    w,
		head: "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ",
		row:  row,
		args: make([]any, 0, batchRows*len(cols)),
	}
}

func (b *batch) add(args ...any) {
	b.args = append(b.args, args...)
	b.n++
	if b.n == batchRows {
		b.flush()
	}
}

func (b *batch) flush() {
	if b.n == 0 {
		return
	}
	b.w.exec(b.head+strings.TrimSuffix(strings.Repeat(b.row+", ", b.n), ", "), b.args...)
	b.args, b.n = b.args[:0], 0
}

func ref(ids map[int]int64, seq int) any {
	if id, ok := ids[seq]; ok && seq > 0 {
		return id
	}
	return nil
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

// box returns the corners of r for the columns x0, y0, x1, y1: NULL where
// the format has no geometry.
func box(r extract.Rect) (x0, y0, x1, y1 any) {
	if r.IsZero() {
		return nil, nil, nil, nil
	}
	return r.X0, r.Y0, r.X1, r.Y1
}

func orOther(kind string) string {
	if kind == "" {
		return "other"
	}
	return kind
}
