package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/budgetx/budgetx/model"
)

// The reads below serve the review pages of budgetx serve: each record
// with its id, so that a page can link to it.

// ErrNoRecord is returned when an id names no stored table or project.
var ErrNoRecord = errors.New("no such record")

// DocumentInfo is the metadata of one stored document.
type DocumentInfo struct {
	ID              int64
	SHA256          string
	Source          string
	Format          string
	Size            int64
	Title           string
	FiscalYear      int
	Kind            string // 预算 or 决算
	OrgName         string
	Pages           int
	Producer        string
	Status          string
	Error           string
	PipelineVersion int
	IngestedAt      string
}

const documentColumns = `id, sha256, source, coalesce(format, ''), size, coalesce(title, ''),
	coalesce(fiscal_year, 0), coalesce(kind, ''), coalesce(org_name, ''), coalesce(pages, 0),
	coalesce(producer, ''), status, coalesce(error, ''), pipeline_version, ingested_at`

func scanDocument(scan func(...any) error) (DocumentInfo, error) {
	var d DocumentInfo
	err := scan(&d.ID, &d.SHA256, &d.Source, &d.Format, &d.Size, &d.Title, &d.FiscalYear, &d.Kind,
		&d.OrgName, &d.Pages, &d.Producer, &d.Status, &d.Error, &d.PipelineVersion, &d.IngestedAt)
	return d, err
}

// Documents lists every stored document in id order.
func (d *DB) Documents(ctx context.Context) ([]DocumentInfo, error) {
	var out []DocumentInfo
	err := d.each(ctx, "SELECT "+documentColumns+" FROM documents ORDER BY id", nil,
		func(scan func(...any) error) error {
			doc, err := scanDocument(scan)
			out = append(out, doc)
			return err
		})
	return out, err
}

// Document returns the metadata of document id, or ErrNoDocument.
func (d *DB) Document(ctx context.Context, id int64) (DocumentInfo, error) {
	doc, err := scanDocument(d.QueryRowContext(ctx,
		"SELECT "+documentColumns+" FROM documents WHERE id = ?", id).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return doc, fmt.Errorf("%w: id %d", ErrNoDocument, id)
	}
	return doc, err
}

// TableInfo is one stored table without its cells.
type TableInfo struct {
	ID         int64
	DocumentID int64
	Seq        int
	Title      string
	Kind       string
	Unit       string // 元 or 万元; empty when none was printed
	PageFirst  int
	PageLast   int
	NRows      int
	NCols      int
	Note       string
	Caption    string
	Findings   int // findings that concern the table
}

const tableColumns = `t.id, t.document_id, t.seq, coalesce(t.title, ''), t.kind, coalesce(t.amount_unit, ''),
	coalesce(t.page_first, 0), coalesce(t.page_last, 0), t.n_rows, t.n_cols, coalesce(t.note, ''),
	coalesce(t.caption, ''), (SELECT count(*) FROM findings f WHERE f.table_id = t.id)`

func scanTable(scan func(...any) error) (TableInfo, error) {
	var t TableInfo
	err := scan(&t.ID, &t.DocumentID, &t.Seq, &t.Title, &t.Kind, &t.Unit, &t.PageFirst, &t.PageLast,
		&t.NRows, &t.NCols, &t.Note, &t.Caption, &t.Findings)
	return t, err
}

// Tables lists the tables of document docID in order.
func (d *DB) Tables(ctx context.Context, docID int64) ([]TableInfo, error) {
	var out []TableInfo
	err := d.each(ctx, "SELECT "+tableColumns+" FROM tables t WHERE t.document_id = ? ORDER BY t.seq",
		[]any{docID}, func(scan func(...any) error) error {
			t, err := scanTable(scan)
			out = append(out, t)
			return err
		})
	return out, err
}

// Table returns table id without its cells, or ErrNoRecord.
func (d *DB) Table(ctx context.Context, id int64) (TableInfo, error) {
	t, err := scanTable(d.QueryRowContext(ctx, "SELECT "+tableColumns+" FROM tables t WHERE t.id = ?", id).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return t, fmt.Errorf("%w: table %d", ErrNoRecord, id)
	}
	return t, err
}

const cellColumns = `row, col, row_span, col_span, text, coalesce(page, 0),
	coalesce(x0, 0), coalesce(y0, 0), coalesce(x1, 0), coalesce(y1, 0)`

func scanCell(scan func(...any) error) (model.CellRecord, error) {
	var c model.CellRecord
	err := scan(&c.Row, &c.Col, &c.RowSpan, &c.ColSpan, &c.Text, &c.Page, &c.Box.X0, &c.Box.Y0, &c.Box.X1, &c.Box.Y1)
	return c, err
}

// Cells returns the cells of table id in row and column order, with
// their boxes (zero where none was stored).
func (d *DB) Cells(ctx context.Context, tableID int64) ([]model.CellRecord, error) {
	var out []model.CellRecord
	err := d.each(ctx, "SELECT "+cellColumns+" FROM cells WHERE table_id = ? ORDER BY row, col", []any{tableID},
		func(scan func(...any) error) error {
			c, err := scanCell(scan)
			out = append(out, c)
			return err
		})
	return out, err
}

// FindingInfo is one stored finding with the records it concerns.
type FindingInfo struct {
	ID        int64
	TableID   int64 // 0 when none
	TableSeq  int
	ProjectID int64 // 0 when none
	Project   string
	Severity  string
	Code      string
	Message   string
	Page      int
}

