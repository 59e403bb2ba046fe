package survey_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"hailong/kiosk/survey"
)

// canonicalJSON is the reference definition of the canonical form, the
// encoder the hash chain was first written with: encoding/json with HTML
// escaping off, hash blanked, reasons never null, no trailing newline.
// Canonical must produce exactly these bytes for every response.
func canonicalJSON(r survey.Response) []byte {
	r.Hash = ""
	if r.Reasons == nil {
		r.Reasons = []string{}
	}
	return encodeJSON(r)
}

// encodeJSON is the reference for AppendJSON: encoding/json, no HTML
// escaping, no trailing newline, reasons never null.
func encodeJSON(r survey.Response) []byte {
	if r.Reasons == nil {
		r.Reasons = []string{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		panic(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// sameAsReference reports whether got, an encoding of r, equals want,
// encoding/json's. Where r holds invalid UTF-8, encoding/json's bytes
// depend on the Go version (1.27 writes a raw U+FFFD for each bad byte,
// earlier versions the escape \ufffd, which the canonical form keeps:
// docs/RESPONSE.md), so there the two are compared as decoded JSON. No
// stored response holds invalid UTF-8: Validate refuses it.
func sameAsReference(got, want []byte, r survey.Response) bool {
	if bytes.Equal(got, want) {
		return true
	}
	if validUTF8(r) {
		return false
	}
	var a, b any
	if json.Unmarshal(got, &a) != nil || json.Unmarshal(want, &b) != nil {
		return false
	}
	return reflect.DeepEqual(a, b) && bytes.Count(got, []byte(`\ufffd`)) >= bytes.Count(want, []byte(`\ufffd`))
}

// validUTF8 reports whether every text of r is valid UTF-8.
func validUTF8(r survey.Response) bool {
	for _, p := range stringFields(&r) {
		if !utf8.ValidString(*p) {
			return false
		}
	}
	for _, s := range r.Reasons {
		if !utf8.ValidString(s) {
			return false
		}
	}
	return true
}

// trickyStrings are the strings where a hand-written JSON encoder most
// likely parts from encoding/json.
var trickyStrings = []string{
	"",
	`"`, `\`, `\"`, `"quoted"`, `back\slash`, `/`, `</script>`,
	"<>&", "a<b>c&d", "'", "\x7f", "del\x7fete",
	"\x00", "\x01\x02\x03\x04\x05\x06\x07", "\b\f\n\r\t", "\x0b\x0e\x0f\x10\x1a\x1b\x1c\x1d\x1e\x1f",
	"line\nbreak", "tab\there", "cr\r\nlf",
	"\u2028", "\u2029", "a\u2028b\u2029c", "\u2027\u202a", // the neighbours stay as they are
	"Tạm ngừng đánh giá — xin báo cán bộ", "Rất hài lòng", "Bộ phận một cửa", "đ", "Ư", "ờ",
	"日本語", "😀", "emoji 😀 and ✓", "\u00a0", "\ufeff", "\ufffd", "\uffff", "\U0010ffff",
	"\xff", "\xfe\xff", "\x80", "\xc3", "\xc3\x28", "\xe2\x80", "\xe2\x80\xa8\xe2\x80", // invalid UTF-8
	"\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf", "ok\xffok", "\xf0\x9f\x98", // surrogates, overlong, beyond U+10FFFF, cut
	strings.Repeat("a", 300), strings.Repeat(`"\`, 50), strings.Repeat("đ", 100),
}

// trickyResponse puts s in every string field of a valid response, and
// odd numbers in its numeric ones.
func trickyResponses() []survey.Response {
	base := goodResponse()
	var out []survey.Response
	for i, s := range trickyStrings {
		r := base
		for _, p := range stringFields(&r) {
			*p = s
		}
		r.Reasons = []string{s, trickyStrings[(i+1)%len(trickyStrings)]}
		out = append(out, r)
	}
	for _, n := range []int64{0, -1, 1, math.MaxInt64, math.MinInt64, 1 << 53, -(1 << 53) - 1, 9007199254740993} {
		r := base
		r.Seq, r.DurationMS, r.RawValue = n, -n, int(n)
		out = append(out, r)
	}
	nilReasons, emptyReasons, oneReason := base, base, base
	nilReasons.Reasons, emptyReasons.Reasons, oneReason.Reasons = nil, []string{}, []string{""}
	return append(out, nilReasons, emptyReasons, oneReason, survey.Response{})
}

func TestCanonicalMatchesEncodingJSON(t *testing.T) {
	for _, r := range trickyResponses() {
		want := canonicalJSON(r)
		if got := r.Canonical(); !sameAsReference(got, want, r) {
			t.Errorf("Canonical() of %q\n got %s\nwant %s", packResponse(r), got, want)
		}
		if got, want := r.AppendJSON(nil), encodeJSON(r); !sameAsReference(got, want, r) {
			t.Errorf("AppendJSON() of %q\n got %s\nwant %s", packResponse(r), got, want)
		}
		sum := sha256.Sum256(r.Canonical())
		if got := r.ComputeHash(); got != hex.EncodeToString(sum[:]) {
			t.Errorf("ComputeHash() of %q = %s, want the SHA-256 of the reference form", packResponse(r), got)
		}
	}
}

// TestCanonicalCoversEveryField fails when Response gains a field that
// the hand-written encoder does not know: encoding/json would write it, so
// the two forms would differ.
func TestCanonicalCoversEveryField(t *testing.T) {
	r := goodResponse()
	v := reflect.ValueOf(&r).Elem()
	for i := range v.NumField() {
		if name := v.Type().Field(i).Tag.Get("json"); !bytes.Contains(r.AppendJSON(nil), []byte(`"`+name+`":`)) {
			t.Errorf("AppendJSON() has no %q", name)
		}
	}
	if got, want := r.AppendJSON(nil), encodeJSON(r); !bytes.Equal(got, want) {
		t.Errorf("AppendJSON() =\n%s\nwant\n%s", got, want)
	}
}

func TestAppendJSONAppends(t *testing.T) {
	r := goodResponse()
	got := r.AppendJSON([]byte("prefix:"))
	if want := append([]byte("prefix:"), encodeJSON(r)...); !bytes.Equal(got, want) {
		t.Errorf("AppendJSON(prefix) = %s", got)
	}
	var back survey.Response
	if err := json.Unmarshal(r.AppendJSON(nil), &back); err != nil || !reflect.DeepEqual(back, r) {
		t.Errorf("AppendJSON() does not decode back: %v\n got %+v\nwant %+v", err, back, r)
	}
}

// FuzzCanonical holds Canonical and AppendJSON to encoding/json's bytes
// for arbitrary field contents, invalid UTF-8 included (each bad byte is
// written \ufffd; see sameAsReference).
func FuzzCanonical(f *testing.F) {
	for _, r := range trickyResponses() {
		f.Add(packResponse(r))
	}
	for _, tt := range validateCases {
		r := goodResponse()
		tt.mutate(&r)
		f.Add(packResponse(r))
	}
	f.Fuzz(func(t *testing.T, packed []byte) {
		r, ok := unpackResponse(packed)
		if !ok {
			return
		}
		if got, want := r.Canonical(), canonicalJSON(r); !sameAsReference(got, want, r) {
			t.Fatalf("Canonical() of %q\n got %q\nwant %q", packed, got, want)
		}
		if got, want := r.AppendJSON(nil), encodeJSON(r); !sameAsReference(got, want, r) {
			t.Fatalf("AppendJSON() of %q\n got %q\nwant %q", packed, got, want)
		}
		sum := sha256.Sum256(r.Canonical())
		if got := r.ComputeHash(); got != hex.EncodeToString(sum[:]) {
			t.Fatalf("ComputeHash() of %q differs from the reference", packed)
		}
	})
}

// sink keeps the benchmarks' results alive.
var sink []byte

// BenchmarkCanonical compares the hand-written encoder with the reference
// one on a typical response; BenchmarkComputeHash is what Validate pays
// per response.
func BenchmarkCanonical(b *testing.B) {
	r := goodResponse()
	b.Run("reference-encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink = canonicalJSON(r)
		}
	})
	b.Run("hand-written", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink = r.Canonical()
		}
	})
}

func BenchmarkComputeHash(b *testing.B) {
	r := goodResponse()
	b.Run("reference-encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sum := sha256.Sum256(canonicalJSON(r))
			_ = hex.EncodeToString(sum[:])
		}
	})
	b.Run("hand-written", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			r.ComputeHash()
		}
	})
}

func BenchmarkValidate(b *testing.B) {
	r := goodResponse()
	b.ReportAllocs()
	for b.Loop() {
		if err := r.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}
