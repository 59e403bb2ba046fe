// Package config loads the kiosk's configuration from a TOML file into a
// survey.Config, and carries the embedded demo centre that the kiosk runs
// when it is started without --config.
//
// Errors name the file, line and column and the key, the way a compiler
// does ("kiosk.toml:12:9: scale.name: unknown scale …"), because the person
// who reads them is a technician with a text editor at a service counter.
// kiosk.sample.toml documents every key.
package config

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	toml "github.com/pelletier/go-toml/v2"

	"hailong/kiosk/survey"
)

// demoFS holds the demo centre and its officers' photos.
//
//go:embed demo.toml demo
var demoFS embed.FS

// Load reads, checks and validates the configuration file at path. Relative
// photo paths in it resolve against the file's directory. Every problem
// found is reported, each on its own line of the error.
func Load(path string) (survey.Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return survey.Config{}, fmt.Errorf("load config: %w", err)
	}
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return survey.Config{}, fmt.Errorf("load config %s: %w", path, err)
	}
	return parse(path, data, photoResolver{dir: dir})
}

// Demo returns the embedded demo centre, loaded through the same path as a
// file. The demo file is fixed at build time and checked by the tests, so a
// failure here is a programming error and panics, like template.Must.
func Demo() survey.Config {
	data, err := demoFS.ReadFile("demo.toml")
	if err != nil {
		panic(fmt.Sprintf("config: read embedded demo: %v", err))
	}
	cfg, err := parse("demo.toml", data, photoResolver{})
	if err != nil {
		panic(fmt.Sprintf("config: embedded demo is invalid: %v", err))
	}
	cfg.Demo = true
	return cfg
}

// parse decodes data (named name in errors) strictly, builds the
// configuration, and validates it.
func parse(name string, data []byte, photos photoResolver) (survey.Config, error) {
	var d document
	if err := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields().Decode(&d); err != nil {
		return survey.Config{}, decodeError(name, err)
	}
	b := builder{photos: photos}
	cfg := b.build(d)
	if cfg.Version == "" {
		cfg.Version = contentVersion(data)
	}
	if err := locate(name, data, b.probs); err != nil {
		return survey.Config{}, err
	}
	// The builder checks everything Validate does, with positions; this
	// catches whatever survey learns to check later.
	if err := cfg.Validate(); err != nil {
		return survey.Config{}, wholeFile(name, err)
	}
	return cfg, nil
}

// contentVersion names a file without config_version by its content, so
// every response still says which configuration it was given under, and an
// edit changes the name.
func contentVersion(data []byte) string {
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:6])
}

// wholeFile names the file on each line of an error that has no position.
func wholeFile(name string, err error) error {
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	out := make([]error, len(errs))
	for i, e := range errs {
		out[i] = &fileError{file: name, msg: e.Error()}
	}
	return errors.Join(out...)
}
