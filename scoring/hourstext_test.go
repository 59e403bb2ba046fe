package scoring_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/scoring"
)

// hm is a time of day in minutes.
func hm(h, m int) int { return h*60 + m }

// week builds opening hours from weekday → spans.
func week(days map[time.Weekday][]scoring.Span) scoring.OpeningHours {
	var h scoring.OpeningHours
	for d, s := range days {
		h[d] = s
	}
	return h
}

var hoursCases = []struct {
	in, canonical string
	want          scoring.OpeningHours
}{
	{"mon-fri 07:30-17:30; sat 07:30-11:30", "mon-fri 07:30-17:30; sat 07:30-11:30", scoring.DefaultOpeningHours()},
	{"mon-fri 07:30-11:30,13:00-17:00; sat 07:30-11:30", "mon-fri 07:30-11:30,13:00-17:00; sat 07:30-11:30",
		week(map[time.Weekday][]scoring.Span{
			time.Monday: {{hm(7, 30), hm(11, 30)}, {hm(13, 0), hm(17, 0)}}, time.Tuesday: {{hm(7, 30), hm(11, 30)}, {hm(13, 0), hm(17, 0)}},
			time.Wednesday: {{hm(7, 30), hm(11, 30)}, {hm(13, 0), hm(17, 0)}}, time.Thursday: {{hm(7, 30), hm(11, 30)}, {hm(13, 0), hm(17, 0)}},
			time.Friday: {{hm(7, 30), hm(11, 30)}, {hm(13, 0), hm(17, 0)}}, time.Saturday: {{hm(7, 30), hm(11, 30)}}})},
	{"  MON - Fri  7:30 - 11:30 ; ", "mon-fri 07:30-11:30", week(map[time.Weekday][]scoring.Span{
		time.Monday: {{450, 690}}, time.Tuesday: {{450, 690}}, time.Wednesday: {{450, 690}}, time.Thursday: {{450, 690}}, time.Friday: {{450, 690}}})},
	{"t2-t6 07:30-17:30; t7 07:30-11:30", "mon-fri 07:30-17:30; sat 07:30-11:30", scoring.DefaultOpeningHours()},
	{"mon,wed,fri 08:00-12:00; tue,thu 13:00-17:00", "mon,wed,fri 08:00-12:00; tue,thu 13:00-17:00",
		week(map[time.Weekday][]scoring.Span{time.Monday: {{480, 720}}, time.Wednesday: {{480, 720}}, time.Friday: {{480, 720}},
			time.Tuesday: {{780, 1020}}, time.Thursday: {{780, 1020}}})},
	{"sat-sun 00:00-24:00", "sat-sun 00:00-24:00", week(map[time.Weekday][]scoring.Span{
		time.Saturday: {{0, 1440}}, time.Sunday: {{0, 1440}}})},
	{"cn 08:00-09:00; mon 13:00-14:00,08:00-09:00", "mon 08:00-09:00,13:00-14:00; sun 08:00-09:00", week(map[time.Weekday][]scoring.Span{
		time.Monday: {{480, 540}, {780, 840}}, time.Sunday: {{480, 540}}})},
	// A day named twice gets both groups' spans; touching spans join.
	{"mon-fri 07:30-11:30; mon 11:30-12:00", "mon 07:30-12:00; tue-fri 07:30-11:30", week(map[time.Weekday][]scoring.Span{
		time.Monday: {{450, 720}}, time.Tuesday: {{450, 690}}, time.Wednesday: {{450, 690}}, time.Thursday: {{450, 690}}, time.Friday: {{450, 690}}})},
	{"mon-tue,thu 09:00-10:00", "mon-tue,thu 09:00-10:00", week(map[time.Weekday][]scoring.Span{
		time.Monday: {{540, 600}}, time.Tuesday: {{540, 600}}, time.Thursday: {{540, 600}}})},
}

func TestParseOpeningHours(t *testing.T) {
	for _, c := range hoursCases {
		got, err := scoring.ParseOpeningHours(c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q:\n got %v\nwant %v", c.in, got, c.want)
		}
		if s := got.String(); s != c.canonical {
			t.Errorf("%q: written %q, want %q", c.in, s, c.canonical)
		}
	}
}

