package screens

import (
	"context"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hailong/kiosk/survey"
)

// slowRecorder blocks every SaveResponse until the test releases it, as an
// eMMC that stalls an fsync does, and counts the calls.
type slowRecorder struct {
	survey.Recorder
	mu      sync.Mutex
	calls   int
	entered chan struct{} // one value per SaveResponse that started
	release chan struct{} // one value lets one SaveResponse go on
}

func newSlowRecorder(rec survey.Recorder) *slowRecorder {
	return &slowRecorder{Recorder: rec, entered: make(chan struct{}, 16), release: make(chan struct{})}
}

func (s *slowRecorder) SaveResponse(ctx context.Context, r survey.Response) (survey.Response, error) {
	s.mu.Lock()
	s.calls++
	s.mu.Unlock()
	s.entered <- struct{}{}
	<-s.release
	return s.Recorder.SaveResponse(ctx, r)
}

func (s *slowRecorder) saves() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// slowSaves gives the rig's kiosk a store that blocks, and runs the commit
// on a goroutine as the kiosk does; the end of the commit comes back to the
// test's goroutine, which plays the Fyne thread, through done.
func slowSaves(r *rig) (*slowRecorder, chan func()) {
	slow := newSlowRecorder(r.db)
	r.k.d.Recorder = slow
	done := make(chan func(), 4)
	r.k.offUI = func(work, then func()) {
		go func() {
			work()
			done <- then
		}()
	}
	return slow, done
}

// within runs f on another goroutine and fails if it has not returned in d:
// a handler that waits for the disk would block the whole window.
func within(t *testing.T, d time.Duration, what string, f func()) {
	t.Helper()
	ret := make(chan struct{})
	go func() {
		f()
		close(ret)
	}()
	select {
	case <-ret:
	case <-time.After(d):
		t.Fatalf("%s has not returned after %v: the UI thread waits for the disk", what, d)
	}
}

// TestSlowDiskNeverFreezesTheWindow: with a save that takes as long as the
// disk wants, the tap returns at once with the tile pressed, "Đang lưu…"
// appears after 150 ms, the language toggle still works, a second tap
// makes no second rating, and the thanks comes only after the commit.
func TestSlowDiskNeverFreezesTheWindow(t *testing.T) {
	r := newRig(t, nil)
	slow, done := slowSaves(r)
	tile := r.k.tiles[0]
	within(t, 2*time.Second, "the tap", func() { test.Tap(tile) })
	<-slow.entered // the commit has started and waits for the disk
	r.wantScreen(ScreenSaving)
	if !tile.Pressed {
		t.Fatal("the tapped tile does not show pressed while its save runs")
	}
	if r.k.chrome.notice.Visible() {
		t.Fatal("the notice shows before 150 ms")
	}
	r.advance(savingNotice)
	if !r.k.chrome.notice.Visible() || r.k.chrome.noticeText.Text != "Đang lưu…" {
		t.Fatalf("after 150 ms: notice visible %v, text %q", r.k.chrome.notice.Visible(), r.k.chrome.noticeText.Text)
	}

	within(t, 2*time.Second, "the language toggle", func() { test.Tap(r.k.chrome.langBtn) })
	if r.k.Lang() != LangEN || r.k.chrome.noticeText.Text != "Saving…" || !r.k.chrome.notice.Visible() {
		t.Fatalf("after the toggle: lang %s, notice %q visible %v", r.k.Lang(), r.k.chrome.noticeText.Text, r.k.chrome.notice.Visible())
	}
	if !r.k.tiles[0].Pressed {
		t.Fatal("the English screen lost the pressed tile")
	}
	within(t, 2*time.Second, "a second tap", func() {
		test.Tap(r.k.tiles[1])
		r.typeRunes("2")
	})
	r.advance(40 * time.Second) // no screen timeout ends a save either
	r.wantScreen(ScreenSaving)

	slow.release <- struct{}{}
	(<-done)()
	r.wantScreen(ScreenThanks)
	if n := slow.saves(); n != 1 {
		t.Fatalf("%d saves, want 1: a second tap made a second rating", n)
	}
	got := r.only()
	if got.RawValue != 3 || got.Lang != "vi" {
		t.Fatalf("stored raw %d lang %s, want the first tap's 3 in vi", got.RawValue, got.Lang)
	}
	r.advance(r.k.cfg.Timings.Thanks)
	r.wantScreen(ScreenRating)
	for i, tl := range r.k.tiles {
		if tl.Pressed {
			t.Fatalf("tile %d still pressed for the next citizen", i+1)
		}
	}
	if r.k.chrome.notice.Visible() {
		t.Fatal("the notice is still on the next citizen's screen")
	}
}

