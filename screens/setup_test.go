package screens

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hailong/kiosk/protocol"
)

// setupRig is the setup screen on a test window, with a fake Enrol that
// records its calls and answers err.
type setupRig struct {
	t     *testing.T
	w     fyne.Window
	s     *Setup
	calls [][2]string
	err   error
	done  int
}

func newSetupRig(t *testing.T, size fyne.Size, server string) *setupRig {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(NewTheme())
	w := test.NewTempWindow(t, nil)
	w.SetPadded(false)
	w.Resize(size)
	r := &setupRig{t: t, w: w}
	r.s = ShowSetup(SetupDeps{Window: w, Server: server,
		Enrol: func(server, code string) error { r.calls = append(r.calls, [2]string{server, code}); return r.err },
		Done:  func() { r.done++ }})
	r.s.offUI = func(work, done func()) { work(); done() }
	return r
}

// tapKeys taps the screen's keys for each character of s.
func (r *setupRig) tapKeys(s string) {
	r.t.Helper()
	for _, c := range s {
		b := r.s.keys[strings.ToLower(string(c))]
		if b == nil {
			r.t.Fatalf("no key %q", c)
		}
		test.Tap(b)
	}
}

func (r *setupRig) key(name fyne.KeyName) {
	r.w.Canvas().(interface{ OnTypedKey() func(*fyne.KeyEvent) }).OnTypedKey()(&fyne.KeyEvent{Name: name})
}

// TestSetupTypedOnItsKeyboard: the address and the code typed on the
// screen's own keys (https:// in one key), Enter from the address to the
// code, and Enrol sends both; the code is upper-cased as the keys show it.
func TestSetupTypedOnItsKeyboard(t *testing.T) {
	r := newSetupRig(t, fyne.NewSize(1280, 800), "")
	if r.s.active != r.s.server {
		t.Fatal("with no address pre-filled, the keys do not type the address first")
	}
	test.Tap(r.s.keys[kbHTTPS])
	r.tapKeys("diem.qn.gov.vn:8443/")
	test.Tap(r.s.keys[kbBackspace]) // the slash
	if got := r.s.Server(); got != "https://diem.qn.gov.vn:8443" {
		t.Fatalf("address %q", got)
	}
	r.key(fyne.KeyReturn)
	if r.s.active != r.s.code || r.s.keys["a"].Text != "A" {
		t.Fatalf("Enter did not move to the code box in capitals (active code: %v, key %q)", r.s.active == r.s.code, r.s.keys["a"].Text)
	}
	r.tapKeys("abcd-efgh-jk2")
	test.Tap(r.s.keys[kbEnrol])
	if len(r.calls) != 1 || r.calls[0] != [2]string{"https://diem.qn.gov.vn:8443", "ABCD-EFGH-JK2"} || r.done != 1 {
		t.Fatalf("enrol calls %v, done %d", r.calls, r.done)
	}
	if !strings.Contains(r.s.Message(), "Đã đăng ký") || !strings.Contains(r.s.Message(), "Enrolled") {
		t.Fatalf("message after success %q", r.s.Message())
	}
	test.Tap(r.s.keys["a"]) // after success the keys are off
	if r.s.Code() != "ABCD-EFGH-JK2" {
		t.Fatalf("a key typed after the enrolment: %q", r.s.Code())
	}
}

// TestSetupPhysicalKeyboard: a USB keyboard types into the active box,
// Up and Down change box, Backspace deletes, and Enter in the code box
// enrols.
func TestSetupPhysicalKeyboard(t *testing.T) {
	r := newSetupRig(t, fyne.NewSize(1280, 800), "https://diem.example.gov.vn")
	if r.s.active != r.s.code {
		t.Fatal("with the address pre-filled, the keys do not type the code first")
	}
	test.TypeOnCanvas(r.w.Canvas(), "wxyz-\r\n\t2345x")
	r.key(fyne.KeyBackspace)
	r.key(fyne.KeyUp)
	r.key(fyne.KeyBackspace)
	r.key(fyne.KeyBackspace)
	test.TypeOnCanvas(r.w.Canvas(), "vn")
	r.key(fyne.KeyDown)
	r.key(fyne.KeyReturn)
	if len(r.calls) != 1 || r.calls[0] != [2]string{"https://diem.example.gov.vn", "WXYZ-2345"} {
		t.Fatalf("enrol calls %v", r.calls)
	}
}

