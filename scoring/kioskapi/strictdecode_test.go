package kioskapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/protocol"
	"hailong/kiosk/survey"
)

const testBatchID = "019ab3c4-0000-7000-8000-000000000000"

// oneRecord is one valid response record as a kiosk writes it.
func oneRecord() string {
	r := survey.Response{ID: "019ab3c2-0000-7000-8000-000000000001", KioskID: "k1", Seq: 1, PrevHash: survey.GenesisHash,
		CentreID: "qn-hcc", CounterID: "1", OfficerID: "cb01", Scale: survey.ScaleLegal3, RawValue: 1,
		Level: survey.Dissatisfied, Reasons: []string{"a;b", "c,d"}, Outcome: survey.OutcomeSubmitted, Lang: "vi",
		Ticket: "A012", CreatedAt: "2025-11-24T09:00:02.500+07:00", DurationMS: 2500, AppVersion: "0.1.0", ConfigVersion: "demo-1"}
	r.Hash = r.ComputeHash()
	return string(r.AppendJSON(nil))
}

// withRecord is a batch holding one record.
func withRecord(rec string) string {
	return `{"batch_id":"` + testBatchID + `","responses":[` + rec + `]}`
}

// TestDecodeBatchRefusesMalformedBatches: what docs/API.md §6 answers 400,
// storing nothing.
func TestDecodeBatchRefusesMalformedBatches(t *testing.T) {
	rec := oneRecord()
	for name, body := range map[string]string{
		"empty object":             `{}`,
		"no responses":             `{"batch_id":"` + testBatchID + `"}`,
		"no batch_id":              `{"responses":[]}`,
		"null responses":           `{"batch_id":"` + testBatchID + `","responses":null}`,
		"null batch_id":            `{"batch_id":null,"responses":[]}`,
		"batch_id not a string":    `{"batch_id":7,"responses":[]}`,
		"batch_id not a UUID":      `{"batch_id":"b","responses":[]}`,
		"batch_id of 81 bytes":     `{"batch_id":"` + strings.Repeat("a", 81) + `","responses":[]}`,
		"batch_id upper case":      `{"batch_id":"` + strings.ToUpper(testBatchID) + `","responses":[]}`,
		"responses an object":      `{"batch_id":"` + testBatchID + `","responses":{}}`,
		"batch_id twice":           `{"batch_id":"` + testBatchID + `","batch_id":"` + testBatchID + `","responses":[]}`,
		"responses twice":          `{"batch_id":"` + testBatchID + `","responses":[],"responses":[` + rec + `]}`,
		"not an object":            `[]`,
		"null":                     `null`,
		"invalid UTF-8 in a text":  withRecord(strings.Replace(rec, `"A012"`, "\"A\xff12\"", 1)),
		"invalid UTF-8 in a key":   "{\"batch_id\":\"" + testBatchID + "\",\"\xff\":1,\"responses\":[]}",
		"invalid UTF-8 by escapes": withRecord(strings.Replace(rec, `"A012"`, "\"A\\u0041\xc3\"", 1)),
		"trailing data":            withRecord(rec) + "x",
	} {
		_, _, err := decodeBatch([]byte(body))
		var ae *apiError
		if !errors.As(err, &ae) || ae.code != protocol.CodeBadRequest {
			t.Errorf("%s: err = %v, want %s", name, err, protocol.CodeBadRequest)
		}
	}
}

// TestDecodeBatchRefusesMalformedItems: what docs/API.md §6 rejects item
// by item, reason invalid, while the batch and its other items stand.
func TestDecodeBatchRefusesMalformedItems(t *testing.T) {
	rec := oneRecord()
	cases := []struct {
		name, item, want string
	}{
		{"missing ticket", strings.Replace(rec, `"ticket":"A012",`, "", 1), "ticket"},
		{"missing everything", `{}`, "missing"},
		{"an extra member", strings.Replace(rec, `{"id"`, `{"note":"x","id"`, 1), "note"},
		{"a member twice", strings.Replace(rec, `"seq":1,`, `"seq":1,"seq":2,`, 1), "twice"},
		{"a member twice, escaped", strings.Replace(rec, `"seq":1,`, `"seq":1,"s\u0065q":2,`, 1), "twice"},
		{"reasons null", strings.Replace(rec, `"reasons":["a;b","c,d"]`, `"reasons":null`, 1), "null"},
		{"ticket null", strings.Replace(rec, `"ticket":"A012"`, `"ticket":null`, 1), "null"},
		{"seq null", strings.Replace(rec, `"seq":1`, `"seq":null`, 1), "null"},
		{"a lone high surrogate", strings.Replace(rec, `"A012"`, `"A\ud800"`, 1), "surrogate"},
		{"a lone low surrogate", strings.Replace(rec, `"A012"`, `"\udc00A"`, 1), "surrogate"},
		{"a high surrogate before another escape", strings.Replace(rec, `"A012"`, `"\ud800\n"`, 1), "surrogate"},
		{"two high surrogates", strings.Replace(rec, `"A012"`, `"\ud800\ud800"`, 1), "surrogate"},
		{"a lone surrogate in a reason", strings.Replace(rec, `"a;b"`, `"\uDBFF"`, 1), "surrogate"},
		{"a lone surrogate in a key", strings.Replace(rec, `{"id"`, `{"\ud800":1,"id"`, 1), "surrogate"},
		{"null", `null`, "object"},
		{"a number", `1`, "object"},
		{"an array", `["x"]`, "object"},
		{"a string seq", strings.Replace(rec, `"seq":1`, `"seq":"1"`, 1), "seq"},
		{"a fraction", strings.Replace(rec, `"seq":1`, `"seq":1.0`, 1), "seq"},
		{"an exponent", strings.Replace(rec, `"raw_value":1`, `"raw_value":1e0`, 1), "raw_value"},
		{"a reason not a string", strings.Replace(rec, `"a;b"`, `7`, 1), "reasons"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := `{"batch_id":"` + testBatchID + `","responses":[` + rec + `,` + c.item + `]}`
			b, refused, err := decodeBatch([]byte(body))
			if err != nil {
				t.Fatalf("the whole batch refused: %v", err)
			}
			if len(b.Responses) != 2 {
				t.Fatalf("%d responses", len(b.Responses))
			}
			if msg, ok := refused[0]; ok {
				t.Errorf("the good item refused too: %s", msg)
			}
			msg, ok := refused[1]
			if !ok {
				t.Fatalf("item taken: %+v", b.Responses[1])
			}
			if !strings.Contains(msg, c.want) {
				t.Errorf("refused with %q, want it to mention %q", msg, c.want)
			}
			if strings.HasPrefix(c.item, "{\"id\"") && b.Responses[1].ID != "019ab3c2-0000-7000-8000-000000000001" {
				t.Errorf("id %q not given back", b.Responses[1].ID)
			}
		})
	}
}