// Findings lists the findings of document docID, errors first, then by
// page; with tableID above 0, only those that concern that table.
func (d *DB) Findings(ctx context.Context, docID, tableID int64) ([]FindingInfo, error) {
	var out []FindingInfo
	err := d.each(ctx, `SELECT f.id, coalesce(f.table_id, 0), coalesce(t.seq, 0), coalesce(f.project_id, 0),
		coalesce(p.name, ''), f.severity, f.code, f.message, coalesce(f.page, 0)
		FROM findings f
		LEFT JOIN tables t ON t.id = f.table_id
		LEFT JOIN projects p ON p.id = f.project_id
		WHERE f.document_id = ?1 AND (?2 = 0 OR f.table_id = ?2)
		ORDER BY CASE f.severity WHEN 'error' THEN 1 WHEN 'warning' THEN 2 ELSE 3 END, f.page, f.id`,
		[]any{docID, tableID}, func(scan func(...any) error) error {
			var f FindingInfo
			err := scan(&f.ID, &f.TableID, &f.TableSeq, &f.ProjectID, &f.Project, &f.Severity, &f.Code,
				&f.Message, &f.Page)
			out = append(out, f)
			return err
		})
	return out, err
}

// ProjectInfo is one stored project; Indicators are filled by Project
// only.
type ProjectInfo struct {
	ID             int64
	DocumentID     int64
	TableID        int64 // 0 when none
	Seq            int
	DepartmentName string
	UnitName       string
	Name           string
	BudgetFen      *int64
	Goal           string
	PageFirst      int
	PageLast       int
	NIndicators    int
	Indicators     []model.Indicator
}

const projectColumns = `p.id, p.document_id, coalesce(p.table_id, 0), p.seq, coalesce(p.department_name, ''),
	coalesce(p.unit_name, ''), p.name, p.budget_fen, coalesce(p.goal, ''), coalesce(p.page_first, 0),
	coalesce(p.page_last, 0), (SELECT count(*) FROM indicators i WHERE i.project_id = p.id)`

func scanProject(scan func(...any) error) (ProjectInfo, error) {
	var p ProjectInfo
	err := scan(&p.ID, &p.DocumentID, &p.TableID, &p.Seq, &p.DepartmentName, &p.UnitName, &p.Name,
		&p.BudgetFen, &p.Goal, &p.PageFirst, &p.PageLast, &p.NIndicators)
	return p, err
}

// Projects lists the projects of document docID in order, without their
// indicators.
func (d *DB) Projects(ctx context.Context, docID int64) ([]ProjectInfo, error) {
	var out []ProjectInfo
	err := d.each(ctx, "SELECT "+projectColumns+" FROM projects p WHERE p.document_id = ? ORDER BY p.seq",
		[]any{docID}, func(scan func(...any) error) error {
			p, err := scanProject(scan)
			out = append(out, p)
			return err
		})
	return out, err
}

// Project returns project id with its indicators, or ErrNoRecord.
func (d *DB) Project(ctx context.Context, id int64) (ProjectInfo, error) {
	p, err := scanProject(d.QueryRowContext(ctx, "SELECT "+projectColumns+" FROM projects p WHERE p.id = ?", id).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("%w: project %d", ErrNoRecord, id)
	}
	if err != nil {
		return p, err
	}
	err = d.each(ctx, `SELECT seq, coalesce(level1, ''), coalesce(level2, ''), coalesce(level3, ''),
		coalesce(operator, ''), coalesce(value_text, ''), value_num, coalesce(measure_unit, ''), weight,
		coalesce(direction, ''), coalesce(page, 0)
		FROM indicators WHERE project_id = ? ORDER BY seq`, []any{id},
		func(scan func(...any) error) error {
			var in model.Indicator
			err := scan(&in.Seq, &in.Level1, &in.Level2, &in.Level3, &in.Operator, &in.ValueText,
				&in.ValueNum, &in.MeasureUnit, &in.Weight, &in.Direction, &in.Page)
			p.Indicators = append(p.Indicators, in)
			return err
		})
	return p, err
}

// NameCell returns the first cell of table tableID on a page from first
// to last whose text is exactly text, as where a project's name was
// printed; ok is false when there is none.
func (d *DB) NameCell(ctx context.Context, tableID int64, text string, first, last int) (c model.CellRecord, ok bool, err error) {
	c, err = scanCell(d.QueryRowContext(ctx, "SELECT "+cellColumns+` FROM cells
		WHERE table_id = ? AND text = ? AND coalesce(page, 0) BETWEEN ? AND ?
		ORDER BY row, col LIMIT 1`, tableID, text, first, last).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	}
	return c, err == nil, err
}

// Amount is one amount of a budget table as printed, with the column it
// was read under.
type Amount struct {
	Raw    string // as printed: the text of its cell
	Column string // the header path, as budget_lines.column_name
}

// Amounts returns the amounts of table tableID by grid row, so that a page
// can tell which cells of a row a finding about a column concerns.
func (d *DB) Amounts(ctx context.Context, tableID int64) (map[int][]Amount, error) {
	out := map[int][]Amount{}
	err := d.each(ctx, `SELECT row, raw, coalesce(column_name, '') FROM budget_lines
		WHERE table_id = ? AND raw IS NOT NULL ORDER BY id`, []any{tableID},
		func(scan func(...any) error) error {
			var row int
			var a Amount
			if err := scan(&row, &a.Raw, &a.Column); err != nil {
				return err
			}
			out[row] = append(out[row], a)
			return nil
		})
	return out, err
}
