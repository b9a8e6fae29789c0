// Package export writes the entities of a budgetx database (documents,
// tables, projects, indicators, budget lines and findings) to files that
// spreadsheets and data tools open: CSV or JSON Lines, one file per entity
// in a folder, or one xlsx workbook with a sheet per entity.
//
// Every format carries the same columns. Money leaves the database as
// integer 分 in *_fen columns and is written in 元 under the name *_yuan:
// exact decimals in CSV and JSON Lines, numbers with a 元 format in xlsx.
// Each row carries the ids (document_id, table_id, project_id) and page
// that lead back to where it was printed; in xlsx those ids link to the
// row they name.
//
// A file is written under a temporary name and renamed when complete, so
// an export that fails leaves no half-written file behind.
package export
