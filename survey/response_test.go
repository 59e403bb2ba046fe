package survey_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"hailong/kiosk/survey"
)

// goodResponse returns a valid first response of a kiosk, hash included.
func goodResponse() survey.Response {
	r := survey.Response{
		ID:            "0193a5f0-7c1e-7abc-8def-0123456789ab",
		KioskID:       "kiosk-hn-01",
		Seq:           1,
		PrevHash:      survey.GenesisHash,
		CentreID:      "hn-bachkhoa",
		CounterID:     "q1",
		OfficerID:     "cb-007",
		Scale:         survey.ScaleFace4,
		RawValue:      2,
		Level:         survey.Satisfied,
		Reasons:       []string{"wait", "other"},
		Outcome:       survey.OutcomeSubmitted,
		FilterReason:  "",
		InvitationID:  "inv-1",
		Ticket:        "A012",
		DossierCode:   "000.00.23.H01-251124-0001",
		Lang:          "vi",
		CreatedAt:     "2025-11-24T09:00:05.123+07:00",
		DurationMS:    4200,
		AppVersion:    "1.2.3",
		ConfigVersion: "cfg-7",
	}
	r.Hash = r.ComputeHash()
	return r
}

// chain returns n valid responses linked from GenesisHash.
func chain(n int) []survey.Response {
	rs := make([]survey.Response, n)
	prev := survey.GenesisHash
	for i := range rs {
		r := goodResponse()
		r.ID = r.ID[:34] + strconv.Itoa(10+i)
		r.Seq = int64(i + 1)
		r.PrevHash = prev
		r.Hash = r.ComputeHash()
		rs[i] = r
		prev = r.Hash
	}
	return rs
}

func TestCanonical(t *testing.T) {
	r := goodResponse()
	const want = `{"id":"0193a5f0-7c1e-7abc-8def-0123456789ab","kiosk_id":"kiosk-hn-01","seq":1,` +
		`"prev_hash":"0000000000000000000000000000000000000000000000000000000000000000","hash":"",` +
		`"centre_id":"hn-bachkhoa","counter_id":"q1","officer_id":"cb-007","scale":"face4","raw_value":2,` +
		`"level":"satisfied","reasons":["wait","other"],"outcome":"submitted","filter_reason":"",` +
		`"invitation_id":"inv-1","ticket":"A012","dossier_code":"000.00.23.H01-251124-0001","lang":"vi",` +
		`"created_at":"2025-11-24T09:00:05.123+07:00","duration_ms":4200,"app_version":"1.2.3","config_version":"cfg-7"}`
	if got := string(r.Canonical()); got != want {
		t.Fatalf("Canonical() =\n%s\nwant\n%s", got, want)
	}
	if !bytes.Equal(r.Canonical(), r.Canonical()) {
		t.Error("Canonical is not stable across calls")
	}
	if r.Hash == "" {
		t.Error("Canonical cleared the receiver's hash")
	}
}

