package screens

// The setup screen's strings (enrolment on the touchscreen) and the
// technician screen's entry to it; init adds them to the catalogue.
var setupCatalog = map[Lang]map[string]string{
	LangVI: {
		"setup.title":     "Đăng ký kiosk",
		"setup.hint":      "Nhập địa chỉ máy chủ và mã đăng ký rồi bấm Đăng ký, hoặc quét mã QR đăng ký.",
		"setup.server":    "Địa chỉ máy chủ",
		"setup.code":      "Mã đăng ký",
		"setup.enrol":     "Đăng ký",
		"setup.retry":     "Thử lại",
		"setup.clear":     "Xóa",
		"setup.enrolling": "Đang đăng ký với %s…",
		"setup.enrolled":  "Đã đăng ký. Đang mở quầy…",
		"setup.noserver":  "Hãy nhập địa chỉ máy chủ, ví dụ https://diem.example.gov.vn.",
		"setup.nocode":    "Hãy nhập mã đăng ký mà quản trị viên đưa cho bạn.",
		"setup.badqr":     "Mã QR này không phải mã đăng ký Hài Lòng: hãy quét mã đăng ký do quản trị viên đưa, hoặc nhập địa chỉ và mã bằng tay.",
		"tech.reenrol":    "Đăng ký lại",
	},
	LangEN: {
		"setup.title":     "Kiosk enrolment",
		"setup.hint":      "Type the server address and the enrolment code, then press Enrol; or scan the enrolment QR code.",
		"setup.server":    "Server address",
		"setup.code":      "Enrolment code",
		"setup.enrol":     "Enrol",
		"setup.retry":     "Try again",
		"setup.clear":     "Clear",
		"setup.enrolling": "Enrolling with %s…",
		"setup.enrolled":  "Enrolled. Opening the counter…",
		"setup.noserver":  "Type the server address, e.g. https://diem.example.gov.vn.",
		"setup.nocode":    "Type the enrolment code the administrator gave you.",
		"setup.badqr":     "This QR code is not a Hài Lòng enrolment code: scan the enrolment code the administrator gave you, or type the address and code by hand.",
		"tech.reenrol":    "Enrol again",
	},
}

func init() {
	for lang, m := range setupCatalog {
		for k, v := range m {
			catalog[lang][k] = v
		}
	}
}
