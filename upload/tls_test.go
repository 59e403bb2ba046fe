package upload

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log"
	"math/big"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/survey"
)

func writeFile(t testing.TB, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// testCA is a certificate authority made for one test.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  string
}

func newTestCA(t testing.TB, name string) testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return testCA{cert: cert, key: key, pem: string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))}
}

// serverCert issues a certificate for 127.0.0.1 and names.
func (ca testCA) serverCert(t testing.TB, names ...string) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "diem.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: names,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// newTLSFakeServer is the fake scoring server over HTTPS with cert.
func newTLSFakeServer(t testing.TB, cert tls.Certificate) *fakeServer {
	f := newFakeServer(t)
	f.srv.Close()
	f.srv = httptest.NewUnstartedServer(f.handler())
	f.srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	f.srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshake failures are the point
	f.srv.StartTLS()
	t.Cleanup(f.srv.Close)
	return f
}

func TestTLS(t *testing.T) {
	provinceCA := newTestCA(t, "Province CA")
	otherCA := newTestCA(t, "Someone else")
	tests := []struct {
		name    string
		cert    tls.Certificate
		caFile  string
		wantErr bool
	}{
		{"untrusted CA, no CA file", provinceCA.serverCert(t), "", true},
		{"untrusted CA, another CA's file", provinceCA.serverCert(t), otherCA.pem, true},
		{"trusted through the CA file", provinceCA.serverCert(t), provinceCA.pem, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTLSFakeServer(t, tt.cert)
			clock := survey.NewManualClock(testStart)
			db := openDB(t, clock)
			save(t, db, 4)
			opt := Options{ServerURL: srv.srv.URL, Token: testToken, Outbox: db, Clock: clock, Logger: quietLogger(),
				Backoff: Backoff{Rand: func() float64 { return 0.5 }}}
			if tt.caFile != "" {
				opt.CAFile = writeFile(t, "ca.pem", tt.caFile)
			}
			u, err := New(opt)
			if err != nil {
				t.Fatal(err)
			}
			u.upload(t.Context())
			st := u.Status()
			stored, _, _ := srv.counts()
			if !tt.wantErr {
				if st.Failures != 0 || stored != 4 || st.Pending != 0 {
					t.Fatalf("over trusted TLS: %d failures (%s), %d stored, %d pending", st.Failures, st.LastError.Detail, stored, st.Pending)
				}
				return
			}
			if st.LastError.Kind != KindTLS || st.State != StateRetrying {
				t.Fatalf("last error %q (%s), state %s; want tls, retrying", st.LastError.Kind, st.LastError.Detail, st.State)
			}
			if !strings.Contains(st.LastError.Detail, "certificate") || !strings.Contains(st.LastError.EN, "TLS certificate") ||
				!strings.Contains(st.LastError.VI, "TLS") {
				t.Errorf("error does not say TLS/certificate: %q / %q", st.LastError, st.LastError.Detail)
			}
			if stored != 0 || st.Pending != 4 {
				t.Errorf("%d stored, %d pending; want 0 and all 4 kept", stored, st.Pending)
			}
			// Heartbeat and configuration go through the same checks.
			if _, _, err := u.Heartbeat(t.Context()); err == nil || asError(err).Kind != KindTLS {
				t.Errorf("heartbeat over untrusted TLS: %v", err)
			}
		})
	}
}

// TestTLSHostnameMismatch: a certificate from the trusted CA but for
// another name is refused.
func TestTLSHostnameMismatch(t *testing.T) {
	ca := newTestCA(t, "Province CA")
	srv := newTLSFakeServer(t, ca.serverCert(t, "diem.test"))
	u, err := New(Options{ServerURL: strings.Replace(srv.srv.URL, "127.0.0.1", "localhost", 1), Token: testToken,
		Outbox: openDB(t, survey.SystemClock{}), CAFile: writeFile(t, "ca.pem", ca.pem), Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = u.Heartbeat(t.Context())
	if err == nil || asError(err).Kind != KindTLS || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("heartbeat to a certificate for another name: %v", err)
	}
}
