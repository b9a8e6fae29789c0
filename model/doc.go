// Package model holds the records every stage of budgetx passes along.
//
// An extractor (package extract) fills a Document: pages, free text lines
// and table fragments with their cells, spans, pages and boxes. Package
// normalize turns a Document into Records — tables, budget lines, projects,
// indicators, checks and findings — which package store writes and the
// commands read back. Model has no behaviour beyond what the records need:
// money written as 元 (Yuan), the CJK look-alikes unified (Unify), the kinds
// of table (Kind) and the catalogue of finding codes (Codes).
//
// Model imports no other package of budgetx, so every stage may import it.
package model
