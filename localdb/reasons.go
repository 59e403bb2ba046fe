package localdb

import (
	"encoding/json"
	"unicode/utf8"
)

// decodeReasons decodes the reasons column, a JSON array of strings as
// json.Marshal wrote it. The usual forms, [] and strings with nothing to
// unescape, are cut out of s in place (one allocation for the slice);
// anything else goes to encoding/json. Either way the result is what
// json.Unmarshal gives, except that it is never nil. Reading the outbox
// decodes one per response, and encoding/json's reflection was a tenth of
// the read.
func decodeReasons(s string) ([]string, error) {
	if s == "[]" {
		return []string{}, nil
	}
	if out, ok := splitPlain(s); ok {
		return out, nil
	}
	var out []string
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, err
	}
	if out == nil {
		out = []string{}
	}
	return out, nil
}

// splitPlain splits a compact JSON array of strings that need no
// unescaping: no backslash, no control byte, valid UTF-8. ok is false for
// anything else, which the caller hands to encoding/json.
func splitPlain(s string) (out []string, ok bool) {
	if len(s) < 4 || s[0] != '[' || s[len(s)-1] != ']' {
		return nil, false
	}
	body := s[1 : len(s)-1]
	for {
		if len(body) < 2 || body[0] != '"' {
			return nil, false
		}
		end := 1
		for ; end < len(body) && body[end] != '"'; end++ {
			if c := body[end]; c == '\\' || c < 0x20 {
				return nil, false
			}
		}
		if end == len(body) {
			return nil, false
		}
		v := body[1:end]
		if !utf8.ValidString(v) {
			return nil, false // encoding/json would write U+FFFD for the bad bytes
		}
		out = append(out, v)
		body = body[end+1:]
		if body == "" {
			return out, true
		}
		if body[0] != ',' {
			return nil, false
		}
		body = body[1:]
	}
}
