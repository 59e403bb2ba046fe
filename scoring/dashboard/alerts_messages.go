package dashboard

// The Alerts page's messages, kept beside the page and added to the
// catalogue at start, so that the catalogue test covers them.
func init() {
	for k, m := range alertMessages {
		messages[k] = m
	}
}

var alertMessages = map[string]struct{ vi, en string }{
	"alerts.intro": {"Cảnh báo mở khi một quầy có từ 50% lượt Không hài lòng trong 15 phút (ít nhất 4 lượt), khi một ki-ốt im lặng quá 2 giờ trong giờ làm việc, hoặc khi chuỗi đánh giá của ki-ốt bị thiếu hay bị đứt. Hãy xác nhận kèm nhận xét (đã làm gì), rồi đóng khi xong.",
		"An alert opens when a counter has 50% or more Dissatisfied ratings over 15 minutes (at least 4 ratings), when a kiosk is silent for more than 2 hours of opening time, or when a kiosk's chain of ratings has a gap or a break. Acknowledge it with a comment (what was done), then close it when done."},
	"overview.alerts":             {"Cảnh báo chưa xác nhận", "Alerts to acknowledge"},
	"alerts.filter":               {"Lọc theo trạng thái", "Filter by state"},
	"alerts.state.active":         {"Cần xử lý", "To handle"},
	"alerts.state.open":           {"Mới", "Open"},
	"alerts.state.acknowledged":   {"Đã xác nhận", "Acknowledged"},
	"alerts.state.closed":         {"Đã đóng", "Closed"},
	"alerts.state.all":            {"Tất cả", "All"},
	"alerts.none":                 {"Không có cảnh báo nào ở đây.", "No alert here."},
	"alerts.kind.unhappy_counter": {"Quầy có nhiều lượt Không hài lòng", "Counter with many Dissatisfied ratings"},
	"alerts.kind.silent_kiosk":    {"Ki-ốt im lặng", "Silent kiosk"},
	"alerts.kind.chain":           {"Chuỗi đánh giá bị thiếu hoặc bị đứt", "Gap or break in the chain of ratings"},
	"alerts.kiosk":                {"ki-ốt %s (quầy %s)", "kiosk %s (counter %s)"},
	"alerts.since":                {"từ %s", "since %s"},
	"alerts.detail.unhappy": {"%d trên %d lượt Không hài lòng (%s) trong %d phút. Hãy xem quầy này ngay, và mở trang Theo ngày để đọc lý do.",
		"%d of %d ratings Dissatisfied (%s) within %d minutes. Look at this counter now, and open By day to read the reasons."},
	"alerts.detail.silent": {"Liên lạc lần cuối lúc %s. Hãy kiểm tra ki-ốt còn bật và có mạng; các đánh giá chờ gửi vẫn an toàn trên ki-ốt.",
		"Last heard of at %s. Check that the kiosk is on and online; pending ratings stay safe on the kiosk."},
	"alerts.detail.chain": {"Thiếu %d lượt, %d lần chuỗi đứt, %d lỗi khi kiểm tra. Hãy báo kỹ thuật viên xem trang Thiết bị.",
		"%d ratings missing, %d broken chains, %d verify problems. Ask the technician to look at the Kiosks page."},
	"alerts.cleared":    {"Tình trạng đã hết lúc %s; cảnh báo vẫn chờ xác nhận.", "The condition ended at %s; the alert still waits for acknowledgement."},
	"alerts.ended":      {"Tình trạng đã hết lúc %s.", "The condition ended at %s."},
	"alerts.system":     {"hệ thống", "the system"},
	"alerts.acked":      {"Đã xác nhận bởi %s lúc %s:", "Acknowledged by %s at %s:"},
	"alerts.closed":     {"Đã đóng bởi %s lúc %s.", "Closed by %s at %s."},
	"alerts.comment":    {"Nhận xét (bắt buộc, tối đa 500 ký tự)", "Comment (required, at most 500 characters)"},
	"alerts.ack":        {"Xác nhận", "Acknowledge"},
	"alerts.close":      {"Đóng cảnh báo", "Close the alert"},
	"alerts.done.ack":   {"Đã xác nhận cảnh báo.", "The alert is acknowledged."},
	"alerts.done.close": {"Đã đóng cảnh báo.", "The alert is closed."},
}
