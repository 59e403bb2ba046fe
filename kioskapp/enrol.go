package kioskapp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"hailong/kiosk/localdb"
	"hailong/kiosk/protocol"
	"hailong/kiosk/upload"
)

// enrolWait bounds the wait for the server's answer to an enrolment: a
// technician at the counter is told within it what to check.
var enrolWait = 15 * time.Second

// runEnrol binds the kiosk to a counter of a centre on the scoring server:
// it sends the single-use code with the kiosk's id, stores the token and
// the configuration, and the kiosk uploads from its next start.
func (e *env) runEnrol(ctx context.Context, args []string) error {
	getenv, stdout, stderr := e.getenv, e.stdout, e.stderr
	fs := newFlags("enrol", stderr)
	dataDir := fs.String("data-dir", defaultDataDir(getenv), "data directory")
	server := fs.String("server", "", "scoring server base URL, e.g. https://diem.example.gov.vn")
	code := fs.String("code", "", "enrolment code from the administrator (scoring-server enrol-code)")
	caFile := fs.String("ca-file", "", "PEM file of a CA to trust besides the system's (a province's own CA)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *server == "" || *code == "" {
		return usageError{"Thiếu --server hoặc --code: hãy ghi cả hai, ví dụ kiosk enrol --server https://diem.example.gov.vn --code MÃ. / " +
			"enrol needs both --server URL and --code CODE, e.g. kiosk enrol --server https://diem.example.gov.vn --code CODE."}
	}
	ca := *caFile
	if ca != "" {
		abs, err := filepath.Abs(ca)
		if err != nil {
			return err
		}
		if _, err := os.Stat(abs); err != nil {
			return fmt.Errorf("Không đọc được tệp chứng chỉ %s: kiểm tra đường dẫn --ca-file. / "+
				"Cannot read the certificate file %s: check the --ca-file path.", abs, abs)
		}
		ca = abs
	}
	db, err := openStore(*dataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	host, _ := os.Hostname()
	ctx, cancel := context.WithTimeout(ctx, enrolWait)
	defer cancel()
	res, err := upload.Enrol(ctx, *server, ca, protocol.EnrolRequest{Code: *code, KioskID: db.KioskID(), Hostname: host, AppVersion: e.Version})
	if err != nil {
		return explainEnrolError(ctx, *server, err)
	}
	if res.KioskID != db.KioskID() {
		return fmt.Errorf("Máy chủ ghi nhận kiosk %s, nhưng mã của kiosk này là %s: chưa lưu gì; hãy báo quản trị viên. / "+
			"The server registered kiosk %s, but this kiosk's id is %s: nothing saved; tell the administrator.", res.KioskID, db.KioskID(), res.KioskID, db.KioskID())
	}
	cfg, err := res.Config.ToSurvey()
	if err != nil {
		return fmt.Errorf("Cấu hình máy chủ gửi cho kiosk này chưa dùng được (%v): hãy nhờ quản trị viên hoàn thiện trung tâm và quầy, rồi đăng ký lại. / "+
			"The server's configuration for this kiosk is not usable (%v): ask the administrator to complete the centre and counter, then enrol again.", err, err)
	}
	if err := db.SaveEnrolment(ctx, localdb.Enrolment{Server: *server, Token: res.Token, CAFile: ca, Config: res.Config, ETag: res.Config.Version}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "enrolled kiosk %s: %s (%s), %s — %s; ratings will upload to %s\n",
		res.KioskID, cfg.CentreName, cfg.CentreID, cfg.CounterName, count(len(cfg.Officers), "officer", "officers"), *server)
	return nil
}

// explainEnrolError turns a failed enrolment into one sentence for the
// technician at the counter, in Vietnamese and then English, that says
// what to do: the protocol's codes and Go's transport errors stay out of
// it (the server's own message is kept only where it is the one clue).
func explainEnrolError(ctx context.Context, server string, err error) error {
	if ctx.Err() == context.DeadlineExceeded {
		s := int(enrolWait / time.Second)
		return fmt.Errorf("Máy chủ %s không trả lời sau %d giây: kiểm tra mạng và địa chỉ --server, rồi thử lại. / "+
			"The server at %s did not answer within %s: check the network and the --server address, then try again.", server, s, server, enrolWait)
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
		return fmt.Errorf("Máy chủ %s trả lời bằng http, không dùng https: với máy chủ ngay trên máy này hãy dùng --server http://…, còn lại hãy nhờ quản trị viên bật https. / "+
			"The server at %s answers plain HTTP, not HTTPS: use --server http://… for a server on this machine, otherwise ask the administrator to turn on HTTPS.", server, server)
	case ue.Kind == upload.KindTLS:
		return errors.New("Chứng chỉ bảo mật của máy chủ không được tin cậy: hãy thêm chứng chỉ CA của tỉnh bằng --ca-file TỆP.pem. / " +
			"The server's certificate is not trusted: pass the province's CA with --ca-file FILE.pem.")
	case ue.Code == protocol.CodeInvalidCode:
		return errors.New("Mã đăng ký sai, đã dùng hoặc đã hết hạn: hãy xin quản trị viên mã mới. / " +
			"The enrolment code is wrong, already used or expired: ask the administrator for a new one.")
	case ue.Code == protocol.CodeKioskTaken:
		return errors.New("Kiosk này đã được đăng ký cho quầy khác: hãy báo quản trị viên. / " +
			"This kiosk is already registered to another counter: ask the administrator.")
	case ue.Status == http.StatusNotFound || ue.Status == http.StatusMethodNotAllowed:
		return fmt.Errorf("Máy chủ %s không có trang đăng ký ở địa chỉ này (HTTP %d): trong --server chỉ ghi địa chỉ gốc của máy chủ, ví dụ https://diem.example.gov.vn, không thêm đường dẫn. / "+
			"%s has no enrolment page (HTTP %d): give --server only the server's address, e.g. https://diem.example.gov.vn, with no path.", server, ue.Status, server, ue.Status)
	case ue.Kind == upload.KindServer || ue.Kind == upload.KindRateLimited:
		return fmt.Errorf("Máy chủ đang lỗi hoặc quá tải (HTTP %d): hãy thử lại sau vài phút; nếu vẫn lỗi, báo quản trị viên. / "+
			"The server has an error or is busy (HTTP %d): try again in a few minutes; if it persists, tell the administrator.", ue.Status, ue.Status)
	case ue.Kind == upload.KindUnreachable || ue.Kind == upload.KindTimeout:
		return fmt.Errorf("Không kết nối được máy chủ %s: kiểm tra cáp mạng hoặc Wi-Fi và địa chỉ --server, rồi thử lại. / "+
			"Cannot reach the server at %s: check the network cable or Wi-Fi and the --server address, then try again.", server, server)
	case ue.Kind == upload.KindProtocol:
		return fmt.Errorf("Máy chủ %s trả lời không đúng giao thức: kiểm tra --server có đúng là máy chủ chấm điểm Hài Lòng không. / "+
			"The server at %s did not answer as a Hài Lòng scoring server does: check that --server is the right address.", server, server)
	}
	detail := fmt.Sprintf("HTTP %d", ue.Status)
	if ue.Message != "" {
		detail += ": " + ue.Message
	}
	return fmt.Errorf("Máy chủ từ chối đăng ký (%s): hãy báo quản trị viên. / The server refused the enrolment (%s): tell the administrator.", detail, detail)
}
