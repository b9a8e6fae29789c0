package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// ErrNoDocument is returned when a reference names no stored document.
var ErrNoDocument = errors.New("no such document")

// FindDocument returns the id of the document that ref names, trying in
// turn: a document id; the source path or URL it was ingested from; a file
// on disk, by its content; a sha256 prefix of at least 4 hex digits; and
// the end of a source path (a file name, say). A reference that matches
// several documents is an error that lists them.
func (d *DB) FindDocument(ctx context.Context, ref string) (int64, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return 0, ErrNoDocument
	}
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		if ids, err := d.documentIDs(ctx, "id = ?", id); err != nil || len(ids) == 1 {
			return first(ids, err)
		}
	}
	if ids, err := d.documentIDs(ctx, "source = ?", ref); err != nil || len(ids) == 1 {
		return first(ids, err)
	}
	if data, err := os.ReadFile(ref); err == nil {
		sum := sha256.Sum256(data)
		ids, err := d.documentIDs(ctx, "sha256 = ?", hex.EncodeToString(sum[:]))
		if err != nil || len(ids) == 1 {
			return first(ids, err)
		}
	}
	if len(ref) >= 4 && isHex(ref) {
		ids, err := d.documentIDs(ctx, "sha256 LIKE ?", strings.ToLower(ref)+"%")
		if err != nil || len(ids) > 0 {
			return d.unique(ctx, ref, ids, err)
		}
	}
	ids, err := d.documentIDs(ctx, `source LIKE ? ESCAPE '\'`, "%/"+escapeLike(strings.TrimPrefix(ref, "./")))
	return d.unique(ctx, ref, ids, err)
}

func (d *DB) documentIDs(ctx context.Context, cond string, arg any) ([]int64, error) {
	rows, err := d.QueryContext(ctx, "SELECT id FROM documents WHERE "+cond+" ORDER BY id", arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func first(ids []int64, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return ids[0], nil
}

// unique returns the one id in ids, or says why there is not one.
func (d *DB) unique(ctx context.Context, ref string, ids []int64, err error) (int64, error) {
	switch {
	case err != nil:
		return 0, err
	case len(ids) == 1:
		return ids[0], nil
	case len(ids) == 0:
		return 0, fmt.Errorf("%w: %q is no document id, sha256 prefix or source", ErrNoDocument, ref)
	}
	var names []string
	for _, id := range ids[:min(len(ids), 5)] {
		var sha, src string
		if err := d.QueryRowContext(ctx, "SELECT sha256, source FROM documents WHERE id = ?", id).
			Scan(&sha, &src); err != nil {
			return 0, err
		}
		names = append(names, fmt.Sprintf("%d (%s %s)", id, sha[:12], src))
	}
	if len(ids) > 5 {
		names = append(names, fmt.Sprintf("and %d more", len(ids)-5))
	}
	return 0, fmt.Errorf("%q names %d documents: %s", ref, len(ids), strings.Join(names, ", "))
}

func isHex(s string) bool {
	for _, c := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return false
		}
	}
	return true
}

// Overview is what a reader wants to see of one document at a glance. Each
// part is a small result set; money is in *_fen columns.
type Overview struct {
	Document *Rows // one row
	Tables   *Rows
	Projects *Rows
	Totals   *Rows // project budgets summed, and the 合计/总计 lines of the budget tables
	Findings *Rows
}

// pages prints a page range: 3, or 3–5.
const pages = `CASE WHEN page_first IS NULL THEN NULL
	WHEN page_last IS NULL OR page_last = page_first THEN CAST(page_first AS TEXT)
	ELSE page_first || '–' || page_last END`

// Overview returns the overview of document id.
func (d *DB) Overview(ctx context.Context, id int64) (*Overview, error) {
	var o Overview
	parts := []struct {
		dst   **Rows
		query string
	}{
		{&o.Document, `SELECT id, sha256, source, format, status, error, title, org_name, fiscal_year,
			kind, pages, size, producer, pipeline_version, ingested_at
			FROM documents WHERE id = ?`},
		{&o.Tables, `SELECT seq, kind, amount_unit AS unit, ` + pages + ` AS pages, n_rows AS rows,
			n_cols AS cols, (SELECT count(*) FROM budget_lines b WHERE b.table_id = t.id) AS lines, title
			FROM tables t WHERE document_id = ? ORDER BY seq`},
		{&o.Projects, `SELECT seq, name, budget_fen,
			(SELECT count(*) FROM indicators i WHERE i.project_id = p.id) AS indicators,
			(SELECT sum(weight) FROM indicators i WHERE i.project_id = p.id) AS weight,
			` + pages + ` AS pages, unit_name
			FROM projects p WHERE document_id = ? ORDER BY seq`},
		{&o.Totals, `SELECT NULL AS table_seq, 'projects' AS kind, count(*) || ' 个项目预算数之和' AS line,
			NULL AS column_name, sum(budget_fen) AS amount_fen
			FROM projects WHERE document_id = ?1 HAVING count(*) > 0
			UNION ALL
			SELECT * FROM (SELECT t.seq, t.kind, b.name, b.column_name, b.amount_fen
				FROM budget_lines b JOIN tables t ON t.id = b.table_id
				WHERE t.document_id = ?1 AND b.is_total <> 0
				ORDER BY t.seq, b.row, b.id) AS totals`},
		{&o.Findings, `SELECT f.severity, f.code, f.page, t.seq AS table_seq, p.name AS project, f.message
			FROM findings f
			LEFT JOIN tables t ON t.id = f.table_id
			LEFT JOIN projects p ON p.id = f.project_id
			WHERE f.document_id = ?
			ORDER BY CASE f.severity WHEN 'error' THEN 1 WHEN 'warning' THEN 2 ELSE 3 END,
				f.page, f.id`},
	}
	for _, part := range parts {
		rows, err := d.Query(ctx, part.query, id)
		if err != nil {
			return nil, fmt.Errorf("document %d: %w", id, err)
		}
		*part.dst = rows
	}
	if len(o.Document.Values) == 0 {
		return nil, fmt.Errorf("%w: id %d", ErrNoDocument, id)
	}
	return &o, nil
}
