package dashboard

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/report"
)

// ResponseExporter reads the stored responses of a range, for the
// responses table of an export (scoring.IngestStore's read side).
type ResponseExporter interface {
	ExportResponses(ctx context.Context, f scoring.ExportFilter, fn func(scoring.StoredResponse) error) error
}

// The export form's words (beside the catalogue of messages.go, which
// they join at start).
var exportMessages = map[string]struct{ vi, en string }{
	"export.title":     {"Tải báo cáo", "Download a report"},
	"export.from":      {"Từ ngày", "From"},
	"export.to":        {"Đến ngày", "To"},
	"export.kind":      {"Bảng CSV", "CSV table"},
	"export.summary":   {"Tổng hợp theo quầy, cán bộ", "Summary by counter and officer"},
	"export.responses": {"Chi tiết từng lượt đánh giá", "Every rating"},
	"export.xlsx":      {"Excel (XLSX)", "Excel (XLSX)"},
	"export.csv":       {"CSV", "CSV"},
	"export.note": {"Tệp Excel có cả hai bảng và phần ký của người lập báo cáo.",
		"The Excel file has both tables and the preparer's signature block."},
}

func init() {
	for k, v := range exportMessages {
		messages[k] = v
	}
}

// Content types of the exports.
const (
	contentXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	contentCSV  = "text/csv; charset=utf-8"
)

// export answers GET /export?centre=ID&from=D&to=D&format=xlsx|csv
// [&kind=summary|responses] (or range=30d|90d for the last days) with the
// centre's report as a download (scoring/report): XLSX with both tables
// (kind is then ignored: the day page's form always sends it), CSV with
// one, the summary by default. Only administrators and the centre's
// managers get it (another centre is a 404 revealing nothing), dossier
// codes included; garbage parameters get the 400 page; every export is
// in the audit trail (scoring.ActExport, actor web:<email>) before a byte
// of it is sent.
func (a *App) export(w http.ResponseWriter, r *http.Request) {
	u, _ := UserOf(r)
	raw, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		_, err = ParseQuery(r.URL.RawQuery, time.Now()) // the same 400 as the pages
		a.site.Error(w, r, err)
		return
	}
	if !raw.Has("centre") && u.CentreID == "" {
		// An administrator names the centre of an export: no default.
		_, err := ParseID("centre", "")
		a.site.Error(w, r, err)
		return
	}
	c, _, err := a.pageCentre(r, u)
	if err != nil {
		a.site.Error(w, r, err)
		return
	}
	loc, err := scoring.LoadZone(c.TimeZone)
	if err != nil {
		a.site.Error(w, r, err)
		return
	}
	q, err := ParseQuery(r.URL.RawQuery, Today(a.now(), loc))
	if err != nil {
		a.site.Error(w, r, err)
		return
	}
	kind, err := parseKind(raw)
	if err != nil {
		a.site.Error(w, r, err)
		return
	}
	if q.Format == "" {
		a.site.Error(w, r, paramErr("format", "", "Hãy chọn định dạng tệp: xlsx (Excel) hoặc csv.",
			"Choose a file format: xlsx (Excel) or csv."))
		return
	}
	p := report.Period{CentreID: c.ID, From: scoring.DateOf(q.Range.From, loc), To: scoring.DateOf(q.Range.To, loc)}
	s, err := report.BuildSummary(r.Context(), a.store, p)
	if err != nil {
		a.site.Error(w, r, err)
		return
	}
	name := fmt.Sprintf("hai-long-%s-%s-%s", c.ID, p.From, p.To)
	audit := func(rows int) error {
		detail := map[string]any{"from": p.From.String(), "to": p.To.String(), "format": string(q.Format)}
		if q.Format == FormatCSV {
			detail["kind"] = kind
		}
		if rows >= 0 {
			detail["rows"] = rows
		}
		return a.store.RecordAudit(r.Context(), scoring.AuditEntry{At: a.now(), Actor: "web:" + u.Email,
			Action: scoring.ActExport, Subject: scoring.SubjectCentre(c.ID), Detail: scoring.AuditDetail(detail)})
	}
	if q.Format == FormatXLSX {
		a.exportXLSX(w, r, s, name, u.Name, audit)
		return
	}
	if err := audit(-1); err != nil { // a CSV is streamed: its rows are not known yet
		a.site.Error(w, r, err)
		return
	}
	download(w, contentCSV, name+"-"+kind+".csv")
	if kind == report.KindResponses {
		_, err = report.WriteResponsesCSV(r.Context(), w, a.store, s)
	} else {
		err = report.WriteSummaryCSV(w, s)
	}
	if err != nil {
		// The status is sent: the cut file is all the client can get.
		a.log.Error("dashboard export", "centre", c.ID, "err", err)
	}
}

// exportXLSX builds the workbook whole before sending anything, so that a
// failure is an error page, not half a file.
func (a *App) exportXLSX(w http.ResponseWriter, r *http.Request, s report.Summary, name, by string, audit func(int) error) {
	f, n, err := report.BuildXLSX(r.Context(), a.store, s, report.XLSXOptions{PreparedBy: by, PreparedAt: a.now(), Demo: a.site.opts.Demo})
	if errors.Is(err, report.ErrTooManyRows) {
		err = paramErr("to", s.To.String(),
			"Khoảng ngày này có quá nhiều lượt đánh giá cho một tệp Excel. Hãy chọn khoảng ngắn hơn, hoặc tải CSV chi tiết.",
			"This range has too many ratings for one Excel file. Choose a shorter range, or download the CSV of every rating.")
	}
	if err != nil {
		a.site.Error(w, r, err)
		return
	}
	defer f.Close()
	if err := audit(n); err != nil {
		a.site.Error(w, r, err)
		return
	}
	download(w, contentXLSX, name+".xlsx")
	if _, err := f.WriteTo(w); err != nil {
		a.log.Error("dashboard export", "centre", s.CentreID, "err", err)
	}
}

// download sets the headers of a file to save: its type, an ASCII file
// name (ids and dates only), never cached or sniffed.
func download(w http.ResponseWriter, contentType, filename string) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
}

// parseKind reads kind=summary|responses, the summary when absent.
func parseKind(q url.Values) (string, error) {
	v := q["kind"]
	switch {
	case len(v) == 0:
		return report.KindSummary, nil
	case len(v) > 1:
		return "", paramErr("kind", v[1], fmt.Sprintf("Tham số kind xuất hiện %d lần. Hãy giữ lại một lần.", len(v)),
			fmt.Sprintf("The parameter kind is given %d times. Keep one.", len(v)))
	case v[0] == report.KindSummary || v[0] == report.KindResponses:
		return v[0], nil
	}
	return "", paramErr("kind", v[0],
		fmt.Sprintf("Bảng “%s” không có. Hãy chọn summary (tổng hợp) hoặc responses (chi tiết).", clip(v[0])),
		fmt.Sprintf("There is no table “%s”. Choose summary or responses.", clip(v[0])))
}
