package scoring_test

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"hailong/kiosk/protocol"
	"hailong/kiosk/survey"
)

// TestDocsStateTheBounds keeps the bounds written in docs/openapi.yaml,
// docs/API.md and docs/RESPONSE.md equal to the ones the code enforces:
// another vendor implements from the documents alone.
func TestDocsStateTheBounds(t *testing.T) {
	docs := map[string][]string{
		"../docs/openapi.yaml": {
			"maximum: " + strconv.Itoa(survey.MaxSeq),
			"maximum: " + strconv.Itoa(survey.MaxDurationMS),
			"x-max-bytes: " + strconv.Itoa(survey.MaxTextBytes),
			"maxItems: " + strconv.Itoa(survey.MaxReasons),
			"maxItems: " + strconv.Itoa(protocol.MaxBatchResponses),
			"additionalProperties: false",
			"required: [batch_id, responses]",
			"(202[4-9]|20[3-9][0-9])", // MinYear to MaxYear
			"maxItems: " + strconv.Itoa(protocol.MaxInvitationCounts),
			"required: [day, officer_id, issued, used, expired]",
			"over " + strconv.Itoa(protocol.MaxInvitationsPerDay),
			"more than " + strconv.Itoa(protocol.InvitationDaysBack) + " days",
			"maxProperties: " + strconv.Itoa(protocol.MaxChecks),
			"{0," + strconv.Itoa(protocol.MaxCheckNameBytes-1) + "}$",
			"{1," + strconv.Itoa(protocol.MaxCheckWordBytes) + "}$",
		},
		"../docs/RESPONSE.md": {
			strconv.Itoa(survey.MaxSeq),
			strconv.Itoa(survey.MaxDurationMS),
			strconv.Itoa(survey.MinYear) + " to " + strconv.Itoa(survey.MaxYear),
			"`-12:00` to `+14:00`",
			"at most 8",
			"0 to 64 bytes",
			"at most " + strconv.Itoa(protocol.MaxInvitationCounts) + " entries",
			"the " + strconv.Itoa(protocol.InvitationDays-1) + " days before",
		},
		"../docs/API.md": {
			"65,536 bytes",
			"1,048,576 bytes",
			"24 hours",
			"**500**",
			"**" + strconv.Itoa(protocol.MaxInvitationCounts) + "**",
			"the " + strconv.Itoa(protocol.InvitationDays-1) + " days before (" + strconv.Itoa(protocol.InvitationDays) + " days",
			"more than " + strconv.Itoa(protocol.InvitationDaysBack) + " days before",
			"`issued` over 10,000",
			"at most **" + strconv.Itoa(protocol.MaxChecks) + "** members",
			"1 to " + strconv.Itoa(protocol.MaxCheckNameBytes) + " bytes",
			"1 to " + strconv.Itoa(protocol.MaxCheckWordBytes) + " bytes",
		},
	}
	if survey.MaxReasons != 8 || survey.MaxTextBytes != 64 || survey.MinYear != 2024 || survey.MaxYear != 2099 ||
		protocol.MaxInvitationsPerDay != 10000 {
		t.Fatal("a bound changed: change the documents' words with it, then this line")
	}
	for doc, words := range docs {
		b, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range words {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s does not state %q", doc, w)
			}
		}
	}
}
