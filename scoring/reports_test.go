package scoring

import (
	"testing"
	"time"
)

func TestDate(t *testing.T) {
	hcm, err := LoadZone("")
	if err != nil || hcm.String() != DefaultTimeZone {
		t.Fatalf("default zone %v %v", hcm, err)
	}
	bogota, err := LoadZone("America/Bogota")
	if err != nil {
		t.Fatal(err)
	}
	instant := time.Date(2026, 12, 31, 20, 30, 0, 0, time.UTC) // 03:30 on 1 January in Hồ Chí Minh City
	for _, tc := range []struct {
		loc  *time.Location
		want string
	}{{hcm, "2027-01-01"}, {bogota, "2026-12-31"}, {time.UTC, "2026-12-31"}} {
		d := DateOf(instant, tc.loc)
		if d.String() != tc.want {
			t.Errorf("DateOf in %s: %s, want %s", tc.loc, d, tc.want)
		}
		if s := d.Start(tc.loc); s.After(instant) || !d.AddDays(1).Start(tc.loc).After(instant) {
			t.Errorf("day %s in %s starts at %s: the instant is not in it", d, tc.loc, s)
		}
	}
	d, err := ParseDate("2028-02-28")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		n    int
		want string
	}{{1, "2028-02-29"}, {2, "2028-03-01"}, {-59, "2027-12-31"}, {366, "2029-02-28"}} {
		if got := d.AddDays(tc.n).String(); got != tc.want {
			t.Errorf("%s + %d days: %s, want %s", d, tc.n, got, tc.want)
		}
	}
	if d.Weekday() != time.Monday || !d.Before(d.AddDays(1)) || d.AddDays(1).Before(d) || d.Before(d) {
		t.Errorf("%s: weekday %s, Before wrong", d, d.Weekday())
	}
	for _, bad := range []string{"", "2026-2-28", "2026-02-30", "2026-02-28T00:00", "20260228", "2026/02/28", "０２６-02-28"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
}

func TestLoadZoneRefusesMachineZones(t *testing.T) {
	for _, name := range []string{"Local", "/etc/localtime", "../../etc/passwd", "Mars/Olympus", "UTC+7"} {
		if _, err := LoadZone(name); err == nil {
			t.Errorf("LoadZone(%q) accepted", name)
		}
	}
	for _, name := range []string{"Asia/Ho_Chi_Minh", "Asia/Bangkok", "UTC", "Europe/Berlin"} {
		if _, err := LoadZone(name); err != nil {
			t.Errorf("LoadZone(%q): %v", name, err)
		}
	}
}