// TestParseOpeningHoursErrors: each mistake a technician may make is
// refused with a message in Vietnamese and English that names the
// mistake and shows what to write.
func TestParseOpeningHoursErrors(t *testing.T) {
	for _, c := range []struct {
		in, vi, en string
	}{
		{"", "để trống", "empty"},
		{" ; ", "để trống", "empty"},
		{"mon-fri 07:30-11:30,11:00-17:00", "chồng lên nhau (07:30-11:30 và 11:00-17:00)", "overlap (07:30-11:30 and 11:00-17:00)"},
		{"mon-fri 07:30-17:30; fri 12:00-13:00", "của fri chồng lên nhau", "two spans of fri overlap"},
		{"mon 07:30-25:00", "không có giờ “25:00”", "there is no time “25:00”"},
		{"mon 24:30-24:45", "không có giờ “24:30”", "no time “24:30”"},
		{"mon 07:60-08:00", "không có giờ “07:60”", "no time “07:60”"},
		{"mon 7:5-08:00", "không có giờ “7:5”", "no time “7:5”"},
		{"mon 07:30-07:30", "kết thúc không sau lúc bắt đầu", "does not end after it starts"},
		{"mon 22:00-02:00", "không được qua nửa đêm", "cannot cross midnight"},
		{"monday 07:30-11:30", "không có ngày “monday”", "there is no day “monday”"},
		{"xyz 07:30-11:30", "không có ngày “xyz”", "there is no day “xyz”"},
		{"fri-mon 07:30-11:30", "đi ngược", "runs backwards"},
		{"mon,,fri 07:30-11:30", "chỗ trống", "empty place"},
		{"07:30-11:30", "thiếu ngày", "lacks the days"},
		{"mon-fri", "thiếu giờ", "lacks the times"},
		{"mon 07:30-11:30 sat 07:30-11:30", "“sat” đứng sau giờ: hãy ngăn các nhóm ngày bằng dấu chấm phẩy", "“sat” comes after the times: separate groups of days with a semicolon"},
		{"mon 07:30", "không phải một khoảng giờ", "is not a span of time"},
		{"mon 07:30-", "không phải một khoảng giờ", "is not a span of time"},
		{"mon " + strings.Repeat("01:00-01:01,", 60), "dài quá", "longer than"},
		{"mon 01:00-01:01,02:00-02:01,03:00-03:01,04:00-04:01,05:00-05:01,06:00-06:01,07:00-07:01,08:00-08:01,09:00-09:01", "tối đa 8", "at most 8"},
	} {
		_, err := scoring.ParseOpeningHours(c.in)
		var he *scoring.HoursError
		if !errors.As(err, &he) {
			t.Errorf("%q: error %v, want an *HoursError", c.in, err)
			continue
		}
		if !strings.Contains(he.VI, c.vi) || !strings.Contains(he.EN, c.en) {
			t.Errorf("%q:\n VI %s\n EN %s\nwant %q and %q", c.in, he.VI, he.EN, c.vi, c.en)
		}
		// Every message says what to write.
		if !strings.Contains(he.VI, "Hãy viết ví dụ: mon-fri") || !strings.Contains(he.EN, "Write for example: mon-fri") {
			t.Errorf("%q: the message shows no example: %v", c.in, err)
		}
	}
}

func TestOpeningHoursZeroAndCheck(t *testing.T) {
	var zero scoring.OpeningHours
	if !zero.IsZero() || zero.String() != "" || zero.Check() != nil {
		t.Errorf("zero hours: IsZero %v, String %q, Check %v", zero.IsZero(), zero.String(), zero.Check())
	}
	if d := scoring.DefaultOpeningHours(); d.IsZero() || d.Check() != nil {
		t.Errorf("default hours: IsZero %v, Check %v", d.IsZero(), d.Check())
	}
	for name, h := range map[string]scoring.OpeningHours{
		"backwards":   week(map[time.Weekday][]scoring.Span{time.Monday: {{600, 500}}}),
		"past 24:00":  week(map[time.Weekday][]scoring.Span{time.Monday: {{600, 1441}}}),
		"negative":    week(map[time.Weekday][]scoring.Span{time.Monday: {{-1, 60}}}),
		"overlapping": week(map[time.Weekday][]scoring.Span{time.Monday: {{60, 120}, {100, 200}}}),
		"touching":    week(map[time.Weekday][]scoring.Span{time.Monday: {{60, 120}, {120, 200}}}),
		"unordered":   week(map[time.Weekday][]scoring.Span{time.Monday: {{300, 400}, {60, 120}}}),
	} {
		if h.Check() == nil {
			t.Errorf("%s: Check passed %v", name, h)
		}
	}
	var c scoring.Centre
	if !reflect.DeepEqual(c.HoursOrDefault(), scoring.DefaultOpeningHours()) {
		t.Error("a centre without hours does not use the default")
	}
	c.Hours, _ = scoring.ParseOpeningHours("mon 08:00-09:00")
	if got := c.HoursOrDefault(); got.String() != "mon 08:00-09:00" {
		t.Errorf("a centre's own hours: %v", got)
	}
}

// FuzzParseOpeningHours: the parser never panics; whatever it accepts is
// valid, written canonically, and the canonical text reads back to the
// same hours and the same text.
func FuzzParseOpeningHours(f *testing.F) {
	for _, c := range hoursCases {
		f.Add(c.in)
	}
	for _, s := range []string{"", ";", "mon 25:00-26:00", "fri-mon 01:00-02:00", "mon 00:00-24:00", "t2 7:30-11:30,13:00-17:00",
		"mon-fri 07:30-11:30,11:00-17:00", "mon - 07:30-08:00", "sun,sat 1:00-2:00;;", "cn 24:00-24:00", "mon 08:00-09:00-10:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		h, err := scoring.ParseOpeningHours(in)
		if err != nil {
			var he *scoring.HoursError
			if !errors.As(err, &he) || he.VI == "" || he.EN == "" {
				t.Fatalf("%q: error %v is not a worded *HoursError", in, err)
			}
			return
		}
		if h.IsZero() {
			t.Fatalf("%q: accepted as no hours at all", in)
		}
		if err := h.Check(); err != nil {
			t.Fatalf("%q: parsed to hours that fail Check: %v", in, err)
		}
		s := h.String()
		back, err := scoring.ParseOpeningHours(s)
		if err != nil {
			t.Fatalf("%q: written as %q, which does not parse: %v", in, s, err)
		}
		if !reflect.DeepEqual(back, h) || back.String() != s {
			t.Fatalf("%q: %v written as %q reads back as %v (%q)", in, h, s, back, back.String())
		}
	})
}
