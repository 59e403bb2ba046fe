package dashboard

import (
	"fmt"
	"net/http"
)

// Lang is a language of the dashboard: Vietnamese first, English beside.
type Lang string

// The dashboard's languages.
const (
	VI Lang = "vi"
	EN Lang = "en"
)

// Langs lists the languages in the order of the toggle.
var Langs = []Lang{VI, EN}

// T returns the message key in the language, formatted with args like
// fmt.Sprintf. A missing key returns the key itself, which the catalogue
// test forbids, so it shows in development rather than as a blank.
func (l Lang) T(key string, args ...any) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	s := m.vi
	if l == EN {
		s = m.en
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Comma reports whether numbers are written with a decimal comma.
func (l Lang) Comma() bool { return l != EN }

// langCookie remembers the chosen language across pages.
const langCookie = "lang"

// requestLang returns the language of a request: the lang parameter, else
// the lang cookie, else Vietnamese. A bad lang parameter is an error (a
// 400 page), a bad cookie is ignored (the user cannot see it to fix it).
func requestLang(r *http.Request) (Lang, error) {
	if v, ok := r.URL.Query()["lang"]; ok && len(v) > 0 {
		return ParseLang("lang", v[0])
	}
	if c, err := r.Cookie(langCookie); err == nil {
		if l, err := ParseLang("lang", c.Value); err == nil {
			return l, nil
		}
	}
	return VI, nil
}
