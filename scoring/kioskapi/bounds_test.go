package kioskapi_test

import (
	"net/http"
	"strings"
	"testing"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/kioskapi"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/survey"
)

// TestIngestBounds sends, through the real handler, each out-of-bounds
// body or record issue 9 item 4 found accepted, and checks the answer
// docs/API.md §6 promises: the batch refused with 400, or the item
// rejected as invalid; in both cases nothing stored.
func TestIngestBounds(t *testing.T) {
	batchID := scoringtest.BatchID("bounds")
	body := func(items ...string) string {
		return `{"batch_id":"` + batchID + `","responses":[` + strings.Join(items, ",") + `]}`
	}
	// record is a valid first record of k1 after mutate, as JSON.
	record := func(mutate func(r *survey.Response)) string {
		r := scoringtest.Chain(kioskOf("k1"), 1, survey.GenesisHash, 1)[0]
		mutate(&r)
		r.Hash = r.ComputeHash()
		return string(r.AppendJSON(nil))
	}
	plain := record(func(*survey.Response) {})
	cases := []struct {
		name   string
		body   string
		status int // 400, or 200 with the one item rejected as invalid
	}{
		{"empty object", `{}`, 400},
		{"batch_id of 81 characters", `{"batch_id":"` + strings.Repeat("b", 81) + `","responses":[]}`, 400},
		{"batch_id not a UUID", `{"batch_id":"b","responses":[]}`, 400},
		{"null responses", `{"batch_id":"` + batchID + `","responses":null}`, 400},
		{"0xFF in a ticket", body(strings.Replace(plain, `"ticket":""`, "\"ticket\":\"A\xff\"", 1)), 400},
		{"missing ticket", body(strings.Replace(plain, `"ticket":"",`, "", 1)), 200},
		{"an extra member", body(strings.Replace(plain, `"ticket":""`, `"ticket":"","note":"dropped?"`, 1)), 200},
		{"reasons null", body(strings.Replace(plain, `"reasons":[]`, `"reasons":null`, 1)), 200},
		// hashed as the U+FFFD a lenient decoder would make of it
		{"a lone surrogate", body(strings.Replace(record(func(r *survey.Response) { r.Ticket = "\uFFFD" }),
			"\"ticket\":\"\uFFFD\"", `"ticket":"\ud800"`, 1)), 200},
		{"900 kB invitation_id", body(record(func(r *survey.Response) { r.InvitationID = strings.Repeat("i", 900_000) })), 200},
		{"900 kB app_version", body(record(func(r *survey.Response) { r.AppVersion = strings.Repeat("1", 900_000) })), 200},
		{"20,000 reasons", body(record(func(r *survey.Response) {
			r.Reasons = strings.Split(strings.Repeat("w,", 19_999)+"w", ",")
		})), 200},
		{"seq 2^63-1", body(record(func(r *survey.Response) { r.Seq = 1<<63 - 1 })), 200},
		{"created_at in year 1", body(record(func(r *survey.Response) { r.CreatedAt = "0001-11-24T09:00:00.000+07:00" })), 200},
		{"created_at in 2099", body(record(func(r *survey.Response) { r.CreatedAt = "2099-11-24T09:00:00.000+07:00" })), 200},
		{"created_at offset +23:59", body(record(func(r *survey.Response) { r.CreatedAt = "2025-11-24T09:00:00.000+23:59" })), 200},
		{"NUL in a ticket", body(record(func(r *survey.Response) { r.Ticket = "A\x00" })), 200},
		{"ESC in a dossier code", body(record(func(r *survey.Response) { r.DossierCode = "\x1b[2J" })), 200},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, kioskapi.Config{})
			token, _ := f.enrol("k1", "c1", "1")
			w := f.do("POST", protocol.PathResponses, token, []byte(c.body), nil)
			if w.Code != c.status {
				t.Fatalf("%d, want %d: %.300s", w.Code, c.status, w.Body)
			}
			if c.status == http.StatusOK {
				var res protocol.BatchResult
				decodeInto(t, w.Body.Bytes(), &res)
				if len(res.Results) != 1 || res.Results[0].Status != protocol.StatusRejected || res.Results[0].Reason != protocol.ReasonInvalid {
					t.Fatalf("results %.300v, want the item rejected as invalid", res.Results)
				}
				if len(w.Body.Bytes()) > 4096 {
					t.Errorf("the answer is %d bytes: a huge field came back", w.Body.Len())
				}
			} else if code := errorCode(t, w); code != protocol.CodeBadRequest {
				t.Errorf("code %q", code)
			}
			f.nothingStored("k1")
		})
	}
}

// TestSmallBodiesMustBeUTF8: an enrolment or heartbeat body with a byte
// that is not UTF-8 is refused, not stored with a U+FFFD in its place.
func TestSmallBodiesMustBeUTF8(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, _ := f.enrol("k1", "c1", "1")
	code, err := scoring.IssueEnrolCode(t.Context(), f.st, "c1", "2", f.clock.Now(), scoring.DefaultEnrolCodeTTL)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, token, body string }{
		{protocol.PathEnrol, "", `{"code":"` + code + "\",\"hostname\":\"q\xff\"}"},
		{protocol.PathHeartbeat, token, `{"clock":"2025-11-24T09:00:00+07:00","last_error":"` + "\xff\"}"},
	} {
		if w := f.do("POST", c.path, c.token, []byte(c.body), nil); w.Code != http.StatusBadRequest {
			t.Errorf("%s: %d %s", c.path, w.Code, w.Body)
		}
	}
}
