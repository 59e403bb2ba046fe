package demodata

import (
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
)

// SkewedCentre and SkewedCounter: a kiosk whose clock runs Skew fast, as
// its heartbeat shows (beyond scoring.DefaultSkewLimit).
const (
	SkewedCentre  = "hg-mc"
	SkewedCounter = "1"
	Skew          = 6*time.Minute + 10*time.Second
)

// LowDiskCentre and LowDiskCounter: a kiosk whose data disk is nearly
// full, as its heartbeat's self-checks say (disk=low).
const (
	LowDiskCentre  = "hp-hcc"
	LowDiskCounter = "4"
	lowDiskFree    = 150 << 20
)

// selfChecks are the words of a demo kiosk's self-checks, as kiosk doctor
// finds them (kioskapp/doctor.go), in name order.
func selfChecks(disk, clock string) []scoring.KioskCheck {
	return []scoring.KioskCheck{{Name: "backlog", Result: "ok"}, {Name: "chain", Result: "ok"}, {Name: "clock", Result: clock},
		{Name: "database", Result: "ok"}, {Name: "disk", Result: disk}, {Name: "pins", Result: "ok"}, {Name: "threading", Result: "ok"}}
}

// kiosk chains a kiosk's ratings into responses under its configuration,
// splits them into the uploads that reached the server, and makes its
// last heartbeat.
func (g *generator) kiosk(s Setup, rs []rating) KioskData {
	rng := g.rng("kiosk " + s.Kiosk.ID)
	k := KioskData{Kiosk: s.Kiosk, Responses: make([]survey.Response, len(rs))}
	prev := survey.GenesisHash
	for i, r := range rs {
		raw, _ := rawValue(s.Config, r.level) // checkSetup made sure
		resp := survey.Response{
			ID: uuidText(r.id), KioskID: s.Kiosk.ID, Seq: int64(i + 1), PrevHash: prev,
			CentreID: s.Config.CentreID, CounterID: s.Config.CounterID, OfficerID: r.officer,
			Scale: s.Config.Scale, RawValue: raw, Level: r.level, Reasons: r.reasons, Outcome: r.outcome,
			Lang: r.lang, CreatedAt: r.at.In(Zone).Format(survey.TimeLayout), DurationMS: r.duration,
			AppVersion: AppVersion, ConfigVersion: s.Config.Version,
			InvitationID: r.invitation, Ticket: r.ticket,
		}
		if resp.Reasons == nil {
			resp.Reasons = []string{} // as a kiosk sends it: [] not null
		}
		if r.repeat {
			resp.FilterReason = survey.FilterRepeat
		}
		resp.Hash = resp.ComputeHash()
		prev = resp.Hash
		k.Responses[i] = resp
	}

	silent := s.Kiosk.CentreID == SilentCentre && s.Kiosk.CounterID == SilentCounter
	late := s.Kiosk.CentreID == LateCentre && s.Kiosk.CounterID == LateCounter && !g.lateFrom.IsZero()
	limit := g.o.Now // nothing reaches the server after it
	if silent {
		limit = g.silentFrom
	}
	// A batch holds the ratings of one upload: those of one hour, or all
	// those made while the late kiosk was offline; at most maxBatch.
	start, uploaded := 0, 0 // the current batch starts at start; rs[:uploaded] reach the server
	var key, lastReceived time.Time
	flush := func(end int) {
		if end == start {
			return
		}
		last := rs[end-1].at
		received := last.Add(time.Duration(1000+rng.IntN(8000)) * time.Millisecond)
		if late && !last.Before(g.lateFrom) && last.Before(g.lateTo) {
			received = g.lateTo.Add(time.Duration(20000+rng.IntN(60000)) * time.Millisecond)
		}
		if received.After(limit) {
			received = limit
		}
		k.Batches = append(k.Batches, Batch{ID: uuidText(uuidV7(rng, received)), Responses: k.Responses[start:end], ReceivedAt: received.UTC()})
		lastReceived, start = received, end
	}
	for i, r := range rs {
		if !r.at.Before(limit) {
			break // still pending on the kiosk
		}
		kk := r.at.Truncate(uploadEvery)
		if late && !r.at.Before(g.lateFrom) && r.at.Before(g.lateTo) {
			kk = g.lateTo
		}
		if i > start && (!kk.Equal(key) || i-start == maxBatch) {
			flush(i)
		}
		key, uploaded = kk, i+1
	}
	flush(uploaded)

	hb := limit.Add(-time.Duration(3000+rng.IntN(55000)) * time.Millisecond)
	if hb.Before(lastReceived) {
		hb = lastReceived
	}
	skew := time.Duration(rng.IntN(1800)-900) * time.Millisecond
	clock := "ok"
	if s.Kiosk.CentreID == SkewedCentre && s.Kiosk.CounterID == SkewedCounter {
		skew, clock = Skew, "skewed"
	}
	diskFree, disk := int64(18+rng.IntN(22))<<30, "ok"
	if s.Kiosk.CentreID == LowDiskCentre && s.Kiosk.CounterID == LowDiskCounter {
		diskFree, disk = lowDiskFree, "low"
	}
	k.Heartbeat = scoring.HeartbeatRecord{KioskID: s.Kiosk.ID, AppVersion: AppVersion, Pending: len(rs) - uploaded,
		DiskFree: diskFree, KioskClock: hb.Add(skew).UTC(), LastSeq: int64(len(rs)), ReceivedAt: hb.UTC(),
		Checks: selfChecks(disk, clock)}
	if uploaded < len(rs) {
		k.Heartbeat.OldestPendingAt = rs[uploaded].at.UTC()
	}
	return k
}
