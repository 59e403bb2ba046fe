// Package screens is the kiosk's Fyne user interface: the citizen screens
// (idle, rating, reasons, dossier code, thanks, closed, out of service), the
// staff screens behind the long press on the logo (PIN pad, officer sign-in
// and sign-out, technician), the kiosk theme and the bilingual catalog.
//
// Screens speak to storage only through survey.Recorder and never touch
// widgets from another goroutine: timers and the local API go through
// fyne.Do.
package screens
