package main

// The server's configuration file (--config FILE, the package installs
// /etc/hailong/scoring-server.toml): a flat TOML file whose every key is a
// flag of the same name with "_" for "-" (addr, db, tls_cert, rate, …),
// plus public_url for enrol-code's --server-url. A command takes from the
// file the keys it has flags for and leaves the rest to the others; a flag
// given on the command line wins over the file, and the file over
// $SCORING_DB and the built-in defaults. config/scoring-server.toml lists
// every key; a test keeps the two in step.

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	toml "github.com/pelletier/go-toml/v2"
)

// keyFlags maps the keys whose flag has another name.
var keyFlags = map[string]string{"public_url": "server-url"}

// configKind is what a key's value must be.
type configKind int

const (
	kindString configKind = iota
	kindInt
	kindFloat
	kindDuration
)

// configKeys are the keys the file may hold and the kind of each: every
// serve flag, the database and the public URL.
func configKeys() map[string]configKind {
	fs := flag.NewFlagSet("keys", flag.ContinueOnError)
	fs.String("db", "", "")
	fs.String("server-url", "", "")
	addServeFlags(fs)
	keys := map[string]configKind{}
	fs.VisitAll(func(f *flag.Flag) {
		key := strings.ReplaceAll(f.Name, "-", "_")
		for k, name := range keyFlags {
			if name == f.Name {
				key = k
			}
		}
		switch f.Value.(flag.Getter).Get().(type) {
		case int:
			keys[key] = kindInt
		case float64:
			keys[key] = kindFloat
		case time.Duration:
			keys[key] = kindDuration
		default:
			keys[key] = kindString
		}
	})
	return keys
}

// flagOf is the flag a key sets.
func flagOf(key string) string {
	if f, ok := keyFlags[key]; ok {
		return f
	}
	return strings.ReplaceAll(key, "_", "-")
}

// configError is a configuration file that cannot be used: exit status 2,
// like a wrong flag. Its message names the file, the line when known, what
// is wrong and what to do, in Vietnamese then English.
type configError struct{ msg string }

func (e configError) Error() string { return e.msg }

// applyConfigFile sets, from the file named by fs's --config flag, each
// flag of fs that the command line left alone.
func applyConfigFile(fs *flag.FlagSet) error {
	cf := fs.Lookup("config")
	if cf == nil || cf.Value.String() == "" {
		return nil
	}
	file := cf.Value.String()
	values, lines, err := readConfigFile(file)
	if err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var errs []string
	for _, key := range sortedKeys(values) {
		name := flagOf(key)
		if fs.Lookup(name) == nil || given[name] {
			continue
		}
		if err := fs.Set(name, values[key]); err != nil {
			errs = append(errs, fmt.Sprintf("%s: %s = %q: giá trị không dùng được (%v); hãy sửa dòng này / %s = %q: unusable value (%v); fix this line",
				where(file, lines[key]), key, values[key], err, key, values[key], err))
		}
	}
	if len(errs) > 0 {
		return configError{strings.Join(errs, "\n")}
	}
	return nil
}

