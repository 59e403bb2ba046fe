package scoring

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	// Centres' days depend on their zones, which must load on a server
	// without a zone database (a minimal container).
	_ "time/tzdata"

	"hailong/kiosk/survey"
)

// Reports (SPEC §7) are read from rollups: counts kept by the store in the
// same unit of work as ingest, per centre, local day, counter, officer,
// level, outcome, filter and invitation; per centre, local day, counter,
// local hour, level and filter; and per reason; so that no page reads the
// raw responses of past days. Only newly stored responses
// count: duplicates, conflicts and rejected items never do. A day is the
// centre's local calendar day (Centre.TimeZone) of the response's
// created_at, whenever it was uploaded.

// DefaultTimeZone is a centre's time zone unless set otherwise.
const DefaultTimeZone = "Asia/Ho_Chi_Minh"

// zones caches loaded time zones by name: time.LoadLocation reads the zone
// database each time.
var zones sync.Map // name → *time.Location

// LoadZone returns the time zone named name (an IANA name such as
// "Asia/Ho_Chi_Minh"; "" is DefaultTimeZone), cached. "Local" and other
// names that depend on the machine are refused: a centre's days must not
// change with the server's settings.
func LoadZone(name string) (*time.Location, error) {
	if name == "" {
		name = DefaultTimeZone
	}
	if v, ok := zones.Load(name); ok {
		return v.(*time.Location), nil
	}
	if name == "Local" || strings.HasPrefix(name, "/") || strings.Contains(name, "..") {
		return nil, fmt.Errorf("time zone %q: give an IANA name such as %s", name, DefaultTimeZone)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("time zone %q: %w (give an IANA name such as %s)", name, err, DefaultTimeZone)
	}
	zones.Store(name, loc)
	return loc, nil
}

// Date is a civil calendar date with no time zone: a centre's local day.
// Its text form is "YYYY-MM-DD" (String, ParseDate), which sorts as the
// dates do; stores keep it as that text (SQLite) or as a DATE (PostgreSQL).
// The zero Date is not a valid day.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf is the calendar day of the instant t in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return Date{y, m, d}
}

