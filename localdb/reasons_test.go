package localdb

import (
	"encoding/json"
	"reflect"
	"testing"
)

var reasonsCases = []string{
	`[]`, `["a"]`, `["wait","rude"]`, `["Thái độ chưa lịch sự","Thời gian chờ lâu"]`, `[""]`, `["",""]`,
	`["\u003cb\u003e"]`, `["a\"b"]`, `["a\\b"]`, `["\n"]`, `["\u2028"]`, "[\"\xff\"]", "[\"a\x01\"]",
	`null`, `[1]`, `["a",]`, `["a" ,"b"]`, `[ "a"]`, `["a"`, `"a"]`, `[]]`, `["a"]x`, `{}`, `["a","b",1]`, `[""""]`,
	`["a"]`, "[\"\x7f\"]", `["<>&"]`, `["日本"]`, `[","]`, `["]"]`, `["[\"]"]`,
}

// TestDecodeReasonsMatchesEncodingJSON holds the fast path to what
// json.Unmarshal makes of the same column.
func TestDecodeReasonsMatchesEncodingJSON(t *testing.T) {
	for _, s := range reasonsCases {
		checkReasons(t, s)
	}
}

func FuzzDecodeReasons(f *testing.F) {
	for _, s := range reasonsCases {
		f.Add(s)
	}
	f.Fuzz(checkReasons)
}

func checkReasons(t *testing.T, s string) {
	t.Helper()
	var want []string
	wantErr := json.Unmarshal([]byte(s), &want)
	if wantErr == nil && want == nil {
		want = []string{}
	}
	got, err := decodeReasons(s)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("decodeReasons(%q) error %v, json.Unmarshal %v", s, err, wantErr)
	}
	if err == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeReasons(%q) = %q, json.Unmarshal %q", s, got, want)
	}
}
