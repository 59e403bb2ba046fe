package kioskapi_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/kioskapi"
)

// heartbeatWith is a heartbeat body with raw as its invitations member.
func heartbeatWith(raw string) []byte {
	return []byte(`{"app_version":"0.3.0","pending":0,"clock":"2025-11-24T09:00:00+07:00","last_seq":0,"invitations":` + raw + `}`)
}

// TestHeartbeatStoresInvitationCounts: the counts a heartbeat carries are
// stored as the centre's days of the kiosk's centre and counter, replacing
// the same day and officer; a heartbeat sent again changes nothing; one
// without counts (an old kiosk, open mode) is valid and keeps them; an
// entry not to be believed is ignored, said in the answer and the log,
// and spoils only itself.
func TestHeartbeatStoresInvitationCounts(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, _ := f.enrol("k1", "c1", "7")
	ctx := context.Background()
	// The fixture's clock is 09:00 on 24 November in Vietnam.
	counts := []protocol.InvitationCount{
		{Day: "2025-11-24", OfficerID: "o1", Issued: 10, Used: 7, Expired: 2},
		{Day: "2025-11-14", OfficerID: "o1", Issued: 3, Used: 3},             // 10 days back: kept
		{Day: "2025-11-25", OfficerID: "o1", Issued: 1},                      // tomorrow (a kiosk east of the centre): kept
		{Day: "2025-11-24", OfficerID: "ghost", Issued: 4, Used: 4},          // not on the roster
		{Day: "2025-11-13", OfficerID: "o1", Issued: 4, Used: 4},             // 11 days back
		{Day: "2025-11-26", OfficerID: "o1", Issued: 4, Used: 4},             // the day after tomorrow
		{Day: "2025-11-23", OfficerID: "o1", Issued: 2, Used: 2, Expired: 1}, // more closed than issued
		{Day: "2025-11-22", OfficerID: "o1", Issued: protocol.MaxInvitationsPerDay + 1},
		{Day: "2025-11-21", OfficerID: "o1", Issued: 2, Used: 1},
		{Day: "2025-11-21", OfficerID: "o1", Issued: 3, Used: 1}, // twice: both ignored
	}
	wantIgnored := map[int]string{3: protocol.IgnoredUnknownOfficer, 4: protocol.IgnoredOldDay, 5: protocol.IgnoredFutureDay,
		6: protocol.IgnoredImplausible, 7: protocol.IgnoredImplausible, 8: protocol.IgnoredDuplicate, 9: protocol.IgnoredDuplicate}
	hb := protocol.Heartbeat{AppVersion: "0.3.0", Clock: f.clock.Now(), Invitations: counts}
	stored := func() []scoring.InvitationCount {
		t.Helper()
		got, err := f.st.InvitationCounts(ctx, scoring.InvitationQuery{CentreIDs: []string{"c1"},
			From: scoring.Date{Year: 2025, Month: 1, Day: 1}, To: scoring.Date{Year: 2026, Month: 1, Day: 1}})
		if err != nil {
			t.Fatal(err)
		}
		for i := range got {
			got[i].UpdatedAt = time.Time{}
		}
		return got
	}
	at := func(day int, issued, used, expired int) scoring.InvitationCount {
		return scoring.InvitationCount{KioskID: "k1", CentreID: "c1", CounterID: "7", OfficerID: "o1",
			Day: scoring.Date{Year: 2025, Month: 11, Day: day}, Issued: issued, Used: used, Expired: expired}
	}
	want := []scoring.InvitationCount{at(14, 3, 3, 0), at(24, 10, 7, 2), at(25, 1, 0, 0)}
	for range 2 { // the same heartbeat twice: nothing counted twice
		w := f.do("POST", protocol.PathHeartbeat, token, jsonBody(t, hb), nil)
		if w.Code != http.StatusOK {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		var res protocol.HeartbeatResult
		decodeInto(t, w.Body.Bytes(), &res)
		got := map[int]string{}
		for _, ig := range res.InvitationsIgnored {
			got[ig.Index] = ig.Reason
			if ig.Detail == "" {
				t.Errorf("ignored %d without a detail", ig.Index)
			}
		}
		if !reflect.DeepEqual(got, wantIgnored) {
			t.Errorf("ignored %v, want %v", got, wantIgnored)
		}
		if got := stored(); !reflect.DeepEqual(got, want) {
			t.Fatalf("stored\n%+v\nwant\n%+v", got, want)
		}
	}
	if !strings.Contains(f.logs.String(), "invitation counts ignored") || !strings.Contains(f.logs.String(), "ghost") {
		t.Error("the ignored counts are not in the log")
	}
	// Later in the day: the kiosk's new absolute count replaces the old.
	hb.Invitations = []protocol.InvitationCount{{Day: "2025-11-24", OfficerID: "o1", Issued: 12, Used: 8, Expired: 3}}
	if w := f.do("POST", protocol.PathHeartbeat, token, jsonBody(t, hb), nil); w.Code != http.StatusOK {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	want[1] = at(24, 12, 8, 3)
	if got := stored(); !reflect.DeepEqual(got, want) {
		t.Fatalf("after an update\n%+v\nwant\n%+v", got, want)
	}
	// An old kiosk's heartbeat has no counts: valid, and nothing changes.
	for _, body := range []string{`{"clock":"2025-11-24T09:01:00+07:00"}`, string(heartbeatWith("null")), string(heartbeatWith("[]"))} {
		w := f.do("POST", protocol.PathHeartbeat, token, []byte(body), nil)
		if w.Code != http.StatusOK || strings.Contains(w.Body.String(), "invitations_ignored") {
			t.Fatalf("%s: %d %s", body, w.Code, w.Body)
		}
	}
	if got := stored(); !reflect.DeepEqual(got, want) {
		t.Fatalf("after heartbeats without counts\n%+v\nwant\n%+v", got, want)
	}
}

// TestHeartbeatInvitationsAreStrict: malformed counts are 400 bad_request
// with what is wrong, and nothing of the heartbeat is stored.
func TestHeartbeatInvitationsAreStrict(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, _ := f.enrol("k1", "c1", "1")
	entry := `{"day":"2025-11-24","officer_id":"o1","issued":3,"used":1,"expired":1}`
	many := "[" + strings.TrimSuffix(strings.Repeat(entry+",", protocol.MaxInvitationCounts+1), ",") + "]"
	for name, tc := range map[string]struct{ body, want string }{
		"not an array":    {string(heartbeatWith(`{}`)), "not an array"},
		"twice":           {strings.TrimSuffix(string(heartbeatWith("[]")), "}") + `,"invitations":[` + entry + `]}`, "twice"},
		"too many":        {string(heartbeatWith(many)), fmt.Sprintf("at most %d", protocol.MaxInvitationCounts)},
		"not an object":   {string(heartbeatWith(`[3]`)), "invitations[0]: not an object"},
		"missing":         {string(heartbeatWith(`[{"day":"2025-11-24","officer_id":"o1","issued":3}]`)), "missing used, expired"},
		"unknown member":  {string(heartbeatWith(`[` + strings.TrimSuffix(entry, "}") + `,"open":1}]`)), `unknown member "open"`},
		"member twice":    {string(heartbeatWith(`[` + strings.TrimSuffix(entry, "}") + `,"used":1}]`)), `"used" twice`},
		"null member":     {string(heartbeatWith(`[` + strings.Replace(entry, `"used":1`, `"used":null`, 1) + `]`)), "used is null"},
		"day not a date":  {string(heartbeatWith(`[` + strings.Replace(entry, "2025-11-24", "2025-02-30", 1) + `]`)), "not a date"},
		"day a number":    {string(heartbeatWith(`[` + strings.Replace(entry, `"2025-11-24"`, `20251124`, 1) + `]`)), "day is not a string"},
		"bad officer id":  {string(heartbeatWith(`[` + strings.Replace(entry, `"o1"`, `"o 1"`, 1) + `]`)), "officer_id"},
		"count a string":  {string(heartbeatWith(`[` + strings.Replace(entry, `"issued":3`, `"issued":"3"`, 1) + `]`)), "issued is not an integer"},
		"count fraction":  {string(heartbeatWith(`[` + strings.Replace(entry, `"issued":3`, `"issued":3.5`, 1) + `]`)), "issued is not an integer"},
		"count exponent":  {string(heartbeatWith(`[` + strings.Replace(entry, `"issued":3`, `"issued":3e0`, 1) + `]`)), "issued is not an integer"},
		"count negative":  {string(heartbeatWith(`[` + strings.Replace(entry, `"expired":1`, `"expired":-1`, 1) + `]`)), "expired is negative"},
		"count overflows": {string(heartbeatWith(`[` + strings.Replace(entry, `"issued":3`, `"issued":99999999999999999999`, 1) + `]`)), "issued is not an integer"},
	} {
		w := f.do("POST", protocol.PathHeartbeat, token, []byte(tc.body), nil)
		var e protocol.ErrorBody
		decodeInto(t, w.Body.Bytes(), &e)
		if w.Code != http.StatusBadRequest || e.Error.Code != protocol.CodeBadRequest || !strings.Contains(e.Error.Message, tc.want) {
			t.Errorf("%s: %d %s, want 400 saying %q", name, w.Code, w.Body, tc.want)
		}
	}
	if k := f.kiosk("k1"); !k.HeartbeatAt.IsZero() {
		t.Errorf("a refused heartbeat was stored: %+v", k)
	}
	got, err := f.st.InvitationCounts(context.Background(), scoring.InvitationQuery{CentreIDs: []string{"c1"},
		From: scoring.Date{Year: 2025, Month: 1, Day: 1}, To: scoring.Date{Year: 2026, Month: 1, Day: 1}})
	if err != nil || len(got) != 0 {
		t.Errorf("counts stored from refused heartbeats: %+v, %v", got, err)
	}
	// The well-formed entry alone is taken.
	if w := f.do("POST", protocol.PathHeartbeat, token, heartbeatWith("["+entry+"]"), nil); w.Code != http.StatusOK {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
}

// FuzzHeartbeatInvitations sends arbitrary invitations members in a
// heartbeat and checks that the server answers 200 or 400, never 5xx; that
// a 200 stores exactly the entries it did not list as ignored, each within
// the bounds; and that a 400 stores no count.
func FuzzHeartbeatInvitations(f *testing.F) {
	fx := newFixture(f, kioskapi.Config{})
	token, _ := fx.enrol("k1", "c1", "1")
	for _, s := range []string{
		`[{"day":"2025-11-24","officer_id":"o1","issued":3,"used":1,"expired":1}]`,
		`[{"day":"2025-11-24","officer_id":"o1","issued":3,"used":3,"expired":1}]`,
		`[{"day":"2025-11-24","officer_id":"o1","issued":3,"used":1,"expired":1,"x":0}]`,
		`[{"day":"2025-11-24","officer_id":"o9","issued":-3,"used":1,"expired":1}]`,
		`[{"day":"2025-11-01","officer_id":"o1","issued":3e1,"used":1,"expired":1}]`,
		`null`, `[]`, `{}`, `[null]`, `"x"`,
	} {
		f.Add(s)
	}
	ctx := context.Background()
	all := scoring.InvitationQuery{CentreIDs: []string{"c1"}, From: scoring.Date{Year: 1000, Month: 1, Day: 1}, To: scoring.Date{Year: 9999, Month: 12, Day: 31}}
	f.Fuzz(func(t *testing.T, raw string) {
		before, err := fx.st.InvitationCounts(ctx, all)
		if err != nil {
			t.Fatal(err)
		}
		r := httptest.NewRequest("POST", protocol.PathHeartbeat, bytes.NewReader(heartbeatWith(raw)))
		r.Header.Set("Authorization", "Bearer "+token)
		w := httptest.NewRecorder()
		fx.h.ServeHTTP(w, r) // not fx.do: its Helper is the F's
		after, err := fx.st.InvitationCounts(ctx, all)
		if err != nil {
			t.Fatal(err)
		}
		switch w.Code {
		case http.StatusOK:
			var res protocol.HeartbeatResult
			decodeInto(t, w.Body.Bytes(), &res)
			for _, c := range after {
				if c.Issued > protocol.MaxInvitationsPerDay || c.Used+c.Expired > c.Issued || c.Used < 0 || c.Expired < 0 {
					t.Fatalf("stored an implausible count %+v from %s", c, raw)
				}
			}
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
			if !reflect.DeepEqual(before, after) {
				t.Fatalf("a refused heartbeat changed the counts: %s", raw)
			}
		default:
			t.Fatalf("%d %s for %s", w.Code, w.Body, raw)
		}
	})
}

// TestLargestHeartbeatFitsItsLimit: a heartbeat with the most invitation
// counts a kiosk sends (protocol.MaxInvitationCounts, the longest officer
// ids, the largest counts a kiosk can report, a long last_error) is within
// the 64 KiB body limit, and is answered 200.
func TestLargestHeartbeatFitsItsLimit(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, _ := f.enrol("k1", "c1", "1")
	hb := protocol.Heartbeat{AppVersion: strings.Repeat("v", 64), LastError: strings.Repeat("e", 500), Clock: f.clock.Now(),
		Pending: 1 << 40, DiskFree: 1 << 40, LastSeq: 1 << 40}
	for i := range protocol.MaxInvitationCounts {
		day := time.Date(2025, 11, 24-i%protocol.InvitationDays, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		hb.Invitations = append(hb.Invitations, protocol.InvitationCount{Day: day, OfficerID: fmt.Sprintf("%064d", i),
			Issued: protocol.MaxInvitationsPerDay, Used: protocol.MaxInvitationsPerDay / 2, Expired: protocol.MaxInvitationsPerDay / 2})
	}
	body := jsonBody(t, hb)
	if len(body) > 64<<10 {
		t.Fatalf("the largest heartbeat is %d bytes, over 64 KiB", len(body))
	}
	t.Logf("largest heartbeat: %d bytes", len(body))
	w := f.do("POST", protocol.PathHeartbeat, token, body, nil)
	if w.Code != http.StatusOK {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
}
