package scoring

import "time"

// Retention pruning (scoring-server prune): the only way rows leave the
// responses table. Per kiosk it deletes a prefix of the chain, never past
// the highest seq with nothing missing below it, and records a checkpoint
// (the last seq pruned and its hash, the rows deleted) from which
// verification continues, so that pruned rows are not taken for deleted
// ones and the chain stays verifiable from the checkpoint on.

// PruneOptions choose what Prune deletes.
type PruneOptions struct {
	// Before: responses created before this instant may go.
	Before time.Time
	// KioskID limits pruning to one kiosk; "" means every kiosk.
	KioskID string
	// DryRun reports what would be pruned and deletes nothing.
	DryRun bool
	// Now is the time recorded; zero means time.Now.
	Now time.Time
}

// PruneResult is what Prune did (or would do) for one kiosk.
type PruneResult struct {
	KioskID string
	FromSeq int64  // first seq pruned
	ToSeq   int64  // last seq pruned: the new checkpoint
	ToHash  string // its hash
	Rows    int64  // rows deleted
	// Skipped says why nothing was pruned ("" when something was).
	Skipped string
}
