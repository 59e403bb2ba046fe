package scoringtest

import "hailong/kiosk/survey"

// Tricky returns a valid chain of kiosk k (seqs from 1) whose texts hold
// what an export must carry losslessly and a spreadsheet must not run:
// Vietnamese, U+2028 and U+2029, the control characters the protocol
// allows (TAB, LF, CR), <>&, reasons with ";" and "," and spaces, a
// newline, a CR and a CR LF in a ticket, a leading apostrophe, and cells
// that a spreadsheet would take for formulas (= + - @, tab, CR). Every
// record passes survey's Validate.
func Tricky(k Kiosk) []survey.Response {
	rs := Chain(k, 1, survey.GenesisHash, 12)
	edits := []func(r *survey.Response){
		func(r *survey.Response) {
			r.Ticket, r.DossierCode = `=HYPERLINK("http://x")`, "@SUM(1)"
			r.Reasons = []string{"a;b", "c,d"}
		},
		func(r *survey.Response) { r.Reasons = []string{"=SUM(1)", "@x", " "} },
		func(r *survey.Response) { r.Reasons = []string{} },
		func(r *survey.Response) {
			r.Ticket = "dòng một\ndòng hai\rba\r\nbốn"
			r.DossierCode = "Hồ sơ \u2028 phân cách\u2029 đoạn"
		},
		func(r *survey.Response) {
			r.Ticket, r.DossierCode = "ctl\ttab\r\nCRLF\n", "<b>&amp;</b> <>&"
			r.Reasons = []string{"Thái độ chưa lịch sự", `quote " and \ backslash`}
		},
		func(r *survey.Response) { r.Ticket, r.DossierCode = "+84 912", "-1" },
		func(r *survey.Response) { r.Ticket, r.DossierCode = "\tTAB", "\rCR" },
		func(r *survey.Response) { r.Ticket, r.DossierCode = "'quoted", "''twice" },
		func(r *survey.Response) { r.Ticket, r.DossierCode = " leading space", "trailing space " },
		func(r *survey.Response) { r.Ticket, r.DossierCode = "=1+1", `"` },
		func(r *survey.Response) { r.Ticket, r.DossierCode = ",", "\n" },
	}
	prev := survey.GenesisHash
	for i := range rs {
		if i < len(edits) {
			edits[i](&rs[i])
		}
		rs[i].PrevHash = prev
		rs[i] = Rehash(rs[i])
		prev = rs[i].Hash
	}
	return rs
}
