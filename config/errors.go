package config

import (
	"cmp"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	toml "github.com/pelletier/go-toml/v2"
)

// problem is one thing wrong with a decoded file, at a key path (see
// keyIndex). atValue says whether the value, rather than the key, is wrong.
type problem struct {
	path    string
	atValue bool
	msg     string
}

// fileError is one problem located in a file. Its message reads like a
// compiler's, "kiosk.toml:12:9: scale.name: unknown scale …", so that editors
// and people find the line.
type fileError struct {
	file string
	at   pos
	key  string // dotted key without array indexes, "" for the whole file
	msg  string
}

func (e *fileError) Error() string {
	var b strings.Builder
	b.WriteString(e.file)
	if e.at.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.at.Line)
		if e.at.Col > 0 {
			fmt.Fprintf(&b, ":%d", e.at.Col)
		}
	}
	b.WriteString(": ")
	if e.key != "" {
		b.WriteString(e.key + ": ")
	}
	b.WriteString(e.msg)
	return b.String()
}

// locate turns problems into file errors sorted by position, unplaced ones
// last, joined into one error.
func locate(file string, data []byte, probs []problem) error {
	if len(probs) == 0 {
		return nil
	}
	ix := indexKeys(data)
	errs := make([]*fileError, 0, len(probs))
	for _, p := range probs {
		errs = append(errs, &fileError{file: file, at: ix.lookup(p.path, p.atValue), key: displayKey(p.path), msg: p.msg})
	}
	slices.SortStableFunc(errs, func(a, b *fileError) int {
		if (a.at.Line == 0) != (b.at.Line == 0) {
			if a.at.Line == 0 {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(a.at.Line, b.at.Line), cmp.Compare(a.at.Col, b.at.Col))
	})
	joined := make([]error, len(errs))
	for i, e := range errs {
		joined[i] = e
	}
	return errors.Join(joined...)
}

// displayKey drops array indexes from a path: the line number already says
// which item, and people do not count [[officers]] from zero.
func displayKey(path string) string {
	var b strings.Builder
	depth := 0
	for _, r := range path {
		switch {
		case r == '[':
			depth++
		case r == ']':
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// decodeError rewrites an error from go-toml into file errors, keeping the
// positions go-toml found.
func decodeError(file string, err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		errs := make([]error, 0, len(strict.Errors))
		for i := range strict.Errors {
			errs = append(errs, fromDecodeError(file, &strict.Errors[i]))
		}
		return errors.Join(errs...)
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		return fromDecodeError(file, de)
	}
	return fmt.Errorf("%s: %w", file, err)
}

func fromDecodeError(file string, de *toml.DecodeError) *fileError {
	line, col := de.Position()
	return &fileError{file: file, at: pos{Line: line, Col: col}, key: strings.Join(de.Key(), "."), msg: friendly(de.Error())}
}

var wrongType = regexp.MustCompile(`^cannot decode TOML (.+?) into .* of type (\S+)$`)

// friendly turns go-toml's messages, written for Go programmers, into ones
// for the technician editing the file. Messages it does not know pass
// through.
func friendly(msg string) string {
	msg = strings.TrimPrefix(msg, "toml: ")
	if msg == "unknown field" {
		return "unknown key (see kiosk.sample.toml for the keys)"
	}
	m := wrongType.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	got, want := m[1], goTypeName(m[2])
	out := fmt.Sprintf("want %s, got a TOML %s", want, got)
	if want == "a string" && got != "array" && got != "table" {
		out += " (put the value in double quotes)"
	}
	return out
}

// goTypeName names the TOML shape a Go field type of document expects.
func goTypeName(t string) string {
	t = strings.TrimLeft(t, "*")
	switch {
	case t == "string":
		return "a string"
	case t == "int":
		return "a whole number"
	case strings.HasPrefix(t, "[]"):
		return "an array"
	default: // maps and structs
		return "a table"
	}
}
