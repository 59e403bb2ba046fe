package kioskapp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"hailong/kiosk/localapi"
	"hailong/kiosk/localdb"
	"hailong/kiosk/screens"
	"hailong/kiosk/survey"
)

// A running kiosk learns of `kiosk sign-in` through its local API (POST
// /officer/pin): the command sends the officer's PIN, and the kiosk checks
// it against its own lock-out and changes its screen, as if the officer
// had signed in on the PIN pad. Only when no kiosk answers does the command
// write the sign-in to the database itself, for the kiosk's next start.

// apiController is the local API's Controller: the screens, plus sign-in
// with an officer's PIN, checked here against the store's lock-out (the
// one the PIN pad uses) and the configuration in force.
type apiController struct {
	*screens.Kiosk
	db  *localdb.DB
	cfg *atomic.Pointer[survey.Config]
}

// SignInWithPIN checks the officer's PIN, then signs her in on the screens.
func (c apiController) SignInWithPIN(officerID, pin string) error {
	cfg := c.cfg.Load()
	o, ok := cfg.Officer(officerID)
	if !ok {
		return fmt.Errorf("officer %q: %w", officerID, survey.ErrUnknownOfficer)
	}
	v, err := survey.TryPIN(context.Background(), c.db, cfg.Timings.PINPolicy(), survey.RoleOfficer, time.Now(),
		pin, survey.PINKey{Role: survey.RoleOfficer, Hash: o.PINHash})
	if err != nil {
		return err
	}
	if !v.Accepted {
		return &localapi.PINRefused{Locked: v.Locked, LockedUntil: v.LockedUntil, TriesLeft: v.TriesLeft}
	}
	return c.Kiosk.SignIn(officerID)
}

// liveResult is what the running kiosk made of a sign-in.
type liveResult int

const (
	liveSignedIn   liveResult = iota // the running kiosk signed the officer in
	liveNotRunning                   // nothing listens on the API's port
	liveAPIOff                       // [local_api] port = 0: a running kiosk cannot be told
	liveTooOld                       // a kiosk answers, without POST /officer/pin
)

// liveTimeout bounds the whole call: the kiosk hashes the PIN with
// argon2id, which takes a second or two on a busy kiosk.
const liveTimeout = 15 * time.Second

// signInLive asks the kiosk running on this computer to sign the officer
// in with pin. An error is a refusal the technician must read (wrong PIN,
// lock, a rating in progress) or a kiosk that answered strangely; then
// nothing is written.
func signInLive(ctx context.Context, api survey.LocalAPI, officerID, pin string) (liveResult, error) {
	if api.Port == 0 {
		return liveAPIOff, nil
	}
	body, _ := json.Marshal(map[string]string{"officer_id": officerID, "pin": pin})
	ctx, cancel := context.WithTimeout(ctx, liveTimeout)
	defer cancel()
	url := "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(api.Port)) + "/officer/pin"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if api.Secret != "" {
		req.Header.Set("Authorization", "Bearer "+api.Secret)
	}
	client := &http.Client{Transport: &http.Transport{DialContext: (&net.Dialer{Timeout: 2 * time.Second}).DialContext}}
	resp, err := client.Do(req)
	if connRefused(err) {
		return liveNotRunning, nil
	}
	if err != nil {
		return 0, fmt.Errorf("Không chắc kiosk đang chạy đã nhận đăng nhập (cổng %d không trả lời đúng hạn); chưa ghi gì: hãy thử lại. / "+
			"The running kiosk did not answer on port %d in time; nothing was signed in: try again. (%v)", api.Port, api.Port, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	if resp.StatusCode == http.StatusNoContent {
		return liveSignedIn, nil
	}
	var b localapi.PINRefusedBody
	_ = json.Unmarshal(raw, &b)
	switch {
	case b.Error.Code == "wrong_pin" || b.Error.Code == "pin_locked":
		return 0, pinRefused(survey.PINVerdict{Locked: b.Error.Code == "pin_locked", LockedUntil: b.LockedUntil, TriesLeft: b.TriesLeft}, time.Now())
	case b.Error.Code == "busy":
		return 0, errors.New("Kiosk đang có người đánh giá; chưa đăng nhập: hãy thử lại sau một phút. / " +
			"A citizen is rating right now; nobody was signed in: try again in a minute.")
	case b.Error.Code == "unknown_officer":
		return 0, fmt.Errorf("Kiosk đang chạy không có cán bộ %q trong danh sách; chưa đăng nhập: kiểm tra mã cán bộ hoặc --config. / "+
			"The running kiosk has no officer %q; nobody was signed in: check the id or --config.", officerID, officerID)
	case b.Error.Code == "unauthorized":
		return 0, errors.New("Kiosk đang chạy từ chối mã bí mật [local_api]; chưa đăng nhập: dùng đúng tệp cấu hình với --config. / " +
			"The running kiosk refused the [local_api] secret; nobody was signed in: pass its configuration file with --config.")
	case resp.StatusCode == http.StatusNotFound && b.Error.Code == "not_found":
		return liveTooOld, nil
	}
	return 0, fmt.Errorf("Kiosk đang chạy trả lời %s; chưa đăng nhập: xem nhật ký của kiosk. / "+
		"The running kiosk answered %s; nobody was signed in: see the kiosk's log. %s", resp.Status, resp.Status, bytes.TrimSpace(raw))
}
