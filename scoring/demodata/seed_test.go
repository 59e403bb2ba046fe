package demodata

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/sqlitestore"
	"hailong/kiosk/survey"
)

func openStore(t *testing.T) *sqlitestore.Store {
	t.Helper()
	st, err := sqlitestore.Open(context.Background(), filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// exportCSV is the store's CSV export of everything, with the columns
// that hold a configuration version or a hash blanked: they follow from
// the PIN hashes in the configuration, which are salted at random.
func exportCSV(t *testing.T, st scoring.IngestStore) (masked []byte, n int) {
	t.Helper()
	var buf bytes.Buffer
	n, err := scoring.WriteCSV(context.Background(), &buf, st, scoring.ExportFilter{To: testNow.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	blank := map[int]bool{}
	for i, name := range rows[0] {
		switch name {
		case "config_version", "prev_hash", "hash":
			blank[i] = true
		}
	}
	if len(blank) != 3 {
		t.Fatalf("export header %q lacks config_version, prev_hash or hash", rows[0])
	}
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	for _, row := range rows {
		for i := range row {
			if blank[i] {
				row[i] = "-"
			}
		}
		w.Write(row)
	}
	w.Flush()
	return out.Bytes(), n
}

// TestSeed seeds a SQLite store and checks what is in it: every response
// the summary counts, chains that verify, kiosks without gaps, the
// configuration each kiosk would be sent, working PINs and passwords, the
// demo mark; that seeding the same again gives the same export; and that
// a store with data is refused.
func TestSeed(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	o := Options{Days: 21, Seed: 1, Now: testNow}
	seededAt := testNow.Add(2 * time.Minute)
	sum, err := Seed(ctx, st, o, seededAt)
	if err != nil {
		t.Fatal(err)
	}
	export, n := exportCSV(t, st)
	if sum.Centres != 3 || sum.Kiosks != 13 || sum.Officers != 18 || n != sum.Stored || sum.Stored+sum.Pending != sum.Responses ||
		sum.Pending == 0 || sum.Filtered == 0 || sum.Stored < 4000 {
		t.Fatalf("summary %+v; %d exported", sum, n)
	}

	rep, err := st.VerifyChains(ctx, scoring.VerifyOptions{Full: true})
	if err != nil || len(rep.Problems) != 0 || rep.Rows != int64(sum.Stored) || rep.Kiosks != 13 {
		t.Fatalf("verify: %+v, %v", rep, err)
	}
	ks, err := st.Kiosks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range ks {
		if k.LastSeq == 0 || k.ContiguousSeq != k.LastSeq || len(k.Gaps) != 0 || k.Breaks != 0 || k.HeartbeatAt.IsZero() {
			t.Errorf("kiosk %s: %+v", k.ID, k)
		}
		if k.CentreID == SkewedCentre && k.CounterID == SkewedCounter && k.ClockSkew != Skew {
			t.Errorf("kiosk %s: clock skew %v; want %v", k.ID, k.ClockSkew, Skew)
		}
		if silent := k.CentreID == SilentCentre && k.CounterID == SilentCounter; silent != (k.Pending > 0) {
			t.Errorf("kiosk %s: %d pending", k.ID, k.Pending)
		}
		// The configuration the kiosk would be sent now is the one its
		// ratings name, recorded as issued.
		cfg, err := scoring.BuildKioskConfig(ctx, st, k.Kiosk)
		if err != nil {
			t.Fatal(err)
		}
		issued, err := st.Issued(ctx, k.ID)
		if err != nil || len(issued) != 1 || issued[0].Version != cfg.Version {
			t.Errorf("kiosk %s: issued %+v, %v; its configuration now is %s", k.ID, issued, err, cfg.Version)
		}
	}

	c, officers, err := st.Roster(ctx, ProvincialCentre)
	if err != nil {
		t.Fatal(err)
	}
	if len(officers) != 8 || officers[0].ID != "cb01" || !survey.CheckPIN(officers[0].PINHash, "1111") ||
		!survey.CheckPIN(c.TechnicianPINHash, TechnicianPIN) || !survey.CheckPIN(c.ManagerPINHash, ManagerPIN) {
		t.Errorf("roster of %s: %d officers, first %s; the PINs do not all check", c.ID, len(officers), officers[0].ID)
	}
	for _, u := range []struct {
		email, password string
		role            scoring.Role
		centre          string
	}{{AdminEmail, AdminPassword, scoring.RoleAdmin, ""}, {ManagerEmail, ManagerPassword, scoring.RoleManager, ProvincialCentre}} {
		got, err := st.UserByEmail(ctx, u.email)
		if err != nil || got.Role != u.role || got.CentreID != u.centre || got.Disabled || !scoring.CheckPassword(got.PasswordHash, u.password) {
			t.Errorf("user %s: %+v, %v", u.email, got, err)
		}
	}
	d, ok, err := st.Demo(ctx)
	if err != nil || !ok || d.Seed != 1 || d.Days != 21 || !d.Until.Equal(testNow) || !d.SeededAt.Equal(seededAt) {
		t.Errorf("demo mark %+v, %v, %v", d, ok, err)
	}

	t.Run("again into a store with data", func(t *testing.T) {
		if _, err := Seed(ctx, st, o, seededAt); !errors.Is(err, ErrNotEmpty) {
			t.Fatalf("Seed again: %v; want ErrNotEmpty", err)
		}
		if again, _ := exportCSV(t, st); !bytes.Equal(again, export) {
			t.Fatal("a refused Seed changed the responses")
		}
	})
	t.Run("same options, another store", func(t *testing.T) {
		other := openStore(t)
		if _, err := Seed(ctx, other, o, seededAt); err != nil {
			t.Fatal(err)
		}
		if again, _ := exportCSV(t, other); !bytes.Equal(again, export) {
			t.Fatal("two stores seeded alike export different responses")
		}
	})
}

// TestSeedRefusesAStoreWithData: a store with anything in it (a user, a
// centre of its own, a kiosk) is not seeded, and nothing is written.
func TestSeedRefusesAStoreWithData(t *testing.T) {
	ctx := context.Background()
	for name, fill := range map[string]func(st *sqlitestore.Store) error{
		"a user": func(st *sqlitestore.Store) error {
			u, err := scoring.NewUser("lan@example.vn", "Lan", string(scoring.RoleAdmin), "", "mật khẩu đủ dài", testNow)
			if err != nil {
				return err
			}
			return st.CreateUser(ctx, u)
		},
		"a centre": func(st *sqlitestore.Store) error {
			c, err := scoring.NewCentre("qn", "Trung tâm thật", "", TechnicianPIN, "", testNow)
			if err != nil {
				return err
			}
			_, err = st.SaveCentre(ctx, c)
			return err
		},
	} {
		t.Run(name, func(t *testing.T) {
			st := openStore(t)
			if err := fill(st); err != nil {
				t.Fatal(err)
			}
			if _, err := Seed(ctx, st, Options{Days: 2, Seed: 1, Now: testNow}, testNow); !errors.Is(err, ErrNotEmpty) {
				t.Fatalf("Seed: %v; want ErrNotEmpty", err)
			}
			if _, _, err := st.Roster(ctx, ProvincialCentre); !errors.Is(err, scoring.ErrNotFound) {
				t.Fatalf("a refused Seed wrote centre %s (%v)", ProvincialCentre, err)
			}
			if _, ok, _ := st.Demo(ctx); ok {
				t.Fatal("a refused Seed marked the store as demo data")
			}
		})
	}
}
