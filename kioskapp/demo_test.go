package kioskapp

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/scoring"
)

// TestDemoOnlyWithTheFlag: the embedded demo centre is what a kiosk runs
// only when asked with --demo; with nothing to run on, sign-in says to
// enrol (the window shows its setup screen instead).
func TestDemoOnlyWithTheFlag(t *testing.T) {
	data := t.TempDir()
	_, _, err := runCmd(t, "1111\n", "sign-in", "--data-dir", data, "--officer", "cb01")
	if !errors.Is(err, errNotEnrolled) || !strings.Contains(err.Error(), "chưa được đăng ký") || !strings.Contains(err.Error(), "pass --demo") {
		t.Fatalf("sign-in with nothing to run on: %v", err)
	}
	out, _, err := runCmd(t, "1111\n", "sign-in", "--demo", "--data-dir", data, "--officer", "cb01")
	if err != nil || !strings.Contains(out, "cb01 signed in") {
		t.Fatalf("sign-in --demo: %v %q", err, out)
	}
	cfg, _, err := kioskConfig(context.Background(), "", false, nil)
	if !errors.Is(err, errNotEnrolled) || cfg.CentreID != "" {
		t.Fatalf("kioskConfig with nothing: %v %q", err, cfg.CentreID)
	}
	if cfg, _, err := kioskConfig(context.Background(), "", true, nil); err != nil || !cfg.Demo {
		t.Fatalf("kioskConfig --demo: %v demo=%v", err, cfg.Demo)
	}
}

// TestEnrolSaysWhichCodeProblem: against the real server, a mistyped
// code, a used code and an expired code each get their own sentence,
// since only the first is fixed at the kiosk.
func TestEnrolSaysWhichCodeProblem(t *testing.T) {
	srv, st := demoServer(t)
	ctx := context.Background()
	used, err := scoring.IssueEnrolCode(ctx, st, "hl-honggai", "1", time.Now(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, "", "enrol", "--data-dir", t.TempDir(), "--server", srv.URL, "--code", used); err != nil {
		t.Fatal(err)
	}
	expired, err := scoring.IssueEnrolCode(ctx, st, "hl-honggai", "1", time.Now().Add(-2*time.Hour), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	for code, want := range map[string][]string{
		"WXYZ-2345-6789": {"Mã đăng ký không đúng", "kiểm tra từng ký tự", "The enrolment code is wrong: check each character"},
		used:             {"đã được dùng", "was already used", "ask the administrator for a new one"},
		expired:          {"đã hết hạn", "has expired", "ask the administrator for a new one"},
	} {
		_, _, err := runCmd(t, "", "enrol", "--data-dir", t.TempDir(), "--server", srv.URL, "--code", code)
		if err == nil {
			t.Fatalf("%s enrolled", code)
		}
		for _, w := range want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: does not say %q: %v", code, w, err)
			}
		}
	}
}

// TestSetupScreenWords: the setup screen's sentences name its box and the
// province file, not the command line's flags: an untrusted certificate
// says where the province's CA goes.
func TestSetupScreenWords(t *testing.T) {
	srv := httptest.NewTLSServer(http.NotFoundHandler()) // a certificate nobody trusts
	defer srv.Close()
	db, err := openStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	b := &boot{env: &env{Build: Build{Version: "test"}}, db: db, provincePath: "/etc/hailong-kiosk/kiosk.toml"}
	_, err = b.enrol(context.Background(), srv.URL, "ABCD-EFGH-JKMN", "")
	if err == nil || !strings.Contains(err.Error(), "ca_file trong /etc/hailong-kiosk/kiosk.toml") || !strings.Contains(err.Error(), "not trusted: add the province's CA with ca_file in /etc/hailong-kiosk/kiosk.toml") || strings.Contains(err.Error(), "--") {
		t.Fatalf("untrusted certificate on the setup screen: %v", err)
	}
	b.province.Enrol.CAFile = "/nope/province-ca.pem"
	_, err = b.enrol(context.Background(), srv.URL, "ABCD-EFGH-JKMN", "")
	if err == nil || !strings.Contains(err.Error(), "Cannot read the certificate file /nope/province-ca.pem: check the ca_file line in /etc/hailong-kiosk/kiosk.toml") {
		t.Fatalf("missing province CA: %v", err)
	}
}
