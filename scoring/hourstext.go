package scoring

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// The text form of a centre's opening hours is what a technician types on
// the command line and what `centre list` and the audit trail show:
//
//	mon-fri 07:30-11:30,13:00-17:00; sat 07:30-11:30
//
// Groups are separated by ';'. A group is days, then spans. Days are
// English three-letter names (mon … sun) or the Vietnamese t2 … t7 and cn,
// single or as ranges from the earlier to the later day of a Monday-first
// week, separated by ','. Spans are HH:MM-HH:MM (24:00 ends a day),
// separated by ','. Days not named are closed. Spaces around the marks
// are allowed. A day named in two groups gets the spans of both; spans
// that touch (11:30-12:00,12:00-13:00) join, spans that overlap are
// refused. String writes the canonical form, which parses back to the
// same hours.

// MaxHoursText bounds the text form, in bytes.
const MaxHoursText = 512

// MaxSpansPerDay bounds the opening periods of one day.
const MaxSpansPerDay = 8

// minutesPerDay is 24:00, the end of a day.
const minutesPerDay = 24 * 60

// HoursError is opening hours that cannot be read or make no sense,
// worded for the technician typing them: Vietnamese first, English beside
// it, and what to do.
type HoursError struct {
	VI, EN string
}

func (e *HoursError) Error() string { return e.VI + " / " + e.EN }

// hoursExample is the example every error message ends with.
const hoursExample = "mon-fri 07:30-11:30,13:00-17:00; sat 07:30-11:30"

func hoursErr(vi, en string) *HoursError {
	return &HoursError{
		VI: vi + ". Hãy viết ví dụ: " + hoursExample,
		EN: en + ". Write for example: " + hoursExample,
	}
}

// dayNames are the canonical names, by time.Weekday.
var dayNames = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// dayAliases are the Vietnamese names: thứ hai (t2) … thứ bảy (t7), chủ
// nhật (cn).
var dayAliases = map[string]int{"cn": 0, "t2": 1, "t3": 2, "t4": 3, "t5": 4, "t6": 5, "t7": 6}

// dayOrder is a weekday's place in a Monday-first week.
func dayOrder(d int) int { return (d + 6) % 7 }

// dayAt is the weekday at place i of a Monday-first week.
func dayAt(i int) int { return (i + 1) % 7 }

// ParseOpeningHours reads the text form. Every error is an *HoursError.
func ParseOpeningHours(s string) (OpeningHours, error) {
	var h OpeningHours
	if len(s) > MaxHoursText {
		return h, hoursErr(fmt.Sprintf("giờ mở cửa dài quá %d byte", MaxHoursText),
			fmt.Sprintf("the opening hours are longer than %d bytes", MaxHoursText))
	}
	if strings.TrimSpace(strings.ReplaceAll(s, ";", "")) == "" {
		return h, hoursErr("chưa có giờ mở cửa nào (để trống)", "no opening hours were given (empty)")
	}
	for group := range strings.SplitSeq(s, ";") {
		if strings.TrimSpace(group) == "" {
			continue // a stray ';'
		}
		days, spans, err := parseGroup(group)
		if err != nil {
			return OpeningHours{}, err
		}
		for _, d := range days {
			h[d] = append(h[d], spans...)
		}
	}
	for d := range h {
		if err := normaliseDay(&h[d], d); err != nil {
			return OpeningHours{}, err
		}
	}
	return h, nil
}

// parseGroup reads "days spans": the spans start at the first word with a
// ':' in it.
func parseGroup(group string) (days []int, spans []Span, err error) {
	words := strings.Fields(group)
	at := slices.IndexFunc(words, func(w string) bool { return strings.Contains(w, ":") })
	g := Clip(group, 80)
	switch {
	case at == 0:
		return nil, nil, hoursErr(fmt.Sprintf("“%s” thiếu ngày trước giờ", g), fmt.Sprintf("“%s” lacks the days before the times", g))
	case at < 0:
		return nil, nil, hoursErr(fmt.Sprintf("“%s” thiếu giờ sau ngày (HH:MM-HH:MM)", g), fmt.Sprintf("“%s” lacks the times (HH:MM-HH:MM) after the days", g))
	}
	for _, w := range words[at:] {
		if strings.ContainsFunc(w, unicode.IsLetter) {
			return nil, nil, hoursErr(fmt.Sprintf("“%s” đứng sau giờ: hãy ngăn các nhóm ngày bằng dấu chấm phẩy ;", Clip(w, 40)),
				fmt.Sprintf("“%s” comes after the times: separate groups of days with a semicolon ;", Clip(w, 40)))
		}
	}
	if days, err = parseDays(strings.Join(words[:at], "")); err != nil {
		return nil, nil, err
	}
	for sp := range strings.SplitSeq(strings.Join(words[at:], ""), ",") {
		s, err := parseSpan(sp)
		if err != nil {
			return nil, nil, err
		}
		spans = append(spans, s)
	}
	return days, spans, nil
}

