package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestCentreHoursAndWebhookCommands: a technician sets a centre's opening
// hours and webhook with centre add and centre set, sees them in centre
// list and in the audit trail (the webhook by its host only), replaces
// the centre's PINs without losing them, and removes them again. Mistakes
// are refused with exit status 2 and a message in Vietnamese and English
// that says what to write.
func TestCentreHoursAndWebhookCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "scoring.db")
	mustCLI(t, db, "centre", "add", "--id", "qn", "--name", "Trung tâm PVHCC", "--technician-pin", "909090",
		"--hours", "t2-t6 07:30-11:30,13:00-17:00; t7 07:30-11:30")
	mustCLI(t, db, "centre", "add", "--id", "hn", "--name", "Hà Nội", "--technician-pin", "909090")
	list := func() map[string][]string {
		t.Helper()
		out := mustCLI(t, db, "centre", "list")
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if lines[0] != "id\tname\tscale\ttime_zone\topening_hours\twebhook" {
			t.Fatalf("header %q", lines[0])
		}
		rows := map[string][]string{}
		for _, l := range lines[1:] {
			f := strings.Split(l, "\t")
			rows[f[0]] = f
		}
		return rows
	}
	rows := list()
	if got := rows["qn"]; got[4] != "mon-fri 07:30-11:30,13:00-17:00; sat 07:30-11:30" || got[5] != "-" {
		t.Fatalf("qn: %q", got)
	}
	if got := rows["hn"]; got[3] != "default: Asia/Ho_Chi_Minh" || got[4] != "default: mon-fri 07:30-17:30; sat 07:30-11:30" {
		t.Fatalf("hn: %q", got)
	}

	const hook = "https://chat.example.vn/hooks/T0K3N"
	mustCLI(t, db, "centre", "set", "--id", "qn", "--webhook", hook)
	mustCLI(t, db, "centre", "set", "--id", "hn", "--hours", "mon-fri 07:00-11:00")
	// New PINs keep the hours and the webhook.
	mustCLI(t, db, "centre", "add", "--id", "qn", "--name", "Trung tâm PVHCC", "--technician-pin", "818181")
	rows = list()
	if got := rows["qn"]; got[4] != "mon-fri 07:30-11:30,13:00-17:00; sat 07:30-11:30" || got[5] != hook {
		t.Fatalf("qn after new PINs: %q", got)
	}
	if got := rows["hn"]; got[4] != "mon-fri 07:00-11:00" {
		t.Fatalf("hn: %q", got)
	}
	audit := mustCLI(t, db, "audit")
	if !strings.Contains(audit, `"webhook":"https://chat.example.vn/…"`) || strings.Contains(audit, "T0K3N") ||
		!strings.Contains(audit, `"opening_hours":"mon-fri 07:00-11:00"`) {
		t.Errorf("audit trail:\n%s", audit)
	}

	for _, c := range []struct {
		args   []string
		vi, en string
	}{
		{[]string{"--hours", "mon-fri 07:30-11:30,11:00-17:00"}, "chồng lên nhau", "overlap"},
		{[]string{"--hours", "mon 07:30-25:00"}, "không có giờ “25:00”", "there is no time “25:00”"},
		{[]string{"--hours", "thu2 07:30-11:30"}, "không có ngày “thu2”", "there is no day “thu2”"},
		{[]string{"--hours", " ; "}, "để trống", "empty"},
		{[]string{"--hours", ""}, "để trống", "empty"},
		{[]string{"--webhook", "ftp://chat.example.vn/x"}, "phải bắt đầu bằng https:// hoặc http://", "must start with https:// or http://"},
		{[]string{"--webhook", "chat.example.vn/hooks"}, "phải bắt đầu bằng https://", "must start with https://"},
		{[]string{"--webhook", "https:///hooks"}, "thiếu tên máy chủ", "lacks a host name"},
		{[]string{"--webhook", "https://chat.example.vn/a b"}, "dấu cách", "a space"},
	} {
		_, _, err := cli(t, db, append([]string{"centre", "set", "--id", "qn"}, c.args...)...)
		if exitCodeOf(err) != 2 || !strings.Contains(err.Error(), c.vi) || !strings.Contains(err.Error(), c.en) {
			t.Errorf("%q: exit %d, %v; want 2 with %q and %q", c.args, exitCodeOf(err), err, c.vi, c.en)
		}
	}
	if got := list()["qn"]; got[5] != hook {
		t.Fatalf("refused changes changed qn: %q", got)
	}

	mustCLI(t, db, "centre", "set", "--id", "qn", "--webhook", "", "--hours", "default")
	if got := list()["qn"]; got[4] != "default: mon-fri 07:30-17:30; sat 07:30-11:30" || got[5] != "-" {
		t.Fatalf("qn after removing: %q", got)
	}
	if _, _, err := cli(t, db, "centre", "set", "--id", "qn"); exitCodeOf(err) != 2 || !strings.Contains(err.Error(), "--hours or --webhook") {
		t.Errorf("centre set with nothing to set: %v", err)
	}
}
