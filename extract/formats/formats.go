// Package formats is the one list of the formats budgetx reads. The
// command's registry and every test that runs across formats read it, so
// a new format is its package under extract/ and a line here; extract.Sniff
// must also tell its files (extract cannot import the extractors, which
// import it), and a test here checks that the two agree.
//
// The list is explicit, not filled by init functions: the set of formats
// is closed and compiled in.
package formats

import (
	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/docx"
	"github.com/budgetx/budgetx/extract/html"
	"github.com/budgetx/budgetx/extract/pdf"
	"github.com/budgetx/budgetx/extract/soffice"
	"github.com/budgetx/budgetx/extract/text"
	"github.com/budgetx/budgetx/extract/xls"
	"github.com/budgetx/budgetx/extract/xlsx"
)

// All returns a new extractor of every format budgetx reads.
func All() []extract.Extractor {
	return []extract.Extractor{
		pdf.New(),
		text.New(),
		html.New(),
		xlsx.New(),
		xls.New(),
		docx.New(),
		soffice.New(), // doc: Word 97–2003 and WPS, through LibreOffice
	}
}

// Registry returns a registry of All.
func Registry() *extract.Registry { return extract.NewRegistry(All()...) }
