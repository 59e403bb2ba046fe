package storetest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/survey"
)

// testAlerts checks AlertStore: one active alert per condition, the
// transitions open → acknowledged → closed with who and when, their audit
// entries, the listings, and the counter counts of a window.
func testAlerts(t *testing.T, open func(t *testing.T) scoring.Store) {
	ctx := context.Background()
	sys := scoring.WithActor(ctx, scoring.SystemActor)
	unhappy := func(centre, counter string) scoring.Alert {
		return scoring.Alert{CentreID: centre, Kind: scoring.AlertUnhappyCounter, Subject: counter, OpenedAt: at,
			Detail: scoring.AlertDetail{N: 4, Dissatisfied: 2, Percent: 50}}
	}

	t.Run("one active alert per condition, and the transitions with their audit", func(t *testing.T) {
		st := open(t)
		a, opened, err := st.OpenAlert(sys, unhappy("c1", "1"))
		must(t, err)
		if !opened || a.ID == 0 || a.State != scoring.AlertOpen || !a.OpenedAt.Equal(at) || a.Detail.N != 4 {
			t.Fatalf("opened %+v, %v", a, opened)
		}
		again, opened, err := st.OpenAlert(sys, unhappy("c1", "1"))
		must(t, err)
		if opened || again.ID != a.ID {
			t.Fatalf("a second open of the same condition: %+v, %v; want alert %d back", again, opened, a.ID)
		}
		// Another counter, another centre's same counter, another kind: new.
		for _, other := range []scoring.Alert{unhappy("c1", "2"), unhappy("c2", "1"),
			{CentreID: "c1", Kind: scoring.AlertChain, Subject: "1", OpenedAt: at}} {
			if _, opened, err := st.OpenAlert(sys, other); err != nil || !opened {
				t.Fatalf("open %+v: %v, %v", other, opened, err)
			}
		}
		_, err = st.CloseAlert(ctx, a.ID, "web:lan@x", at.Add(time.Minute))
		wantErr(t, "closing an open alert", err, scoring.ErrAlertState)
		_, err = st.AckAlert(ctx, 9999, "web:lan@x", "ok", at)
		wantErr(t, "acknowledging no alert", err, scoring.ErrNotFound)

		acked, err := st.AckAlert(ctx, a.ID, "web:lan@x", "Đã nhắc quầy 1", at.Add(2*time.Minute))
		must(t, err)
		if acked.State != scoring.AlertAcknowledged || acked.AckedBy != "web:lan@x" || acked.AckComment != "Đã nhắc quầy 1" ||
			!acked.AckedAt.Equal(at.Add(2*time.Minute)) {
			t.Fatalf("acknowledged %+v", acked)
		}
		_, err = st.AckAlert(ctx, a.ID, "web:lan@x", "again", at.Add(3*time.Minute))
		wantErr(t, "acknowledging twice", err, scoring.ErrAlertState)
		// Still active: no duplicate.
		if _, opened, _ := st.OpenAlert(sys, unhappy("c1", "1")); opened {
			t.Fatal("an acknowledged alert's condition opened a second alert")
		}
		closed, err := st.CloseAlert(ctx, a.ID, "web:lan@x", at.Add(4*time.Minute))
		must(t, err)
		got, err := st.AlertByID(ctx, a.ID)
		must(t, err)
		if closed.State != scoring.AlertClosed || got.State != scoring.AlertClosed || got.ClosedBy != "web:lan@x" ||
			!got.ClosedAt.Equal(at.Add(4*time.Minute)) || got.AckComment != "Đã nhắc quầy 1" {
			t.Fatalf("closed %+v", got)
		}
		// Closed: the condition may open a new alert.
		b, opened, err := st.OpenAlert(sys, unhappy("c1", "1"))
		must(t, err)
		if !opened || b.ID == a.ID {
			t.Fatalf("after closing: %+v, %v", b, opened)
		}

		trail, err := st.AuditTrail(ctx, scoring.AuditFilter{Subject: scoring.SubjectAlert(a.ID)})
		must(t, err)
		want := []struct{ actor, action string }{
			{scoring.SystemActor, scoring.ActAlertOpen}, {"web:lan@x", scoring.ActAlertAck}, {"web:lan@x", scoring.ActAlertClose}}
		if len(trail) != len(want) {
			t.Fatalf("audit of alert %d: %+v", a.ID, trail)
		}
		for i, w := range want {
			var d map[string]any
			if trail[i].Actor != w.actor || trail[i].Action != w.action || json.Unmarshal([]byte(trail[i].Detail), &d) != nil || d["centre"] != "c1" {
				t.Errorf("audit %d: %+v, want %s by %s", i, trail[i], w.action, w.actor)
			}
		}
		if d := trail[1].Detail; !json.Valid([]byte(d)) || !strings.Contains(d, "Đã nhắc quầy 1") {
			t.Errorf("the acknowledgement's audit lacks the comment: %s", d)
		}

		// Listings: by centre and state, newest first; the latest of each
		// condition in any state.
		all, err := st.Alerts(ctx, scoring.AlertFilter{})
		must(t, err)
		if len(all) != 5 || all[0].ID != b.ID {
			t.Fatalf("every alert: %d, first %d; want 5, newest (%d) first", len(all), all[0].ID, b.ID)
		}
		c1open, err := st.Alerts(ctx, scoring.AlertFilter{CentreID: "c1", State: scoring.AlertOpen})
		must(t, err)
		for _, x := range c1open {
			if x.CentreID != "c1" || x.State != scoring.AlertOpen {
				t.Errorf("c1 open lists %+v", x)
			}
		}
		if len(c1open) != 3 {
			t.Errorf("c1 open: %d alerts, want 3", len(c1open))
		}
		two, err := st.Alerts(ctx, scoring.AlertFilter{Limit: 2})
		must(t, err)
		if len(two) != 2 || two[0].ID != all[0].ID || two[1].ID != all[1].ID {
			t.Errorf("the newest 2: %+v", two)
		}
		closedOnes, err := st.Alerts(ctx, scoring.AlertFilter{State: scoring.AlertClosed})
		must(t, err)
		if len(closedOnes) != 1 || closedOnes[0].ID != a.ID {
			t.Errorf("closed: %+v", closedOnes)
		}
		latest, err := st.LatestAlerts(ctx)
		must(t, err)
		if len(latest) != 4 {
			t.Errorf("latest: %d alerts, want one per condition (4)", len(latest))
		}
		for _, x := range latest {
			if x.ID == a.ID {
				t.Error("latest lists the older alert of a condition")
			}
		}
	})

	t.Run("clearing keeps its first instant, resuming undoes it", func(t *testing.T) {
		st := open(t)
		a, _, err := st.OpenAlert(sys, unhappy("c1", "1"))
		must(t, err)
		must(t, st.ClearAlert(sys, a.ID, at.Add(10*time.Minute)))
		must(t, st.ClearAlert(sys, a.ID, at.Add(11*time.Minute)))
		got, err := st.AlertByID(ctx, a.ID)
		must(t, err)
		if got.State != scoring.AlertOpen || !got.ClearedAt.Equal(at.Add(10*time.Minute)) {
			t.Fatalf("a cleared open alert: %+v; want open, cleared at +10 min", got)
		}
		must(t, st.ResumeAlert(sys, a.ID))
		if got, _ = st.AlertByID(ctx, a.ID); !got.ClearedAt.IsZero() || got.State != scoring.AlertOpen {
			t.Fatalf("a resumed alert: %+v; want open and not cleared", got)
		}
		must(t, st.ClearAlert(sys, a.ID, at.Add(12*time.Minute)))
		_, err = st.AckAlert(ctx, a.ID, "web:lan@x", "đã xem", at.Add(20*time.Minute))
		must(t, err)
		_, err = st.CloseAlert(sys, a.ID, scoring.SystemActor, at.Add(50*time.Minute))
		must(t, err)
		must(t, st.ResumeAlert(sys, a.ID))
		got, err = st.AlertByID(ctx, a.ID)
		must(t, err)
		if got.State != scoring.AlertClosed || got.ClosedBy != scoring.SystemActor || !got.ClearedAt.Equal(at.Add(12*time.Minute)) {
			t.Fatalf("a closed alert after a resume: %+v; want it unchanged", got)
		}
		wantErr(t, "clearing no alert", st.ClearAlert(sys, 9999, at), scoring.ErrNotFound)
		wantErr(t, "resuming no alert", st.ResumeAlert(sys, 9999), scoring.ErrNotFound)

		// A cleared alert that still waits open does not stop the next
		// episode's alert; that one does stop a duplicate.
		c, _, err := st.OpenAlert(sys, unhappy("c1", "2"))
		must(t, err)
		must(t, st.ClearAlert(sys, c.ID, at.Add(time.Minute)))
		next, opened, err := st.OpenAlert(sys, unhappy("c1", "2"))
		must(t, err)
		if !opened || next.ID == c.ID {
			t.Fatalf("beside a cleared open alert: %+v, %v; want a new alert", next, opened)
		}
		if dup, opened, err := st.OpenAlert(sys, unhappy("c1", "2")); err != nil || opened || dup.ID != next.ID {
			t.Fatalf("a duplicate of the new episode: %+v, %v, %v", dup, opened, err)
		}
	})

	t.Run("counter counts read only the window and never filtered presses", func(t *testing.T) {
		st, k := withKiosk(t, open)
		t0 := time.Date(2025, 11, 24, 7, 0, 0, 0, time.UTC)
		ps := []scoringtest.Press{
			{At: t0.Add(-time.Millisecond), Level: survey.Dissatisfied}, // before the window
			{At: t0, Level: survey.Dissatisfied},
			{At: t0.Add(time.Minute), Level: survey.Satisfied},
			{At: t0.Add(2 * time.Minute), Level: survey.Dissatisfied, Repeat: true},
			{At: t0.Add(3 * time.Minute), Level: survey.VerySatisfied, Repeat: true},
			{At: t0.Add(15*time.Minute - time.Millisecond), Level: survey.Dissatisfied},
			{At: t0.Add(15 * time.Minute), Level: survey.Dissatisfied}, // after it
		}
		ingest(t, st, scoringtest.Presses(k, 1, survey.GenesisHash, ps))
		got, err := st.CounterCounts(ctx, t0, t0.Add(15*time.Minute))
		must(t, err)
		want := []scoring.CounterCount{{CentreID: "c1", CounterID: "1", N: 3, Dissatisfied: 2}}
		if len(got) != 1 || got[0] != want[0] {
			t.Fatalf("counts %+v, want %+v", got, want)
		}
		none, err := st.CounterCounts(ctx, t0.Add(time.Hour), t0.Add(2*time.Hour))
		must(t, err)
		if len(none) != 0 {
			t.Fatalf("an empty window counts %+v", none)
		}
	})
}
