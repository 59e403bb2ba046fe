package kioskapi

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"hailong/kiosk/protocol"
	"hailong/kiosk/survey"
)

// sampleBatch is a plain batch as a kiosk sends it.
func sampleBatch(n int) []byte {
	b := protocol.Batch{BatchID: "019ab3c2-0000-7000-8000-000000000000", Responses: []survey.Response{}}
	prev := survey.GenesisHash
	for i := range n {
		r := survey.Response{ID: "019ab3c2-0000-7000-8000-00000000000" + string(rune('0'+i%10)), KioskID: "k1",
			Seq: int64(i + 1), PrevHash: prev, CentreID: "qn-hcc", CounterID: "1", OfficerID: "cb01",
			Scale: survey.ScaleLegal3, RawValue: 3 - i%3, Level: survey.Levels[i%3], Outcome: survey.OutcomeSubmitted,
			Lang: "vi", CreatedAt: time.Date(2025, 11, 24, 9, 0, i, 0, time.FixedZone("", 7*3600)).Format(survey.TimeLayout),
			DurationMS: 2500, AppVersion: "0.1.0", ConfigVersion: "demo-1", Ticket: "Quầy số 1", Reasons: []string{}}
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

// FuzzDecoders checks the two decoders of a batch against each other and
// against plain encoding/json: whenever the fast decoder takes a body, the
// strict one takes it too, refuses no item, and decodes the same batch,
// which is also what encoding/json decodes. And every batch the strict
// decoder takes, item by item, is one whose records the fast decoder reads
// back unchanged from their canonical JSON: what is stored is what was
// hashed.
func FuzzDecoders(f *testing.F) {
	f.Add(sampleBatch(3))
	f.Add(sampleBatch(0))
	rec := oneRecord()
	for _, item := range []string{rec, `{}`, `null`, `1`, `[]`,
		strings.Replace(rec, `"reasons":["a;b","c,d"]`, `"reasons":null`, 1),
		strings.Replace(rec, `"ticket":"A012",`, "", 1),
		strings.Replace(rec, `{"id"`, `{"note":"x","id"`, 1),
		strings.Replace(rec, `"seq":1,`, `"seq":1,"seq":2,`, 1),
		strings.Replace(rec, `"A012"`, `"A\ud800"`, 1),
		strings.Replace(rec, `"A012"`, `"A\ud83d\ude00\u2028\t\n\"\\"`, 1),
		strings.Replace(rec, `"seq":1`, `"seq":1.0`, 1),
		strings.Replace(rec, `"seq":1`, `"seq":-0`, 1),
	} {
		f.Add([]byte(withRecord(item)))
	}
	f.Add([]byte(`{"responses":[{"reasons":null,"seq":-0,"raw_value":-3}]}`))
	f.Add([]byte(`{"batch_id":"` + testBatchID + `","x":null,"responses":[]} `))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		strict, refused, err := strictDecodeBatch(body)
		for i := range refused {
			if i < 0 || i >= len(strict.Responses) {
				t.Fatalf("refused index %d of %d", i, len(strict.Responses))
			}
		}
		if fast, ok := fastDecodeBatch(body); ok {
			if err != nil || len(refused) != 0 {
				t.Fatalf("fast decoder took a body the strict one refuses (%v, %v): %q", err, refused, body)
			}
			if !reflect.DeepEqual(fast, strict) {
				t.Fatalf("fast %+v\nstrict %+v\nbody %q", fast, strict, body)
			}
			ref, err := strictRef(body)
			if err != nil || !reflect.DeepEqual(fast, ref) {
				t.Fatalf("fast %+v\nencoding/json %+v (%v)\nbody %q", fast, ref, err, body)
			}
		}
		if err != nil {
			return
		}
		for i, r := range strict.Responses {
			if _, bad := refused[i]; bad {
				continue
			}
			if r.Reasons == nil {
				t.Fatalf("item %d taken with null reasons: %q", i, body)
			}
			canon := withRecord(string(r.AppendJSON(nil)))
			back, ok := fastDecodeBatch([]byte(canon))
			if !utf8.ValidString(canon) {
				t.Fatalf("item %d re-encodes to invalid UTF-8: %q", i, canon)
			}
			if ok && !reflect.DeepEqual(back.Responses[0], r) {
				t.Fatalf("item %d does not survive its own encoding:\n%+v\n%+v", i, r, back.Responses[0])
			}
			if !ok {
				again, refusedAgain, err := strictDecodeBatch([]byte(canon))
				if err != nil || len(refusedAgain) != 0 || !reflect.DeepEqual(again.Responses[0], r) {
					t.Fatalf("item %d does not survive its own encoding (%v %v):\n%+v", i, err, refusedAgain, r)
				}
			}
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
