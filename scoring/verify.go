package scoring

import (
	"context"
	"log/slog"
	"time"
)

// Verifying the stored chains (issue 9 item 7). Ingest checks every
// response as it arrives, but a row edited afterwards in the database file
// would otherwise go unnoticed. A verification recomputes each stored
// response's hash from its columns and follows each kiosk's chain, against
// what ingest recorded: the highest seq received, the gaps still open, the
// number of responses its batches accepted, and the prefixes pruned.

// Kinds of chain problem found by a verification.
const (
	// ProblemMismatch: a row's content no longer hashes to its hash (a
	// field was changed), or the row at the last verified point no longer
	// has the hash it had.
	ProblemMismatch = "mismatch"
	// ProblemBrokenLink: a row's prev_hash is not its predecessor's hash,
	// and ingest did not record that break when it arrived.
	ProblemBrokenLink = "broken_link"
	// ProblemDeleted: a seq that ingest stored (not in an open gap, not
	// pruned) is missing, or a kiosk has fewer rows than its batches
	// accepted.
	ProblemDeleted = "deleted"
	// ProblemInserted: a row no batch accepted: a second row for a seq
	// that ingest never saw reused, a seq beyond the highest received, a
	// row below a pruned checkpoint or of an unknown kiosk, or more rows
	// than the batches accepted.
	ProblemInserted = "inserted"
	// ProblemUnprotected: the append-only triggers are missing or altered,
	// or the prune gate was left open: anyone could have edited rows.
	ProblemUnprotected = "unprotected"
)

// ProblemKinds lists every kind, for reports and metrics.
var ProblemKinds = []string{ProblemMismatch, ProblemBrokenLink, ProblemDeleted, ProblemInserted, ProblemUnprotected}

// ChainProblem is one finding.
type ChainProblem struct {
	KioskID    string // "" for the database as a whole (unprotected), "?" for rows of no known kiosk
	Kind       string
	Seq        int64 // where it was found; 0 when it concerns the whole kiosk
	ToSeq      int64 // the last seq of a missing range, else 0
	ResponseID string
	Detail     string
}

// VerifyOptions choose what a verification covers.
type VerifyOptions struct {
	// KioskID limits it to one kiosk; "" means every kiosk.
	KioskID string
	// Full recomputes every stored chain from its start (or its pruned
	// checkpoint). Otherwise only the rows beyond each kiosk's last
	// verified point are read: cheap, but blind to edits behind it.
	Full bool
	// MaxRows, when positive, bounds the rows an incremental pass reads,
	// shared among the kiosks (each reads at least 1,000, and stops at a
	// seq boundary); the next pass goes on from where it stopped.
	MaxRows int64
	// Now is the time recorded; zero means time.Now.
	Now time.Time
}

// VerifyReport is the outcome of a verification.
type VerifyReport struct {
	Full     bool
	Kiosks   int            // kiosks verified
	Rows     int64          // rows read and rehashed
	Problems []ChainProblem // found by this pass
	// Recorded counts every problem on record after this pass, by kind:
	// an incremental pass keeps what earlier passes found behind the
	// verified point until a full pass finds it again or not.
	Recorded map[string]int
}

// ChainVerifier verifies stored chains; the SQLite store implements it.
type ChainVerifier interface {
	VerifyChains(ctx context.Context, o VerifyOptions) (VerifyReport, error)
	// ChainProblemCounts counts the problems on record, by kind.
	ChainProblemCounts(ctx context.Context) (map[string]int, error)
}

// VerifySchedule is how often serve verifies: an incremental pass every
// Every, a full pass at start and every FullEvery. Zero disables either.
type VerifySchedule struct {
	Every     time.Duration
	FullEvery time.Duration
	// MaxRows bounds each incremental pass (VerifyOptions.MaxRows);
	// zero means DefaultVerifyMaxRows.
	MaxRows int64
}

// Default verification schedule: a minute of new rows is a few thousand
// at most, and a full pass of millions of rows takes seconds, once a day.
const (
	DefaultVerifyEvery     = time.Minute
	DefaultVerifyFullEvery = 24 * time.Hour
	// DefaultVerifyMaxRows bounds an incremental pass to about a second of
	// one core (a row costs about 9 µs to read and rehash): verification
	// keeps up with 1,600 new responses a second, and after a mass drain
	// catches up over the following minutes instead of competing with it.
	DefaultVerifyMaxRows = 100_000
)

// RunVerifier verifies on schedule until ctx ends. A full pass runs at
// start (a database edited while the server was stopped is found then),
// every FullEvery, and at once when an incremental pass finds the database
// unprotected: whoever dropped the triggers may have restored them after
// editing rows behind the verified point, which only a full pass sees.
func RunVerifier(ctx context.Context, log *slog.Logger, v ChainVerifier, s VerifySchedule) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if s.Every <= 0 && s.FullEvery <= 0 {
		return
	}
	if s.MaxRows <= 0 {
		s.MaxRows = DefaultVerifyMaxRows
	}
	pass := func(full bool) (unprotected bool) {
		start := time.Now()
		rep, err := v.VerifyChains(ctx, VerifyOptions{Full: full, MaxRows: s.MaxRows})
		if err != nil {
			if ctx.Err() == nil {
				log.Error("chain verification failed", "full", full, "err", err)
			}
			return false
		}
		lv := slog.LevelDebug
		if len(rep.Problems) > 0 {
			lv = slog.LevelError
		} else if full {
			lv = slog.LevelInfo
		}
		log.Log(ctx, lv, "chains verified", "full", full, "kiosks", rep.Kiosks, "rows", rep.Rows,
			"problems", len(rep.Problems), "recorded", rep.Recorded, "took", time.Since(start).Round(time.Millisecond))
		for _, p := range rep.Problems {
			log.Error("chain problem", "kiosk", p.KioskID, "kind", p.Kind, "seq", p.Seq, "to_seq", p.ToSeq,
				"response", p.ResponseID, "detail", p.Detail)
			if p.Kind == ProblemUnprotected {
				unprotected = true
			}
		}
		return unprotected
	}
	lastFull := time.Now()
	if s.FullEvery > 0 {
		pass(true)
	}
	every := s.Every
	if every <= 0 {
		every = s.FullEvery
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if s.FullEvery > 0 && time.Since(lastFull) >= s.FullEvery {
			lastFull = time.Now()
			pass(true)
			continue
		}
		if pass(false) {
			lastFull = time.Now()
			pass(true)
		}
	}
}
