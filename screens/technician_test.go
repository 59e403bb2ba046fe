package screens

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"hailong/kiosk/survey"
)

// statsRecorder lets a test change what Stats says: the pending count and
// the free disk space, as the uploader and the technician change them.
type statsRecorder struct {
	survey.Recorder
	pending int
	free    int64
	broken  bool // SaveResponse fails with a full disk
}

func (s *statsRecorder) Stats(ctx context.Context, now time.Time) (survey.Stats, error) {
	st, err := s.Recorder.Stats(ctx, now)
	st.Pending, st.DiskFreeBytes = s.pending, s.free
	return st, err
}

func (s *statsRecorder) SaveResponse(ctx context.Context, r survey.Response) (survey.Response, error) {
	if s.broken {
		return survey.Response{}, errors.New("database or disk is full")
	}
	return s.Recorder.SaveResponse(ctx, r)
}

// techRig is a kiosk on the technician screen, enrolled to a fake
// uploader whose status the test changes.
type techRig struct {
	*rig
	rec     *statsRecorder
	sync    SyncStatus
	sendNow func(*SyncStatus)
}

func newTechRig(t *testing.T, size fyne.Size) *techRig {
	t.Helper()
	r := newRigAt(t, t.TempDir(), size, nil)
	tr := &techRig{rig: r, rec: &statsRecorder{Recorder: r.db, pending: 4, free: 8 << 30},
		sync: SyncStatus{Server: "http://127.0.0.1:1/8504"}}
	r.k.d.Recorder = tr.rec
	r.k.d.DiskFull = func(err error) bool { return strings.Contains(err.Error(), "disk is full") }
	r.k.d.Sync = func() SyncStatus { return tr.sync }
	r.k.d.SendNow = func() {
		if tr.sendNow != nil {
			tr.sendNow(&tr.sync)
		}
	}
	r.k.showTechnician()
	r.wantScreen(ScreenTechnician)
	return tr
}

// shown is the text the technician screen shows for a row.
func (r *techRig) shown(key string) string {
	r.t.Helper()
	v := r.k.tech.values[key]
	if v == nil {
		r.t.Fatalf("no row %q", key)
	}
	return v.Text
}

// TestTechnicianScreenUpdatesLive: the server comes back and drains the
// backlog while the technician watches; the screen follows within a
// couple of seconds without being reopened.
func TestTechnicianScreenUpdatesLive(t *testing.T) {
	r := newTechRig(t, fyne.NewSize(1280, 800))
	r.sync.Pending, r.sync.LastError, r.sync.Failures = 4, "Không kết nối được máy chủ / Cannot reach the server", 3
	r.advance(2 * time.Second)
	if got := r.shown("tech.pending"); got != "4" {
		t.Fatalf("pending %q, want 4", got)
	}
	if got := r.shown("tech.uploaderror"); !strings.Contains(got, "Cannot reach") {
		t.Fatalf("upload error %q", got)
	}
	// the server is back: the uploader sends everything
	r.rec.pending = 0
	r.sync = SyncStatus{Server: r.sync.Server, LastUpload: start.Add(3 * time.Second), Uploaded: 4}
	r.advance(2 * time.Second)
	if got := r.shown("tech.pending"); got != "0" {
		t.Fatalf("pending %q 2 s after the upload, want 0", got)
	}
	if got := r.shown("tech.lastupload"); got != "2025-11-24 09:00:03" {
		t.Fatalf("last upload %q", got)
	}
	if got := r.shown("tech.uploaderror"); got != bi("tech.none") {
		t.Fatalf("upload error %q after the server came back", got)
	}
	r.wantScreen(ScreenTechnician)
}

