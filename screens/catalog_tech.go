package screens

// The technician screen's Send now messages. They live apart from
// catalog.go so that the technician screen's strings can change without
// touching the citizen catalogue; init adds them to it.
var techCatalog = map[Lang]map[string]string{
	LangVI: {
		"tech.send.sending":  "Đang gửi…",
		"tech.send.nothing":  "Không có gì để gửi: mọi đánh giá đã ở trên máy chủ.",
		"tech.send.sent":     "Đã gửi %d đánh giá lên máy chủ.",
		"tech.send.failed":   "Không gửi được: %s. Máy sẽ tự thử lại; hãy kiểm tra mạng và máy chủ.",
		"tech.send.noanswer": "Chưa gửi được: máy chủ chưa trả lời sau %d giây. Máy vẫn tự thử lại; hãy kiểm tra mạng.",
	},
	LangEN: {
		"tech.send.sending":  "Sending…",
		"tech.send.nothing":  "Nothing to send: every rating is already on the server.",
		"tech.send.sent":     "Sent %d ratings to the server.",
		"tech.send.failed":   "Could not send: %s. The kiosk will try again by itself; check the network and the server.",
		"tech.send.noanswer": "Not sent yet: the server has not answered in %d seconds. The kiosk keeps trying; check the network.",
	},
}

func init() {
	for lang, m := range techCatalog {
		for k, v := range m {
			catalog[lang][k] = v
		}
	}
}
