package scoring

import (
	"context"
	"fmt"
	"time"
)

// DefaultEnrolCodeTTL is how long an enrolment code stays usable.
const DefaultEnrolCodeTTL = 24 * time.Hour

// IssueEnrolCode makes a single-use enrolment code for a counter of a
// centre, valid for ttl from now, stores its hash and returns the code, to
// be shown once.
func IssueEnrolCode(ctx context.Context, st FleetStore, centreID, counterID string, now time.Time, ttl time.Duration) (string, error) {
	if !ValidID(centreID) || !ValidID(counterID) {
		return "", fmt.Errorf("issue enrolment code: centre and counter must be ids (letters, digits, '.', '_', '-')")
	}
	code, err := NewEnrolCode()
	if err != nil {
		return "", err
	}
	err = st.CreateEnrolCode(ctx, EnrolCode{
		Hash: HashSecret(NormaliseEnrolCode(code)), CentreID: centreID, CounterID: counterID,
		CreatedAt: now, ExpiresAt: now.Add(ttl),
	})
	if err != nil {
		return "", fmt.Errorf("issue enrolment code for centre %s: %w", centreID, err)
	}
	return code, nil
}
