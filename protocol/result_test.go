package protocol

import (
	"bytes"
	"encoding/json"
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
		if got, want := r.AppendJSON(nil), encodingJSON(t, r); !bytes.Equal(got, want) {
			t.Errorf("AppendJSON\n%s\nencoding/json\n%s", got, want)
		}
	}
}

func FuzzBatchResultAppendJSON(f *testing.F) {
	f.Add("0193a1b2-0000-7000-8000-000000000001", StatusAccepted, "", "")
	f.Add("x\"y", StatusRejected, ReasonInvalid, "seq: \xff\u2029")
	f.Fuzz(func(t *testing.T, id, status, reason, detail string) {
		r := BatchResult{Results: []ItemResult{{ID: id, Status: status, Reason: reason, Detail: detail}, {ID: detail, Status: id}}}
		if got, want := r.AppendJSON(nil), encodingJSON(t, r); !bytes.Equal(got, want) {
			t.Errorf("AppendJSON\n%q\nencoding/json\n%q", got, want)
		}
	})
}