func TestCanonicalDetails(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*survey.Response)
		want   []string // substrings of the canonical form
		reject []string // substrings it must not contain
	}{
		{
			name:   "hash is blanked",
			mutate: func(r *survey.Response) { r.Hash = strings.Repeat("ab", 32) },
			want:   []string{`"hash":""`},
			reject: []string{"abab"},
		},
		{
			name:   "nil reasons are an empty list",
			mutate: func(r *survey.Response) { r.Reasons = nil },
			want:   []string{`"reasons":[]`},
			reject: []string{"null"},
		},
		{
			name:   "no HTML escaping",
			mutate: func(r *survey.Response) { r.DossierCode = "<a&b>"; r.Ticket = "x&y" },
			want:   []string{`"dossier_code":"<a&b>"`, `"ticket":"x&y"`},
			reject: []string{`\u003c`, `\u0026`, `\u003e`},
		},
		{
			name:   "Vietnamese text is written as UTF-8",
			mutate: func(r *survey.Response) { r.Ticket = "Số 12" },
			want:   []string{`"ticket":"Số 12"`},
		},
		{
			name:   "quotes and control characters are escaped",
			mutate: func(r *survey.Response) { r.Ticket = "a\"b\n" },
			want:   []string{`"ticket":"a\"b\n"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := goodResponse()
			tt.mutate(&r)
			c := r.Canonical()
			for _, w := range tt.want {
				if !bytes.Contains(c, []byte(w)) {
					t.Errorf("Canonical() = %s\nwant it to contain %s", c, w)
				}
			}
			for _, w := range tt.reject {
				if bytes.Contains(c, []byte(w)) {
					t.Errorf("Canonical() = %s\nwant it not to contain %s", c, w)
				}
			}
			if bytes.HasSuffix(c, []byte("\n")) {
				t.Error("Canonical() ends in a newline")
			}
			if !json.Valid(c) {
				t.Errorf("Canonical() is not valid JSON: %s", c)
			}
		})
	}
}

func TestCanonicalNilAndEmptyReasonsHashAlike(t *testing.T) {
	a, b := goodResponse(), goodResponse()
	a.Reasons, b.Reasons = nil, []string{}
	if a.ComputeHash() != b.ComputeHash() {
		t.Error("nil and empty reasons hash differently")
	}
}

// TestComputeHashCoversEveryField changes each field of Response in turn,
// found by reflection so that a field added later is covered too.
func TestComputeHashCoversEveryField(t *testing.T) {
	base := goodResponse()
	typ := reflect.TypeFor[survey.Response]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		t.Run(f.Name, func(t *testing.T) {
			r := goodResponse()
			v := reflect.ValueOf(&r).Elem().Field(i)
			switch v.Kind() {
			case reflect.String:
				v.SetString(v.String() + "x")
			case reflect.Int, reflect.Int64:
				v.SetInt(v.Int() + 1)
			case reflect.Slice:
				v.Set(reflect.Append(v, reflect.ValueOf("x")))
			default:
				t.Fatalf("field %s has kind %s: teach this test to change it", f.Name, v.Kind())
			}
			changed := r.ComputeHash() != base.Hash
			if f.Name == "Hash" {
				if changed {
					t.Error("the hash covers the hash field itself")
				}
				return
			}
			if !changed {
				t.Errorf("changing %s leaves the hash unchanged", f.Name)
			}
		})
	}
	// Reordering reasons is a change too.
	r := goodResponse()
	r.Reasons = []string{r.Reasons[1], r.Reasons[0]}
	if r.ComputeHash() == base.Hash {
		t.Error("reordering reasons leaves the hash unchanged")
	}
}

func TestComputeHashShape(t *testing.T) {
	h := goodResponse().ComputeHash()
	if len(h) != 64 || strings.Trim(h, "0123456789abcdef") != "" {
		t.Fatalf("ComputeHash() = %q, want 64 lower-case hex digits", h)
	}
}

// validateCases are responses with one bad field each; fix reports whether
// the hash is recomputed after the change (false only for the hash case).
var validateCases = []struct {
	name    string
	mutate  func(*survey.Response)
	rehash  bool
	wantErr string // a substring of the error; "" means valid
}{
	{name: "good", mutate: func(*survey.Response) {}, rehash: true},
	{name: "good without reasons", mutate: func(r *survey.Response) { r.Reasons = nil; r.Outcome = survey.OutcomeSkippedReasons }, rehash: true},
	{name: "good repeat, timeout, English", mutate: func(r *survey.Response) {
		r.FilterReason = survey.FilterRepeat
		r.Outcome = survey.OutcomeTimeout
		r.Lang = "en"
	}, rehash: true},
	{name: "good UTC and zero duration", mutate: func(r *survey.Response) { r.CreatedAt = "2025-11-24T02:00:05.123Z"; r.DurationMS = 0 }, rehash: true},
	{name: "good 64-byte ticket", mutate: func(r *survey.Response) { r.Ticket = strings.Repeat("ố", 21) + "x" }, rehash: true},
	{name: "good optional links empty", mutate: func(r *survey.Response) { r.InvitationID, r.Ticket, r.DossierCode = "", "", "" }, rehash: true},
	{name: "good star5", mutate: func(r *survey.Response) { r.Scale, r.RawValue, r.Level = survey.ScaleStar5, 5, survey.VerySatisfied }, rehash: true},

	{name: "bad id", mutate: func(r *survey.Response) { r.ID = "not-a-uuid" }, rehash: true, wantErr: "id"},
	{name: "empty id", mutate: func(r *survey.Response) { r.ID = "" }, rehash: true, wantErr: "id"},
	{name: "empty kiosk_id", mutate: func(r *survey.Response) { r.KioskID = "" }, rehash: true, wantErr: "kiosk_id"},
	{name: "seq 0", mutate: func(r *survey.Response) { r.Seq = 0 }, rehash: true, wantErr: "seq"},
	{name: "seq negative", mutate: func(r *survey.Response) { r.Seq = -3 }, rehash: true, wantErr: "seq"},
	{name: "short prev_hash", mutate: func(r *survey.Response) { r.PrevHash = "00" }, rehash: true, wantErr: "prev_hash"},
	{name: "upper-case prev_hash", mutate: func(r *survey.Response) { r.PrevHash = strings.Repeat("AB", 32) }, rehash: true, wantErr: "prev_hash"},
	{name: "non-hex prev_hash", mutate: func(r *survey.Response) { r.PrevHash = strings.Repeat("g", 64) }, rehash: true, wantErr: "prev_hash"},
	{name: "wrong hash", mutate: func(r *survey.Response) { r.Hash = survey.GenesisHash }, wantErr: "hash does not match"},
	{name: "stale hash", mutate: func(r *survey.Response) { r.OfficerID = "cb-008" }, wantErr: "hash does not match"},
	{name: "empty centre_id", mutate: func(r *survey.Response) { r.CentreID = "" }, rehash: true, wantErr: "centre_id"},
	{name: "empty counter_id", mutate: func(r *survey.Response) { r.CounterID = "" }, rehash: true, wantErr: "counter_id"},
	{name: "empty officer_id", mutate: func(r *survey.Response) { r.OfficerID = "" }, rehash: true, wantErr: "officer_id"},
	{name: "unknown scale", mutate: func(r *survey.Response) { r.Scale = "face5" }, rehash: true, wantErr: "unknown scale"},
	{name: "raw out of scale", mutate: func(r *survey.Response) { r.RawValue = 5 }, rehash: true, wantErr: "no raw value 5"},
	{name: "raw zero", mutate: func(r *survey.Response) { r.RawValue = 0 }, rehash: true, wantErr: "no raw value 0"},
	{name: "bad level", mutate: func(r *survey.Response) { r.Level = "neutral" }, rehash: true, wantErr: "level"},
	{name: "empty level", mutate: func(r *survey.Response) { r.Level = "" }, rehash: true, wantErr: "level"},
	{name: "bad outcome", mutate: func(r *survey.Response) { r.Outcome = "cancelled" }, rehash: true, wantErr: "outcome"},
	{name: "bad filter", mutate: func(r *survey.Response) { r.FilterReason = "spam" }, rehash: true, wantErr: "filter_reason"},
	{name: "bad lang", mutate: func(r *survey.Response) { r.Lang = "fr" }, rehash: true, wantErr: "lang"},
	{name: "empty lang", mutate: func(r *survey.Response) { r.Lang = "" }, rehash: true, wantErr: "lang"},
	{name: "created_at without offset", mutate: func(r *survey.Response) { r.CreatedAt = "2025-11-24T09:00:05.123" }, rehash: true, wantErr: "created_at"},
	{name: "created_at not a time", mutate: func(r *survey.Response) { r.CreatedAt = "yesterday" }, rehash: true, wantErr: "created_at"},
	{name: "created_at empty", mutate: func(r *survey.Response) { r.CreatedAt = "" }, rehash: true, wantErr: "created_at"},
	{name: "negative duration", mutate: func(r *survey.Response) { r.DurationMS = -1 }, rehash: true, wantErr: "duration_ms"},
	{name: "over-long ticket", mutate: func(r *survey.Response) { r.Ticket = strings.Repeat("9", 65) }, rehash: true, wantErr: "64 bytes"},
	{name: "over-long ticket in bytes", mutate: func(r *survey.Response) { r.Ticket = strings.Repeat("ố", 22) }, rehash: true, wantErr: "64 bytes"},
	{name: "over-long dossier code", mutate: func(r *survey.Response) { r.DossierCode = strings.Repeat("H", 65) }, rehash: true, wantErr: "64 bytes"},
	{name: "over-long reason", mutate: func(r *survey.Response) { r.Reasons = []string{"wait", strings.Repeat("r", 65)} }, rehash: true, wantErr: "64 bytes"},
	{name: "ticket not UTF-8", mutate: func(r *survey.Response) { r.Ticket = "A\xff12" }, rehash: true, wantErr: "UTF-8"},
	{name: "officer_id not UTF-8", mutate: func(r *survey.Response) { r.OfficerID = "cb\xfe007" }, rehash: true, wantErr: "officer_id"},
	{name: "app_version not UTF-8", mutate: func(r *survey.Response) { r.AppVersion = "1.2\xc3" }, rehash: true, wantErr: "app_version"},
}

func TestValidate(t *testing.T) {
	for _, tt := range validateCases {
		t.Run(tt.name, func(t *testing.T) {
			r := goodResponse()
			tt.mutate(&r)
			if tt.rehash {
				r.Hash = r.ComputeHash()
			}
			err := r.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatal("Validate() = nil, want an error")
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Validate() = %q, want it to mention %q", err, tt.wantErr)
			}
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	r := goodResponse()
	r.KioskID, r.Lang, r.DurationMS = "", "fr", -5
	r.Hash = r.ComputeHash()
	err := r.Validate()
	if err == nil {
		t.Fatal("Validate() = nil")
	}
	for _, w := range []string{"kiosk_id", "lang", "duration_ms"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("Validate() = %q, want it to mention %s", err, w)
		}
	}
}

// TestValidateRejectsInvalidUTF8 puts an invalid byte in every string
// field in turn: an encoder would write it as U+FFFD, so the hash would not
// cover it.
func TestValidateRejectsInvalidUTF8(t *testing.T) {
	n := len(stringFields(&survey.Response{Reasons: []string{"wait"}}))
	for i := range n {
		r := goodResponse()
		r.Reasons = []string{"wait"}
		s := stringFields(&r)[i]
		*s += "\xff"
		if s != &r.Hash {
			r.Hash = r.ComputeHash()
		}
		if err := r.Validate(); err == nil {
			t.Errorf("string field %d = %q: Validate() = nil, want an error", i, *s)
		}
	}
}

func TestVerifyChain(t *testing.T) {
	tests := []struct {
		name    string
		rs      func() []survey.Response
		first   string
		wantErr string
	}{
		{name: "good", rs: func() []survey.Response { return chain(4) }, first: survey.GenesisHash},
		{name: "empty", rs: func() []survey.Response { return nil }, first: survey.GenesisHash},
		{name: "good from the middle", rs: func() []survey.Response { return chain(5)[2:] }, first: chain(5)[1].Hash},
		{
			name: "gap",
			rs: func() []survey.Response {
				rs := chain(4)
				return append(rs[:2:2], rs[3])
			},
			first:   survey.GenesisHash,
			wantErr: "gap: seq 4 follows 2",
		},
		{
			// A relabelled seq keeps prev_hash and hash consistent but leaves a gap.
			name: "gap with rehashed seq",
			rs: func() []survey.Response {
				rs := chain(3)
				rs[2].Seq = 7
				rs[2].Hash = rs[2].ComputeHash()
				return rs
			},
			first:   survey.GenesisHash,
			wantErr: "gap",
		},
		{
			name: "seq repeated",
			rs: func() []survey.Response {
				rs := chain(3)
				return append(rs[:2:2], rs[1])
			},
			first:   survey.GenesisHash,
			wantErr: "gap",
		},
		{
			name: "broken prev_hash",
			rs: func() []survey.Response {
				rs := chain(3)
				rs[1].PrevHash = survey.GenesisHash
				rs[1].Hash = rs[1].ComputeHash()
				rs[2].PrevHash = rs[1].Hash
				rs[2].Hash = rs[2].ComputeHash()
				return rs
			},
			first:   survey.GenesisHash,
			wantErr: "seq 2: prev_hash",
		},
		{
			name:    "wrong first",
			rs:      func() []survey.Response { return chain(2) },
			first:   strings.Repeat("1", 64),
			wantErr: "seq 1: prev_hash",
		},
		{
			name: "tampered content",
			rs: func() []survey.Response {
				rs := chain(3)
				rs[1].Level = survey.VerySatisfied
				return rs
			},
			first:   survey.GenesisHash,
			wantErr: "seq 2: hash",
		},
		{
			name: "tampered and rehashed",
			rs: func() []survey.Response {
				rs := chain(3)
				rs[1].Level = survey.VerySatisfied
				rs[1].Hash = rs[1].ComputeHash()
				return rs
			},
			first:   survey.GenesisHash,
			wantErr: "seq 3: prev_hash",
		},
		{
			name: "deleted response",
			rs: func() []survey.Response {
				rs := chain(3)
				rs[0] = rs[1]
				rs[1] = rs[2]
				return rs[:2]
			},
			first:   survey.GenesisHash,
			wantErr: "seq 2: prev_hash",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := survey.VerifyChain(tt.rs(), tt.first)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("VerifyChain() = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("VerifyChain() = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
	for _, r := range chain(4) {
		if err := r.Validate(); err != nil {
			t.Errorf("chain response %d is invalid: %v", r.Seq, err)
		}
	}
}

// The fuzz corpus packs a Response as its fields in declaration order,
// separated by fieldSep; reasons are separated by reasonSep. Strings travel
// as raw bytes (JSON would turn invalid UTF-8 into U+FFFD and hide it).
const (
	fieldSep  = "\x1f"
	reasonSep = "\x1e"
)

func packResponse(r survey.Response) []byte {
	v := reflect.ValueOf(r)
	parts := make([]string, v.NumField())
	for i := range parts {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			parts[i] = f.String()
		case reflect.Int, reflect.Int64:
			parts[i] = strconv.FormatInt(f.Int(), 10)
		case reflect.Slice:
			parts[i] = strings.Join(f.Interface().([]string), reasonSep)
		}
	}
	return []byte(strings.Join(parts, fieldSep))
}

func unpackResponse(b []byte) (survey.Response, bool) {
	var r survey.Response
	v := reflect.ValueOf(&r).Elem()
	parts := strings.Split(string(b), fieldSep)
	if len(parts) != v.NumField() {
		return r, false
	}
	for i, p := range parts {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString(p)
		case reflect.Int, reflect.Int64:
			n, err := strconv.ParseInt(p, 10, f.Type().Bits())
			if err != nil {
				return r, false
			}
			f.SetInt(n)
		case reflect.Slice:
			if p != "" {
				f.Set(reflect.ValueOf(strings.Split(p, reasonSep)))
			}
		}
	}
	return r, true
}

// stringFields returns pointers to every string in r, reasons included.
func stringFields(r *survey.Response) []*string {
	var out []*string
	v := reflect.ValueOf(r).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			out = append(out, (*string)(f.Addr().UnsafePointer()))
		case reflect.Slice:
			for j := range f.Len() {
				out = append(out, f.Index(j).Addr().Interface().(*string))
			}
		}
	}
	return out
}

func TestPackResponseRoundTrip(t *testing.T) {
	for _, tt := range validateCases {
		r := goodResponse()
		tt.mutate(&r)
		got, ok := unpackResponse(packResponse(r))
		if !ok || !reflect.DeepEqual(got, r) && !(len(r.Reasons) == 0 && len(got.Reasons) == 0) {
			t.Errorf("%s: pack/unpack = %+v, %v; want %+v", tt.name, got, ok, r)
		}
	}
}

// FuzzValidate checks, for arbitrary responses:
//   - Validate and VerifyChain never panic;
//   - a response that Validate accepts survives the trip through JSON that
//     the server makes: decoding its canonical form and encoding it again
//     gives the same bytes, so the server computes the same hash;
//   - once hashed, changing any one byte of any string field is caught:
//     VerifyChain fails, or Validate rejects the changed response.
func FuzzValidate(f *testing.F) {
	for _, tt := range validateCases {
		r := goodResponse()
		tt.mutate(&r)
		if tt.rehash {
			r.Hash = r.ComputeHash()
		}
		for field := range uint8(20) {
			f.Add(packResponse(r), field, uint16(field*3), byte(0x01))
		}
		f.Add(packResponse(r), uint8(7), uint16(0), byte(0x80))
	}
	for _, tt := range boundCases {
		r := goodResponse()
		tt.mutate(&r)
		if len(r.Canonical()) < 4096 {
			f.Add(packResponse(r), uint8(15), uint16(1), byte(0x1b))
		}
	}
	f.Fuzz(func(t *testing.T, packed []byte, field uint8, pos uint16, flip byte) {
		r, ok := unpackResponse(packed)
		if !ok {
			return
		}
		_ = r.Validate()
		_ = survey.VerifyChain([]survey.Response{r}, r.PrevHash)
		c := r.Canonical()
		if !json.Valid(c) {
			t.Fatalf("Canonical() is not valid JSON: %q", c)
		}

		r.Hash = r.ComputeHash()
		valid := r.Validate() == nil
		if valid {
			// The character rules and the escaping leave no raw control
			// byte in the hashed bytes of a valid record.
			for i := 0; i < len(c); i++ {
				if c[i] < 0x20 || c[i] == 0x7f {
					t.Fatalf("a valid response's canonical bytes hold 0x%02x: %q", c[i], c)
				}
			}
			var back survey.Response
			if err := json.Unmarshal(c, &back); err != nil {
				t.Fatalf("decode canonical form: %v", err)
			}
			if got := back.Canonical(); !bytes.Equal(got, c) {
				t.Fatalf("a valid response does not survive JSON:\n sent %q\n back %q", c, got)
			}
		}
		if err := survey.VerifyChain([]survey.Response{r}, r.PrevHash); err != nil {
			t.Fatalf("VerifyChain of a freshly hashed response: %v", err)
		}

		m := r
		m.Reasons = append([]string(nil), r.Reasons...)
		fields := stringFields(&m)
		s := fields[int(field)%len(fields)]
		if len(*s) == 0 {
			return
		}
		b := []byte(*s)
		i := int(pos) % len(b)
		b[i] ^= flip | 1 // never zero, so the byte always changes
		*s = string(b)
		if survey.VerifyChain([]survey.Response{m}, r.PrevHash) == nil && m.Validate() == nil {
			t.Fatalf("changing byte %d of a string field to %q went unnoticed\n was %q\n now %q",
				i, b[i], packResponse(r), packResponse(m))
		}
		// Valid UTF-8 reaches the canonical form byte for byte, so the
		// content hash must differ whether or not the response is valid.
		if s != &m.Hash && utf8.Valid(packResponse(r)) && utf8.Valid(b) && m.ComputeHash() == r.Hash {
			t.Fatalf("two responses share a hash:\n %q\n %q", packResponse(r), packResponse(m))
		}
	})
}