// TestDecodeBatchTakesWhatJSONAllows: escapes, white space, a surrogate
// pair and unknown batch members are all fine, and decode to the record
// the plain form gives.
func TestDecodeBatchTakesWhatJSONAllows(t *testing.T) {
	rec := oneRecord()
	plain, refused, err := decodeBatch([]byte(withRecord(rec)))
	if err != nil || len(refused) != 0 {
		t.Fatalf("plain batch: %v %v", err, refused)
	}
	emoji := strings.Replace(rec, `"A012"`, `"A😀"`, 1)
	want, _, err := decodeBatch([]byte(withRecord(emoji)))
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"unknown batch member": `{"batch_id":"` + testBatchID + `","kiosk_hint":{"a":[1,2]},"responses":[` + rec + `]}`,
		"escaped letters":      withRecord(strings.Replace(rec, `"A012"`, `"\u0041\u0030\u0031\u0032"`, 1)),
		"escaped slash":        withRecord(strings.Replace(rec, `"qn-hcc"`, `"qn\u002dhcc"`, 1)),
		"white space":          "\n{ \"batch_id\" : \"" + testBatchID + "\" ,\t\"responses\" : [ " + rec + " ] }\r\n",
	} {
		b, refused, err := decodeBatch([]byte(body))
		if err != nil || len(refused) != 0 {
			t.Errorf("%s: %v %v", name, err, refused)
			continue
		}
		if len(b.Responses) != 1 || b.Responses[0].Hash != plain.Responses[0].Hash || b.Responses[0].Validate() != nil {
			t.Errorf("%s: decoded %+v", name, b.Responses)
		}
	}
	pair := strings.Replace(rec, `"A012"`, `"A\ud83d\ude00"`, 1)
	b, refused, err := decodeBatch([]byte(withRecord(pair)))
	if err != nil || len(refused) != 0 || b.Responses[0].Ticket != want.Responses[0].Ticket {
		t.Errorf("surrogate pair: %v %v %q", err, refused, b.Responses[0].Ticket)
	}
	empty, refused, err := decodeBatch([]byte(`{"batch_id":"` + testBatchID + `","responses":[]}`))
	if err != nil || len(refused) != 0 || len(empty.Responses) != 0 {
		t.Errorf("empty batch: %v %v %+v", err, refused, empty)
	}
}

// TestRefuseFuture: a created_at more than a day ahead of the server's
// clock is refused, whatever its offset; earlier ones, however old, pass.
func TestRefuseFuture(t *testing.T) {
	now := time.Date(2025, 11, 24, 2, 0, 0, 0, time.UTC)
	cases := map[string]bool{
		"2025-11-24T09:00:00.000+07:00": false, // now
		"2025-11-25T01:59:59.999Z":      false, // 24 h ahead, just
		"2025-11-25T15:59:00.000+14:00": false, // the same instant, far east
		"2025-11-24T13:59:00.000-12:00": false, // and far west
		"2025-11-25T02:00:00.001Z":      true,
		"2025-11-25T16:00:00.001+14:00": true,
		"2025-11-24T14:00:00.001-12:00": true,
		"2099-12-31T23:59:59.999+07:00": true,
		"2024-01-01T00:00:00.000Z":      false,
		"not a time":                    false, // Validate's to refuse
	}
	var rs []survey.Response
	var want []bool
	for at, future := range cases {
		rs = append(rs, survey.Response{CreatedAt: at})
		want = append(want, future)
	}
	refused := refuseFuture(rs, nil, now)
	for i, r := range rs {
		if _, got := refused[i]; got != want[i] {
			t.Errorf("%s: refused %v, want %v", r.CreatedAt, got, want[i])
		}
	}
	kept := map[int]string{0: "earlier"}
	if refuseFuture(rs[:1], kept, now)[0] != "earlier" {
		t.Error("an earlier refusal was overwritten")
	}
}

// strictRef decodes a batch with encoding/json into the plain structure,
// as FuzzDecoders' reference.
func strictRef(body []byte) (protocol.Batch, error) {
	var b protocol.Batch
	err := json.NewDecoder(bytes.NewReader(body)).Decode(&b)
	return b, err
}