// parseDay reads one day's name.
func parseDay(s string) (int, error) {
	s = strings.ToLower(s)
	if i := slices.Index(dayNames[:], s); i >= 0 {
		return i, nil
	}
	if d, ok := dayAliases[s]; ok {
		return d, nil
	}
	return 0, hoursErr(fmt.Sprintf("không có ngày “%s”: dùng mon, tue, wed, thu, fri, sat, sun (hoặc t2 … t7, cn)", Clip(s, 40)),
		fmt.Sprintf("there is no day “%s”: use mon, tue, wed, thu, fri, sat, sun (or t2 … t7, cn)", Clip(s, 40)))
}

// parseDays reads "mon-fri", "mon,wed,fri" or "mon-wed,sat".
func parseDays(s string) ([]int, error) {
	var days []int
	for item := range strings.SplitSeq(s, ",") {
		a, b, isRange := strings.Cut(item, "-")
		if a == "" && !isRange {
			return nil, hoursErr(fmt.Sprintf("danh sách ngày “%s” có chỗ trống giữa hai dấu phẩy", Clip(s, 40)),
				fmt.Sprintf("the days “%s” have an empty place between commas", Clip(s, 40)))
		}
		from, err := parseDay(a)
		if err != nil {
			return nil, err
		}
		to := from
		if isRange {
			if to, err = parseDay(b); err != nil {
				return nil, err
			}
			if dayOrder(to) < dayOrder(from) {
				return nil, hoursErr(fmt.Sprintf("khoảng ngày “%s” đi ngược: tuần bắt đầu từ thứ hai, hãy viết ngày trước rồi ngày sau (ví dụ sat-sun,mon)", Clip(item, 40)),
					fmt.Sprintf("the day range “%s” runs backwards: the week starts on Monday, write the earlier day first (e.g. sat-sun,mon)", Clip(item, 40)))
			}
		}
		for i := dayOrder(from); i <= dayOrder(to); i++ {
			days = append(days, dayAt(i))
		}
	}
	return days, nil
}

// parseSpan reads "07:30-11:30".
func parseSpan(s string) (Span, error) {
	a, b, ok := strings.Cut(s, "-")
	if !ok || a == "" || b == "" {
		return Span{}, hoursErr(fmt.Sprintf("“%s” không phải một khoảng giờ: viết giờ mở-giờ đóng, ví dụ 07:30-11:30", Clip(s, 40)),
			fmt.Sprintf("“%s” is not a span of time: write opening-closing, e.g. 07:30-11:30", Clip(s, 40)))
	}
	from, err := parseClock(a)
	if err != nil {
		return Span{}, err
	}
	to, err := parseClock(b)
	if err != nil {
		return Span{}, err
	}
	if from >= to {
		return Span{}, hoursErr(fmt.Sprintf("khoảng “%s” kết thúc không sau lúc bắt đầu (một khoảng không được qua nửa đêm; cả ngày là 00:00-24:00)", Clip(s, 40)),
			fmt.Sprintf("the span “%s” does not end after it starts (a span cannot cross midnight; a whole day is 00:00-24:00)", Clip(s, 40)))
	}
	return Span{From: from, To: to}, nil
}

// parseClock reads H:MM or HH:MM, from 00:00 to 24:00, as minutes.
func parseClock(s string) (int, error) {
	bad := func() (int, error) {
		return 0, hoursErr(fmt.Sprintf("không có giờ “%s”: giờ viết HH:MM, từ 00:00 đến 24:00", Clip(s, 40)),
			fmt.Sprintf("there is no time “%s”: times are HH:MM, from 00:00 to 24:00", Clip(s, 40)))
	}
	hh, mm, ok := strings.Cut(s, ":")
	if !ok || len(hh) < 1 || len(hh) > 2 || len(mm) != 2 || !allDigits(hh) || !allDigits(mm) {
		return bad()
	}
	hour, _ := strconv.Atoi(hh)
	minute, _ := strconv.Atoi(mm)
	if hour > 24 || minute > 59 || (hour == 24 && minute != 0) {
		return bad()
	}
	return hour*60 + minute, nil
}

