package localdb

import (
	"context"
	"reflect"
	"testing"

	"hailong/kiosk/protocol"
)

func TestEnrolmentRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := openAt(t, dir)
	if _, ok, err := db.Enrolment(ctx); err != nil || ok {
		t.Fatalf("fresh kiosk: enrolled %v, %v", ok, err)
	}
	want := Enrolment{Server: "https://diem.example.vn", Token: "tok", CAFile: "/etc/ca.pem",
		Config: protocol.KioskConfig{Version: "v7", RetentionDays: 90}, ETag: `"v7"`}
	if err := db.SaveEnrolment(ctx, want); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = openAt(t, dir)
	got, ok, err := db.Enrolment(ctx)
	if err != nil || !ok || !reflect.DeepEqual(got, want) {
		t.Fatalf("after reopen: %+v %v %v, want %+v", got, ok, err, want)
	}
	next := protocol.KioskConfig{Version: "v8"}
	if err := db.SaveServerConfig(ctx, next, `"v8"`); err != nil {
		t.Fatal(err)
	}
	got, _, _ = db.Enrolment(ctx)
	if got.Config.Version != "v8" || got.ETag != `"v8"` || got.Token != "tok" {
		t.Fatalf("after a new configuration: %+v", got)
	}
}

// TestEnrolmentIsOneTransaction: a write that fails half-way through
// leaves no part of the enrolment behind.
func TestEnrolmentIsOneTransaction(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	execSQL(t, db, `CREATE TRIGGER fail_token BEFORE INSERT ON meta WHEN NEW.key = 'token'
		BEGIN SELECT RAISE(ABORT, 'injected failure'); END`)
	err := db.SaveEnrolment(ctx, Enrolment{Server: "https://diem.example.vn", Token: "tok",
		Config: protocol.KioskConfig{Version: "v7"}, ETag: `"v7"`})
	if err == nil {
		t.Fatal("the injected failure was not reported")
	}
	for _, k := range []string{MetaServerURL, MetaToken, MetaCAFile, MetaConfigJSON, MetaConfigETag} {
		if v, ok, err := db.Meta(ctx, k); err != nil || ok {
			t.Errorf("after a failed enrolment, %s = %q (%v, %v): want nothing", k, v, ok, err)
		}
	}
}
