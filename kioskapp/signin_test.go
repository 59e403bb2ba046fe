package kioskapp

import (
	"strings"
	"testing"
)

// TestSignInCountsWrongPINsLikeThePad: kiosk sign-in and the PIN pad are
// one lock-out (survey.TryPIN): a wrong PIN says how many tries are left,
// as the pad does, the last one says the pad is locked and for how long,
// and then even the right PIN is refused.
func TestSignInCountsWrongPINsLikeThePad(t *testing.T) {
	data, cfg := t.TempDir(), demoOnPort(t, closedPort(t))
	for i := 1; i <= 4; i++ {
		_, _, err := runCmd(t, "0000\n", "sign-in", "--data-dir", data, "--officer", "cb02", "--config", cfg)
		want := []string{"Sai mã PIN", "tries left"}
		if i == 4 {
			want = []string{"Còn 1 lần thử", "1 try left"}
		}
		for _, w := range want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Fatalf("wrong PIN %d: %v, want it to say %q", i, err, w)
			}
		}
	}
	_, _, err := runCmd(t, "0000\n", "sign-in", "--data-dir", data, "--officer", "cb02", "--config", cfg)
	if err == nil || !strings.Contains(err.Error(), "Đã khóa") || !strings.Contains(err.Error(), "5 phút") {
		t.Fatalf("fifth wrong PIN: %v, want the lock and its length", err)
	}
	_, _, err = runCmd(t, "2222\n", "sign-in", "--data-dir", data, "--officer", "cb02", "--config", cfg)
	if err == nil || !strings.Contains(err.Error(), "Đã khóa") {
		t.Fatalf("right PIN while locked: %v, want it refused", err)
	}
}
