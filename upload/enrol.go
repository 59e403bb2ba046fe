package upload

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"

	"hailong/kiosk/protocol"
	"hailong/kiosk/survey"
)

// Enrol exchanges a single-use enrolment code for the kiosk's token and
// configuration (POST /api/v1/enrol). It is sent once, by a technician, and
// never retried: a failure is shown and the technician decides. Failures
// are *Error, so an untrusted certificate or an unreachable server reads
// the same as in the uploader.
func Enrol(ctx context.Context, serverURL, caFile string, req protocol.EnrolRequest) (protocol.EnrolResponse, error) {
	if err := checkServerURL(serverURL); err != nil {
		return protocol.EnrolResponse{}, err
	}
	cl, err := newClient(Options{ServerURL: serverURL, CAFile: caFile, AppVersion: req.AppVersion,
		Clock: survey.SystemClock{}, Logger: slog.Default(), RequestTimeout: DefaultRequestTimeout})
	if err != nil {
		return protocol.EnrolResponse{}, err
	}
	r := cl.rc.R().SetContext(ctx).SetHeader("Content-Type", "application/json").SetBody(req)
	resp, err := cl.do(r, http.MethodPost, protocol.PathEnrol, http.StatusOK)
	if err != nil {
		return protocol.EnrolResponse{}, fmt.Errorf("enrol: %w", err)
	}
	var out protocol.EnrolResponse
	if err := json.Unmarshal(resp.Body(), &out); err != nil || out.Token == "" {
		return protocol.EnrolResponse{}, fmt.Errorf("enrol: %w", &Error{Kind: KindProtocol, Status: resp.StatusCode(), Err: err})
	}
	return out, nil
}
