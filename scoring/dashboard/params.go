package dashboard

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"hailong/kiosk/survey"
)

// ParamError says which query parameter was wrong and what to do, in
// Vietnamese and in English. Every parse function of this file returns
// only this error type, so a handler answers 400 with the message in the
// user's language and never 500 for bad input.
type ParamError struct {
	Param string // the query parameter's name
	Value string // what was given, cut to 40 characters of valid UTF-8
	VI    string // the sentence for a Vietnamese reader
	EN    string // the same for an English reader
}

func (e *ParamError) Error() string {
	return fmt.Sprintf("query parameter %s=%q: %s", e.Param, e.Value, e.EN)
}

// Message returns the sentence in lang.
func (e *ParamError) Message(lang Lang) string {
	if lang == EN {
		return e.EN
	}
	return e.VI
}

// paramErr builds a ParamError, quoting a printable, bounded copy of the
// value so that a megabyte of garbage is not echoed back.
func paramErr(param, value, vi, en string) *ParamError {
	v := strings.ToValidUTF8(value, "?")
	if utf8.RuneCountInString(v) > 40 {
		v = string([]rune(v)[:40]) + "…"
	}
	return &ParamError{Param: param, Value: v, VI: vi, EN: en}
}

// The years a date may name: the product did not exist before 2024, and a
// year past 2099 is a typo.
const (
	MinYear = 2024
	MaxYear = 2099
	// MaxRangeDays bounds a range: a year and a day covers a leap year,
	// and keeps a trend query bounded.
	MaxRangeDays = 366
)

// ParseDate reads a calendar day written YYYY-MM-DD and returns its
// midnight in loc, the centre's time zone: a day is the centre's local
// day (SPEC §7). Impossible dates (2025-02-29) and years outside
// MinYear–MaxYear are refused.
func ParseDate(param, s string, loc *time.Location) (time.Time, error) {
	bad := func() error {
		return paramErr(param, s,
			fmt.Sprintf("Ngày “%s” không hợp lệ. Hãy ghi ngày theo dạng năm-tháng-ngày, ví dụ 2025-03-14.", clip(s)),
			fmt.Sprintf("“%s” is not a valid date. Write the date as year-month-day, for example 2025-03-14.", clip(s)))
	}
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, bad()
	}
	for i := range len(s) {
		if i != 4 && i != 7 && (s[i] < '0' || s[i] > '9') {
			return time.Time{}, bad()
		}
	}
	y, _ := strconv.Atoi(s[:4])
	m, _ := strconv.Atoi(s[5:7])
	d, _ := strconv.Atoi(s[8:])
	if y < MinYear || y > MaxYear {
		return time.Time{}, paramErr(param, s,
			fmt.Sprintf("Năm %d nằm ngoài khoảng %d–%d. Hãy chọn một ngày từ năm %d đến năm %d.", y, MinYear, MaxYear, MinYear, MaxYear),
			fmt.Sprintf("The year %d is outside %d–%d. Choose a day from %d to %d.", y, MinYear, MaxYear, MinYear, MaxYear))
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc)
	if m < 1 || m > 12 || t.Day() != d {
		return time.Time{}, paramErr(param, s,
			fmt.Sprintf("Không có ngày %s trên lịch. Hãy kiểm tra lại ngày và tháng.", clip(s)),
			fmt.Sprintf("There is no such day as %s. Check the day and the month.", clip(s)))
	}
	return t, nil
}

// clip bounds a value quoted inside a message.
func clip(s string) string { return paramErr("", s, "", "").Value }

// ParseID reads an id of the protocol: 1 to 64 ASCII letters, digits,
// '.', '_' or '-' (survey.ValidID).
func ParseID(param, s string) (string, error) {
	if !survey.ValidID(s) {
		return "", paramErr(param, s,
			fmt.Sprintf("Mã “%s” trong tham số %s không hợp lệ: mã gồm 1 đến 64 chữ cái không dấu, chữ số, dấu chấm, gạch dưới hoặc gạch ngang. Hãy chọn lại từ danh sách.", clip(s), param),
			fmt.Sprintf("The id “%s” in %s is not valid: an id is 1 to 64 letters without accents, digits, dots, underscores or hyphens. Choose it again from the list.", clip(s), param))
	}
	return s, nil
}

// ParseLang reads a language code: vi or en.
func ParseLang(param, s string) (Lang, error) {
	switch Lang(s) {
	case VI, EN:
		return Lang(s), nil
	}
	return "", paramErr(param, s,
		fmt.Sprintf("Ngôn ngữ “%s” không có. Hãy chọn vi (tiếng Việt) hoặc en (tiếng Anh).", clip(s)),
		fmt.Sprintf("There is no language “%s”. Choose vi (Vietnamese) or en (English).", clip(s)))
}

// Format is the file format of an export.
type Format string

// The export formats of issue 10 item 5.
const (
	FormatXLSX Format = "xlsx"
	FormatCSV  Format = "csv"
)

// ParseFormat reads an export format: xlsx or csv.
func ParseFormat(param, s string) (Format, error) {
	switch Format(s) {
	case FormatXLSX, FormatCSV:
		return Format(s), nil
	}
	return "", paramErr(param, s,
		fmt.Sprintf("Định dạng “%s” không có. Hãy chọn xlsx (Excel) hoặc csv.", clip(s)),
		fmt.Sprintf("There is no format “%s”. Choose xlsx (Excel) or csv.", clip(s)))
}

// MaxPage bounds a page number of a list; a list that long is an export's
// job.
const MaxPage = 10000

// ParsePage reads a page number of a paged list: 1 to MaxPage.
func ParsePage(param, s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > MaxPage || strings.HasPrefix(s, "+") {
		return 0, paramErr(param, s,
			fmt.Sprintf("Số trang “%s” không hợp lệ. Hãy dùng một số từ 1 đến %d.", clip(s), MaxPage),
			fmt.Sprintf("The page number “%s” is not valid. Use a number from 1 to %d.", clip(s), MaxPage))
	}
	return n, nil
}
