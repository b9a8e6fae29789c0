package serve

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"
)

// sqlPage is the SQL page: a statement and the first rows of its result.
type sqlPage struct {
	SQL     string
	Timeout string
	Columns []string
	Rows    [][]string
	More    bool   // the result has more rows than shown
	CSV     string // the address of the whole result as CSV
	Err     string
}

func (s *Server) sqlPage(r *http.Request) (string, any, error) {
	p := &sqlPage{SQL: r.URL.Query().Get("sql"), Timeout: s.opt.SQLTimeout.String()}
	if strings.TrimSpace(p.SQL) == "" {
		p.SQL = "SELECT id, format, status, fiscal_year, org_name, title FROM documents ORDER BY id"
		return "sql", p, nil
	}
	p.CSV = "/sql.csv?" + url.Values{"sql": {p.SQL}}.Encode()
	err := s.runSQL(r.Context(), p.SQL,
		func(cols []string) error { p.Columns = cols; return nil },
		func(vals []any) error {
			if len(p.Rows) == s.opt.SQLRows {
				p.More = true
				return errEnough
			}
			row := make([]string, len(vals))
			for i, v := range vals {
				row[i] = cellText(v)
			}
			p.Rows = append(p.Rows, row)
			return nil
		})
	if err != nil && !errors.Is(err, errEnough) {
		if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
			return "", nil, err
		}
		p.Err, p.Columns, p.Rows = err.Error(), nil, nil
	}
	return "sql", p, nil
}

// errEnough stops reading rows once the page has as many as it shows.
var errEnough = errors.New("enough rows")

// sqlCSV streams the whole result of a statement as CSV, named by the
// browser as a download. An error before the first row is a 400; one after
// it ends the file early, with a last line that says so.
func (s *Server) sqlCSV(w http.ResponseWriter, r *http.Request) {
	query := r.URL.Query().Get("sql")
	var cw *csv.Writer
	err := s.runSQL(r.Context(), query,
		func(cols []string) error {
			h := w.Header()
			h.Set("Content-Type", "text/csv; charset=utf-8")
			h.Set("Content-Disposition", `attachment; filename="budgetx.csv"`)
			cw = csv.NewWriter(w)
			return cw.Write(cols)
		},
		func(vals []any) error {
			row := make([]string, len(vals))
			for i, v := range vals {
				row[i] = cellText(v)
			}
			return cw.Write(row)
		})
	if cw == nil {
		if err == nil {
			err = errors.New("no result")
		}
		s.fail(w, r, fmt.Errorf("%w: %v", errBadRequest, err))
		return
	}
	if err != nil {
		cw.Write([]string{"budgetx: the result is cut short: " + err.Error()})
	}
	cw.Flush()
}

// runSQL runs one read-only statement with the SQL page's time limit.
func (s *Server) runSQL(ctx context.Context, query string, columns func([]string) error, row func([]any) error) error {
	if err := readStatement(query); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.opt.SQLTimeout)
	defer cancel()
	err := s.db.Each(ctx, query, nil, columns, row)
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("the statement ran longer than %s and was stopped", s.opt.SQLTimeout)
	}
	return err
}

// readStatement accepts one SELECT or WITH statement and nothing else:
// after the first statement (its strings, quoted names and comments
// skipped) only blanks, comments and semicolons may follow. The database
// handle is read-only as well; this refuses early, with a clear reason.
func readStatement(q string) error {
	rest := skipBlank(q)
	end := strings.IndexFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		end = len(rest)
	}
	word := strings.ToUpper(rest[:end])
	if word != "SELECT" && word != "WITH" {
		return errors.New("only a SELECT or WITH statement is run here")
	}
	for i := 0; i < len(q); i++ {
		switch c := q[i]; {
		case c == '\'' || c == '"' || c == '`' || c == '[':
			end := map[byte]byte{'\'': '\'', '"': '"', '`': '`', '[': ']'}[c]
			j := strings.IndexByte(q[i+1:], end)
			if j < 0 {
				return nil // unterminated: SQLite reports it
			}
			i += j + 1
		case c == '-' && strings.HasPrefix(q[i:], "--"), c == '/' && strings.HasPrefix(q[i:], "/*"):
			i = len(q) - len(skipBlank(q[i:])) - 1
		case c == ';':
			if strings.Trim(skipBlank(q[i+1:]), ";") != "" {
				return errors.New("only one statement is run at a time")
			}
			return nil
		}
	}
	return nil
}

// skipBlank skips white space and comments.
func skipBlank(s string) string {
	for {
		t := strings.TrimLeftFunc(s, unicode.IsSpace)
		switch {
		case strings.HasPrefix(t, "--"):
			if i := strings.IndexByte(t, '\n'); i >= 0 {
				t = t[i+1:]
			} else {
				t = ""
			}
		case strings.HasPrefix(t, "/*"):
			if i := strings.Index(t[2:], "*/"); i >= 0 {
				t = t[i+4:]
			} else {
				t = ""
			}
		}
		if t == s {
			return t
		}
		s = t
	}
}

// cellText prints a value of a result: NULL as empty, numbers as SQLite
// prints them.
func cellText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case string:
		return v
	case []byte:
		return fmt.Sprintf("x'%x'", v)
	}
	return fmt.Sprint(v)
}
