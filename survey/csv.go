package survey

import (
	"strconv"
	"strings"
)

// CSVHeader names the columns of a response in exports: every field under
// its JSON name, in the canonical order. The kiosk's and the server's CSV
// exports start with these and add their own columns after.
func CSVHeader() []string {
	return []string{"id", "kiosk_id", "seq", "prev_hash", "hash", "centre_id", "counter_id", "officer_id",
		"scale", "raw_value", "level", "reasons", "outcome", "filter_reason", "invitation_id", "ticket",
		"dossier_code", "lang", "created_at", "duration_ms", "app_version", "config_version"}
}

// CSVRecord returns the response's fields in CSVHeader order, reasons
// joined by ";".
func (r Response) CSVRecord() []string {
	return []string{r.ID, r.KioskID, strconv.FormatInt(r.Seq, 10), r.PrevHash, r.Hash, r.CentreID, r.CounterID,
		r.OfficerID, r.Scale, strconv.Itoa(r.RawValue), string(r.Level), strings.Join(r.Reasons, ";"),
		string(r.Outcome), r.FilterReason, r.InvitationID, r.Ticket, r.DossierCode, r.Lang, r.CreatedAt,
		strconv.FormatInt(r.DurationMS, 10), r.AppVersion, r.ConfigVersion}
}
