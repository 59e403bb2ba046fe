package sqlitestore_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
)

// TestIssuedConfigsRoundTrip: the configuration versions sent to a kiosk
// come back as recorded, oldest first, lists with ';' and ',' intact;
// recording one again keeps the first sending; another kiosk has none.
func TestIssuedConfigsRoundTrip(t *testing.T) {
	ctx := context.Background()
	st := enrolled(t)
	first := time.UnixMilli(1_764_000_000_000).UTC()
	ic := scoring.IssuedConfig{KioskID: "k1", Version: "v1", CentreID: "c1", CounterID: "1", Scale: survey.ScaleFace4,
		Levels:   map[int]survey.Level{4: survey.VerySatisfied, 3: survey.Satisfied, 2: survey.Dissatisfied, 1: survey.Dissatisfied},
		Officers: []string{"o1", "o2"}, Reasons: []string{"giay;to", "a,b", "chờ lâu", ""}, ReasonsFor: []survey.Level{survey.Dissatisfied, survey.Satisfied}, At: first}
	if err := st.RecordIssued(ctx, ic); err != nil {
		t.Fatal(err)
	}
	again := ic
	again.At, again.Officers = first.Add(time.Hour), []string{"o3"}
	if err := st.RecordIssued(ctx, again); err != nil {
		t.Fatal(err)
	}
	v2 := scoring.IssuedConfig{KioskID: "k1", Version: "v2", CentreID: "c1", CounterID: "2", Scale: survey.ScaleLegal3,
		Levels:   map[int]survey.Level{3: survey.VerySatisfied, 2: survey.Satisfied, 1: survey.Dissatisfied},
		Officers: []string{}, Reasons: []string{"wait"}, ReasonsFor: []survey.Level{survey.Dissatisfied}, At: first.Add(time.Minute)}
	if err := st.RecordIssued(ctx, v2); err != nil {
		t.Fatal(err)
	}
	got, err := st.Issued(ctx, "k1")
	if err != nil || !reflect.DeepEqual(got, []scoring.IssuedConfig{ic, v2}) {
		t.Fatalf("got %+v (%v), want %+v and %+v", got, err, ic, v2)
	}
	if got, err := st.Issued(ctx, "k2"); err != nil || len(got) != 0 {
		t.Fatalf("another kiosk: %+v (%v), want none", got, err)
	}
}

// TestCentreReasonsAndMappingRoundTrip: a centre's own reasons and mapping
// are kept, and a centre without them reads back without them (the
// defaults apply).
func TestCentreReasonsAndMappingRoundTrip(t *testing.T) {
	ctx := context.Background()
	st := enrolled(t)
	c, _, err := st.Roster(ctx, "c1")
	if err != nil || c.Reasons != nil || c.Mapping != nil {
		t.Fatalf("a new centre: reasons %v mapping %v (%v)", c.Reasons, c.Mapping, err)
	}
	c.Scale = survey.ScaleStar5
	c.Reasons = []protocol.Reason{{Code: "giay;to", VI: "Giấy tờ", EN: "Papers"}, {Code: "a,b", VI: "A, B", EN: "A, B"}}
	c.Mapping = map[string]string{"3": "satisfied"}
	if _, err := st.SaveCentre(ctx, c); err != nil {
		t.Fatal(err)
	}
	got, _, err := st.Roster(ctx, "c1")
	if err != nil || !reflect.DeepEqual(got.Reasons, c.Reasons) || !reflect.DeepEqual(got.Mapping, c.Mapping) {
		t.Fatalf("got reasons %v mapping %v (%v)", got.Reasons, got.Mapping, err)
	}
	got.Reasons, got.Mapping = nil, nil
	if _, err := st.SaveCentre(ctx, got); err != nil {
		t.Fatal(err)
	}
	if back, _, err := st.Roster(ctx, "c1"); err != nil || back.Reasons != nil || back.Mapping != nil {
		t.Fatalf("back to the defaults: reasons %v mapping %v (%v)", back.Reasons, back.Mapping, err)
	}
}

// TestRemoveOfficer: a removed officer leaves the roster; removing one
// who is not there is ErrNotFound.
func TestRemoveOfficer(t *testing.T) {
	ctx := context.Background()
	st := enrolled(t)
	if _, err := st.SaveOfficer(ctx, scoring.Officer{CentreID: "c1", ID: "o9", Name: "O9", PINHash: "x"}); err != nil {
		t.Fatal(err)
	}
	if err := st.RemoveOfficer(ctx, "c1", "o9"); err != nil {
		t.Fatal(err)
	}
	_, officers, err := st.Roster(ctx, "c1")
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range officers {
		if o.ID == "o9" {
			t.Fatal("o9 is still on the roster")
		}
	}
	if err := st.RemoveOfficer(ctx, "c1", "o9"); !errors.Is(err, scoring.ErrNotFound) {
		t.Fatalf("removing again: %v", err)
	}
	if err := st.RemoveOfficer(ctx, "c2", "o1"); !errors.Is(err, scoring.ErrNotFound) {
		t.Fatalf("another centre's officer: %v", err)
	}
}
