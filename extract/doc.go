// Package extract holds the contract an extractor fulfils, the registry that
// picks one for a file, and the errors extractors return.
//
// An extractor turns the bytes of one file into a model.Document: pages, the
// free text lines on each page, and the table fragments printed there, as
// rows of cells that keep their text lines, spans, page and box. Extractors
// repair nothing and know nothing about budgets; that is package normalize's
// work. The formats themselves live one package each below this one.
//
// Formats are told apart by content (Sniff), never by file name.
package extract
