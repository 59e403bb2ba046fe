package config

import (
	"bytes"
	"encoding/xml"
	"reflect"
	"testing"

	"golang.org/x/text/unicode/norm"

	"hailong/kiosk/survey"
)

func TestDemo(t *testing.T) {
	cfg := Demo()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	if !cfg.Demo {
		t.Error("Demo is false")
	}
	checks := []struct {
		what      string
		got, want any
	}{
		{"centre id", cfg.CentreID, "qn-hcc"},
		{"centre name", cfg.CentreName, "Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh"},
		{"counter", cfg.CounterID + " " + cfg.CounterName, "1 Quầy 1"},
		{"first officer", cfg.Officers[0].Name + ", " + cfg.Officers[0].Title, "Nguyễn Thị Lan, Chuyên viên"},
		{"officers", len(cfg.Officers), 4},
		{"scale", cfg.Scale.Name, survey.ScaleLegal3},
		{"reasons", cfg.Reasons, survey.DefaultReasons()},
		{"trigger", cfg.Trigger, survey.TriggerOpen},
		{"dossier", cfg.Dossier, survey.DossierOff},
		{"timings", cfg.Timings, survey.DefaultTimings()},
		{"version", cfg.Version, "demo-1"},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
		}
	}
}

// TestDemoPINs checks the precomputed hashes against the PINs that
// demo.toml promises, and that a wrong PIN fails.
func TestDemoPINs(t *testing.T) {
	cfg := Demo()
	cases := []struct {
		who, hash, pin string
		ok             bool
	}{
		{"officer cb01", cfg.Officers[0].PINHash, "1111", true},
		{"officer cb02", cfg.Officers[1].PINHash, "2222", true},
		{"officer cb03", cfg.Officers[2].PINHash, "3333", true},
		{"officer cb04", cfg.Officers[3].PINHash, "4444", true},
		{"manager", cfg.ManagerPIN, "808080", true},
		{"technician", cfg.TechnicianPIN, "909090", true},
		{"technician, old demo PIN", cfg.TechnicianPIN, "9999", false},
		{"officer cb01, wrong PIN", cfg.Officers[0].PINHash, "2222", false},
		{"technician, officer's PIN", cfg.TechnicianPIN, "1111", false},
	}
	if w := cfg.PINWarnings(); len(w) != 0 {
		t.Errorf("the demo warns about its own PINs: %q", w)
	}
	for role, pin := range map[survey.PINRole]string{survey.RoleManager: "808080", survey.RoleTechnician: "909090", survey.RoleOfficer: "1111"} {
		if err := survey.CheckNewPIN(role, pin); err != nil {
			t.Errorf("demo %s PIN %s breaks the rule it teaches: %v", role, pin, err)
		}
	}
	for _, c := range cases {
		t.Run(c.who, func(t *testing.T) {
			t.Parallel()
			if got := survey.CheckPIN(c.hash, c.pin); got != c.ok {
				t.Errorf("CheckPIN(%s, %s) = %v, want %v", c.who, c.pin, got, c.ok)
			}
		})
	}
}

// TestDemoNFC checks every string of the demo, and the file itself, for
// composed (NFC) Vietnamese: the loader normalises, but the source should
// not depend on it.
func TestDemoNFC(t *testing.T) {
	raw, err := demoFS.ReadFile("demo.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !norm.NFC.IsNormal(raw) {
		t.Error("demo.toml is not NFC")
	}
	var n int
	walkStrings(reflect.ValueOf(Demo()), func(path, s string) {
		n++
		if !norm.NFC.IsNormalString(s) {
			t.Errorf("%s = %q is not NFC", path, s)
		}
	})
	if n < 20 {
		t.Errorf("walked only %d strings", n)
	}
}

// walkStrings calls f on every string inside v.
func walkStrings(v reflect.Value, f func(path, s string)) {
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			f(path, v.String())
		case reflect.Struct:
			for i := range v.NumField() {
				walk(path+"."+v.Type().Field(i).Name, v.Field(i))
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(path+"[]", v.Index(i))
			}
		case reflect.Map:
			for it := v.MapRange(); it.Next(); {
				walk(path+"{}", it.Value())
			}
		}
	}
	walk("Config", v)
}

func TestDemoPhotos(t *testing.T) {
	cfg := Demo()
	withPhoto := 0
	for _, o := range cfg.Officers {
		b, name, err := PhotoBytes(cfg, o.ID)
		if err != nil {
			t.Fatalf("%s: %v", o.ID, err)
		}
		if o.Photo == "" {
			if b != nil || name != "" {
				t.Errorf("%s has no photo but PhotoBytes gave %q", o.ID, name)
			}
			continue
		}
		withPhoto++
		var svg struct {
			XMLName xml.Name
			Title   string `xml:"title"`
		}
		if err := xml.NewDecoder(bytes.NewReader(b)).Decode(&svg); err != nil {
			t.Fatalf("%s: %s is not XML: %v", o.ID, name, err)
		}
		if svg.XMLName.Local != "svg" || svg.Title != o.Name {
			t.Errorf("%s: %s is <%s> titled %q, want <svg> titled %q", o.ID, name, svg.XMLName.Local, svg.Title, o.Name)
		}
	}
	if withPhoto < 1 || withPhoto == len(cfg.Officers) {
		t.Errorf("%d of %d demo officers have photos; want some with and some with initials", withPhoto, len(cfg.Officers))
	}
}