// TestFastSaveShowsNoNotice: a commit that returns within 150 ms goes
// straight to the thanks, without "Đang lưu…".
func TestFastSaveShowsNoNotice(t *testing.T) {
	r := newRig(t, nil)
	slow, done := slowSaves(r)
	test.Tap(r.k.tiles[1])
	<-slow.entered
	r.advance(100 * time.Millisecond)
	slow.release <- struct{}{}
	(<-done)()
	r.wantScreen(ScreenThanks)
	r.advance(100 * time.Millisecond) // the notice's timer, had it not been stopped
	if r.k.chrome.notice.Visible() {
		t.Fatal("the notice shows after a fast save")
	}
}

// TestSlowSaveFromTheReasonsScreen: Gửi shows pressed at once, and the
// reasons stay as they were sent even if the citizen toggles the language.
func TestSlowSaveFromTheReasonsScreen(t *testing.T) {
	r := newRig(t, nil)
	slow, done := slowSaves(r)
	r.typeRunes("3")
	test.Tap(r.k.chips["wait"])
	within(t, 2*time.Second, "Gửi", func() { test.Tap(r.k.send) })
	<-slow.entered
	if !r.k.send.Pressed {
		t.Fatal("Gửi does not show pressed while the save runs")
	}
	test.Tap(r.k.chips["rude"]) // too late: ignored
	r.advance(savingNotice)
	test.Tap(r.k.chrome.langBtn)
	if !r.k.send.Pressed || !r.k.chrome.notice.Visible() || r.k.chrome.noticeText.Text != "Saving…" {
		t.Fatal("the English reasons screen lost the pressed Gửi or the notice")
	}
	slow.release <- struct{}{}
	(<-done)()
	r.wantScreen(ScreenThanks)
	if got := r.only(); len(got.Reasons) != 1 || got.Reasons[0] != "wait" || got.Outcome != survey.OutcomeSubmitted {
		t.Fatalf("stored reasons %v outcome %s", got.Reasons, got.Outcome)
	}
}

// TestSendNeedsAReason: Gửi is disabled until a reason is chosen (so
// `submitted` always carries one); Bỏ qua stores skipped_reasons.
func TestSendNeedsAReason(t *testing.T) {
	r := newRig(t, nil)
	r.typeRunes("3")
	if !r.k.send.Disabled {
		t.Fatal("Gửi is offered with no reason chosen")
	}
	test.Tap(r.k.send)
	r.key(fyne.KeyReturn)
	r.wantScreen(ScreenReasons)
	test.Tap(r.k.chips["wait"])
	if r.k.send.Disabled {
		t.Fatal("Gửi is still disabled after a reason was chosen")
	}
	test.Tap(r.k.chips["wait"]) // un-chosen again
	if !r.k.send.Disabled {
		t.Fatal("Gửi is offered again with no reason chosen")
	}
	test.Tap(r.k.skip)
	if got := r.only(); got.Outcome != survey.OutcomeSkippedReasons || len(got.Reasons) != 0 {
		t.Fatalf("outcome %s reasons %v, want skipped_reasons and none", got.Outcome, got.Reasons)
	}
}
