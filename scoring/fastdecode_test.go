package scoring

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"
	"unicode/utf8"

	"hailong/kiosk/protocol"
	"hailong/kiosk/survey"
)

// sampleBatch is a plain batch as a kiosk sends it.
func sampleBatch(n int) []byte {
	b := protocol.Batch{BatchID: "019ab3c2-0000-7000-8000-000000000000"}
	prev := survey.GenesisHash
	for i := range n {
		r := survey.Response{ID: "019ab3c2-0000-7000-8000-00000000000" + string(rune('0'+i%10)), KioskID: "k1",
			Seq: int64(i + 1), PrevHash: prev, CentreID: "qn-hcc", CounterID: "1", OfficerID: "cb01",
			Scale: survey.ScaleLegal3, RawValue: 3 - i%3, Level: survey.Levels[i%3], Outcome: survey.OutcomeSubmitted,
			Lang: "vi", CreatedAt: time.Date(2025, 11, 24, 9, 0, i, 0, time.FixedZone("", 7*3600)).Format(survey.TimeLayout),
			DurationMS: 2500, AppVersion: "0.1.0", ConfigVersion: "demo-1", Ticket: "Quầy số 1"}
		if i%3 == 2 {
			r.Reasons = []string{"wait", "rude"}
		}
		r.Hash = r.ComputeHash()
		prev = r.Hash
		b.Responses = append(b.Responses, r)
	}
	out, _ := json.Marshal(b)
	return out
}

func TestFastDecodeTakesPlainBatches(t *testing.T) {
	for _, n := range []int{0, 1, 7} {
		body := sampleBatch(n)
		got, ok := fastDecodeBatch(body)
		if !ok {
			t.Fatalf("%d responses: the fast decoder refused a plain batch", n)
		}
		var want protocol.Batch
		if err := json.Unmarshal(body, &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("fast %+v\njson %+v", got, want)
		}
	}
	indented := bytes.ReplaceAll(sampleBatch(2), []byte(`,"`), []byte(",\n\t \""))
	if _, ok := fastDecodeBatch(indented); !ok {
		t.Fatal("white space refused")
	}
}

func TestFastDecodeLeavesTheRestToEncodingJSON(t *testing.T) {
	plain := string(sampleBatch(1))
	for name, body := range map[string]string{
		"escape":            `{"batch_id":"a\u0041","responses":[]}`,
		"unknown key":       `{"batch_id":"a","pad":1,"responses":[]}`,
		"key in other case": `{"Batch_ID":"a","responses":[]}`,
		"duplicate key":     `{"batch_id":"a","batch_id":"b"}`,
		"float seq":         `{"responses":[{"seq":1.0}]}`,
		"string seq":        `{"responses":[{"seq":"1"}]}`,
		"huge seq":          `{"responses":[{"seq":99999999999999999999}]}`,
		"leading zero":      `{"responses":[{"seq":01}]}`,
		"bad utf-8":         "{\"batch_id\":\"\xff\",\"responses\":[]}",
		"trailing":          plain + "x",
		"truncated":         plain[:len(plain)-1],
		"unknown field":     `{"responses":[{"idx":"a"}]}`,
		"null string":       `{"responses":[{"id":null}]}`,
	} {
		if _, ok := fastDecodeBatch([]byte(body)); ok {
			t.Errorf("%s: the fast decoder took %s", name, body)
		}
	}
}

// FuzzFastDecode checks the fast decoder against encoding/json: whenever
// it takes a body, encoding/json must decode the same batch.
func FuzzFastDecode(f *testing.F) {
	f.Add(sampleBatch(3))
	f.Add(sampleBatch(0))
	f.Add([]byte(`{"responses":[{"reasons":null,"seq":-0,"raw_value":-3}]}`))
	f.Add([]byte(`{"responses":[{},{}]} `))
	f.Fuzz(func(t *testing.T, body []byte) {
		got, ok := fastDecodeBatch(body)
		if !ok {
			return
		}
		var want protocol.Batch
		if err := unmarshal(body, &want); err != nil {
			t.Fatalf("fast decoder took a body encoding/json refuses (%v): %q", err, body)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("fast %+v\njson %+v\nbody %q", got, want, body)
		}
	})
}

func BenchmarkDecodeBatch(b *testing.B) {
	body := sampleBatch(protocol.MaxBatchResponses)
	b.Run("fast", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			if _, ok := fastDecodeBatch(body); !ok {
				b.Fatal("refused")
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			var v protocol.Batch
			if err := unmarshal(body, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// plainTextRef is plainText one byte at a time, the obvious way.
func plainTextRef(s []byte) bool {
	for _, c := range s {
		if c < 0x20 || c == '\\' {
			return false
		}
	}
	return utf8.Valid(s)
}

// FuzzPlainText checks the word-at-a-time test against plainTextRef, both
// ways: a string it refuses only costs the slow decoder, but one it takes
// wrongly would be stored other than encoding/json reads it.
func FuzzPlainText(f *testing.F) {
	for _, s := range []string{"", "a", "0123456789abcdef0123456789abcdef", "abcdefg\\", "abcdefgh\\",
		"abcdefghi\x1f", "\x00", "\x7f\x20\x21", "Nguyễn Văn A", "abc\xff", "abcdefgh\xc3", "\xe1\xbb\x85bcdefghi",
		"]]]]]]]]\\", "\x1f\x1f\x1f\x1f\x1f\x1f\x1f\x1f", "\x20\x20\x20\x20\x20\x20\x20\x20", "\x5c\x5b\x5d"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, s []byte) {
		if got, want := plainText(s), plainTextRef(s); got != want {
			t.Fatalf("plainText(%q) = %v, want %v", s, got, want)
		}
	})
}
