package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/budgetx/budgetx/model"
	"github.com/budgetx/budgetx/store"
)

// Entity is one kind of record an export writes, with the query that lists
// it.
type Entity struct {
	Name  string // file and sheet name
	Query string
}

// Entities lists what an export writes, in order. An entity refers only to
// entities before it, so a workbook can link each id to its row.
var Entities = []Entity{
	{"documents", `SELECT id, sha256, source, format, size, status, error, error_detail, title, fiscal_year, kind,
		org_name, pages, producer, pipeline_version, ingested_at
		FROM documents ORDER BY id`},
	{"tables", `SELECT t.id, t.document_id, d.org_name, d.fiscal_year, t.seq, t.kind, t.title,
		t.amount_unit, t.page_first, t.page_last, t.n_rows, t.n_cols, t.note, t.caption, t.caption_org,
		t.table_number, t.amount_cells, t.joined_cells
		FROM tables t JOIN documents d ON d.id = t.document_id ORDER BY t.id`},
	{"projects", `SELECT p.id, p.document_id, d.org_name, d.fiscal_year, p.table_id, p.seq,
		p.department_code, p.department_name, p.unit_code, p.unit_name, p.name, p.budget_fen,
		p.goal, p.page_first, p.page_last
		FROM projects p JOIN documents d ON d.id = p.document_id ORDER BY p.id`},
	{"indicators", `SELECT i.id, i.project_id, p.document_id, d.org_name, d.fiscal_year,
		p.name AS project_name, i.seq, i.level1, i.level2, i.level3, i.operator, i.value_text,
		i.value_num, i.measure_unit, i.weight, i.direction, i.page
		FROM indicators i JOIN projects p ON p.id = i.project_id
		JOIN documents d ON d.id = p.document_id ORDER BY i.id`},
	{"budget_lines", `SELECT b.id, t.document_id, d.org_name, d.fiscal_year, b.table_id,
		t.kind AS table_kind, b.row, b.page, b.side, b.subject_kind, b.code, b.level, b.name,
		b.econ_code, b.econ_name, b.is_total, b.column_name, b.amount_fen, b.raw
		FROM budget_lines b JOIN tables t ON t.id = b.table_id
		JOIN documents d ON d.id = t.document_id ORDER BY b.id`},
	{"findings", `SELECT f.id, f.document_id, d.org_name, d.fiscal_year, f.table_id, f.project_id,
		f.severity, f.code, f.message, f.page
		FROM findings f JOIN documents d ON d.id = f.document_id ORDER BY f.id`},
	// Cells come last: the bulk of an export, and of no use without the
	// tables they belong to. x0, y0, x1, y1 are where each was printed.
	{"cells", `SELECT c.table_id, t.document_id, t.seq AS table_seq, c.row, c.col, c.row_span,
		c.col_span, c.text, c.page, c.x0, c.y0, c.x1, c.y1
		FROM cells c JOIN tables t ON t.id = c.table_id ORDER BY c.table_id, c.row, c.col`},
}

// Written tells what an export wrote for one entity.
type Written struct {
	Entity string
	Rows   int
	Path   string // the file (for xlsx, the workbook)
}

// column is a column as written.
type column struct {
	name  string // *_fen is written as *_yuan
	money bool   // integer 分, written in 元
	link  string // the entity whose id the column holds, or ""
}

func columnsOf(entity string, names []string) []column {
	cols := make([]column, len(names))
	for i, n := range names {
		c := column{name: n}
		if base, ok := strings.CutSuffix(n, "_fen"); ok {
			c.name, c.money = base+"_yuan", true
		}
		switch n {
		case "document_id":
			c.link = "documents"
		case "table_id":
			c.link = "tables"
		case "project_id":
			c.link = "projects"
		}
		if c.link == entity {
			c.link = ""
		}
		cols[i] = c
	}
	return cols
}

func headers(cols []column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.name
	}
	return out
}

// text renders a value for CSV; NULL is empty.
func text(c column, v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case int64:
		if c.money {
			return model.Yuan(v)
		}
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case string:
		return v
	case []byte:
		return hex.EncodeToString(v)
	}
	return fmt.Sprint(v)
}

// CSV writes one RFC 4180 file with a header row per entity into the
// folder dir, creating it if need be. With bom the files start with a
// byte-order mark, which Excel needs to read UTF-8 (and pandas does not
// want).
func CSV(ctx context.Context, db *store.DB, dir string, bom bool) ([]Written, error) {
	return eachFile(ctx, db, dir, ".csv", func(w *bufio.Writer, e Entity) (int, error) {
		if bom {
			w.WriteString("\uFEFF")
		}
		cw := csv.NewWriter(w)
		var cols []column
		var rec []string
		n := 0
		err := db.Each(ctx, e.Query, nil, func(names []string) error {
			cols = columnsOf(e.Name, names)
			rec = make([]string, len(cols))
			return cw.Write(headers(cols))
		}, func(vals []any) error {
			for i, v := range vals {
				rec[i] = text(cols[i], v)
			}
			n++
			return cw.Write(rec)
		})
		cw.Flush()
		if err == nil {
			err = cw.Error()
		}
		return n, err
	})
}

// JSONL writes one JSON Lines file per entity into the folder dir,
// creating it if need be: one object per row, keys in column order, NULL
// as null, amounts in 元 as exact decimal numbers.
func JSONL(ctx context.Context, db *store.DB, dir string) ([]Written, error) {
	return eachFile(ctx, db, dir, ".jsonl", func(w *bufio.Writer, e Entity) (int, error) {
		var cols []column
		var keys [][]byte
		n := 0
		err := db.Each(ctx, e.Query, nil, func(names []string) error {
			cols = columnsOf(e.Name, names)
			keys = make([][]byte, len(cols))
			for i, c := range cols {
				keys[i], _ = json.Marshal(c.name)
			}
			return nil
		}, func(vals []any) error {
			w.WriteByte('{')
			for i, v := range vals {
				if i > 0 {
					w.WriteByte(',')
				}
				w.Write(keys[i])
				w.WriteByte(':')
				b, err := jsonValue(cols[i], v)
				if err != nil {
					return fmt.Errorf("%s column %s: %w", e.Name, cols[i].name, err)
				}
				w.Write(b)
			}
			n++
			_, err := w.WriteString("}\n")
			return err
		})
		return n, err
	})
}

func jsonValue(c column, v any) ([]byte, error) {
	switch v := v.(type) {
	case int64:
		if c.money {
			return []byte(model.Yuan(v)), nil
		}
	case []byte:
		return json.Marshal(hex.EncodeToString(v))
	}
	return json.Marshal(v)
}

// eachFile writes one file per entity into dir with write.
func eachFile(ctx context.Context, db *store.DB, dir, ext string,
	write func(*bufio.Writer, Entity) (int, error)) ([]Written, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var out []Written
	for _, e := range Entities {
		path := filepath.Join(dir, e.Name+ext)
		var n int
		err := writeFile(path, func(w io.Writer) error {
			bw := bufio.NewWriter(w)
			var err error
			if n, err = write(bw, e); err != nil {
				return err
			}
			return bw.Flush()
		})
		if err != nil {
			return out, fmt.Errorf("export %s: %w", e.Name, err)
		}
		out = append(out, Written{Entity: e.Name, Rows: n, Path: path})
	}
	return out, nil
}

// writeFile writes path through a temporary file in the same folder that
// is renamed into place only when write succeeds.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // fails harmlessly after the rename
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
