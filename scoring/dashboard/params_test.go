package dashboard

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var hcm = mustZone("Asia/Ho_Chi_Minh")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// today is a fixed local day for the tests: Friday 14 March 2025.
var today = time.Date(2025, 3, 14, 0, 0, 0, 0, hcm)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string // formatted result, or "" for an error
	}{
		{"2025-03-14", "2025-03-14"},
		{"2024-02-29", "2024-02-29"}, // a leap day
		{"2024-01-01", "2024-01-01"},
		{"2099-12-31", "2099-12-31"},
		{"2025-02-29", ""}, // no leap day in 2025
		{"2025-04-31", ""},
		{"2025-13-01", ""},
		{"2025-00-10", ""},
		{"2025-01-00", ""},
		{"2023-12-31", ""}, // before the product
		{"2100-01-01", ""},
		{"2025-3-14", ""},
		{"14/03/2025", ""},
		{"2025-03-14T00:00", ""},
		{"+025-03-14", ""},
		{"２０２５-03-14", ""}, // full-width digits
		{"", ""},
	}
	for _, tc := range tests {
		got, err := ParseDate("date", tc.in, hcm)
		if tc.want == "" {
			var pe *ParamError
			if !errors.As(err, &pe) || pe.VI == "" || pe.EN == "" || pe.Param != "date" {
				t.Errorf("ParseDate(%q) = %v, %v; want a bilingual ParamError", tc.in, got, err)
			}
			continue
		}
		if err != nil || got.Format(time.DateOnly) != tc.want || got.Location() != hcm || got.Hour() != 0 {
			t.Errorf("ParseDate(%q) = %v, %v; want midnight %s in Asia/Ho_Chi_Minh", tc.in, got, err, tc.want)
		}
	}
}

func TestParseRange(t *testing.T) {
	tests := []struct {
		query    string
		from, to string // "" for an error
		param    string // the parameter the error names
	}{
		{"", "2025-02-13", "2025-03-14", ""},
		{"range=30d", "2025-02-13", "2025-03-14", ""},
		{"range=90d", "2024-12-15", "2025-03-14", ""},
		{"from=2025-03-01&to=2025-03-01", "2025-03-01", "2025-03-01", ""},
		{"from=2024-03-14&to=2025-03-14", "2024-03-14", "2025-03-14", ""}, // 366 days
		{"from=2024-03-13&to=2025-03-14", "", "", "to"},                   // 367 days
		{"from=2025-03-02&to=2025-03-01", "", "", "to"},
		{"from=2025-03-01", "", "", "to"},
		{"to=2025-03-01", "", "", "from"},
		{"range=7d", "", "", "range"},
		{"range=30d&from=2025-03-01&to=2025-03-02", "", "", "range"},
		{"from=2025-02-30&to=2025-03-01", "", "", "from"},
	}
	for _, tc := range tests {
		q, err := ParseQuery(tc.query, today)
		if tc.from == "" {
			var pe *ParamError
			if !errors.As(err, &pe) || pe.Param != tc.param {
				t.Errorf("%q: err = %v, want a ParamError on %s", tc.query, err, tc.param)
			}
			continue
		}
		r := q.Range
		if err != nil || r.From.Format(time.DateOnly) != tc.from || r.To.Format(time.DateOnly) != tc.to {
			t.Errorf("%q = %v – %v, %v; want %s – %s", tc.query, r.From, r.To, err, tc.from, tc.to)
		}
	}
	if r := (Range{From: today.AddDate(0, 0, -89), To: today}); r.Days() != 90 {
		t.Errorf("Days = %d, want 90", r.Days())
	}
}

func TestParseQuery(t *testing.T) {
	q, err := ParseQuery("lang=en&centre=hcm-q1&counter=c.01&officer=o_7&kiosk=K-1&date=2025-03-10&format=xlsx&page=3&utm_source=zalo", today)
	if err != nil {
		t.Fatal(err)
	}
	if q.Lang != EN || q.Centre != "hcm-q1" || q.Counter != "c.01" || q.Officer != "o_7" || q.Kiosk != "K-1" ||
		q.Date.Format(time.DateOnly) != "2025-03-10" || q.Format != FormatXLSX || q.Page != 3 {
		t.Errorf("ParseQuery = %+v", q)
	}
	bad := []struct{ query, param string }{
		{"lang=fr", "lang"},
		{"lang=VI", "lang"},
		{"lang=vi&lang=en", "lang"},
		{"centre=" + strings.Repeat("a", 65), "centre"},
		{"centre=", "centre"},
		{"officer=%3Cscript%3E", "officer"},
		{"counter=Qu%E1%BA%A7y1", "counter"}, // "Quầy1": ids are ASCII
		{"kiosk=a%20b", "kiosk"},
		{"format=pdf", "format"},
		{"format=XLSX", "format"},
		{"page=0", "page"},
		{"page=-1", "page"},
		{"page=+2", "page"},
		{"page=10001", "page"},
		{"page=99999999999999999999", "page"},
		{"date=yesterday", "date"},
		{"a=%zz", "?"},
	}
	for _, tc := range bad {
		_, err := ParseQuery(tc.query, today)
		var pe *ParamError
		if !errors.As(err, &pe) || pe.Param != tc.param || pe.VI == "" || pe.EN == "" {
			t.Errorf("ParseQuery(%q) err = %v, want a bilingual ParamError on %s", tc.query, err, tc.param)
		}
	}
}

// A ParamError never echoes more than 40 characters of what was given,
// and only valid UTF-8.
func TestParamErrorBoundsValue(t *testing.T) {
	_, err := ParseID("officer", strings.Repeat("x", 5000)+"\xff")
	pe := err.(*ParamError)
	if n := len([]rune(pe.Value)); n > 41 || strings.Contains(pe.VI, strings.Repeat("x", 41)) {
		t.Errorf("value echoed with %d runes: %q", n, pe.Value)
	}
	_, err = ParseID("officer", "\xff\xfe")
	if pe := err.(*ParamError); !utf8.ValidString(pe.VI) || !strings.Contains(pe.VI, "“?”") || pe.Message(EN) != pe.EN || pe.Message(VI) != pe.VI {
		t.Errorf("invalid UTF-8 not replaced: %q", pe.VI)
	}
}
