package scoring

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"

	"hailong/kiosk/protocol"
	"hailong/kiosk/survey"
)

// MaxReasonCodeBytes bounds a reason code, as survey.Response.Validate
// bounds each reason of a response.
const MaxReasonCodeBytes = 64

// CheckReasonCode accepts 1 to 64 bytes of valid UTF-8 made of printable
// characters (letters, marks, digits, punctuation, symbols and the ASCII
// space): ';' and ',' included, since responses and exports carry reasons
// as JSON lists, never joined.
func CheckReasonCode(code string) error {
	switch {
	case code == "" || len(code) > MaxReasonCodeBytes:
		return fmt.Errorf("reason code %q: want 1 to %d bytes", Clip(code, 80), MaxReasonCodeBytes)
	case !utf8.ValidString(code):
		return fmt.Errorf("reason code %q is not UTF-8", Clip(code, 80))
	case strings.ContainsFunc(code, func(r rune) bool { return !unicode.IsPrint(r) }):
		return fmt.Errorf("reason code %q holds a control or other non-printable character", code)
	}
	return nil
}

// CheckReasons checks a centre's reasons: 1 to survey.MaxReasons of them
// (what fits on the kiosk's screen), each code valid and unique, each
// with Vietnamese and English text.
func CheckReasons(rs []protocol.Reason) error {
	var errs []error
	if len(rs) == 0 || len(rs) > survey.MaxReasons {
		errs = append(errs, fmt.Errorf("between 1 and %d reasons are needed, got %d", survey.MaxReasons, len(rs)))
	}
	seen := map[string]bool{}
	for i, r := range rs {
		if err := CheckReasonCode(r.Code); err != nil {
			errs = append(errs, fmt.Errorf("reason %d: %w", i+1, err))
		} else if seen[r.Code] {
			errs = append(errs, fmt.Errorf("reason %d: code %q appears twice", i+1, r.Code))
		}
		seen[r.Code] = true
		if err := checkName("vi", r.VI); err != nil {
			errs = append(errs, fmt.Errorf("reason %d (%s): %w", i+1, Clip(r.Code, 80), err))
		}
		if err := checkName("en", r.EN); err != nil {
			errs = append(errs, fmt.Errorf("reason %d (%s): %w", i+1, Clip(r.Code, 80), err))
		}
	}
	return errors.Join(errs...)
}

// ParseReasons reads a centre's reasons from a small file named name: JSON
// (a list of {"code", "vi", "en"}, or {"reasons": [...]}) when it ends in
// .json, otherwise TOML ([[reasons]] tables with code, vi and en, as in the
// kiosk's own configuration file). Unknown fields are refused.
func ParseReasons(name string, data []byte) ([]protocol.Reason, error) {
	type reason struct {
		Code string `json:"code" toml:"code"`
		VI   string `json:"vi" toml:"vi"`
		EN   string `json:"en" toml:"en"`
	}
	var doc struct {
		Reasons []reason `json:"reasons" toml:"reasons"`
	}
	var err error
	if strings.EqualFold(filepath.Ext(name), ".json") {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '[' {
			err = dec.Decode(&doc.Reasons)
		} else {
			err = dec.Decode(&doc)
		}
	} else {
		err = toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields().Decode(&doc)
	}
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		return nil, fmt.Errorf("reasons file %s: unknown field:\n%s", name, strict.String())
	}
	if err != nil {
		return nil, fmt.Errorf("reasons file %s: %w", name, err)
	}
	out := make([]protocol.Reason, 0, len(doc.Reasons))
	for _, r := range doc.Reasons {
		out = append(out, protocol.Reason{Code: r.Code, VI: strings.TrimSpace(r.VI), EN: strings.TrimSpace(r.EN)})
	}
	if err := CheckReasons(out); err != nil {
		return nil, fmt.Errorf("reasons file %s: %w", name, err)
	}
	return out, nil
}

// ParseMapping reads a mapping of scale from "raw=level,raw=level" (e.g.
// "2=dissatisfied" for face4, whose neutral face counts as satisfied by
// default): the raw values given override the scale's default mapping.
// "" is no override.
func ParseMapping(scale, spec string) (map[string]string, error) {
	if strings.TrimSpace(spec) == "" {
		return nil, nil
	}
	m := map[string]string{}
	for _, part := range strings.Split(spec, ",") {
		raw, level, ok := strings.Cut(strings.TrimSpace(part), "=")
		raw, level = strings.TrimSpace(raw), strings.TrimSpace(level)
		if !ok || raw == "" || level == "" {
			return nil, fmt.Errorf("mapping %q: want raw=level pairs separated by commas, e.g. 2=dissatisfied", spec)
		}
		if n, err := strconv.Atoi(raw); err == nil {
			raw = strconv.Itoa(n) // "02" and "2" are one raw value
		}
		if _, dup := m[raw]; dup {
			return nil, fmt.Errorf("mapping %q: raw value %s appears twice", spec, raw)
		}
		m[raw] = level
	}
	if err := CheckMapping(scale, m); err != nil {
		return nil, err
	}
	return m, nil
}

// CheckMapping checks that m overrides only raw values of scale, with
// known levels.
func CheckMapping(scale string, m map[string]string) error {
	if scale == "" {
		scale = survey.ScaleLegal3
	}
	if _, err := protocol.ScaleWithMapping(scale, m); err != nil {
		return fmt.Errorf("mapping for scale %s: %w", scale, err)
	}
	return nil
}