func allDigits(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
}

// normaliseDay sorts a day's spans, joins those that touch and refuses
// those that overlap.
func normaliseDay(spans *[]Span, day int) error {
	s := *spans
	if len(s) == 0 {
		*spans = nil
		return nil
	}
	slices.SortFunc(s, func(a, b Span) int { return a.From - b.From })
	out := s[:1]
	for _, sp := range s[1:] {
		last := &out[len(out)-1]
		switch {
		case sp.From < last.To:
			return hoursErr(fmt.Sprintf("hai khoảng giờ của %s chồng lên nhau (%s và %s): hãy gộp thành một khoảng hoặc sửa giờ", dayNames[day], last, sp),
				fmt.Sprintf("two spans of %s overlap (%s and %s): join them into one or fix the times", dayNames[day], last, sp))
		case sp.From == last.To:
			last.To = sp.To
		default:
			out = append(out, sp)
		}
	}
	if len(out) > MaxSpansPerDay {
		return hoursErr(fmt.Sprintf("%s có %d khoảng giờ, tối đa %d", dayNames[day], len(out), MaxSpansPerDay),
			fmt.Sprintf("%s has %d spans, at most %d are allowed", dayNames[day], len(out), MaxSpansPerDay))
	}
	*spans = slices.Clip(out)
	return nil
}

// String writes a span as HH:MM-HH:MM.
func (s Span) String() string {
	return fmt.Sprintf("%02d:%02d-%02d:%02d", s.From/60, s.From%60, s.To/60, s.To%60)
}

// IsZero reports whether h has no span at all: a centre with zero hours
// has none of its own and uses DefaultOpeningHours.
func (h OpeningHours) IsZero() bool {
	for _, d := range h {
		if len(d) > 0 {
			return false
		}
	}
	return true
}

// Check reports whether h is what ParseOpeningHours makes: each day's
// spans within 00:00–24:00, in order, apart from each other, at most
// MaxSpansPerDay. Stores call it before saving.
func (h OpeningHours) Check() error {
	for d, spans := range h {
		if len(spans) > MaxSpansPerDay {
			return fmt.Errorf("opening hours: %s has %d spans, at most %d", dayNames[d], len(spans), MaxSpansPerDay)
		}
		for i, s := range spans {
			if s.From < 0 || s.To > minutesPerDay || s.From >= s.To || (i > 0 && s.From <= spans[i-1].To) {
				return fmt.Errorf("opening hours: %s: span %d (%d-%d minutes) is out of range or order", dayNames[d], i+1, s.From, s.To)
			}
		}
	}
	return nil
}

// String writes h in the canonical text form: days in a Monday-first
// week, each set of spans once with the days that have it (runs of days
// as ranges), "" for zero hours.
func (h OpeningHours) String() string {
	var groups []string        // span texts in order of their first day
	days := map[string][]int{} // span text → places in the week
	for i := range 7 {
		spans := h[dayAt(i)]
		if len(spans) == 0 {
			continue
		}
		parts := make([]string, len(spans))
		for j, s := range spans {
			parts[j] = s.String()
		}
		key := strings.Join(parts, ",")
		if _, ok := days[key]; !ok {
			groups = append(groups, key)
		}
		days[key] = append(days[key], i)
	}
	out := make([]string, len(groups))
	for g, key := range groups {
		out[g] = dayList(days[key]) + " " + key
	}
	return strings.Join(out, "; ")
}

// dayList writes places in the week (ascending) as "mon-wed,fri".
func dayList(places []int) string {
	var items []string
	for i := 0; i < len(places); {
		j := i
		for j+1 < len(places) && places[j+1] == places[j]+1 {
			j++
		}
		item := dayNames[dayAt(places[i])]
		if j > i {
			item += "-" + dayNames[dayAt(places[j])]
		}
		items = append(items, item)
		i = j + 1
	}
	return strings.Join(items, ",")
}
