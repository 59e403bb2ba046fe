// Package fynelocale keeps Fyne from printing "Fyne error: Error parsing
// user locale C" under LANG=C.UTF-8 (Debian's default) without LANGUAGE.
//
// Fyne's lang package reads the locale in its own init, before main runs:
// it takes "C.UTF-8" for a language tag "C" and logs the failure on every
// start of every command, even `kiosk help`. Only a package initialised
// before fyne.io/fyne/v2/lang can change the environment in time. Go
// initialises packages in import-path order among those whose imports are
// ready (the language spec, "Package initialization"), so this package
// lives in a module of its own whose path sorts before "fyne.io"
// (go.mod replaces it with this directory), and imports only os.
//
// It sets LANGUAGE=vi, the kiosk's language, only when LANGUAGE is unset
// and the locale in force is C or POSIX with an encoding or modifier: that
// is exactly the case Fyne's locale lookup mistakes for a language "C".
package fynelocale

import (
	"os"
	"strings"
)

// Language is the LANGUAGE set for Fyne when the locale names none.
const Language = "vi"

func init() {
	if Needed(os.Getenv) {
		os.Setenv("LANGUAGE", Language)
	}
}

// Needed reports whether the environment read by getenv makes Fyne parse
// "C" as a language: the first of LC_ALL, LC_MESSAGES and LANG that is set
// is C or POSIX followed by ".encoding" or "@modifier", and LANGUAGE is
// unset. (A plain "C" or "POSIX" Fyne understands as no locale.)
func Needed(getenv func(string) string) bool {
	if getenv("LANGUAGE") != "" {
		return false
	}
	var loc string
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if loc = getenv(k); loc != "" {
			break
		}
	}
	base, _, _ := strings.Cut(loc, ".")
	base, _, _ = strings.Cut(base, "@")
	return loc != base && (base == "C" || base == "POSIX")
}
