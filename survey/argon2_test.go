package survey_test

import (
	"strings"
	"testing"

	"hailong/kiosk/survey"
)

// TestArgon2idHashCarriesItsParams: one encoder serves PINs and passwords;
// a hash made with any parameters within bounds verifies, and says which
// parameters it was made with.
func TestArgon2idHashCarriesItsParams(t *testing.T) {
	cheap := survey.Argon2id{MemoryKiB: 64, Time: 1, Threads: 1}
	h, err := cheap.Hash("mật khẩu dài đủ")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("hash %q: want the PHC string with m=64,t=1,p=1", h)
	}
	if !survey.CheckArgon2id(h, "mật khẩu dài đủ") {
		t.Fatal("CheckArgon2id(Hash(s), s) = false")
	}
	for _, wrong := range []string{"", "mật khẩu dài đu", "mật khẩu dài đủ "} {
		if survey.CheckArgon2id(h, wrong) {
			t.Errorf("CheckArgon2id accepted %q", wrong)
		}
	}
	if p, ok := survey.Argon2idParamsOf(h); !ok || p != cheap {
		t.Fatalf("Argon2idParamsOf = %+v, %v; want %+v", p, ok, cheap)
	}
	if _, ok := survey.Argon2idParamsOf("$2a$11$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234"); ok {
		t.Fatal("a bcrypt hash has no argon2id params")
	}
	// Beyond the bounds: refused to hash, and not read as a hash.
	if _, err := (survey.Argon2id{MemoryKiB: 1 << 30, Time: 1, Threads: 1}).Hash("x"); err == nil {
		t.Fatal("Hash with 1 TiB of memory: want an error")
	}
}

// TestHashPINUsesPINParams: PIN hashes go through the same encoder with
// the PIN parameters.
func TestHashPINUsesPINParams(t *testing.T) {
	h, err := survey.HashPIN("482619")
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := survey.Argon2idParamsOf(h); !ok || p != survey.PINArgon2id {
		t.Fatalf("HashPIN params = %+v, %v; want %+v", p, ok, survey.PINArgon2id)
	}
}
