package survey

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestCSVHeaderFollowsTheStruct: the header is every JSON field in order,
// and each record value is that field's value.
func TestCSVHeaderFollowsTheStruct(t *testing.T) {
	typ := reflect.TypeOf(Response{})
	h := CSVHeader()
	if len(h) != typ.NumField() {
		t.Fatalf("%d columns for %d fields", len(h), typ.NumField())
	}
	r := Response{ID: "i", KioskID: "k", Seq: 7, PrevHash: "p", Hash: "h", CentreID: "c", CounterID: "q", OfficerID: "o",
		Scale: "legal3", RawValue: 2, Level: Satisfied, Reasons: []string{"a", "b"}, Outcome: OutcomeTimeout, FilterReason: "repeat",
		InvitationID: "v", Ticket: "t", DossierCode: "d", Lang: "en", CreatedAt: "x", DurationMS: 9, AppVersion: "av", ConfigVersion: "cv"}
	var asMap map[string]any
	b, _ := json.Marshal(r)
	json.Unmarshal(b, &asMap)
	rec := r.CSVRecord()
	for i := 0; i < typ.NumField(); i++ {
		name := typ.Field(i).Tag.Get("json")
		if h[i] != name {
			t.Fatalf("column %d is %q, field is %q", i, h[i], name)
		}
		want := asMap[name]
		switch v := want.(type) {
		case []any:
			want = `["a","b"]`
		case float64:
			want = json.Number(string(mustJSON(v))).String()
		}
		if rec[i] != want {
			t.Fatalf("column %s = %q, want %v", name, rec[i], want)
		}
	}
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
