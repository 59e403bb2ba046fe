package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
)

// testRoster checks RosterStore.
func testRoster(t *testing.T, open func(t *testing.T) scoring.Store) {
	ctx := context.Background()

	t.Run("SaveCentre reports created, then updated, and Roster reads it back", func(t *testing.T) {
		st := open(t)
		c := centre("c1")
		created, err := st.SaveCentre(ctx, c)
		if err != nil || !created {
			t.Fatalf("first save: created %v, %v", created, err)
		}
		got, officers, err := st.Roster(ctx, "c1")
		if err != nil || !reflect.DeepEqual(got, c) || len(officers) != 0 {
			t.Fatalf("got %+v %v (%v), want %+v and no officers", got, officers, err, c)
		}
		c.Name, c.Scale, c.ManagerPINHash, c.UpdatedAt = "Trung tâm mới", survey.ScaleFace4, pinHash+"m", at.Add(time.Minute)
		created, err = st.SaveCentre(ctx, c)
		if err != nil || created {
			t.Fatalf("second save: created %v, %v", created, err)
		}
		if got, _, err := st.Roster(ctx, "c1"); err != nil || !reflect.DeepEqual(got, c) {
			t.Fatalf("after the update: %+v (%v), want %+v", got, err, c)
		}
	})

	t.Run("Centres lists every centre by id, none in an empty store", func(t *testing.T) {
		st := open(t)
		if cs, err := st.Centres(ctx); err != nil || len(cs) != 0 {
			t.Fatalf("empty store: %+v (%v)", cs, err)
		}
		saveCentres(t, st, "c2", "c1")
		cs, err := st.Centres(ctx)
		if err != nil || len(cs) != 2 || cs[0].ID != "c1" || cs[1].ID != "c2" {
			t.Fatalf("centres %+v (%v), want c1 then c2", cs, err)
		}
		want, _, err := st.Roster(ctx, "c1")
		if err != nil || !reflect.DeepEqual(cs[0], want) {
			t.Fatalf("Centres gives %+v, Roster %+v (%v)", cs[0], want, err)
		}
	})

	// A centre's own reasons and mapping are kept, and a centre without
	// them reads back without them (the defaults apply).
	t.Run("centre reasons and mapping round-trip", func(t *testing.T) {
		st := open(t)
		saveCentres(t, st, "c1")
		c, _, err := st.Roster(ctx, "c1")
		if err != nil || c.Reasons != nil || c.Mapping != nil {
			t.Fatalf("a new centre: reasons %v mapping %v (%v)", c.Reasons, c.Mapping, err)
		}
		c.Scale = survey.ScaleStar5
		c.Reasons = []protocol.Reason{{Code: "giay;to", VI: "Giấy tờ", EN: "Papers"}, {Code: "a,b", VI: "A, B", EN: "A, B"}}
		c.Mapping = map[string]string{"3": "satisfied"}
		_, err = st.SaveCentre(ctx, c)
		must(t, err)
		got, _, err := st.Roster(ctx, "c1")
		if err != nil || !reflect.DeepEqual(got.Reasons, c.Reasons) || !reflect.DeepEqual(got.Mapping, c.Mapping) {
			t.Fatalf("got reasons %v mapping %v (%v)", got.Reasons, got.Mapping, err)
		}
		got.Reasons, got.Mapping = nil, nil
		_, err = st.SaveCentre(ctx, got)
		must(t, err)
		if back, _, err := st.Roster(ctx, "c1"); err != nil || back.Reasons != nil || back.Mapping != nil {
			t.Fatalf("back to the defaults: reasons %v mapping %v (%v)", back.Reasons, back.Mapping, err)
		}
	})

	// A centre's own opening hours and webhook are kept, audited (the
	// webhook by its host only: chat tools put their tokens in the path),
	// and removed again; a centre without them reads back without them
	// (the default hours apply, no webhook). What cannot be valid is
	// refused and changes nothing.
	t.Run("centre opening hours and webhook round-trip, audited", func(t *testing.T) {
		st := open(t)
		saveCentres(t, st, "c1")
		c, _, err := st.Roster(ctx, "c1")
		if err != nil || !c.Hours.IsZero() || c.Webhook != "" {
			t.Fatalf("a new centre: hours %v webhook %q (%v)", c.Hours, c.Webhook, err)
		}
		const hook = "https://chat.example.vn/hooks/T0K3N-secret?x=1"
		c.Hours, err = scoring.ParseOpeningHours("mon-fri 07:30-11:30,13:00-17:00; sat 07:30-11:30")
		must(t, err)
		c.Webhook, c.UpdatedAt = hook, at.Add(time.Minute)
		_, err = st.SaveCentre(scoring.WithActor(ctx, "cli:hours"), c)
		must(t, err)
		got, _, err := st.Roster(ctx, "c1")
		if err != nil || !reflect.DeepEqual(got, c) {
			t.Fatalf("got %+v (%v)\nwant %+v", got, err, c)
		}
		if cs, err := st.Centres(ctx); err != nil || len(cs) != 1 || !reflect.DeepEqual(cs[0], c) {
			t.Fatalf("Centres gives %+v (%v), want %+v", cs, err, c)
		}
		trail, err := st.AuditTrail(ctx, scoring.AuditFilter{Subject: scoring.SubjectCentre("c1")})
		must(t, err)
		last := trail[len(trail)-1]
		var detail map[string]any
		must(t, json.Unmarshal([]byte(last.Detail), &detail))
		if last.Action != scoring.ActCentreUpdate || last.Actor != "cli:hours" ||
			detail["opening_hours"] != "mon-fri 07:30-11:30,13:00-17:00; sat 07:30-11:30" ||
			detail["webhook"] != "https://chat.example.vn/…" || detail["webhook_changed"] != true ||
			!strings.HasPrefix(fmt.Sprint(detail["previous_opening_hours"]), "default") {
			t.Fatalf("audit entry %+v, want the hours, the webhook's host and what they were", last)
		}
		if strings.Contains(last.Detail, "T0K3N") {
			t.Fatalf("the audit trail shows the webhook's token: %s", last.Detail)
		}

		bad := c
		bad.Hours[time.Monday] = []scoring.Span{{From: 600, To: 700}, {From: 650, To: 800}}
		if _, err := st.SaveCentre(ctx, bad); err == nil {
			t.Fatal("overlapping spans were saved")
		}
		bad = c
		bad.Webhook = "ftp://chat.example.vn/hooks"
		if _, err := st.SaveCentre(ctx, bad); err == nil {
			t.Fatal("an ftp webhook was saved")
		}
		if got, _, err := st.Roster(ctx, "c1"); err != nil || !reflect.DeepEqual(got, c) {
			t.Fatalf("after refused saves: %+v (%v), want %+v", got, err, c)
		}

		c.Hours, c.Webhook = scoring.OpeningHours{}, ""
		_, err = st.SaveCentre(ctx, c)
		must(t, err)
		if back, _, err := st.Roster(ctx, "c1"); err != nil || !back.Hours.IsZero() || back.Webhook != "" {
			t.Fatalf("back to the defaults: hours %v webhook %q (%v)", back.Hours, back.Webhook, err)
		}
	})

	t.Run("Roster of an unknown centre is ErrNotFound", func(t *testing.T) {
		st := open(t)
		_, _, err := st.Roster(ctx, "nope")
		wantErr(t, "Roster", err, scoring.ErrNotFound)
	})

	t.Run("SaveOfficer needs its centre", func(t *testing.T) {
		st := open(t)
		_, err := st.SaveOfficer(ctx, scoring.Officer{CentreID: "nope", ID: "o1", Name: "Lan", PINHash: pinHash, UpdatedAt: at})
		wantErr(t, "SaveOfficer", err, scoring.ErrNotFound)
	})

	// The roster is ordered by id compared as bytes, whatever the
	// database's collation: the configuration version hashes it.
	t.Run("SaveOfficer reports created, then updated; Roster orders by id", func(t *testing.T) {
		st := open(t)
		saveCentres(t, st, "c1", "c2")
		var want []scoring.Officer
		for _, id := range []string{"o1", "o.1", "O3", "o-2"} {
			o := scoring.Officer{CentreID: "c1", ID: id, Name: "Cán bộ " + id, Title: "Chuyên viên", PINHash: pinHash + id, UpdatedAt: at}
			created, err := st.SaveOfficer(ctx, o)
			if err != nil || !created {
				t.Fatalf("officer %s: created %v, %v", id, created, err)
			}
			want = append(want, o)
		}
		_, err := st.SaveOfficer(ctx, scoring.Officer{CentreID: "c2", ID: "o9", Name: "Khác", PINHash: pinHash, UpdatedAt: at})
		must(t, err)
		want[0].Name, want[0].Title, want[0].UpdatedAt = "Nguyễn Thị Lan", "Phó Giám đốc", at.Add(time.Hour)
		created, err := st.SaveOfficer(ctx, want[0])
		if err != nil || created {
			t.Fatalf("update: created %v, %v", created, err)
		}
		want = []scoring.Officer{want[2], want[3], want[1], want[0]} // O3, o-2, o.1, o1
		_, got, err := st.Roster(ctx, "c1")
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("roster %+v (%v)\nwant %+v", got, err, want)
		}
	})

	t.Run("photos: kept, replaced, fingerprinted, scoped to their centre", func(t *testing.T) {
		st := open(t)
		saveCentres(t, st, "c1", "c2")
		png := []byte("\x89PNG\r\n\x1a\nfirst")
		o := scoring.Officer{CentreID: "c1", ID: "o1", Name: "Lan", PINHash: pinHash, UpdatedAt: at,
			Photo: &scoring.Photo{ContentType: "image/png", Data: png}}
		_, err := st.SaveOfficer(ctx, o)
		must(t, err)
		_, err = st.SaveOfficer(ctx, scoring.Officer{CentreID: "c1", ID: "o2", Name: "Hồng", PINHash: pinHash, UpdatedAt: at})
		must(t, err)
		checkPhoto := func(when string, want scoring.Photo) {
			t.Helper()
			p, err := st.Photo(ctx, "c1", "o1")
			if err != nil || !reflect.DeepEqual(p, want) {
				t.Fatalf("%s: photo %q %q (%v)", when, p.ContentType, p.Data, err)
			}
			_, officers, err := st.Roster(ctx, "c1")
			must(t, err)
			sum := sha256.Sum256(want.Data)
			if officers[0].PhotoSHA != hex.EncodeToString(sum[:]) || officers[0].Photo != nil {
				t.Fatalf("%s: roster photo sha %q photo %v, want the hex SHA-256 and no bytes", when, officers[0].PhotoSHA, officers[0].Photo)
			}
			if officers[1].PhotoSHA != "" {
				t.Fatalf("an officer without a photo has photo sha %q", officers[1].PhotoSHA)
			}
		}
		checkPhoto("saved", *o.Photo)
		o.Photo, o.Name = nil, "Lan (đổi tên)"
		_, err = st.SaveOfficer(ctx, o)
		must(t, err)
		checkPhoto("saved again without a photo", scoring.Photo{ContentType: "image/png", Data: png})
		o.Photo = &scoring.Photo{ContentType: "image/jpeg", Data: []byte("\xff\xd8\xffsecond")}
		_, err = st.SaveOfficer(ctx, o)
		must(t, err)
		checkPhoto("replaced", *o.Photo)

		_, err = st.Photo(ctx, "c1", "o2")
		wantErr(t, "an officer without a photo", err, scoring.ErrNotFound)
		_, err = st.Photo(ctx, "c1", "nope")
		wantErr(t, "an unknown officer", err, scoring.ErrNotFound)
		_, err = st.Photo(ctx, "c2", "o1")
		wantErr(t, "another centre's officer", err, scoring.ErrNotFound)
	})

	// A removed officer leaves the roster; removing one who is not there
	// is ErrNotFound.
	t.Run("RemoveOfficer", func(t *testing.T) {
		st := open(t)
		saveCentres(t, st, "c1", "c2")
		for _, id := range []string{"o1", "o9"} {
			_, err := st.SaveOfficer(ctx, scoring.Officer{CentreID: "c1", ID: id, Name: "O", PINHash: pinHash, UpdatedAt: at})
			must(t, err)
		}
		must(t, st.RemoveOfficer(ctx, "c1", "o9"))
		_, officers, err := st.Roster(ctx, "c1")
		if err != nil || len(officers) != 1 || officers[0].ID != "o1" {
			t.Fatalf("roster after the removal: %+v (%v), want o1 alone", officers, err)
		}
		wantErr(t, "removing again", st.RemoveOfficer(ctx, "c1", "o9"), scoring.ErrNotFound)
		wantErr(t, "another centre's officer", st.RemoveOfficer(ctx, "c2", "o1"), scoring.ErrNotFound)
	})
}
