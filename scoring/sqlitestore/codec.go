package sqlitestore

import (
	"encoding/hex"
	"fmt"
)

// idBytes packs a response id, a UUID in its lowercase text form
// (8-4-4-4-12 hex digits), into its 16 bytes. The ingest handler rejects
// any other form, so packing never changes what the hash chain covers.
func idBytes(s string) ([]byte, error) {
	b := make([]byte, 16)
	return b, idInto(b, s)
}

// idInto is idBytes into b, which has 16 bytes.
func idInto(b []byte, s string) error {
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return fmt.Errorf("id %q is not a lowercase UUID", s)
	}
	j := 0
	for i := 0; i < 36; i += 2 {
		if s[i] == '-' {
			i--
			continue
		}
		hi, lo := unhex(s[i]), unhex(s[i+1])
		if hi > 15 || lo > 15 {
			return fmt.Errorf("id %q is not a lowercase UUID", s)
		}
		b[j] = hi<<4 | lo
		j++
	}
	return nil
}

// idString unpacks a stored response id.
func idString(b []byte) string {
	if len(b) != 16 {
		return hex.EncodeToString(b) // never stored (CHECK); keep it visible
	}
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:36], b[10:16])
	return string(out[:])
}

// unhex is a lowercase hex digit's value, or 255.
func unhex(c byte) byte { return unhexTable[c] }

var unhexTable = func() (t [256]byte) {
	for i := range t {
		switch c := byte(i); {
		case c >= '0' && c <= '9':
			t[i] = c - '0'
		case c >= 'a' && c <= 'f':
			t[i] = c - 'a' + 10
		default:
			t[i] = 255
		}
	}
	return t
}()

// hashBytes packs a lowercase hex SHA-256 into its 32 bytes.
func hashBytes(s string) ([]byte, error) {
	b := make([]byte, 32)
	return b, hashInto(b, s)
}

// hashInto is hashBytes into b, which has 32 bytes.
func hashInto(b []byte, s string) error {
	if len(s) != 64 {
		return fmt.Errorf("hash %q is not a hex SHA-256", s)
	}
	for i := range 32 {
		hi, lo := unhex(s[2*i]), unhex(s[2*i+1])
		if hi > 15 || lo > 15 {
			return fmt.Errorf("hash %q is not a lowercase hex SHA-256", s)
		}
		b[i] = hi<<4 | lo
	}
	return nil
}

// hashString unpacks a stored hash.
func hashString(b []byte) string { return hex.EncodeToString(b) }
