package kioskapp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"hailong/kiosk/localdb"
	"hailong/kiosk/protocol"
	"hailong/kiosk/survey"
	"hailong/kiosk/upload"
)

// enrolWait bounds the wait for the server's answer to an enrolment: a
// technician at the counter is told within it what to check.
var enrolWait = 15 * time.Second

// enrolRequest is one enrolment, from the command line or the setup
// screen: both go through enrolKiosk.
type enrolRequest struct {
	Server, Code string
	CAFile       string // absolute path of a PEM file of extra CAs, "" for none
	Version      string // the kiosk's version, sent to the server
	Words        enrolWords
}

// enrolled is a successful enrolment: what was saved and the configuration
// the counter now runs on.
type enrolled struct {
	Enrolment localdb.Enrolment
	Config    survey.Config
}

// enrolKiosk binds the kiosk to a counter of a centre on the scoring
// server: it sends the single-use code with the kiosk's id and saves the
// token and the configuration in one transaction (localdb.SaveEnrolment).
// Nothing else in the store is touched, so a re-enrolment keeps the
// outbox, the sequence and the hash chain. Every error is one sentence in
// Vietnamese and English that says what to do (explainEnrolError).
func enrolKiosk(ctx context.Context, db *localdb.DB, r enrolRequest) (enrolled, error) {
	host, _ := os.Hostname()
	ctx, cancel := context.WithTimeout(ctx, enrolWait)
	defer cancel()
	res, err := upload.Enrol(ctx, r.Server, r.CAFile, protocol.EnrolRequest{Code: r.Code, KioskID: db.KioskID(), Hostname: host, AppVersion: r.Version})
	if err != nil {
		return enrolled{}, explainEnrolError(ctx, r.Server, err, r.Words)
	}
	if res.KioskID != db.KioskID() {
		return enrolled{}, fmt.Errorf("Máy chủ ghi nhận kiosk %s, nhưng mã của kiosk này là %s: chưa lưu gì; hãy báo quản trị viên. / "+
			"The server registered kiosk %s, but this kiosk's id is %s: nothing saved; tell the administrator.", res.KioskID, db.KioskID(), res.KioskID, db.KioskID())
	}
	cfg, err := res.Config.ToSurvey()
	if err != nil {
		return enrolled{}, fmt.Errorf("Cấu hình máy chủ gửi cho kiosk này chưa dùng được (%v): hãy nhờ quản trị viên hoàn thiện trung tâm và quầy, rồi đăng ký lại. / "+
			"The server's configuration for this kiosk is not usable (%v): ask the administrator to complete the centre and counter, then enrol again.", err, err)
	}
	e := localdb.Enrolment{Server: r.Server, Token: res.Token, CAFile: r.CAFile, Config: res.Config, ETag: res.Config.Version}
	if err := db.SaveEnrolment(ctx, e); err != nil {
		return enrolled{}, err
	}
	return enrolled{Enrolment: e, Config: cfg}, nil
}

// runEnrol is `kiosk enrol`: enrolKiosk from the command line; the kiosk
// uploads from its next start.
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
	ca, err := absCAFile(*caFile, cliWords)
	if err != nil {
		return err
	}
	db, err := openStore(*dataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := enrolKiosk(ctx, db, enrolRequest{Server: *server, Code: *code, CAFile: ca, Version: e.Version, Words: cliWords})
	if err != nil {
		return err
	}
	cfg := res.Config
	fmt.Fprintf(stdout, "enrolled kiosk %s: %s (%s), %s — %s; ratings will upload to %s\n",
		db.KioskID(), cfg.CentreName, cfg.CentreID, cfg.CounterName, count(len(cfg.Officers), "officer", "officers"), *server)
	return nil
}

// absCAFile checks that a CA file can be read and returns its absolute
// path (the kiosk may start from another directory); "" stays "".
func absCAFile(ca string, w enrolWords) (string, error) {
	if ca == "" {
		return "", nil
	}
	abs, err := filepath.Abs(ca)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(abs); err != nil {
		return "", fmt.Errorf("Không đọc được tệp chứng chỉ %s: kiểm tra %s. / "+
			"Cannot read the certificate file %s: check %s.", abs, w.caPathVI, abs, w.caPathEN)
	}
	return abs, nil
}
