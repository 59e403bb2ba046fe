// Package score is the arithmetic of SPEC §7, the same on the kiosk's
// manager screen and on the scoring server: counts per legal level with
// the filtered responses kept beside them, percentages to one decimal as
// computed, the satisfaction rate with its Wilson 95% score interval, the
// response rate of invite mode, the ranking threshold, reasons by count,
// and the centre's local calendar day.
//
// Everything here is a pure function or a small value type: it imports
// only survey and the standard library (no Fyne, no SQL, no HTTP), so that
// a figure on any screen or page can be checked against a plain
// computation in a table test.
package score
