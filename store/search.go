package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Hit is one text that matches a search, with where it was printed.
type Hit struct {
	Kind       string // project, indicator, goal, table or cell
	DocumentID int64
	OrgName    string
	FiscalYear int
	Source     string
	TableID    int64 // 0 when none
	TableSeq   int
	TableTitle string
	ProjectID  int64 // 0 when none
	Project    string
	Page       int    // 0 when unknown
	Text       string // the whole matching text
}

// SearchResult is what a search found.
type SearchResult struct {
	Terms []string // the query's terms, all of which each hit contains
	Hits  []Hit
	Total int // matches in all; more than len(Hits) when the limit cut them
	// Indexed is false when the database has no full-text index (a SQLite
	// database written by a build without FTS5, or this build lacks it):
	// the hits were then found by reading every text, which is slower.
	// PostgreSQL's trigram indexes are always there.
	Indexed bool
}

// ErrEmptySearch is returned by Search for a query with no terms.
var ErrEmptySearch = errors.New("nothing to search for")

// minTrigram is the shortest term the trigram index can look up; shorter
// terms are matched with LIKE.
const minTrigram = 3

// Search finds the project names, goals, indicator names (三级指标), table
// titles and cell texts that contain every space-separated term of query,
// ignoring case. Hits come projects first, then indicators, goals, tables
// and cells, each in document order; at most limit of them (0: no limit).
func (d *DB) Search(ctx context.Context, query string, limit int) (*SearchResult, error) {
	terms := strings.Fields(query)
	if len(terms) == 0 {
		return nil, ErrEmptySearch
	}
	if err := d.searchable(ctx); err != nil {
		return nil, err
	}
	indexed, err := d.searchIndexed(ctx)
	if err != nil {
		return nil, err
	}
	res := &SearchResult{Terms: terms, Indexed: indexed}

	// SQLite looks terms up in its FTS5 table; PostgreSQL reads
	// search_source, whose columns have trigram indexes that ILIKE uses.
	from, key, like := "search_source", "key", "LIKE"
	fts5 := indexed && d.Backend() == SQLite
	if fts5 {
		from, key = "search", "rowid"
	}
	if d.Backend() == Postgres {
		like = "ILIKE" // as FTS5's trigrams and SQLite's LIKE, blind to case
	}
	var where []string
	var args []any
	var phrases []string
	for _, t := range terms {
		if fts5 && utf8.RuneCountInString(t) >= minTrigram {
			phrases = append(phrases, `"`+strings.ReplaceAll(t, `"`, `""`)+`"`)
			continue
		}
		where = append(where, `s.text `+like+` ? ESCAPE '\'`)
		args = append(args, "%"+escapeLike(t)+"%")
	}
	if len(phrases) > 0 {
		where = append([]string{"s.text MATCH ?"}, where...)
		args = append([]any{strings.Join(phrases, " AND ")}, args...)
	}
	cond := strings.Join(where, " AND ")

	q := fmt.Sprintf(`SELECT s.kind, s.document_id, d.org_name, d.fiscal_year, d.source,
		s.table_id, t.seq, t.title, s.project_id, p.name, s.page, s.text
		FROM %s AS s
		JOIN documents d ON d.id = s.document_id
		LEFT JOIN tables t ON t.id = s.table_id
		LEFT JOIN projects p ON p.id = s.project_id
		WHERE %s
		ORDER BY CASE s.kind WHEN 'project' THEN 1 WHEN 'indicator' THEN 2 WHEN 'goal' THEN 3
			WHEN 'table' THEN 4 ELSE 5 END, s.document_id, s.%s`, from, cond, key)
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := d.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h Hit
		var org, src, title, project sql.NullString
		var year, tseq, page sql.NullInt64
		var tid, pid sql.NullInt64
		if err := rows.Scan(&h.Kind, &h.DocumentID, &org, &year, &src, &tid, &tseq, &title,
			&pid, &project, &page, &h.Text); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		h.OrgName, h.FiscalYear, h.Source = org.String, int(year.Int64), src.String
		h.TableID, h.TableSeq, h.TableTitle = tid.Int64, int(tseq.Int64), title.String
		h.ProjectID, h.Project, h.Page = pid.Int64, project.String, int(page.Int64)
		res.Hits = append(res.Hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	res.Total = len(res.Hits)
	if limit > 0 && len(res.Hits) == limit {
		err := d.QueryRowContext(ctx,
			fmt.Sprintf("SELECT count(*) FROM %s AS s WHERE %s", from, cond), args...).Scan(&res.Total)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
	}
	return res, nil
}

// searchIndexed reports whether searches can use the full-text index: the
// database has it and this build can read it.
func (d *DB) searchIndexed(ctx context.Context) (bool, error) {
	if d.Backend() == Postgres {
		return true, nil
	}
	fts5, err := d.hasFTS5(ctx)
	if err != nil || !fts5 {
		return false, err
	}
	return d.hasRelation(ctx, "search")
}

// ErrNoSearch is returned by Search on a database whose schema predates
// search.
var ErrNoSearch = errors.New("the database predates search: ingest into it once (budgetx ingest) to upgrade it")

// searchable reports whether the database has search_source, which every
// database written by this version has.
func (d *DB) searchable(ctx context.Context) error {
	ok, err := d.hasRelation(ctx, "search_source")
	if err == nil && !ok {
		err = ErrNoSearch
	}
	return err
}

// escapeLike makes s match itself in a LIKE pattern with ESCAPE '\'.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// IndexSearch brings the full-text index up to date with the rows written
// since it was last called (see migration 0005) and returns how many tables
// and projects it indexed or dropped. It does nothing on a database without
// the index, nor on PostgreSQL, whose indexes keep up by themselves.
func (d *DB) IndexSearch(ctx context.Context) (int, error) {
	pending, err := d.SearchPending(ctx)
	if err != nil || pending == 0 {
		return 0, err
	}
	defer d.writing()()
	err = d.inTx(ctx, func(tx *Tx) error {
		var last sql.NullInt64
		if err := tx.QueryRowContext(ctx, "SELECT max(seq) FROM search_queue").Scan(&last); err != nil || !last.Valid {
			return err // another process emptied the queue meanwhile
		}
		for _, q := range indexSteps {
			if _, err := tx.ExecContext(ctx, q, last.Int64); err != nil {
				return fmt.Errorf("index search: %w", err)
			}
		}
		return nil
	})
	return pending, err
}

// indexSteps bring the full-text index up to date with the queue up to its
// entry ?1. Drops come first: a table deleted and then written again under
// the same id (ids of the last rows are reused) is dropped, then added.
//
// Each step reads the queue first and looks up only what it names: the
// CROSS JOINs keep the planner from scanning the whole index for rowids
// to match against the queue, which made every flush cost as much as the
// index is large (6.5 ms each over the wild sample, 30 µs now).
var indexSteps = []string{
	`DELETE FROM search WHERE rowid IN (
		SELECT s.rowid FROM search_queue q CROSS JOIN search s
		    ON s.rowid BETWEEN (1 << 60) + (q.id << 34) AND (1 << 60) + (q.id << 34) + (1 << 34) - 1
		 WHERE q.op = 'drop' AND q.kind = 'table' AND q.seq <= ?1)`,
	`DELETE FROM search WHERE rowid IN (
		SELECT s.rowid FROM search_queue q CROSS JOIN search s
		    ON s.rowid BETWEEN (2 << 60) + (q.id << 21) AND (2 << 60) + (q.id << 21) + (1 << 21) - 1
		 WHERE q.op = 'drop' AND q.kind = 'project' AND q.seq <= ?1)`,
	`INSERT INTO search (rowid, text, kind, document_id, table_id, project_id, page)
	 SELECT key, text, kind, document_id, table_id, project_id, page FROM search_source
	  WHERE kind IN ('table', 'cell') AND table_id IN (
	        SELECT id FROM search_queue WHERE op = 'add' AND kind = 'table' AND seq <= ?1)
	 UNION ALL
	 SELECT key, text, kind, document_id, table_id, project_id, page FROM search_source
	  WHERE kind IN ('project', 'goal', 'indicator') AND project_id IN (
	        SELECT id FROM search_queue WHERE op = 'add' AND kind = 'project' AND seq <= ?1)
	 ORDER BY 1`,
	`DELETE FROM search_queue WHERE seq <= ?1`,
}

// SearchPending returns how many tables and projects wait to be indexed or
// dropped from the full-text index.
func (d *DB) SearchPending(ctx context.Context) (int, error) {
	if ok, err := d.hasRelation(ctx, "search_queue"); err != nil || !ok {
		return 0, err
	}
	var n int
	err := d.sql.QueryRowContext(ctx, "SELECT count(*) FROM search_queue").Scan(&n)
	return n, err
}
