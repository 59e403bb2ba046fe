package main

import (
	"bytes"
	"fmt"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hailong/kiosk/protocol"
)

// TestEnrolQRCarriesTheProtocolText: the QR code's text is exactly
// protocol.EnrolQRText, which the kiosk's ParseEnrolQR reads back.
func TestEnrolQRCarriesTheProtocolText(t *testing.T) {
	const server, code = "https://diem.example.gov.vn:8443/hailong", "ABCD-EFGH-JKLM"
	q, err := newEnrolQR(server, code)
	if err != nil {
		t.Fatal(err)
	}
	if q.Content != protocol.EnrolQRText(server, code) {
		t.Fatalf("QR text %q, want %q", q.Content, protocol.EnrolQRText(server, code))
	}
	s, c, err := protocol.ParseEnrolQR(q.Content)
	if err != nil || s != server || c != code {
		t.Fatalf("read back %q %q %v", s, c, err)
	}
}

// enrolSetup makes a database with a centre and an officer.
func enrolSetup(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "scoring.db")
	mustCLI(t, db, "centre", "add", "--id", "qn", "--name", "Quảng Ninh", "--technician-pin", "909090")
	mustCLI(t, db, "officer", "add", "--centre", "qn", "--id", "cb01", "--name", "Nguyễn Thị Lan", "--pin", "1111")
	return db
}

// TestEnrolCodePrintsAndWritesTheQR: with public_url in the configuration
// file, enrol-code prints the code alone on stdout (scripts read it) and
// the code and the QR block for the technician on the terminal's stderr,
// and --qr writes a PNG of a scannable size; a --server-url flag wins over
// the file's public_url.
func TestEnrolCodePrintsAndWritesTheQR(t *testing.T) {
	db := enrolSetup(t)
	const server = "https://diem.example.gov.vn"
	file := writeConfig(t, fmt.Sprintf("db = %q\npublic_url = %q\n", db, server))
	pngPath := filepath.Join(t.TempDir(), "ma-qr.png")
	out, errOut, err := cli(t, "", "enrol-code", "--config", file, "--centre", "qn", "--counter", "3", "--qr", pngPath)
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	code := strings.TrimSuffix(out, "\n")
	if strings.Contains(code, "\n") || len(code) != 14 {
		t.Fatalf("stdout is not the code alone: %q", out)
	}
	q, _ := newEnrolQR(server, code)
	block := q.ToSmallString(false)
	if !strings.Contains(errOut, "Enrolment code: "+code) || !strings.Contains(errOut, block) {
		t.Fatalf("the terminal output lacks the code or its QR block:\n%s", errOut)
	}
	if lines := strings.Count(block, "\n"); lines < 15 || !strings.ContainsAny(block, "▀▄█") {
		t.Fatalf("QR block of %d lines:\n%s", lines, block)
	}
	if !strings.Contains(errOut, "QR code written to "+pngPath) {
		t.Fatalf("stderr:\n%s", errOut)
	}
	checkQRPNG(t, pngPath, len(q.Bitmap()))

	// A flag wins over the file.
	const other = "https://other.example.gov.vn"
	out, errOut, err = cli(t, "", "enrol-code", "--config", file, "--server-url", other, "--centre", "qn", "--counter", "4")
	if err != nil {
		t.Fatal(err)
	}
	q, _ = newEnrolQR(other, strings.TrimSpace(out))
	if !strings.Contains(errOut, q.ToSmallString(false)) || !strings.Contains(errOut, other) {
		t.Fatalf("--server-url did not win over public_url:\n%s", errOut)
	}
}

// checkQRPNG: a valid PNG, square, 10 px a module with the 4-module quiet
// zone, only black and white.
func checkQRPNG(t *testing.T, path string, modules int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	r := img.Bounds()
	if r.Dx() != r.Dy() || r.Dx() != modules*qrModulePixels || r.Dx() < 250 || r.Dx() > 1000 {
		t.Fatalf("PNG %v for %d modules (quiet zone included)", r, modules)
	}
	black, white := 0, 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			switch color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y {
			case 0:
				black++
			case 255:
				white++
			default:
				t.Fatalf("grey pixel at %d,%d", x, y)
			}
		}
	}
	if black == 0 || white == 0 {
		t.Fatalf("%d black, %d white pixels", black, white)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("PNG mode %v: the code lets a kiosk join, keep it to its owner", st.Mode().Perm())
	}
}

// TestEnrolCodeWithoutServerURL: the code is issued and printed, and the
// technician is told plainly that the QR code needs the public URL; --qr
// without one, or a URL a kiosk would refuse, is refused before a code is
// issued.
func TestEnrolCodeWithoutServerURL(t *testing.T) {
	db := enrolSetup(t)
	out, errOut, err := cli(t, db, "enrol-code", "--centre", "qn", "--counter", "1")
	if err != nil || len(strings.TrimSpace(out)) != 14 {
		t.Fatalf("%v %q", err, out)
	}
	if !strings.Contains(errOut, "it needs the server's public URL, --server-url https://… or the public_url key") ||
		!strings.Contains(errOut, "Chưa có mã QR") || strings.ContainsAny(errOut, "▀▄█") {
		t.Fatalf("stderr:\n%s", errOut)
	}
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"--qr", filepath.Join(t.TempDir(), "x.png")}, "the QR code needs the server's public URL"},
		{[]string{"--server-url", "http://diem.example.gov.vn"}, "want the https://… address"},
		{[]string{"--server-url", "diem.example.gov.vn"}, "want the https://… address"},
	} {
		_, _, err := cli(t, db, append([]string{"enrol-code", "--centre", "qn", "--counter", "2"}, c.args...)...)
		if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%v: %v", c.args, err)
		}
	}
	if out, _, err := cli(t, db, "enrol-code", "--centre", "qn", "--counter", "2", "--server-url", "http://127.0.0.1:8080"); err != nil || out == "" {
		t.Errorf("plain http to this machine: %v", err)
	}
}
