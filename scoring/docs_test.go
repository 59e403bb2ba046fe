package scoring_test

import (
	"os"
	"strings"
	"testing"

	"hailong/kiosk/protocol"
)

// TestDocsNameEveryCodeAndPath keeps docs/API.md and docs/openapi.yaml in
// step with package protocol: every path, error code, item status and
// rejection reason the server can send is documented in both.
func TestDocsNameEveryCodeAndPath(t *testing.T) {
	words := []string{
		protocol.PathEnrol, protocol.PathConfig, protocol.PathResponses, protocol.PathHeartbeat, protocol.PathPhotos,
		protocol.CodeBadRequest, protocol.CodeUnauthorized, protocol.CodeInvalidCode, protocol.CodeKioskTaken,
		protocol.CodeTooLarge, protocol.CodeRateLimited, protocol.CodeUnsupported, protocol.CodeInternal,
		protocol.CodeUnavailable, protocol.CodeNotFound, protocol.CodeMethod, protocol.CodeTimeout, "/readyz",
		protocol.StatusAccepted, protocol.StatusDuplicate, protocol.StatusRejected,
		protocol.ReasonConflict, protocol.ReasonInvalid, protocol.ReasonKioskMismatch,
		protocol.ReasonWrongPlace, protocol.ReasonUnknownConfig, protocol.ReasonScaleMismatch,
		protocol.ReasonLevelMismatch, protocol.ReasonUnknownOfficer, protocol.ReasonUnknownReason, protocol.ReasonUnexpectedReasons,
		protocol.HeaderIdempotencyKey, "Retry-After", "If-None-Match", "ETag", "Content-Encoding",
	}
	for _, doc := range []string{"../docs/API.md", "../docs/openapi.yaml"} {
		b, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range words {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s does not mention %q", doc, w)
			}
		}
	}
}
