package dashboard

import (
	"errors"
	"testing"
	"unicode/utf8"
)

// FuzzParseQuery feeds arbitrary query strings to ParseQuery: it must
// never panic, and every error must be a ParamError with both sentences,
// in valid UTF-8, so the page that shows it is a 400 in the user's
// language.
func FuzzParseQuery(f *testing.F) {
	for _, seed := range []string{
		"", "lang=en", "lang=vi&date=2025-03-14", "range=90d", "from=2024-03-14&to=2025-03-14",
		"from=2025-02-30&to=2025-03-01", "centre=a&centre=b", "page=0", "format=csv", "a=%zz",
		"date=2024-02-29", "officer=%FF", "to=2025-03-01", ";;&&==", "date=9999-99-99",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := ParseQuery(raw, today)
		if err == nil {
			if q.Range.Days() < 1 || q.Range.Days() > MaxRangeDays {
				t.Fatalf("%q: range of %d days accepted", raw, q.Range.Days())
			}
			return
		}
		var pe *ParamError
		if !errors.As(err, &pe) {
			t.Fatalf("%q: error %T %v is not a ParamError", raw, err, err)
		}
		if pe.VI == "" || pe.EN == "" || pe.Param == "" || !utf8.ValidString(pe.VI) || !utf8.ValidString(pe.EN) {
			t.Fatalf("%q: ParamError not bilingual: %+v", raw, pe)
		}
	})
}