// TestTechnicianScreenAfterDiskFullRecovery: the disk fills, a rating is
// kept in memory, the technician frees space and the screen drops "disk
// full", the 0 B and the Retry button by itself.
func TestTechnicianScreenAfterDiskFullRecovery(t *testing.T) {
	for _, tc := range []struct {
		name    string
		recover func(r *techRig)
	}{
		{"retry button", func(r *techRig) { test.Tap(r.k.staffBtn["tech.retry"]) }},
		{"automatic retry", func(r *techRig) { r.advance(retryEvery + 2*time.Second) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newTechRig(t, fyne.NewSize(1280, 800))
			r.k.showHome()
			r.rec.broken, r.rec.free = true, 0
			r.typeRunes("2")
			r.wantScreen(ScreenOutOfOrder)
			r.k.showTechnician()
			if r.k.staffBtn["tech.retry"] == nil || !strings.Contains(r.shown("tech.error"), "Đĩa đầy") || r.shown("tech.disk") != "0 B" {
				t.Fatalf("disk full not shown: retry=%v error=%q disk=%q", r.k.staffBtn["tech.retry"] != nil, r.shown("tech.error"), r.shown("tech.disk"))
			}
			r.rec.broken, r.rec.free = false, 5<<30
			tc.recover(r)
			r.advance(2 * time.Second)
			r.wantScreen(ScreenTechnician)
			if got := r.shown("tech.error"); got != bi("tech.none") {
				t.Errorf("error row %q after recovery", got)
			}
			if got := r.shown("tech.disk"); got != "5.0 GiB" {
				t.Errorf("disk row %q after recovery", got)
			}
			if r.k.staffBtn["tech.retry"] != nil && r.k.staffBtn["tech.retry"].Visible() {
				t.Error("Retry still offered after recovery")
			}
			if r.k.unsaved != nil || len(r.responses()) != 1 {
				t.Error("the kept rating was not stored")
			}
		})
	}
}

// TestSendNowSaysWhatHappened: the technician's Send now reports its
// outcome in both languages.
func TestSendNowSaysWhatHappened(t *testing.T) {
	for _, tc := range []struct {
		name    string
		pending int
		send    func(s *SyncStatus)
		want    []string
	}{
		{"nothing to send", 0, nil, []string{"Không có gì để gửi", "Nothing to send"}},
		{"sent", 3, func(s *SyncStatus) {
			s.Uploaded += 3
			s.LastAttempt, s.LastUpload = start.Add(time.Second), start.Add(time.Second)
		}, []string{"Đã gửi 3", "Sent 3"}},
		{"server unreachable", 3, func(s *SyncStatus) {
			s.LastAttempt, s.Failures = start.Add(time.Second), s.Failures+1
			s.LastError = "Không kết nối được máy chủ / Cannot reach the server"
		}, []string{"Không gửi được", "Could not send", "Cannot reach the server"}},
		{"no answer yet", 3, func(*SyncStatus) {}, []string{"Chưa gửi được", "Not sent yet"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newTechRig(t, fyne.NewSize(1280, 800))
			r.rec.pending = tc.pending
			sent := 0
			r.sendNow = func(s *SyncStatus) {
				sent++
				if tc.send != nil {
					tc.send(s)
				}
			}
			test.Tap(r.k.staffBtn["tech.sendnow"])
			r.wantScreen(ScreenTechnician)
			r.advance(sendNowWait + time.Second)
			n := r.k.tech.notice
			got := n.Text
			// below the title, as high as its wrapped text: not over the title
			if n.Position().Y < 40 || n.Size().Height < n.MinSize().Height || n.Size().Width < 600 {
				t.Errorf("notice at %v, size %v (min %v): overlaps the title or is cut", n.Position(), n.Size(), n.MinSize())
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("Send now says %q, want %q in it", got, w)
				}
			}
			if tc.pending > 0 && sent != 1 {
				t.Errorf("SendNow called %d times", sent)
			}
		})
	}
}

// TestTechnicianValuesWrapBetweenWords: no value is broken inside a word,
// in landscape and in portrait.
func TestTechnicianValuesWrapBetweenWords(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1280, Height: 800}, {Width: 800, Height: 1280}} {
		r := newTechRig(t, size)
		r.advance(2 * time.Second)
		for key, v := range r.k.tech.values {
			lines := renderedLines(v)
			if got, want := strings.Fields(strings.Join(lines, " ")), strings.Fields(v.Text); strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("%v: %s is broken inside a word: %q", size, key, lines)
			}
		}
	}
}

// renderedLines returns the lines a label draws.
func renderedLines(l *widget.Label) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *canvas.Text:
			if x.Text != "" {
				out = append(out, x.Text)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(l)
	return out
}
