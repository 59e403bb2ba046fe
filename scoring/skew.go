package scoring

import "time"

// DefaultSkewLimit is the kiosk clock skew beyond which a heartbeat is
// flagged (log, metric, kiosk list).
const DefaultSkewLimit = 5 * time.Minute

// Skewed reports whether a clock skew is beyond limit, either way.
func Skewed(skew, limit time.Duration) bool {
	return skew > limit || -skew > limit
}
