package kioskapp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"hailong/kiosk/protocol"
	"hailong/kiosk/upload"
)

// enrolWords names, in a failed enrolment's sentence, where the technician
// gives the server's address and the extra CA: the command line's flags,
// or the setup screen's box and the province's file. The sentences are
// otherwise the same for both.
type enrolWords struct {
	serverVI, serverEN string // the address as a noun: "địa chỉ --server"
	whereVI, whereEN   string // where it is typed: "--server"
	caVI, caEN         string // how a CA is added: "--ca-file"
	caPathVI, caPathEN string // where its path was given: "đường dẫn --ca-file"
}

// cliWords are `kiosk enrol`'s.
var cliWords = enrolWords{
	serverVI: "địa chỉ --server", serverEN: "the --server address",
	whereVI: "--server", whereEN: "--server",
	caVI: "--ca-file TỆP.pem", caEN: "--ca-file FILE.pem",
	caPathVI: "đường dẫn --ca-file", caPathEN: "the --ca-file path",
}

// screenWords are the setup screen's; province is the province's defaults
// file, where a CA is named.
func screenWords(province string) enrolWords {
	return enrolWords{
		serverVI: "địa chỉ máy chủ", serverEN: "the server address",
		whereVI: "ô Máy chủ", whereEN: "the Server box",
		caVI: "ca_file trong " + province, caEN: "ca_file in " + province,
		caPathVI: "dòng ca_file trong " + province, caPathEN: "the ca_file line in " + province,
	}
}

// The server's words for the three ways a code is refused
// (scoring/kioskapi): all three come as invalid_code, and the technician
// needs to know which, since a mistyped code is fixed at the kiosk and
// the other two only with a new code.
const (
	serverCodeUnknown = "is unknown"
	serverCodeUsed    = "already used"
	serverCodeExpired = "has expired"
)

// explainEnrolError turns a failed enrolment into one sentence for the
// technician at the counter, in Vietnamese and then English, that says
// what to do: the protocol's codes and Go's transport errors stay out of
// it (the server's own message is kept only where it is the one clue).
func explainEnrolError(ctx context.Context, server string, err error, w enrolWords) error {
	if ctx.Err() == context.DeadlineExceeded {
		s := int(enrolWait / time.Second)
		return fmt.Errorf("Máy chủ %s không trả lời sau %d giây: kiểm tra mạng và %s, rồi thử lại. / "+
			"The server at %s did not answer within %s: check the network and %s, then try again.", server, s, w.serverVI, server, enrolWait, w.serverEN)
	}
	switch {
	case errors.Is(err, upload.ErrPlainHTTP):
		return fmt.Errorf("Địa chỉ %s dùng http: hãy dùng https://…; chỉ máy chủ ngay trên máy này mới được dùng http. / "+
			"%s uses http: use https://…; plain http is only for a server on this machine.", server, server)
	case errors.Is(err, upload.ErrNotServerURL):
		return fmt.Errorf("%q không phải địa chỉ máy chủ: hãy ghi dạng https://diem.example.gov.vn. / "+
			"%q is not a server address: write it as https://diem.example.gov.vn.", server, server)
	}
	var ue *upload.Error
	if !errors.As(err, &ue) {
		return err
	}
	switch {
	// net/http says so in words only: a TLS hello answered by plain HTTP.
	case strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return fmt.Errorf("Máy chủ %s trả lời bằng http, không dùng https: với máy chủ ngay trên máy này hãy ghi http://… vào %s, còn lại hãy nhờ quản trị viên bật https. / "+
			"The server at %s answers plain HTTP, not HTTPS: for a server on this machine write http://… in %s, otherwise ask the administrator to turn on HTTPS.", server, w.whereVI, server, w.whereEN)
	case ue.Kind == upload.KindTLS:
		return fmt.Errorf("Chứng chỉ bảo mật của máy chủ không được tin cậy: hãy thêm chứng chỉ CA của tỉnh bằng %s. / "+
			"The server's certificate is not trusted: add the province's CA with %s.", w.caVI, w.caEN)
	case ue.Code == protocol.CodeInvalidCode:
		return invalidCode(ue.Message)
	case ue.Code == protocol.CodeKioskTaken:
		return errors.New("Kiosk này đã được đăng ký cho quầy khác: hãy báo quản trị viên. / " +
			"This kiosk is already registered to another counter: ask the administrator.")
	case ue.Status == http.StatusNotFound || ue.Status == http.StatusMethodNotAllowed:
		return fmt.Errorf("Máy chủ %s không có trang đăng ký ở địa chỉ này (HTTP %d): trong %s chỉ ghi địa chỉ gốc của máy chủ, ví dụ https://diem.example.gov.vn, không thêm đường dẫn. / "+
			"%s has no enrolment page (HTTP %d): give %s only the server's address, e.g. https://diem.example.gov.vn, with no path.", server, ue.Status, w.whereVI, server, ue.Status, w.whereEN)
	case ue.Kind == upload.KindServer || ue.Kind == upload.KindRateLimited:
		return fmt.Errorf("Máy chủ đang lỗi hoặc quá tải (HTTP %d): hãy thử lại sau vài phút; nếu vẫn lỗi, báo quản trị viên. / "+
			"The server has an error or is busy (HTTP %d): try again in a few minutes; if it persists, tell the administrator.", ue.Status, ue.Status)
	case ue.Kind == upload.KindUnreachable || ue.Kind == upload.KindTimeout:
		return fmt.Errorf("Không kết nối được máy chủ %s: kiểm tra cáp mạng hoặc Wi-Fi và %s, rồi thử lại. / "+
			"Cannot reach the server at %s: check the network cable or Wi-Fi and %s, then try again.", server, w.serverVI, server, w.serverEN)
	case ue.Kind == upload.KindProtocol:
		return fmt.Errorf("Máy chủ %s trả lời không đúng giao thức: kiểm tra %s có đúng là máy chủ chấm điểm Hài Lòng không. / "+
			"The server at %s did not answer as a Hài Lòng scoring server does: check that %s is right.", server, w.serverVI, server, w.serverEN)
	}
	detail := fmt.Sprintf("HTTP %d", ue.Status)
	if ue.Message != "" {
		detail += ": " + ue.Message
	}
	return fmt.Errorf("Máy chủ từ chối đăng ký (%s): hãy báo quản trị viên. / The server refused the enrolment (%s): tell the administrator.", detail, detail)
}

// invalidCode says which of wrong, used or expired a refused code is, as
// far as the server's message tells.
func invalidCode(serverMsg string) error {
	switch {
	case strings.Contains(serverMsg, serverCodeUnknown):
		return errors.New("Mã đăng ký không đúng: hãy kiểm tra từng ký tự rồi thử lại, hoặc xin quản trị viên mã mới. / " +
			"The enrolment code is wrong: check each character and try again, or ask the administrator for a new one.")
	case strings.Contains(serverMsg, serverCodeUsed):
		return errors.New("Mã đăng ký này đã được dùng (mỗi mã chỉ dùng được một lần): hãy xin quản trị viên mã mới. / " +
			"This enrolment code was already used (each code works once): ask the administrator for a new one.")
	case strings.Contains(serverMsg, serverCodeExpired):
		return errors.New("Mã đăng ký này đã hết hạn: hãy xin quản trị viên mã mới. / " +
			"This enrolment code has expired: ask the administrator for a new one.")
	}
	return errors.New("Mã đăng ký sai, đã dùng hoặc đã hết hạn: hãy xin quản trị viên mã mới. / " +
		"The enrolment code is wrong, already used or expired: ask the administrator for a new one.")
}
