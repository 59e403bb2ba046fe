package screens

import "fmt"

// Lang is a citizen-facing language.
type Lang string

// Languages. Vietnamese is the default and the language the kiosk returns to
// at idle.
const (
	LangVI Lang = "vi"
	LangEN Lang = "en"
)

// catalog holds every citizen- and staff-facing string of the kiosk. Fyne's
// own lang package follows the OS locale and cannot switch at run time, so
// the kiosk keeps its own. Vietnamese strings are NFC (tested).
var catalog = map[Lang]map[string]string{
	LangVI: {
		"lang.toggle":          "English",
		"counter.closed":       "Quầy đang tạm đóng",
		"counter.closed.hint":  "Xin mời Ông/Bà liên hệ quầy khác hoặc cán bộ hướng dẫn.",
		"invite":               "Mời Ông/Bà đánh giá mức độ hài lòng",
		"invite.wait":          "Màn hình đánh giá sẽ mở khi cán bộ hoàn tất hồ sơ của Ông/Bà.",
		"question":             "Ông/Bà có hài lòng với sự phục vụ của cán bộ?",
		"rating.hint":          "Chạm vào một ô để đánh giá",
		"level.very_satisfied": "Rất hài lòng",
		"level.satisfied":      "Hài lòng",
		"level.neutral":        "Bình thường",
		"level.dissatisfied":   "Không hài lòng",
		"star.1":               "1 sao",
		"star.2":               "2 sao",
		"star.3":               "3 sao",
		"star.4":               "4 sao",
		"star.5":               "5 sao",
		"reasons.title":        "Ông/Bà chưa hài lòng vì điều gì?",
		"reasons.hint":         "Có thể chọn nhiều lý do",
		"send":                 "Gửi",
		"skip":                 "Bỏ qua",
		"dossier.title":        "Mã hồ sơ (nếu có)",
		"dossier.title.req":    "Xin nhập mã hồ sơ",
		"dossier.hint":         "Nhập bằng bàn phím số hoặc quét mã vạch trên giấy hẹn",
		"dossier.clear":        "Xóa",
		"thanks":               "Cảm ơn Ông/Bà!",
		"thanks.sub":           "Ý kiến của Ông/Bà đã được ghi nhận.",
		"oos.title":            "Tạm ngừng đánh giá — xin báo cán bộ",
		"oos.hint":             "Thiết bị đang gặp sự cố lưu dữ liệu. Đánh giá vừa rồi được giữ lại và sẽ được lưu khi sự cố được khắc phục.",
		"staff.title":          "Dành cho cán bộ",
		"staff.signin":         "Cán bộ đăng nhập",
		"staff.signout":        "Cán bộ đăng xuất",
		"staff.technician":     "Kỹ thuật viên",
		"staff.back":           "Quay lại",
		"staff.pick":           "Chọn cán bộ",
		"pin.title":            "Nhập mã PIN",
		"pin.for":              "Mã PIN của %s",
		"pin.ok":               "Đồng ý",
		"pin.wrong":            "Sai mã PIN. Còn %d lần thử.",
		"pin.locked":           "Đã khóa do nhập sai nhiều lần. Thử lại sau %s.",
		"pin.error":            "Không kiểm tra được mã PIN: %s",
		"tech.title":           "Kỹ thuật viên",
		"tech.version":         "Phiên bản",
		"tech.kiosk":           "Mã thiết bị",
		"tech.centre":          "Trung tâm / quầy",
		"tech.datadir":         "Thư mục dữ liệu",
		"tech.dbsize":          "Dung lượng cơ sở dữ liệu",
		"tech.today":           "Đánh giá hôm nay",
		"tech.pending":         "Chờ tải lên máy chủ",
		"tech.disk":            "Dung lượng đĩa trống",
		"tech.error":           "Lỗi gần nhất",
		"tech.none":            "Không có",
		"tech.officer":         "Cán bộ đang trực",
		"tech.leavefull":       "Thoát toàn màn hình",
		"tech.enterfull":       "Toàn màn hình",
		"tech.quit":            "Tắt ứng dụng",
		"tech.retry":           "Thử lưu lại",
		"officer.none":         "Chưa có cán bộ",
		"tech.sendnow":         "Gửi dữ liệu ngay",
		"tech.server":          "Máy chủ",
		"tech.notenrolled":     "Chưa đăng ký với máy chủ",
		"tech.never":           "Chưa lần nào",
		"tech.lastupload":      "Lần tải lên gần nhất",
		"tech.oldest":          "Đánh giá chờ lâu nhất",
		"tech.quarantined":     "Bị máy chủ từ chối",
		"tech.uploaderror":     "Lỗi tải lên",
		"tech.clock":           "Lệch đồng hồ so với máy chủ",
	},
	LangEN: {
		"lang.toggle":          "Tiếng Việt",
		"counter.closed":       "This counter is closed",
		"counter.closed.hint":  "Please go to another counter or ask a staff member.",
		"invite":               "Please rate how satisfied you are",
		"invite.wait":          "The rating opens when the officer has finished your transaction.",
		"question":             "Are you satisfied with the officer's service?",
		"rating.hint":          "Touch one box to rate",
		"level.very_satisfied": "Very satisfied",
		"level.satisfied":      "Satisfied",
		"level.neutral":        "Neutral",
		"level.dissatisfied":   "Dissatisfied",
		"star.1":               "1 star",
		"star.2":               "2 stars",
		"star.3":               "3 stars",
		"star.4":               "4 stars",
		"star.5":               "5 stars",
		"reasons.title":        "What were you unhappy with?",
		"reasons.hint":         "You may choose several reasons",
		"send":                 "Send",
		"skip":                 "Skip",
		"dossier.title":        "Dossier code (if any)",
		"dossier.title.req":    "Please enter the dossier code",
		"dossier.hint":         "Use the keypad or scan the barcode on your receipt",
		"dossier.clear":        "Clear",
		"thanks":               "Thank you!",
		"thanks.sub":           "Your opinion has been recorded.",
		"oos.title":            "Rating paused — please tell a staff member",
		"oos.hint":             "The device cannot save data. The last rating is kept and will be saved once the problem is fixed.",
		"staff.title":          "Staff only",
		"staff.signin":         "Officer sign in",
		"staff.signout":        "Officer sign out",
		"staff.technician":     "Technician",
		"staff.back":           "Back",
		"staff.pick":           "Choose the officer",
		"pin.title":            "Enter PIN",
		"pin.for":              "PIN of %s",
		"pin.ok":               "OK",
		"pin.wrong":            "Wrong PIN. %d tries left.",
		"pin.locked":           "Locked after too many wrong PINs. Try again in %s.",
		"pin.error":            "Could not check the PIN: %s",
		"tech.title":           "Technician",
		"tech.version":         "Version",
		"tech.kiosk":           "Kiosk id",
		"tech.centre":          "Centre / counter",
		"tech.datadir":         "Data directory",
		"tech.dbsize":          "Database size",
		"tech.today":           "Ratings today",
		"tech.pending":         "Waiting for upload",
		"tech.disk":            "Free disk",
		"tech.error":           "Last error",
		"tech.none":            "None",
		"tech.officer":         "Officer on duty",
		"tech.leavefull":       "Leave full screen",
		"tech.enterfull":       "Full screen",
		"tech.quit":            "Quit",
		"tech.retry":           "Retry saving",
		"officer.none":         "No officer",
		"tech.sendnow":         "Send now",
		"tech.server":          "Server",
		"tech.notenrolled":     "Not enrolled with a server",
		"tech.never":           "Never",
		"tech.lastupload":      "Last upload",
		"tech.oldest":          "Oldest waiting rating",
		"tech.quarantined":     "Rejected by the server",
		"tech.uploaderror":     "Upload error",
		"tech.clock":           "Clock offset to the server",
	},
}

// tr returns the string for key in lang, formatted with args when given. A
// missing key shows itself, which the catalog test forbids.
func tr(lang Lang, key string, args ...any) string {
	s, ok := catalog[lang][key]
	if !ok {
		s = key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// bi returns "vi / en" for staff screens, which show both languages.
func bi(key string, args ...any) string {
	return tr(LangVI, key, args...) + " / " + tr(LangEN, key, args...)
}
