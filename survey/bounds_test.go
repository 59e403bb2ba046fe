package survey_test

import (
	"strings"
	"testing"

	"hailong/kiosk/survey"
)

// huge is the 900 kB string issue 9 found accepted in text fields.
var huge = strings.Repeat("x", 900_000)

// boundCases are the bounds and character rules of docs/RESPONSE.md §3,
// each at its edge: the last value accepted and the first refused. The
// hash is recomputed after each change.
var boundCases = []struct {
	name    string
	mutate  func(*survey.Response)
	wantErr string // a substring of the error; "" means valid
}{
	// ids
	{"id upper case", func(r *survey.Response) { r.ID = strings.ToUpper(r.ID) }, "id"},
	{"id 36 bytes not a UUID", func(r *survey.Response) { r.ID = strings.Repeat("a", 36) }, "id"},
	{"kiosk_id 64 bytes", func(r *survey.Response) { r.KioskID = strings.Repeat("k", 64) }, ""},
	{"kiosk_id 65 bytes", func(r *survey.Response) { r.KioskID = strings.Repeat("k", 65) }, "kiosk_id"},
	{"kiosk_id with a space", func(r *survey.Response) { r.KioskID = "kiosk 1" }, "kiosk_id"},
	{"centre_id 900 kB", func(r *survey.Response) { r.CentreID = huge }, "centre_id"},
	{"officer_id with a newline", func(r *survey.Response) { r.OfficerID = "cb\n01" }, "officer_id"},
	{"invitation_id a UUID", func(r *survey.Response) { r.InvitationID = "019ab3c1-0f00-7aaa-b000-00000000c0de" }, ""},
	{"invitation_id 900 kB", func(r *survey.Response) { r.InvitationID = huge }, "invitation_id"},
	{"invitation_id with NUL", func(r *survey.Response) { r.InvitationID = "inv\x001" }, "invitation_id"},

	// seq
	{"seq 2^53-1", func(r *survey.Response) { r.Seq = 1<<53 - 1 }, ""},
	{"seq 2^53", func(r *survey.Response) { r.Seq = 1 << 53 }, "seq"},
	{"seq 2^63-1", func(r *survey.Response) { r.Seq = 1<<63 - 1 }, "seq"},

	// reasons
	{"8 reasons", func(r *survey.Response) { r.Reasons = strings.Split("a b c d e f g h", " ") }, ""},
	{"9 reasons", func(r *survey.Response) { r.Reasons = strings.Split("a b c d e f g h i", " ") }, "reasons"},
	{"20,000 reasons", func(r *survey.Response) { r.Reasons = strings.Split(strings.Repeat("w ", 20_000), " ") }, "reasons"},
	{"a reason twice", func(r *survey.Response) { r.Reasons = []string{"wait", "rude", "wait"} }, "twice"},
	{"an empty reason", func(r *survey.Response) { r.Reasons = []string{""} }, "reason"},
	{"reasons with ; and ,", func(r *survey.Response) { r.Reasons = []string{"a;b", "c,d", "Thái độ"} }, ""},
	{"a 64-byte reason", func(r *survey.Response) { r.Reasons = []string{strings.Repeat("ố", 21) + "x"} }, ""},
	{"a reason with a TAB", func(r *survey.Response) { r.Reasons = []string{"a\tb"} }, "reason"},
	{"a reason with a newline", func(r *survey.Response) { r.Reasons = []string{"a\nb"} }, "reason"},
	{"a reason with U+2028", func(r *survey.Response) { r.Reasons = []string{"a\u2028b"} }, "reason"},
	{"a reason with ESC", func(r *survey.Response) { r.Reasons = []string{"\x1b[2J"} }, "reason"},

	// free text
	{"ticket with TAB, LF, CR", func(r *survey.Response) { r.Ticket = "a\tb\nc\r\nd" }, ""},
	{"ticket with <>&, quotes, U+2028, U+2029", func(r *survey.Response) { r.Ticket = `<a href="x">&amp;</a>` + "\u2028\u2029" }, ""},
	{"ticket Vietnamese and emoji", func(r *survey.Response) { r.Ticket = "Số 12 – Quầy 3 😀" }, ""},
	{"ticket with NUL", func(r *survey.Response) { r.Ticket = "A\x0012" }, "ticket"},
	{"ticket with ESC", func(r *survey.Response) { r.Ticket = "\x1b[31mA012" }, "ticket"},
	{"ticket with backspace", func(r *survey.Response) { r.Ticket = "A\b012" }, "ticket"},
	{"ticket with DEL", func(r *survey.Response) { r.Ticket = "A\x7f012" }, "ticket"},
	{"ticket with a C1 control", func(r *survey.Response) { r.Ticket = "A\u0085012" }, "ticket"},
	{"ticket 900 kB", func(r *survey.Response) { r.Ticket = huge }, "ticket"},
	{"dossier_code with NUL", func(r *survey.Response) { r.DossierCode = "HS\x00" }, "dossier_code"},
	{"dossier_code with U+FFFD itself", func(r *survey.Response) { r.DossierCode = "HS\uFFFD" }, ""},

	// created_at
	{"created_at first moment of 2024", func(r *survey.Response) { r.CreatedAt = "2024-01-01T00:00:00.000Z" }, ""},
	{"created_at last moment of 2099", func(r *survey.Response) { r.CreatedAt = "2099-12-31T23:59:59.999+07:00" }, ""},
	{"created_at in 2023", func(r *survey.Response) { r.CreatedAt = "2023-12-31T23:59:59.999Z" }, "year"},
	{"created_at in year 1", func(r *survey.Response) { r.CreatedAt = "0001-11-24T09:00:05.123+07:00" }, "year"},
	{"created_at in 2100", func(r *survey.Response) { r.CreatedAt = "2100-01-01T00:00:00.000Z" }, "year"},
	{"created_at offset +14:00", func(r *survey.Response) { r.CreatedAt = "2025-11-24T09:00:05.123+14:00" }, ""},
	{"created_at offset -12:00", func(r *survey.Response) { r.CreatedAt = "2025-11-24T09:00:05.123-12:00" }, ""},
	{"created_at offset +05:45", func(r *survey.Response) { r.CreatedAt = "2025-11-24T09:00:05.123+05:45" }, ""},
	{"created_at offset +00:00", func(r *survey.Response) { r.CreatedAt = "2025-11-24T09:00:05.123+00:00" }, ""},
	{"created_at offset +23:59", func(r *survey.Response) { r.CreatedAt = "2025-11-24T09:00:05.123+23:59" }, "offset"},
	{"created_at offset +14:01", func(r *survey.Response) { r.CreatedAt = "2025-11-24T09:00:05.123+14:01" }, "offset"},
	{"created_at offset -12:30", func(r *survey.Response) { r.CreatedAt = "2025-11-24T09:00:05.123-12:30" }, "offset"},
	{"created_at offset -00:00", func(r *survey.Response) { r.CreatedAt = "2025-11-24T09:00:05.123-00:00" }, "offset"},
	{"created_at offset +05:60", func(r *survey.Response) { r.CreatedAt = "2025-11-24T09:00:05.123+05:60" }, "offset"},
	{"created_at comma before milliseconds", func(r *survey.Response) { r.CreatedAt = "2025-11-24T09:00:05,123+07:00" }, "created_at"},
	{"created_at two decimals", func(r *survey.Response) { r.CreatedAt = "2025-11-24T09:00:05.12+07:00" }, "created_at"},
	{"created_at four decimals", func(r *survey.Response) { r.CreatedAt = "2025-11-24T09:00:05.1234Z" }, "created_at"},
	{"created_at no decimals", func(r *survey.Response) { r.CreatedAt = "2025-11-24T09:00:05+07:00" }, "created_at"},
	{"created_at lower-case z", func(r *survey.Response) { r.CreatedAt = "2025-11-24T09:00:05.123z" }, "created_at"},
	{"created_at lower-case t", func(r *survey.Response) { r.CreatedAt = "2025-11-24t09:00:05.123Z" }, "created_at"},
	{"created_at a space for T", func(r *survey.Response) { r.CreatedAt = "2025-11-24 09:00:05.123Z" }, "created_at"},
	{"created_at 29 February of a leap year", func(r *survey.Response) { r.CreatedAt = "2028-02-29T09:00:05.123Z" }, ""},
	{"created_at 29 February of another year", func(r *survey.Response) { r.CreatedAt = "2025-02-29T09:00:05.123Z" }, "created_at"},
	{"created_at hour 24", func(r *survey.Response) { r.CreatedAt = "2025-11-24T24:00:00.000Z" }, "created_at"},
	{"created_at leap second", func(r *survey.Response) { r.CreatedAt = "2025-12-31T23:59:60.000Z" }, "created_at"},
	{"created_at 900 kB", func(r *survey.Response) { r.CreatedAt = huge }, "created_at"},

	// duration_ms
	{"duration_ms a day", func(r *survey.Response) { r.DurationMS = 86_400_000 }, ""},
	{"duration_ms over a day", func(r *survey.Response) { r.DurationMS = 86_400_001 }, "duration_ms"},

	// versions
	{"app_version 64 bytes", func(r *survey.Response) { r.AppVersion = strings.Repeat("1", 64) }, ""},
	{"app_version with spaces", func(r *survey.Response) { r.AppVersion = "1.2.3 (build 7)" }, ""},
	{"app_version empty", func(r *survey.Response) { r.AppVersion = "" }, ""},
	{"app_version 65 bytes", func(r *survey.Response) { r.AppVersion = strings.Repeat("1", 65) }, "app_version"},
	{"app_version 900 kB", func(r *survey.Response) { r.AppVersion = huge }, "app_version"},
	{"app_version with a TAB", func(r *survey.Response) { r.AppVersion = "1.2\t3" }, "app_version"},
	{"app_version with a newline", func(r *survey.Response) { r.AppVersion = "1.2\nk9\tqn-hcc" }, "app_version"},
	{"config_version 900 kB", func(r *survey.Response) { r.ConfigVersion = huge }, "config_version"},
	{"config_version non-ASCII", func(r *survey.Response) { r.ConfigVersion = "cấu-hình-7" }, "config_version"},
	{"config_version with ESC", func(r *survey.Response) { r.ConfigVersion = "\x1b]0;x\x07" }, "config_version"},
}

func TestValidateBounds(t *testing.T) {
	for _, tt := range boundCases {
		t.Run(tt.name, func(t *testing.T) {
			r := goodResponse()
			tt.mutate(&r)
			r.Hash = r.ComputeHash()
			err := r.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatal("Validate() = nil, want an error")
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Validate() = %q, want it to mention %q", err, tt.wantErr)
			}
			if len(err.Error()) > 2000 {
				t.Errorf("the error is %d bytes long: a huge field must not make a huge message", len(err.Error()))
			}
		})
	}
}

// TestValidateDoesNotAllocate keeps Validate cheap: the server runs it for
// every response of every batch.
func TestValidateDoesNotAllocate(t *testing.T) {
	r := goodResponse()
	if n := testing.AllocsPerRun(100, func() {
		if err := r.Validate(); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("Validate of a valid response allocates %v times", n)
	}
}