// readConfigFile reads and checks the whole file, every key against
// configKeys whichever command reads it, and returns each value as a flag
// would take it and each key's line.
func readConfigFile(file string) (map[string]string, map[string]int, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		what, todo := "lỗi đọc", "kiểm tra quyền đọc tệp"
		whatEN, todoEN := "read error", "check that it can be read"
		if errors.Is(err, fs.ErrNotExist) {
			what, todo = "không có tệp này", "kiểm tra đường dẫn sau --config (gói cài đặt đặt tệp mẫu ở /etc/hailong/scoring-server.toml)"
			whatEN, todoEN = "no such file", "check the path given to --config (the package installs one as /etc/hailong/scoring-server.toml)"
		}
		return nil, nil, configError{fmt.Sprintf("%s: không đọc được tệp cấu hình: %s; %s / cannot read the configuration file: %s; %s (%v)",
			file, what, todo, whatEN, todoEN, err)}
	}
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		line := 0
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, _ = de.Position()
		}
		return nil, nil, configError{fmt.Sprintf("%s: tệp cấu hình không phải TOML hợp lệ (%v); hãy sửa dòng này / the configuration file is not valid TOML (%v); fix this line",
			where(file, line), err, err)}
	}
	kinds := configKeys()
	values, lines := map[string]string{}, map[string]int{}
	var errs []string
	for _, key := range sortedKeys(doc) {
		lines[key] = keyLine(data, key)
		at := where(file, lines[key])
		kind, ok := kinds[key]
		if !ok {
			hint := "các khóa dùng được: " + strings.Join(sortedKeys(kinds), ", ")
			hintEN := "the keys are: " + strings.Join(sortedKeys(kinds), ", ")
			if near := nearestKey(key, kinds); near != "" {
				hint, hintEN = fmt.Sprintf("có phải là %q?", near), fmt.Sprintf("did you mean %q?", near)
			}
			errs = append(errs, fmt.Sprintf("%s: khóa %q không có trong cấu hình máy chủ (%s); hãy sửa hoặc xoá dòng này / unknown key %q (%s); fix or remove this line",
				at, key, hint, key, hintEN))
			continue
		}
		v, ok := configValue(doc[key], kind)
		if !ok {
			vi, en := kindWords(kind)
			errs = append(errs, fmt.Sprintf("%s: %s phải là %s / %s must be %s",
				at, key, vi, key, en))
			continue
		}
		values[key] = v
	}
	if len(errs) > 0 {
		return nil, nil, configError{strings.Join(errs, "\n")}
	}
	return values, lines, nil
}

// configValue turns a TOML value into a flag's text if it is of kind.
func configValue(v any, kind configKind) (string, bool) {
	switch kind {
	case kindString:
		s, ok := v.(string)
		return s, ok
	case kindDuration:
		s, ok := v.(string)
		if !ok {
			return "", false
		}
		_, err := time.ParseDuration(s)
		return s, err == nil
	case kindInt:
		n, ok := v.(int64)
		return fmt.Sprint(n), ok
	case kindFloat:
		switch n := v.(type) {
		case int64:
			return fmt.Sprint(n), true
		case float64:
			return fmt.Sprint(n), true
		}
	}
	return "", false
}

// kindWords says what a kind of value looks like, in Vietnamese and English.
func kindWords(kind configKind) (vi, en string) {
	switch kind {
	case kindInt:
		return "một số nguyên, ví dụ 40", "a whole number, e.g. 40"
	case kindFloat:
		return "một số, ví dụ 20 hoặc 0.5", "a number, e.g. 20 or 0.5"
	case kindDuration:
		return `một khoảng thời gian trong ngoặc kép, ví dụ "30s", "1m" hoặc "24h"`, `a duration in quotes, e.g. "30s", "1m" or "24h"`
	}
	return `một chuỗi trong ngoặc kép, ví dụ "…"`, `a string in quotes, e.g. "…"`
}

// where is "file:line", or the file alone when the line is unknown.
func where(file string, line int) string {
	if line > 0 {
		return fmt.Sprintf("%s:%d", file, line)
	}
	return file
}

// keyLine is the line where key is set at the top of a flat file, or where
// its table starts; 0 when not found.
func keyLine(data []byte, key string) int {
	re := regexp.MustCompile(`^\s*(\[\s*)?("?)` + regexp.QuoteMeta(key) + `("?)\s*(=|\])`)
	for i, l := range strings.Split(string(data), "\n") {
		if re.MatchString(l) {
			return i + 1
		}
	}
	return 0
}

// nearestKey is the known key that key begins with ("address": addr) or
// that is one or two edits away from it, if any.
func nearestKey(key string, kinds map[string]configKind) string {
	key = strings.ReplaceAll(key, "-", "_")
	best, bestD := "", 3
	for _, k := range sortedKeys(kinds) {
		if strings.HasPrefix(key, k) && len(k) >= 4 {
			return k
		}
		if d := editDistance(key, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// editDistance is Levenshtein's distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