// ParseDate parses "YYYY-MM-DD" (a real date, years 1000–9999).
func ParseDate(s string) (Date, error) {
	if len(s) != 10 {
		return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

// String is the date as "YYYY-MM-DD".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Start is the first instant of day d in loc (midnight, or the first
// instant after a midnight skipped by daylight saving time).
func (d Date) Start(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays is the date n days after d (before, when n < 0).
func (d Date) AddDays(n int) Date {
	t := time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC)
	return Date{t.Year(), t.Month(), t.Day()}
}

// Weekday is d's day of the week.
func (d Date) Weekday() time.Weekday {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()
}

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// Dim is one key of a rollup row, to group by (RollupQuery.By).
type Dim uint16

// The keys of rollup rows. Counts are kept in two sets of keys, DimDaily
// and DimHourly: a query may group and filter by the keys of one of them
// (the hour is kept per counter, not per officer). Reason rows have the
// keys DimCentre, DimCounter, DimOfficer, DimDay, DimLevel and DimFilter,
// and always their reason.
const (
	DimCentre Dim = 1 << iota
	DimCounter
	DimOfficer
	DimDay
	DimHour
	DimLevel
	DimOutcome
	DimFilter
	DimInvited

	// DimDaily: counts per centre, day, counter, officer, level, outcome,
	// filter and invitation.
	DimDaily = DimCentre | DimDay | DimCounter | DimOfficer | DimLevel | DimOutcome | DimFilter | DimInvited
	// DimHourly: counts per centre, day, counter, hour, level and filter.
	DimHourly = DimCentre | DimDay | DimCounter | DimHour | DimLevel | DimFilter
)

// RollupQuery selects rollup rows: those of CentreIDs (at least one; the
// caller decides which centres its user may see) on days From to To, both
// included, optionally of one counter or officer, summed over every key
// not in By. A field of a returned row whose key is not in By is its zero
// value. Reason rows come only when Reasons is set: over months they cost
// as much again as the counts.
type RollupQuery struct {
	CentreIDs []string
	From, To  Date
	CounterID string // "" for every counter
	OfficerID string // "" for every officer
	By        Dim
	Reasons   bool
}

// CountRow is how many stored responses share its keys (those of the
// query's By; the others are zero).
type CountRow struct {
	CentreID  string
	CounterID string
	OfficerID string // DimDaily only
	Day       Date
	Hour      int // 0–23, local to the centre; DimHourly only
	Level     survey.Level
	Outcome   survey.Outcome // DimDaily only
	// FilterReason is "" for a response that counts in scores, else why it
	// is kept out (survey.FilterRepeat): counted beside, never mixed in.
	FilterReason string
	// Invited: the responses carry an invitation_id (invite mode). The
	// server receives no invitations that were not answered, so a response
	// rate needs the kiosks' invitation counts beside these. DimDaily only.
	Invited bool
	N       int64
}

// ReasonRow is how many stored responses with its keys gave Reason.
type ReasonRow struct {
	CentreID     string
	CounterID    string
	OfficerID    string
	Day          Date
	Level        survey.Level
	FilterReason string
	Reason       string // a reason code, as the kiosk sent it
	N            int64
}

// Rollup is what RangeRollup returns.
type Rollup struct {
	Counts  []CountRow
	Reasons []ReasonRow // only when RollupQuery.Reasons
}

// DayReport is every rollup row of one centre's day, with all their keys.
type DayReport struct {
	Counts  []CountRow  // DimDaily keys: per counter, officer, level, outcome, filter, invitation
	Hours   []CountRow  // DimHourly keys: per counter, hour, level, filter
	Reasons []ReasonRow // per counter, officer, level, filter, reason
}

// UnhappyResponse is one Không hài lòng response, for a manager to follow
// up.
type UnhappyResponse struct {
	ID           string
	CreatedAt    time.Time // the instant; show it in the centre's zone
	KioskID      string
	CounterID    string
	OfficerID    string
	Reasons      []string
	Outcome      survey.Outcome
	FilterReason string // "" unless kept out of the scores (a repeat press)
	Ticket       string
	DossierCode  string // only for administrators and the centre's managers
}

// RollupDiff is one rollup key whose stored count was not what the raw
// responses give.
type RollupDiff struct {
	Table   string // "counts" or "reasons"
	Key     string // the key, readable: centre=… day=… …
	Stored  int64  // 0: the key was missing
	Rebuilt int64  // 0: the key should not have been there
}

// RebuildResult is what RebuildRollups found and fixed.
type RebuildResult struct {
	Responses int64        // raw responses read
	Keys      int          // rollup keys rebuilt (counts and reasons)
	Diffs     []RollupDiff // keys that differed, now fixed; sorted
}

// ReportStore is the reports' side of the store: the rollups and the few
// raw rows a page lists. Methods are plain reads (except RebuildRollups),
// written so that a PostgreSQL store implements them with plain SQL.
type ReportStore interface {
	// RangeRollup returns the count rows of q (and its reason rows when
	// q.Reasons), grouped by q.By, ordered by their keys. An error when q
	// names no centre, To is before From, or q needs keys of both DimDaily
	// and DimHourly beyond those they share.
	RangeRollup(ctx context.Context, q RollupQuery) (Rollup, error)
	// Unhappy lists the dissatisfied responses of a centre created on its
	// local day, filtered ones included (with their FilterReason), by
	// creation time.
	Unhappy(ctx context.Context, centreID string, day Date) ([]UnhappyResponse, error)
	// RebuildRollups recomputes the rollups of the centres given (every
	// centre when none) from the stored responses in one unit of work,
	// replaces the keys that differ and reports them.
	RebuildRollups(ctx context.Context, centreIDs []string) (RebuildResult, error)
}

// DayRollup is every rollup row of one centre's day, with all its keys:
// what the centre-day page shows.
func DayRollup(ctx context.Context, rs ReportStore, centreID string, day Date) (DayReport, error) {
	q := RollupQuery{CentreIDs: []string{centreID}, From: day, To: day, By: DimDaily, Reasons: true}
	hours := q
	hours.By, hours.Reasons = DimHourly, false
	rs2, err := RangeRollups(ctx, rs, q, hours)
	if err != nil {
		return DayReport{}, err
	}
	return DayReport{Counts: rs2[0].Counts, Hours: rs2[1].Counts, Reasons: rs2[0].Reasons}, nil
}

// RangeRollups runs the queries side by side (a store reads on several
// connections at once: a page's queries then take about as long as the
// longest of them, not their sum) and returns their rollups in order, or
// their errors joined.
func RangeRollups(ctx context.Context, rs ReportStore, qs ...RollupQuery) ([]Rollup, error) {
	out := make([]Rollup, len(qs))
	errs := make([]error, len(qs))
	var wg sync.WaitGroup
	for i, q := range qs {
		wg.Go(func() { out[i], errs[i] = rs.RangeRollup(ctx, q) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}
