package kioskapp

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"hailong/kiosk/localdb"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/kioskapi"
	"hailong/kiosk/scoring/sqlitestore"
)

// demoServer is the real scoring server in-process with one centre.
func demoServer(t *testing.T) (*httptest.Server, *sqlitestore.Store) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "scoring.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	c, err := scoring.NewCentre("hl-honggai", "Bộ phận Một cửa phường Hồng Gai", "face4", "909090", "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveCentre(ctx, c); err != nil {
		t.Fatal(err)
	}
	o, err := scoring.NewOfficer("hl-honggai", "hg-017", "Vũ Thị Thu Hà", "Chuyên viên", "1717", nil, "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveOfficer(ctx, o); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(kioskapi.NewServer(slog.New(slog.DiscardHandler), st, prometheus.NewRegistry(), kioskapi.Config{}))
	t.Cleanup(srv.Close)
	return srv, st
}

func TestEnrolSignInAndDoctor(t *testing.T) {
	srv, st := demoServer(t)
	data := t.TempDir()
	code, err := scoring.IssueEnrolCode(context.Background(), st, "hl-honggai", "2", time.Now(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}

	if _, _, err := runCmd(t, "", "enrol", "--data-dir", data, "--server", srv.URL, "--code", "WRONG-CODE-0000"); err == nil ||
		!strings.Contains(err.Error(), "new one") {
		t.Fatalf("wrong code: %v", err)
	}
	out, _, err := runCmd(t, "", "enrol", "--data-dir", data, "--server", srv.URL, "--code", code)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "hl-honggai") || !strings.Contains(out, "1 officer;") {
		t.Fatalf("enrol output %q", out)
	}
	if _, _, err := runCmd(t, "", "enrol", "--data-dir", data, "--server", srv.URL, "--code", code); err == nil {
		t.Fatal("a used code enrolled again")
	}

	// the server's configuration is what the kiosk now runs on
	db, err := localdb.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	cfg, e, err := kioskConfig(context.Background(), "", false, db)
	db.Close()
	if err != nil || e == nil || cfg.CentreID != "hl-honggai" || cfg.CounterID != "2" || cfg.Scale.Name != "face4" {
		t.Fatalf("config after enrol: %v %+v %s/%s/%s", err, e, cfg.CentreID, cfg.CounterID, cfg.Scale.Name)
	}

	if _, _, err := runCmd(t, "1212\n", "sign-in", "--data-dir", data, "--officer", "hg-017"); err == nil {
		t.Fatal("a wrong PIN signed in")
	}
	if out, _, err := runCmd(t, "1717\n", "sign-in", "--data-dir", data, "--officer", "hg-017"); err != nil || !strings.Contains(out, "Vũ Thị Thu Hà") {
		t.Fatalf("sign-in: %v %q", err, out)
	}

	out, _, err = runCmd(t, "", "doctor", "--data-dir", data)
	if err != nil {
		t.Fatalf("doctor on a healthy kiosk: %v\n%s", err, out)
	}
	for _, want := range []string{"OK   database", "OK   hash chain", "OK   staff PINs", "OK   server", "OK   token", "OK   clock"} {
		if !strings.Contains(out, want) {
			t.Fatalf("doctor output lacks %q:\n%s", want, out)
		}
	}

	// A legacy bcrypt technician hash (a kiosk enrolled before staff PINs
	// needed 6 digits) still works but is reported, with what to do.
	db, err = localdb.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	e2, _, err := db.Enrolment(context.Background())
	if err == nil {
		e2.Config.TechnicianPINHash = "$2a$11$DtosMi5W2YdojaTEALihEeJD5U10vyeQOnQTNtRqmJlTceGQ38oja" // 9999
		err = db.SaveServerConfig(context.Background(), e2.Config, e2.ETag)
	}
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	out, _, err = runCmd(t, "", "doctor", "--data-dir", data)
	if err != nil || !strings.Contains(out, "WARN staff PINs") || !strings.Contains(out, "legacy bcrypt hash") || !strings.Contains(out, "scoring-server centre add") {
		t.Fatalf("doctor with a legacy technician hash: %v\n%s", err, out)
	}

	if err := st.RevokeKiosk(context.Background(), mustKioskID(t, data), time.Now()); err != nil {
		t.Fatal(err)
	}
	out, _, err = runCmd(t, "", "doctor", "--data-dir", data)
	if err == nil || !strings.Contains(out, "FAIL token") || !strings.Contains(out, "kiosk enrol again") {
		t.Fatalf("doctor after revocation: %v\n%s", err, out)
	}

	srv.Close()
	out, _, err = runCmd(t, "", "doctor", "--data-dir", data)
	if err == nil || !strings.Contains(out, "FAIL server") {
		t.Fatalf("doctor with the server down: %v\n%s", err, out)
	}
}

func TestDoctorNotEnrolled(t *testing.T) {
	data := t.TempDir()
	db, err := localdb.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	out, _, err := runCmd(t, "", "doctor", "--data-dir", data)
	if err == nil || !strings.Contains(out, "FAIL enrolment") || !strings.Contains(out, "OK   database") {
		t.Fatalf("doctor, not enrolled: %v\n%s", err, out)
	}
	out, _, err = runCmd(t, "", "doctor", "--data-dir", filepath.Join(data, "nothing"))
	if err == nil || !strings.Contains(out, "FAIL database") {
		t.Fatalf("doctor, no database: %v\n%s", err, out)
	}
}

func mustKioskID(t *testing.T, data string) string {
	t.Helper()
	db, err := localdb.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	return db.KioskID()
}
