// Package extract defines the model that every stage of budgetx passes along,
// and the contract an extractor fulfils.
//
// An extractor turns the bytes of one file into a Document: pages, the free
// text lines on each page, and the table fragments printed there, as rows of
// cells that keep their text lines, spans, page and box. Extractors repair
// nothing and know nothing about budgets; that is package normalize's work.
// Normalize turns a Document into Records, which package store writes.
//
// Formats are told apart by content (Sniff), never by file name.
package extract
