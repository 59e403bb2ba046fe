package protocol

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// DecodeBatchResult decodes the answer to a batch. The answers servers
// send in practice (BatchResult.AppendJSON's shape: the keys in order,
// strings without escapes) are read directly, several times faster than by
// encoding/json, which reads anything else and is the reference: the fuzz
// test checks that whenever the direct reading succeeds, encoding/json
// gives the same result.
func DecodeBatchResult(data []byte) (BatchResult, error) {
	if r, ok := fastBatchResult(data); ok {
		return r, nil
	}
	var r BatchResult
	err := json.Unmarshal(data, &r)
	return r, err
}

// fastBatchResult reads {"results":[{"id":…,"status":…[,"reason":…][,"detail":…]},…]}
// followed by optional whitespace, with every string free of escapes and
// valid UTF-8; it reports false on anything else.
func fastBatchResult(data []byte) (BatchResult, bool) {
	c := resultCursor{s: string(data)}
	if !c.lit(`{"results":[`) {
		return BatchResult{}, false
	}
	r := BatchResult{Results: make([]ItemResult, 0, strings.Count(c.s, `{"id":`))}
	if !c.lit("]") {
		for {
			var it ItemResult
			ok := c.lit(`{"id":`) && c.str(&it.ID) && c.lit(`,"status":`) && c.str(&it.Status)
			if ok && c.lit(`,"reason":`) {
				ok = c.str(&it.Reason)
			}
			if ok && c.lit(`,"detail":`) {
				ok = c.str(&it.Detail)
			}
			if !ok || !c.lit("}") {
				return BatchResult{}, false
			}
			r.Results = append(r.Results, it)
			if c.lit("]") {
				break
			}
			if !c.lit(",") {
				return BatchResult{}, false
			}
		}
	}
	if !c.lit("}") || strings.TrimLeft(c.s[c.pos:], " \t\r\n") != "" {
		return BatchResult{}, false
	}
	// encoding/json reads an empty optional string as absent: the same.
	return r, true
}

// resultCursor reads a string from the start.
type resultCursor struct {
	s   string
	pos int
}

// lit consumes lit if the text continues with it.
func (c *resultCursor) lit(lit string) bool {
	if !strings.HasPrefix(c.s[c.pos:], lit) {
		return false
	}
	c.pos += len(lit)
	return true
}

// str reads a JSON string without escapes or control characters into dst,
// as a slice of the text.
func (c *resultCursor) str(dst *string) bool {
	if !c.lit(`"`) {
		return false
	}
	end := strings.IndexByte(c.s[c.pos:], '"')
	if end < 0 {
		return false
	}
	v := c.s[c.pos : c.pos+end]
	for i := 0; i < len(v); i++ {
		if v[i] < 0x20 || v[i] == '\\' {
			return false
		}
	}
	if !utf8.ValidString(v) {
		return false
	}
	*dst = v
	c.pos += end + 1
	return true
}