// TestSetupScannerFillsBothAndEnrols: a barcode scanner types the
// enrolment QR code's text and Enter into whichever box is active; both
// boxes take its server and code, enrolment starts at once, and the QR
// code's text is never left in a box.
func TestSetupScannerFillsBothAndEnrols(t *testing.T) {
	for _, prefill := range []string{"", "https://old.example.gov.vn"} {
		r := newSetupRig(t, fyne.NewSize(1280, 800), prefill)
		r.err = errors.New("Mã đăng ký này đã hết hạn: hãy xin quản trị viên mã mới. / This enrolment code has expired: ask the administrator for a new one.")
		qr := protocol.EnrolQRText("https://diem.qn.gov.vn", "ABCD-EFGH-JKMN")
		test.TypeOnCanvas(r.w.Canvas(), qr)
		if strings.Contains(r.s.Server()+r.s.Code(), "hailong") || strings.Contains(r.s.Server()+r.s.Code(), "HAILONG") {
			t.Fatalf("the QR text shows in a box: %q %q", r.s.Server(), r.s.Code())
		}
		r.key(fyne.KeyReturn)
		if len(r.calls) != 1 || r.calls[0] != [2]string{"https://diem.qn.gov.vn", "ABCD-EFGH-JKMN"} {
			t.Fatalf("prefill %q: enrol calls %v", prefill, r.calls)
		}
		if r.s.Server() != "https://diem.qn.gov.vn" || r.s.Code() != "ABCD-EFGH-JKMN" {
			t.Fatalf("boxes after the scan: %q %q", r.s.Server(), r.s.Code())
		}
		// a second scan (a new code) after the failure works the same
		r.err = nil
		test.TypeOnCanvas(r.w.Canvas(), protocol.EnrolQRText("https://diem.qn.gov.vn", "WXYZ-2345-6789")+"\r")
		r.key(fyne.KeyEnter)
		if len(r.calls) != 2 || r.calls[1][1] != "WXYZ-2345-6789" || r.done != 1 {
			t.Fatalf("second scan: calls %v done %d", r.calls, r.done)
		}
	}
}

// TestSetupBadQRSaysSo: a QR code that is not an enrolment code's (a
// scanner's prefix but no code) is named, and the boxes keep their text.
func TestSetupBadQRSaysSo(t *testing.T) {
	r := newSetupRig(t, fyne.NewSize(1280, 800), "https://diem.example.gov.vn")
	test.TypeOnCanvas(r.w.Canvas(), "AB")
	test.TypeOnCanvas(r.w.Canvas(), protocol.EnrolQRScheme+"?server=https%3A%2F%2Fx")
	r.key(fyne.KeyReturn)
	if len(r.calls) != 0 || !strings.Contains(r.s.Message(), "không phải mã đăng ký") || !strings.Contains(r.s.Message(), "not a Hài Lòng enrolment code") {
		t.Fatalf("calls %v, message %q", r.calls, r.s.Message())
	}
	if r.s.Server() != "https://diem.example.gov.vn" || r.s.Code() != "AB" {
		t.Fatalf("boxes after a bad QR: %q %q", r.s.Server(), r.s.Code())
	}
}

// TestSetupFailureKeepsWhatWasTyped: a refused enrolment shows the
// sentence, Vietnamese first, English under it; both boxes keep their
// text, Enrol becomes Try again, and trying again sends the same.
func TestSetupFailureKeepsWhatWasTyped(t *testing.T) {
	r := newSetupRig(t, fyne.NewSize(1280, 800), "https://diem.example.gov.vn")
	r.err = errors.New("Không kết nối được máy chủ https://diem.example.gov.vn: kiểm tra cáp mạng hoặc Wi-Fi và địa chỉ máy chủ, rồi thử lại. / " +
		"Cannot reach the server at https://diem.example.gov.vn: check the network cable or Wi-Fi and the server address, then try again.")
	r.tapKeys("abcd")
	test.Tap(r.s.keys[kbEnrol])
	msg := r.s.Message()
	vi, en, ok := strings.Cut(msg, "\n")
	if !ok || !strings.HasPrefix(vi, "Không kết nối được máy chủ") || !strings.HasPrefix(en, "Cannot reach the server") {
		t.Fatalf("message %q", msg)
	}
	if r.s.Server() != "https://diem.example.gov.vn" || r.s.Code() != "ABCD" || r.s.Busy() || r.done != 0 {
		t.Fatalf("after the failure: %q %q busy %v done %d", r.s.Server(), r.s.Code(), r.s.Busy(), r.done)
	}
	if r.s.enrolBtn.Text != "Thử lại\nTry again" {
		t.Fatalf("the Enrol key reads %q after a failure", r.s.enrolBtn.Text)
	}
	r.err = nil
	test.Tap(r.s.enrolBtn)
	if len(r.calls) != 2 || r.calls[1] != r.calls[0] || r.done != 1 {
		t.Fatalf("retry: calls %v done %d", r.calls, r.done)
	}
}

// TestSetupAsksForWhatIsMissing: Enrol with no address or no code says
// which, and sends nothing.
func TestSetupAsksForWhatIsMissing(t *testing.T) {
	r := newSetupRig(t, fyne.NewSize(1280, 800), "")
	test.Tap(r.s.keys[kbHTTPS])
	test.Tap(r.s.keys[kbEnrol])
	if len(r.calls) != 0 || !strings.Contains(r.s.Message(), "nhập địa chỉ máy chủ") {
		t.Fatalf("no address: calls %v message %q", r.calls, r.s.Message())
	}
	r.tapKeys("x.vn")
	r.key(fyne.KeyReturn)
	test.Tap(r.s.keys[kbEnrol])
	if len(r.calls) != 0 || !strings.Contains(r.s.Message(), "nhập mã đăng ký") || r.s.active != r.s.code {
		t.Fatalf("no code: calls %v message %q", r.calls, r.s.Message())
	}
}

