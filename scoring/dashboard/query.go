package dashboard

import (
	"fmt"
	"net/url"
	"time"
)

// Range is an inclusive range of local days, each a midnight in the
// centre's time zone.
type Range struct {
	From, To time.Time
	// Preset is "30d" or "90d" when the range came from a preset, else "".
	Preset string
}

// Days returns how many calendar days the range covers.
func (r Range) Days() int { return daysBetween(r.From, r.To) + 1 }

// daysBetween counts calendar days from a to b by their dates, so a
// zone's offset changes cannot shift the count.
func daysBetween(a, b time.Time) int {
	ua := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	ub := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	return int(ub.Sub(ua).Hours() / 24)
}

// Today returns the midnight that starts now's day in loc.
func Today(now time.Time, loc *time.Location) time.Time {
	l := now.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc)
}

// presets are the ranges a page offers as links, ending today.
var presets = map[string]int{"30d": 30, "90d": 90}

// ParseRange reads the range of a trend or an export from range=30d|90d,
// or from from=YYYY-MM-DD and to=YYYY-MM-DD (both given, to not before
// from, at most MaxRangeDays days). With none of them it is the last 30
// days up to today, a midnight in the centre's zone.
func ParseRange(q url.Values, today time.Time) (Range, error) {
	loc := today.Location()
	preset, from, to := q.Get("range"), q.Get("from"), q.Get("to")
	if preset != "" && (from != "" || to != "") {
		return Range{}, paramErr("range", preset,
			"Hãy chọn hoặc một khoảng có sẵn (30 hay 90 ngày), hoặc từ ngày … đến ngày …, không chọn cả hai.",
			"Choose either a preset range (30 or 90 days) or a from and a to date, not both.")
	}
	if from == "" && to == "" {
		if preset == "" {
			preset = "30d"
		}
		days, ok := presets[preset]
		if !ok {
			return Range{}, paramErr("range", preset,
				fmt.Sprintf("Khoảng “%s” không có. Hãy chọn 30d (30 ngày) hoặc 90d (90 ngày).", clip(preset)),
				fmt.Sprintf("There is no range “%s”. Choose 30d (30 days) or 90d (90 days).", clip(preset)))
		}
		return Range{From: today.AddDate(0, 0, 1-days), To: today, Preset: preset}, nil
	}
	if from == "" || to == "" {
		missing := "from"
		if to == "" {
			missing = "to"
		}
		return Range{}, paramErr(missing, "",
			"Hãy chọn cả ngày bắt đầu (from) và ngày kết thúc (to).",
			"Choose both a start day (from) and an end day (to).")
	}
	f, err := ParseDate("from", from, loc)
	if err != nil {
		return Range{}, err
	}
	t, err := ParseDate("to", to, loc)
	if err != nil {
		return Range{}, err
	}
	if t.Before(f) {
		return Range{}, paramErr("to", to,
			fmt.Sprintf("Ngày kết thúc %s đứng trước ngày bắt đầu %s. Hãy đổi chỗ hai ngày.", to, from),
			fmt.Sprintf("The end day %s comes before the start day %s. Swap the two days.", to, from))
	}
	r := Range{From: f, To: t}
	if r.Days() > MaxRangeDays {
		return Range{}, paramErr("to", to,
			fmt.Sprintf("Khoảng %d ngày quá dài. Hãy chọn tối đa %d ngày.", r.Days(), MaxRangeDays),
			fmt.Sprintf("A range of %d days is too long. Choose at most %d days.", r.Days(), MaxRangeDays))
	}
	return r, nil
}

// Query holds every query parameter a dashboard page or export may take,
// parsed. Zero values mean "not given".
type Query struct {
	Lang                            Lang
	Centre, Counter, Officer, Kiosk string
	Date                            time.Time // the day of a centre-day page
	Range                           Range     // always set: 30 days by default
	Format                          Format
	Page                            int
}

// knownParams are the parameters ParseQuery reads; others (a tracking
// tag a chat tool adds to a link) are ignored.
var knownParams = []string{"lang", "centre", "counter", "officer", "kiosk", "date", "from", "to", "range", "format", "page"}

// ParseQuery parses a raw query string with the rules of this file. A
// known parameter given twice is refused rather than guessed at. today is
// the current local day (a midnight in the centre's zone).
func ParseQuery(raw string, today time.Time) (Query, error) {
	q, err := url.ParseQuery(raw)
	if err != nil {
		return Query{}, paramErr("?", raw,
			"Địa chỉ trang bị hỏng (có dấu % hoặc ; không đúng chỗ). Hãy mở lại trang từ menu.",
			"The page address is broken (a misplaced % or ; sign). Open the page again from the menu.")
	}
	for _, k := range knownParams {
		if len(q[k]) > 1 {
			return Query{}, paramErr(k, q[k][1],
				fmt.Sprintf("Tham số %s xuất hiện %d lần. Hãy giữ lại một lần.", k, len(q[k])),
				fmt.Sprintf("The parameter %s is given %d times. Keep one.", k, len(q[k])))
		}
	}
	var out Query
	if v, ok := q["lang"]; ok {
		if out.Lang, err = ParseLang("lang", v[0]); err != nil {
			return Query{}, err
		}
	}
	for _, p := range []struct {
		name string
		dst  *string
	}{{"centre", &out.Centre}, {"counter", &out.Counter}, {"officer", &out.Officer}, {"kiosk", &out.Kiosk}} {
		if v, ok := q[p.name]; ok {
			if *p.dst, err = ParseID(p.name, v[0]); err != nil {
				return Query{}, err
			}
		}
	}
	if v, ok := q["date"]; ok {
		if out.Date, err = ParseDate("date", v[0], today.Location()); err != nil {
			return Query{}, err
		}
	}
	if out.Range, err = ParseRange(q, today); err != nil {
		return Query{}, err
	}
	if v, ok := q["format"]; ok {
		if out.Format, err = ParseFormat("format", v[0]); err != nil {
			return Query{}, err
		}
	}
	if v, ok := q["page"]; ok {
		if out.Page, err = ParsePage("page", v[0]); err != nil {
			return Query{}, err
		}
	}
	return out, nil
}
