package scoring

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
)

// A centre may forward its alerts to its own chat tool (issue 10 item 4):
// `scoring-server centre set --webhook URL`. This file holds what the
// domain decides about it: which URLs are accepted, how one is shown
// without its secrets, and the small JSON document each alert transition
// sends. Sending it (a bounded queue, retries, timeouts) is the job of
// package scoring/webhook.

// MaxWebhookURL bounds a webhook URL, in bytes.
const MaxWebhookURL = 2048

// WebhookError is a webhook URL that cannot be used, worded for the
// technician typing it: Vietnamese first, English beside it, and what to
// do.
type WebhookError struct {
	VI, EN string
}

func (e *WebhookError) Error() string { return e.VI + " / " + e.EN }

// CheckWebhookURL accepts "" (no webhook) or an absolute http or https URL
// with a host, at most MaxWebhookURL bytes, without spaces or control
// characters. Every error is a *WebhookError.
func CheckWebhookURL(s string) error {
	if s == "" {
		return nil
	}
	const howVI = "; hãy dán đúng địa chỉ webhook mà công cụ chat cấp, ví dụ https://chat.example.vn/hooks/abc, hoặc --webhook \"\" để bỏ"
	const howEN = "; paste the webhook address your chat tool gives, e.g. https://chat.example.vn/hooks/abc, or --webhook \"\" to remove it"
	if len(s) > MaxWebhookURL {
		return &WebhookError{VI: fmt.Sprintf("địa chỉ webhook dài quá %d byte", MaxWebhookURL) + howVI,
			EN: fmt.Sprintf("the webhook address is longer than %d bytes", MaxWebhookURL) + howEN}
	}
	if strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return &WebhookError{VI: "địa chỉ webhook có dấu cách hoặc ký tự điều khiển" + howVI,
			EN: "the webhook address holds a space or a control character" + howEN}
	}
	u, err := url.Parse(s)
	if err != nil {
		return &WebhookError{VI: fmt.Sprintf("không đọc được địa chỉ webhook “%s”", Clip(s, 80)) + howVI,
			EN: fmt.Sprintf("the webhook address “%s” cannot be read", Clip(s, 80)) + howEN}
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return &WebhookError{VI: fmt.Sprintf("địa chỉ webhook phải bắt đầu bằng https:// hoặc http:// (đang là “%s”)", Clip(s, 80)) + howVI,
			EN: fmt.Sprintf("the webhook address must start with https:// or http:// (it is “%s”)", Clip(s, 80)) + howEN}
	}
	if u.Host == "" || u.Hostname() == "" || u.Opaque != "" {
		return &WebhookError{VI: fmt.Sprintf("địa chỉ webhook “%s” thiếu tên máy chủ", Clip(s, 80)) + howVI,
			EN: fmt.Sprintf("the webhook address “%s” lacks a host name", Clip(s, 80)) + howEN}
	}
	return nil
}

// RedactWebhook shows a webhook URL without what may be a secret (chat
// tools put their tokens in the path, the query or the user part):
// "https://chat.example.vn/…". The audit trail and the logs show this.
func RedactWebhook(s string) string {
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return "…"
	}
	return u.Scheme + "://" + u.Host + "/…"
}

// Alert events a webhook is told of.
const (
	AlertEventOpened       = "opened"
	AlertEventAcknowledged = "acknowledged"
	AlertEventClosed       = "closed"
)

// AlertNotice is the JSON document a centre's webhook receives for an
// alert event. Text is one line, Vietnamese then English, so that a chat
// tool that shows the "text" field of what it receives (most incoming
// webhooks do) shows something a person can read.
type AlertNotice struct {
	Event      string      `json:"event"` // AlertEventOpened, …Acknowledged, …Closed
	AlertID    int64       `json:"alert_id"`
	Centre     string      `json:"centre"`
	CentreName string      `json:"centre_name,omitempty"`
	Kind       string      `json:"kind"`    // AlertUnhappyCounter, AlertSilentKiosk or AlertChain
	Subject    string      `json:"subject"` // the counter (unhappy_counter) or the kiosk
	Detail     AlertDetail `json:"detail"`
	OpenedAt   time.Time   `json:"opened_at"`
	At         time.Time   `json:"at"`                // when this event happened
	By         string      `json:"by,omitempty"`      // who acknowledged or closed
	Comment    string      `json:"comment,omitempty"` // the acknowledgement's comment
	Text       string      `json:"text"`
	Link       string      `json:"link,omitempty"` // the dashboard's Alerts page, when the server knows its address
}

