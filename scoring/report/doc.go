// Package report builds the exports of issue 10 item 5 (SPEC §7, §8): the
// summary a centre sends the province ("Tỷ lệ % mức độ hài lòng": per
// centre, counter and officer over a range of its local days, count and
// % per level to one decimal, the satisfaction rate with its Wilson 95%
// interval, filtered responses beside), computed from the rollups, and
// the responses one row each, in the centre's local time with names
// beside ids; written as XLSX (both tables, a sheet each) or CSV (one
// table per file).
//
// Headers are one row, Vietnamese first with English beside in the same
// cell ("Mức độ / Level"), so that a CSV keeps one header line for
// machines and a person reads both languages. Every text cell is
// neutralised against formulas with survey.CSVText (a leading = + - @ tab
// CR or apostrophe gets an apostrophe in front), in CSV and XLSX alike;
// XLSX text cells are also string cells with the Text number format, so
// that neither opening nor editing the file evaluates them.
//
// The package decides nothing about who may read what: its callers (the
// dashboard, which lets only administrators and that centre's managers
// export; the command line, run on the server) check that. Dossier codes
// are therefore included.
package report
