package dashboard

import "hailong/kiosk/scoring"

// A kiosk's self-checks (the words of `kiosk doctor` its heartbeats carry,
// protocol.Checks) on the Fleet page: each failing one in red, named in
// the page's language when the dashboard knows the check, as the kiosk
// sent it otherwise. The kiosk's words are plain a–z, 0–9, '_' and '-'
// (the API refuses anything else), and html/template escapes them anyway.

func init() {
	for k, m := range checkMessages {
		messages[k] = m
	}
}

// checkMessages name the checks and results our kiosk sends
// (kioskapp/doctor.go); a check or result not here is shown as sent.
var checkMessages = map[string]struct{ vi, en string }{
	"fleet.checks.fail":  {"Tự kiểm tra không đạt:", "Self-checks failing:"},
	"fleet.checks.as_of": {"ki-ốt báo lúc %s", "reported by the kiosk at %s"},

	"check.database":  {"Cơ sở dữ liệu", "Database"},
	"check.chain":     {"Chuỗi băm", "Hash chain"},
	"check.disk":      {"Ổ đĩa", "Disk"},
	"check.backlog":   {"Hàng chờ gửi", "Backlog"},
	"check.clock":     {"Đồng hồ", "Clock"},
	"check.pins":      {"Mã PIN nhân viên", "Staff PINs"},
	"check.threading": {"Bản dựng", "Build"},

	"result.low":      {"sắp đầy", "low on space"},
	"result.corrupt":  {"hỏng", "corrupt"},
	"result.broken":   {"bị đứt", "broken"},
	"result.behind":   {"gửi chậm quá 1 ngày", "over a day behind"},
	"result.rejected": {"có lượt bị máy chủ từ chối", "responses refused by the server"},
	"result.skewed":   {"lệch giờ", "wrong time"},
	"result.legacy":   {"kiểu cũ, cần đổi", "old kind, to replace"},
	"result.compat":   {"chưa được kiểm thử", "untested"},
	"result.error":    {"lỗi khi kiểm tra", "could not be checked"},
}

// checkView is one failing check as the page shows it.
type checkView struct {
	Name, Result string // as the kiosk sent them, for the title and tests
	Label, Word  string // in the page's language when known
}

// failingChecks are k's failing checks in the page's language, in name
// order.
func failingChecks(l Lang, k scoring.KioskStatus) []checkView {
	var out []checkView
	for _, c := range k.Failing() {
		out = append(out, checkView{Name: c.Name, Result: c.Result,
			Label: known(l, "check."+c.Name, c.Name), Word: known(l, "result."+c.Result, c.Result)})
	}
	return out
}

// known is key's message, or fallback when the catalogue has none.
func known(l Lang, key, fallback string) string {
	if _, ok := messages[key]; !ok {
		return fallback
	}
	return l.T(key)
}
