// Package demodata makes the demo database of `make run` (issue 10 item 7):
// three made-up centres of Quảng Ninh with their counters, officers and
// kiosks, and weeks of ratings with the patterns a manager would meet in a
// real one: busier mornings and Mondays, nothing on Sundays, a lunch lull,
// repeat presses filtered, reasons skipped or timed out, one officer
// clearly weaker than the others, one bad afternoon at one counter, a
// kiosk that was offline for a few days and uploaded late, one that has
// gone silent, and one counter in invite mode, whose ratings answer the
// officer's invitations and whose kiosk reports how many it issued, so
// that the pages show a response rate.
//
// Generation is deterministic: the same seed, end instant and kiosk
// configurations give the same responses, byte for byte (math/rand/v2
// with a PCG source; the package never reads the clock). The responses
// are what a real kiosk would send: each passes survey.Response.Validate
// and the server's trust rules for the configuration version the kiosk
// was sent, and each kiosk's hash chain is contiguous from seq 1. Seed
// writes everything through the store's own roles (centres, officers,
// enrolment, issued configurations, Ingest in batches of at most 500,
// heartbeats, invitation counts, users), so every aggregate the store
// keeps is maintained as it is for real uploads, and marks the database
// as demo data.
package demodata
