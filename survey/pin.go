package survey

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/bcrypt"
)

// Argon2id parameters of new staff and officer PIN hashes. The hashes travel
// in every kiosk's configuration (GET /api/v1/config), so whoever holds one
// kiosk token can guess PINs offline: each guess must cost memory, which
// GPUs and many-core machines have little of per core. 64 MiB and 3 passes
// (RFC 9106 §4's second recommended choice, with one lane) take about 0.13 s
// on the 2-core development machine and 0.3–0.5 s on a low-end kiosk CPU,
// once per PIN typed. docs/SECURITY.md has the figures for an attacker.
const (
	PINArgonMemoryKiB = 64 * 1024 // m, in KiB
	PINArgonTime      = 3         // t, passes over the memory
	PINArgonThreads   = 1         // p, lanes: a kiosk may have one free core
	pinSaltLen        = 16
	pinKeyLen         = 32
)

// Bounds on the parameters a PIN hash may carry. Verification honours the
// parameters written in the hash (so they can be raised later without
// invalidating old hashes), within limits that keep a wrong or hostile
// configuration from making each PIN try take gigabytes or minutes.
const (
	maxArgonMemoryKiB = 256 * 1024
	maxArgonTime      = 16
	maxArgonThreads   = 8
)

// PINCost is the bcrypt cost that legacy PIN hashes were made with. bcrypt
// hashes are still verified (kiosks in the field carry them) but no longer
// made.
const PINCost = 11

// argonPrefix starts every PIN hash that HashPIN makes: the PHC string
// format for argon2id, version 0x13.
const argonPrefix = "$argon2id$v=19$"

var b64 = base64.RawStdEncoding

// argonParams are the m, t, p of a PHC argon2id string.
type argonParams struct {
	memory  uint32
	time    uint32
	threads uint8
}

func (p argonParams) String() string {
	return fmt.Sprintf("m=%d,t=%d,p=%d", p.memory, p.time, p.threads)
}

// HashPIN returns a salted argon2id hash of pin in the PHC string format
// $argon2id$v=19$m=65536,t=3,p=1$<salt>$<hash> (unpadded standard base64),
// which other argon2 libraries read as is.
func HashPIN(pin string) (string, error) {
	return PINArgon2id.Hash(pin)
}

// CheckPIN reports whether pin matches hash, an argon2id PHC string or a
// legacy bcrypt hash. An empty hash or PIN matches nothing.
func CheckPIN(hash, pin string) bool {
	if hash == "" || pin == "" {
		return false
	}
	if _, _, _, ok := parseArgon2id(hash); ok {
		return CheckArgon2id(hash, pin)
	}
	if isBcrypt(hash) {
		return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pin)) == nil
	}
	return false
}

// LooksLikePINHash reports whether s is a PIN hash CheckPIN can verify: an
// argon2id PHC string with parameters within bounds, or a legacy bcrypt hash.
func LooksLikePINHash(s string) bool {
	_, _, _, ok := parseArgon2id(s)
	return ok || isBcrypt(s)
}

// LegacyPINHash reports whether s is a bcrypt PIN hash: one made before
// PINs were hashed with argon2id and before staff PINs needed 6 digits, so
// it may hide a 4-digit PIN that a leaked configuration gives away in
// seconds. It still verifies; PINWarnings says to replace it.
func LegacyPINHash(s string) bool { return isBcrypt(s) }

func isBcrypt(s string) bool {
	if len(s) != 60 {
		return false
	}
	for _, p := range []string{"$2a$", "$2b$", "$2y$"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// parseArgon2id reads a PHC argon2id string, accepting only the canonical
// form that HashPIN writes (parameters in the order m, t, p, no leading
// zeros, unpadded base64) and parameters within bounds.
func parseArgon2id(s string) (p argonParams, salt, key []byte, ok bool) {
	rest, found := strings.CutPrefix(s, argonPrefix)
	if !found {
		return p, nil, nil, false
	}
	parts := strings.Split(rest, "$")
	if len(parts) != 3 {
		return p, nil, nil, false
	}
	kv := strings.Split(parts[0], ",")
	if len(kv) != 3 {
		return p, nil, nil, false
	}
	var vals [3]uint64
	for i, name := range []string{"m=", "t=", "p="} {
		v, found := strings.CutPrefix(kv[i], name)
		if !found {
			return p, nil, nil, false
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil || strconv.FormatUint(n, 10) != v {
			return p, nil, nil, false
		}
		vals[i] = n
	}
	p = argonParams{memory: uint32(vals[0]), time: uint32(vals[1]), threads: uint8(min(vals[2], 255))}
	if vals[2] < 1 || vals[2] > maxArgonThreads || p.time < 1 || p.time > maxArgonTime ||
		p.memory < 8*uint32(p.threads) || p.memory > maxArgonMemoryKiB {
		return p, nil, nil, false
	}
	salt, err := b64.Strict().DecodeString(parts[1])
	if err != nil || len(salt) < 8 || len(salt) > 64 {
		return p, nil, nil, false
	}
	key, err = b64.Strict().DecodeString(parts[2])
	if err != nil || len(key) < 16 || len(key) > 64 {
		return p, nil, nil, false
	}
	return p, salt, key, true
}
