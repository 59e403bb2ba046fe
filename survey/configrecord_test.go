package survey_test

import (
	"strings"
	"testing"

	"hailong/kiosk/survey"
)

// TestConfigValidateRecordFields refuses a configuration that lends a
// response what Response.Validate refuses: the kiosk would then fail to
// save every rating, or save ratings the server rejects.
func TestConfigValidateRecordFields(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(*survey.Config)
		wantErr string // "" means valid
	}{
		{"reason codes with ; , and Vietnamese", func(c *survey.Config) { c.Reasons[0].Code, c.Reasons[1].Code = "a;b", "thái độ, giờ" }, ""},
		{"centre id with a space", func(c *survey.Config) { c.CentreID = "qn hcc" }, "centre id"},
		{"counter id with a newline", func(c *survey.Config) { c.CounterID = "3\n4" }, "counter id"},
		{"officer id 65 bytes", func(c *survey.Config) { c.Officers[0].ID = strings.Repeat("o", 65) }, "officer id"},
		{"reason code with a TAB", func(c *survey.Config) { c.Reasons[0].Code = "a\tb" }, "reason code"},
		{"reason code of 65 bytes", func(c *survey.Config) { c.Reasons[0].Code = strings.Repeat("r", 65) }, "reason code"},
		{"version with ESC", func(c *survey.Config) { c.Version = "v\x1b[2J" }, "version"},
		{"version not ASCII", func(c *survey.Config) { c.Version = "bản-7" }, "version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := goodConfig()
			tt.mutate(&c)
			err := c.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Validate() = %v, want an error mentioning %q", err, tt.wantErr)
			}
		})
	}
}
