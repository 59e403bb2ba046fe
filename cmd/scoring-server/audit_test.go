package main

import (
	"encoding/json"
	"errors"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"hailong/kiosk/protocol"
)

// TestAuditCommand: the acts of the command line and of enrolling kiosks
// are listed by `scoring-server audit` with their actor, one line each
// even when a kiosk sent tabs and line breaks; --kiosk and --since filter;
// `kiosk list` says how many times each kiosk was enrolled.
func TestAuditCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "scoring.db")
	mustCLI(t, db, "centre", "add", "--id", "qn", "--name", "Quảng Ninh", "--technician-pin", "909090")
	mustCLI(t, db, "officer", "add", "--centre", "qn", "--id", "cb01", "--name", "Nguyễn Thị Lan", "--pin", "1111")
	base, stop := serve(t, db)
	enrol := func(kioskID, hostname string) {
		t.Helper()
		code := strings.TrimSpace(mustCLI(t, db, "enrol-code", "--centre", "qn", "--counter", "1"))
		if status, body := post(t, base+protocol.PathEnrol, "", protocol.EnrolRequest{Code: code, KioskID: kioskID, Hostname: hostname}); status != http.StatusOK {
			t.Fatalf("enrol: %d %s", status, body)
		}
	}
	enrol("k1", "hg-1")
	enrol("k1", "evil\tkiosk:k9\tkiosk.revoke\n2099-01-01T00:00:00Z\tcli:root") // a take-over with a forged line
	if status, _ := post(t, base+protocol.PathEnrol, "", protocol.EnrolRequest{Code: "NOPE-NOPE", KioskID: "k2", Hostname: "guess"}); status != http.StatusBadRequest {
		t.Fatalf("a wrong code: %d", status)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	mustCLI(t, db, "kiosk", "revoke", "k1")

	out := mustCLI(t, db, "audit")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if lines[0] != "at\tactor\taction\tsubject\tdetail" {
		t.Fatalf("header %q", lines[0])
	}
	wantActions := []string{"centre.add", "officer.add", "enrol_code.create", "kiosk.enrol", "enrol_code.create",
		"kiosk.re_enrol", "kiosk.enrol_failed", "kiosk.revoke"}
	if len(lines) != 1+len(wantActions) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), 1+len(wantActions), out)
	}
	for i, line := range lines[1:] {
		f := strings.Split(line, "\t")
		if len(f) != 5 || f[2] != wantActions[i] {
			t.Fatalf("line %d: %q, want 5 fields with action %s", i+1, line, wantActions[i])
		}
		if strings.HasPrefix(f[2], "kiosk.enrol") || f[2] == "kiosk.re_enrol" {
			if !strings.HasPrefix(f[1], "kiosk:") || !strings.HasSuffix(f[1], "@127.0.0.1") {
				t.Errorf("line %d: actor %q, want kiosk:<hostname>@127.0.0.1", i+1, f[1])
			}
		} else if !strings.HasPrefix(f[1], "cli:") || len(f[1]) == len("cli:") {
			t.Errorf("line %d: actor %q, want cli:<user>", i+1, f[1])
		}
		if f[4] != "-" && !json.Valid([]byte(unescapeField(f[4]))) {
			t.Errorf("line %d: detail %q is not JSON", i+1, f[4])
		}
	}
	if re := lines[6]; !strings.Contains(re, `kiosk:evil\tkiosk:k9\tkiosk.revoke\n2099`) || !strings.Contains(re, `"previous_hostname":"hg-1"`) {
		t.Errorf("the re-enrolment line does not show the escaped hostname and what it replaced: %q", re)
	}

	k1 := mustCLI(t, db, "audit", "--kiosk", "k1")
	if n := strings.Count(k1, "\n"); n != 4 || strings.Contains(k1, "enrol_code") || strings.Contains(k1, "kiosk:k2") {
		t.Fatalf("audit --kiosk k1:\n%s", k1)
	}
	if out := mustCLI(t, db, "audit", "--since", "2099-01-01"); strings.Count(out, "\n") != 1 {
		t.Fatalf("audit --since 2099-01-01:\n%s", out)
	}
	var u usageError
	if _, _, err := cli(t, db, "audit", "--since", "yesterday"); !errors.As(err, &u) {
		t.Fatalf("a bad --since: %v", err)
	}

	list := strings.Split(strings.TrimSpace(mustCLI(t, db, "kiosk", "list")), "\n")
	head := strings.Split(list[0], "\t")
	row := strings.Split(list[1], "\t")
	col := slices.Index(head, "enrolments")
	if col < 0 || len(row) != len(head) || row[0] != "k1" || row[col] != "2" {
		t.Fatalf("kiosk list does not show k1 enrolled twice:\n%s", strings.Join(list, "\n"))
	}
}

// unescapeField undoes escapeField for the escapes JSON can hold.
func unescapeField(s string) string {
	return strings.NewReplacer(`\t`, "\t", `\n`, "\n", `\\`, `\`).Replace(s)
}

func TestEscapeField(t *testing.T) {
	for in, want := range map[string]string{
		"plain":               "plain",
		"Nguyễn Thị Lan":      "Nguyễn Thị Lan",
		"a\tb\nc\rd":          `a\tb\nc\rd`,
		`back\slash`:          `back\\slash`,
		"nul\x00esc\x1b":      `nul\u0000esc\u001b`,
		"bad\xffutf8":         `bad\xffutf8`,
		"line\u2028separator": `line\u2028separator`,
	} {
		if got := escapeField(in); got != want {
			t.Errorf("escapeField(%q) = %q, want %q", in, got, want)
		}
	}
}
