package survey

import (
	"crypto/rand"
	"crypto/subtle"
	"fmt"

	"golang.org/x/crypto/argon2"
)

// Argon2id is a cost for argon2id hashes: the one encoder behind PIN
// hashes (HashPIN) and the scoring server's password hashes, which differ
// only in the cost they pass. Hashes are PHC strings that carry their
// parameters, so a cost can be raised later without invalidating the
// hashes made before.
type Argon2id struct {
	MemoryKiB uint32 // m, in KiB
	Time      uint32 // t, passes over the memory
	Threads   uint8  // p, lanes
}

// PINArgon2id is the cost of new PIN hashes (see PINArgonMemoryKiB).
var PINArgon2id = Argon2id{MemoryKiB: PINArgonMemoryKiB, Time: PINArgonTime, Threads: PINArgonThreads}

func (p Argon2id) params() argonParams {
	return argonParams{memory: p.MemoryKiB, time: p.Time, threads: p.Threads}
}

// inBounds reports whether hashes of this cost verify (parseArgon2id's
// bounds): a cost beyond them would make hashes nothing can check.
func (p Argon2id) inBounds() bool {
	return p.Threads >= 1 && p.Threads <= maxArgonThreads && p.Time >= 1 && p.Time <= maxArgonTime &&
		p.MemoryKiB >= 8*uint32(p.Threads) && p.MemoryKiB <= maxArgonMemoryKiB
}

// Hash returns a salted argon2id hash of secret at this cost, in the PHC
// string format $argon2id$v=19$m=…,t=…,p=…$<salt>$<hash> (unpadded
// standard base64), which other argon2 libraries read as is.
func (p Argon2id) Hash(secret string) (string, error) {
	if !p.inBounds() {
		return "", fmt.Errorf("argon2id cost %s is out of bounds", p.params())
	}
	salt := make([]byte, pinSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("argon2id salt: %w", err)
	}
	key := argon2.IDKey([]byte(secret), salt, p.Time, p.MemoryKiB, p.Threads, pinKeyLen)
	return argonPrefix + p.params().String() + "$" + b64.EncodeToString(salt) + "$" + b64.EncodeToString(key), nil
}

// CheckArgon2id reports whether secret matches hash, an argon2id PHC
// string within bounds, in constant time over the derived key. Anything
// else (a bcrypt hash, garbage, "") matches nothing.
func CheckArgon2id(hash, secret string) bool {
	p, salt, key, ok := parseArgon2id(hash)
	if !ok {
		return false
	}
	got := argon2.IDKey([]byte(secret), salt, p.time, p.memory, p.threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

// Argon2idParamsOf returns the cost an argon2id hash was made with; false
// when hash is not one CheckArgon2id can verify.
func Argon2idParamsOf(hash string) (Argon2id, bool) {
	p, _, _, ok := parseArgon2id(hash)
	if !ok {
		return Argon2id{}, false
	}
	return Argon2id{MemoryKiB: p.memory, Time: p.time, Threads: p.threads}, true
}
