package report

import (
	"context"
	"fmt"
	"strings"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
)

// ResponseColumns are the columns of the responses table, one row per
// response.
var ResponseColumns = []Column{
	{"Thời gian", "Local time", Time, 21},
	{"Quầy", "Counter", Text, 8},
	{"Mã cán bộ", "Officer ID", Text, 11},
	{"Cán bộ", "Officer", Text, 26},
	{"Mức độ", "Level", Text, 15},
	{"Lý do", "Reasons", Text, 40},
	{"Kết thúc", "Outcome", Text, 14},
	{"Lọc", "Filter", Text, 20},
	{"Số phiếu", "Ticket", Text, 12},
	{"Mã hồ sơ", "Dossier code", Text, 20},
	{"Ki-ốt", "Kiosk", Text, 14},
	{"Mã đánh giá", "Response ID", Text, 38},
}

var levelVI = map[survey.Level]string{
	survey.VerySatisfied: "Rất hài lòng", survey.Satisfied: "Hài lòng", survey.Dissatisfied: "Không hài lòng",
}

var outcomeVI = map[survey.Outcome]string{
	survey.OutcomeSubmitted: "Đã gửi", survey.OutcomeSkippedReasons: "Bỏ qua lý do", survey.OutcomeTimeout: "Hết thời gian",
}

var filterVI = map[string]string{survey.FilterRepeat: "Bấm lặp (không tính)"}

// responseSource turns stored responses into rows: local time, names
// beside ids, Vietnamese words for levels, reasons and outcomes.
type responseSource struct {
	loc     *time.Location
	names   map[string]string
	reasons map[string]string
	filter  scoring.ExportFilter
}

func newResponseSource(s Summary) (responseSource, error) {
	loc, err := scoring.LoadZone(s.Centre.TimeZone)
	if err != nil {
		return responseSource{}, fmt.Errorf("report responses: %w", err)
	}
	reasons := map[string]string{}
	for _, r := range survey.DefaultReasons() {
		reasons[r.Code] = r.VI
	}
	for _, r := range s.Centre.Reasons {
		reasons[r.Code] = r.VI
	}
	f := scoring.ExportFilter{From: s.From.Start(loc), To: s.To.AddDays(1).Start(loc), CentreID: s.CentreID}
	return responseSource{loc: loc, names: s.Officers, reasons: reasons, filter: f}, nil
}

// row is a stored response in the order of ResponseColumns. The time is
// the local wall clock, carried as a time.Time in the centre's zone.
func (rs responseSource) row(r scoring.StoredResponse) ([]any, error) {
	t, err := r.Time()
	if err != nil {
		return nil, fmt.Errorf("response %s: created_at %q: %w", r.ID, r.CreatedAt, err)
	}
	var reasons []string
	for _, code := range r.Reasons {
		if text, ok := rs.reasons[code]; ok {
			code = text
		}
		reasons = append(reasons, code)
	}
	level, ok := levelVI[r.Level]
	if !ok {
		level = string(r.Level)
	}
	outcome, ok := outcomeVI[r.Outcome]
	if !ok {
		outcome = string(r.Outcome)
	}
	filter, ok := filterVI[r.FilterReason]
	if !ok {
		filter = r.FilterReason
	}
	return []any{t.In(rs.loc), r.CounterID, r.OfficerID, rs.names[r.OfficerID], level,
		strings.Join(reasons, "; "), outcome, filter, r.Ticket, r.DossierCode, r.KioskID, r.ID}, nil
}

// EachResponse calls fn with the row of each response of the summary's
// centre created on its days, by creation time.
func EachResponse(ctx context.Context, st Store, s Summary, fn func(row []any) error) error {
	src, err := newResponseSource(s)
	if err != nil {
		return err
	}
	return st.ExportResponses(ctx, src.filter, func(r scoring.StoredResponse) error {
		row, err := src.row(r)
		if err != nil {
			return err
		}
		return fn(row)
	})
}
