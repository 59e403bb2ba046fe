package protocol

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// encodingJSON is the reference: encoding/json without HTML escaping.
func encodingJSON(t testing.TB, v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// sameJSON reports whether AppendJSON's bytes got equal encoding/json's
// want: byte for byte, except where a text held invalid UTF-8, which Go
// 1.27's encoding/json writes as a raw U+FFFD and AppendJSON (like earlier
// Go versions) as the escape \ufffd; there they must decode the same.
func sameJSON(got, want []byte) bool {
	if bytes.Equal(got, want) {
		return true
	}
	if !bytes.Contains(got, []byte(`\ufffd`)) {
		return false
	}
	var a, b any
	if json.Unmarshal(got, &a) != nil || json.Unmarshal(want, &b) != nil {
		return false
	}
	return reflect.DeepEqual(a, b)
}

func TestBatchResultAppendJSONIsEncodingJSON(t *testing.T) {
	for _, r := range []BatchResult{
		{},
		{Results: []ItemResult{}},
		{Results: []ItemResult{{ID: "0193a1b2-0000-7000-8000-000000000001", Status: StatusAccepted}}},
		{Results: []ItemResult{
			{ID: "a", Status: StatusDuplicate},
			{ID: "b\"\\\n\t<&>\u2028\x01", Status: StatusRejected, Reason: ReasonInvalid, Detail: "bậc \"đánh giá\" sai\xff"},
			{ID: "", Status: StatusRejected, Reason: ReasonConflict},
			{ID: "c", Status: "", Detail: "only a detail"},
		}},
	} {
		if got, want := r.AppendJSON(nil), encodingJSON(t, r); !sameJSON(got, want) {
			t.Errorf("AppendJSON\n%s\nencoding/json\n%s", got, want)
		}
	}
}

func FuzzBatchResultAppendJSON(f *testing.F) {
	f.Add("0193a1b2-0000-7000-8000-000000000001", StatusAccepted, "", "")
	f.Add("x\"y", StatusRejected, ReasonInvalid, "seq: \xff\u2029")
	f.Fuzz(func(t *testing.T, id, status, reason, detail string) {
		r := BatchResult{Results: []ItemResult{{ID: id, Status: status, Reason: reason, Detail: detail}, {ID: detail, Status: id}}}
		if got, want := r.AppendJSON(nil), encodingJSON(t, r); !sameJSON(got, want) {
			t.Errorf("AppendJSON\n%q\nencoding/json\n%q", got, want)
		}
	})
}

// TestDecodeBatchResult: what AppendJSON writes reads back the same, by the
// direct path when its strings need no escapes and by encoding/json when
// they do; anything else goes to encoding/json too.
func TestDecodeBatchResult(t *testing.T) {
	plain := BatchResult{Results: []ItemResult{
		{ID: "0193a1b2-0000-7000-8000-000000000001", Status: StatusAccepted},
		{ID: "0193a1b2-0000-7000-8000-000000000002", Status: StatusRejected, Reason: ReasonInvalid, Detail: "bậc đánh giá sai"},
		{ID: "x", Status: StatusDuplicate, Detail: "only a detail"},
	}}
	escaped := BatchResult{Results: []ItemResult{{ID: "a\"b", Status: StatusRejected, Detail: "line\nbreak"}}}
	for _, tt := range []struct {
		name string
		body string
		want BatchResult
		fast bool
	}{
		{"plain", string(append(plain.AppendJSON(nil), '\n')), plain, true},
		{"empty", `{"results":[]}`, BatchResult{Results: []ItemResult{}}, true},
		{"escaped", string(escaped.AppendJSON(nil)), escaped, false},
		{"spaced", `{ "results": [ {"id": "a", "status": "accepted"} ] }`,
			BatchResult{Results: []ItemResult{{ID: "a", Status: StatusAccepted}}}, false},
		{"keys reordered", `{"results":[{"status":"accepted","id":"a"}]}`,
			BatchResult{Results: []ItemResult{{ID: "a", Status: StatusAccepted}}}, false},
		{"null", `{"results":null}`, BatchResult{}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, fast := fastBatchResult([]byte(tt.body)); fast != tt.fast {
				t.Errorf("direct path taken: %v, want %v", fast, tt.fast)
			}
			got, err := DecodeBatchResult([]byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%+v, want %+v", got, tt.want)
			}
		})
	}
	for _, bad := range []string{``, `{"results":[`, `{"results":[{"id":"a","status":"accepted"}]`, `{"results":[{"id":"a","status":"accepted"}]}x`} {
		if _, err := DecodeBatchResult([]byte(bad)); err == nil {
			t.Errorf("%q decoded", bad)
		}
	}
}

// FuzzDecodeBatchResult: whenever the direct path reads a body, encoding/json
// reads the same result from it.
func FuzzDecodeBatchResult(f *testing.F) {
	f.Add([]byte(`{"results":[{"id":"a","status":"accepted"},{"id":"b","status":"rejected","reason":"conflict","detail":"d"}]}` + "\n"))
	f.Add([]byte(`{"results":[]}`))
	f.Add([]byte(`{"results":[{"id":"","status":"","reason":"","detail":""}]}`))
	f.Add([]byte(`{"results":[{"id":"a\u00e9","status":"accepted"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fast, ok := fastBatchResult(data)
		if !ok {
			return
		}
		var ref BatchResult
		if err := json.Unmarshal(data, &ref); err != nil {
			t.Fatalf("the direct path read %q, which encoding/json refuses: %v", data, err)
		}
		if !reflect.DeepEqual(fast, ref) {
			t.Fatalf("%q: direct %+v, encoding/json %+v", data, fast, ref)
		}
	})
}
