package main

// The enrolment QR code enrol-code shows: the server's public URL and the
// code, as protocol.EnrolQRText writes them, for the kiosk's barcode
// scanner to type into the setup screen in one go.

import (
	"fmt"
	"io"
	"net"
	"net/url"
	"os"

	qrcode "github.com/skip2/go-qrcode"

	"hailong/kiosk/protocol"
)

// qrModulePixels is the side of one QR module in the PNG: a 1-inch square
// or more on paper at 300 dpi, big enough for a handheld scanner.
const qrModulePixels = 10

// newEnrolQR is the QR code whose text is protocol.EnrolQRText(serverURL,
// code). Medium error correction (15 %) survives a smudged print-out and
// keeps the symbol small.
func newEnrolQR(serverURL, code string) (*qrcode.QRCode, error) {
	q, err := qrcode.New(protocol.EnrolQRText(serverURL, code), qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("enrol-code: QR code: %w", err)
	}
	return q, nil
}

// checkPublicURL checks the server URL put in the QR code as the kiosk
// will: https, or plain http to this machine only.
func checkPublicURL(raw string) error {
	u, err := url.Parse(raw)
	if err == nil && u.Host != "" && u.RawQuery == "" && u.Fragment == "" {
		switch u.Scheme {
		case "https":
			return nil
		case "http":
			if ip := net.ParseIP(u.Hostname()); u.Hostname() == "localhost" || (ip != nil && ip.IsLoopback()) {
				return nil
			}
		}
	}
	return usageError{fmt.Sprintf("--server-url %q: cần địa chỉ https://… mà các ki-ốt dùng để tới máy chủ, ví dụ https://diem.example.gov.vn / want the https://… address the kiosks reach the server at, e.g. https://diem.example.gov.vn", raw)}
}

// writeEnrolQR shows the code and its QR code to the technician on w (the
// terminal: stderr, so that stdout stays the code alone for scripts) and
// writes the PNG when png is not "". Without a server URL it says that the
// QR code needs one.
func writeEnrolQR(w io.Writer, serverURL, code, png string) error {
	fmt.Fprintf(w, "Mã ghi danh / Enrolment code: %s\n", code)
	if serverURL == "" {
		fmt.Fprintln(w, "Chưa có mã QR: cần địa chỉ công khai của máy chủ, --server-url https://… hoặc khóa public_url trong tệp --config. "+
			"/ No QR code: it needs the server's public URL, --server-url https://… or the public_url key of the --config file.")
		return nil
	}
	q, err := newEnrolQR(serverURL, code)
	if err != nil {
		return err
	}
	if png != "" {
		b, err := q.PNG(-qrModulePixels)
		if err != nil {
			return fmt.Errorf("enrol-code: QR code PNG: %w", err)
		}
		// The code lets a kiosk join: readable by its owner only.
		if err := os.WriteFile(png, b, 0o600); err != nil {
			return fmt.Errorf("enrol-code: --qr: không ghi được tệp / cannot write the file: %w", err)
		}
	}
	fmt.Fprintf(w, "Quét mã QR bằng máy đọc mã của ki-ốt trên màn hình cài đặt / Scan the QR code with the kiosk's scanner on its setup screen (máy chủ / server %s):\n", serverURL)
	fmt.Fprint(w, q.ToSmallString(false))
	if png != "" {
		fmt.Fprintf(w, "Đã ghi mã QR vào / QR code written to %s\n", png)
	}
	return nil
}