// TestSetupNeverFreezesTheWindow: the enrolment runs off the UI thread;
// meanwhile the screen says so and takes no key, and its answer is shown
// when it comes.
func TestSetupNeverFreezesTheWindow(t *testing.T) {
	r := newSetupRig(t, fyne.NewSize(1280, 800), "https://diem.example.gov.vn")
	release, finished := make(chan struct{}), make(chan struct{})
	r.s.d.Enrol = func(server, code string) error { <-release; return nil }
	r.s.offUI = func(work, done func()) {
		go func() { work(); done(); close(finished) }()
	}
	r.tapKeys("abcd")
	test.Tap(r.s.keys[kbEnrol]) // returns although the enrolment waits
	if !r.s.Busy() || !strings.Contains(r.s.Message(), "Đang đăng ký với https://diem.example.gov.vn…") || !strings.Contains(r.s.Message(), "Enrolling with") {
		t.Fatalf("while enrolling: busy %v message %q", r.s.Busy(), r.s.Message())
	}
	test.Tap(r.s.keys["e"])
	test.TypeOnCanvas(r.w.Canvas(), "F")
	if r.s.Code() != "ABCD" {
		t.Fatalf("a key was taken during the enrolment: %q", r.s.Code())
	}
	close(release)
	<-finished
	if r.s.Busy() || r.done != 1 {
		t.Fatalf("after the answer: busy %v done %d", r.s.Busy(), r.done)
	}
}

// TestSetupFits: the setup screen fits the window at the three sizes of
// SPEC §4 with its longest message shown, and every key is at least
// 90 × 90 px.
func TestSetupFits(t *testing.T) {
	long := "Máy chủ https://diem.quangninh.gov.vn/diem không có trang đăng ký ở địa chỉ này (HTTP 404): trong ô Máy chủ chỉ ghi địa chỉ gốc của máy chủ, ví dụ https://diem.example.gov.vn, không thêm đường dẫn. / " +
		"https://diem.quangninh.gov.vn/diem has no enrolment page (HTTP 404): give the Server box only the server's address, e.g. https://diem.example.gov.vn, with no path."
	for _, size := range fitSizes {
		for _, back := range []bool{false, true} {
			r := newSetupRig(t, size, "https://diem.quangninh.gov.vn/diem")
			if back {
				r.s = ShowSetup(SetupDeps{Window: r.w, Server: "https://diem.quangninh.gov.vn/diem", Enrol: func(string, string) error { return errors.New(long) }, Back: func() {}})
				r.s.offUI = func(work, done func()) { work(); done() }
			} else {
				r.err = errors.New(long)
			}
			r.tapKeys("abcd-efgh-jkmn")
			test.Tap(r.s.enrolBtn)
			c := r.w.Content()
			c.Resize(size)
			c.Resize(size)
			if min := c.MinSize(); min.Width > size.Width || min.Height > size.Height {
				t.Errorf("%vx%v (back %v) needs %vx%v", size.Width, size.Height, back, min.Width, min.Height)
			}
			for key, b := range r.s.keys {
				if s := b.Size(); s.Width < 90 || s.Height < 90 {
					t.Errorf("%vx%v: key %q is %vx%v", size.Width, size.Height, key, s.Width, s.Height)
				}
			}
			if s := r.s.server.Size(); s.Height < 90 {
				t.Errorf("%vx%v: the address box is %v high", size.Width, size.Height, s.Height)
			}
		}
	}
}

// TestSetupFollowsTheWindow: a full-screen window takes its size after
// the screen is built (the kiosk starts at 1280×800, then goes full
// screen on an 800×1280 display): the keyboard and the boxes follow it.
func TestSetupFollowsTheWindow(t *testing.T) {
	r := newSetupRig(t, fyne.NewSize(1280, 800), "https://diem.example.gov.vn")
	size := fyne.NewSize(800, 1280)
	r.w.Resize(size)
	c := r.w.Content()
	c.Resize(size)
	c.Resize(size)
	if min := c.MinSize(); min.Width > size.Width || min.Height > size.Height {
		t.Fatalf("built landscape, turned portrait: needs %vx%v", min.Width, min.Height)
	}
	if r.s.server.Position().Y == r.s.code.Position().Y {
		t.Fatal("the boxes stay side by side in portrait")
	}
	for key, b := range r.s.keys {
		if p, s := b.Position(), b.Size(); p.X+s.Width > size.Width || s.Width < 90 || s.Height < 90 {
			t.Errorf("key %q at %v size %v in an 800 px wide window", key, p, s)
		}
	}
}