// NewAlertNotice describes event of alert a, at the centre named
// centreName whose days are in loc; dashboard is the dashboard's base URL
// ("" when unknown: no link).
func NewAlertNotice(event string, a Alert, centreName string, loc *time.Location, dashboard string) AlertNotice {
	if loc == nil {
		loc, _ = LoadZone("")
	}
	n := AlertNotice{Event: event, AlertID: a.ID, Centre: a.CentreID, CentreName: centreName, Kind: a.Kind, Subject: a.Subject,
		Detail: a.Detail, OpenedAt: a.OpenedAt.UTC(), At: a.OpenedAt.UTC()}
	switch event {
	case AlertEventAcknowledged:
		n.At, n.By, n.Comment = a.AckedAt.UTC(), a.AckedBy, a.AckComment
	case AlertEventClosed:
		n.At, n.By = a.ClosedAt.UTC(), a.ClosedBy
	}
	if dashboard != "" {
		n.Link = strings.TrimRight(dashboard, "/") + "/alerts"
	}
	name := centreName
	if name == "" {
		name = a.CentreID
	}
	vi, en := alertWords(a, loc)
	var evVI, evEN string
	switch event {
	case AlertEventAcknowledged:
		evVI, evEN = "Đã xác nhận ("+a.AckedBy+")", "Acknowledged ("+a.AckedBy+")"
	case AlertEventClosed:
		evVI, evEN = "Đã đóng", "Closed"
	default:
		evVI, evEN = "Cảnh báo mới", "New alert"
	}
	n.Text = fmt.Sprintf("[Hài Lòng] %s: %s — %s. / %s — %s.", name, evVI, vi, evEN, en)
	if n.Link != "" {
		n.Text += " " + n.Link
	}
	return n
}

// alertWords says what an alert is about, in Vietnamese and in English.
func alertWords(a Alert, loc *time.Location) (vi, en string) {
	d := a.Detail
	switch a.Kind {
	case AlertUnhappyCounter:
		return fmt.Sprintf("quầy %s: %d trên %d lượt Không hài lòng (%.1f%%) trong %d phút", a.Subject, d.Dissatisfied, d.N, d.Percent, int(UnhappyWindow/time.Minute)),
			fmt.Sprintf("counter %s: %d of %d ratings Dissatisfied (%.1f%%) within %d minutes", a.Subject, d.Dissatisfied, d.N, d.Percent, int(UnhappyWindow/time.Minute))
	case AlertSilentKiosk:
		last := d.LastSeen.In(loc).Format("15:04 02/01/2006")
		return fmt.Sprintf("ki-ốt %s (quầy %s) im lặng quá %d giờ trong giờ làm việc, liên lạc lần cuối lúc %s", a.Subject, d.Counter, int(SilentAfter/time.Hour), last),
			fmt.Sprintf("kiosk %s (counter %s) silent for more than %d opening hours, last heard of at %s", a.Subject, d.Counter, int(SilentAfter/time.Hour), last)
	case AlertChain:
		return fmt.Sprintf("ki-ốt %s (quầy %s): thiếu %d lượt, %d lần chuỗi đứt, %d lỗi khi kiểm tra", a.Subject, d.Counter, d.Missing, d.Breaks, d.VerifyProblems),
			fmt.Sprintf("kiosk %s (counter %s): %d ratings missing, %d broken chains, %d verify problems", a.Subject, d.Counter, d.Missing, d.Breaks, d.VerifyProblems)
	}
	return a.Kind + " " + a.Subject, a.Kind + " " + a.Subject
}
