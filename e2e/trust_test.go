package e2e

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"hailong/kiosk/upload"
)

// testCA is a certificate authority made for one test.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  string // file with the CA certificate
}

func newCA(t *testing.T, name string) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	path := filepath.Join(t.TempDir(), name+".pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return &testCA{cert: cert, key: key, pem: path}
}

// leaf issues a server certificate for 127.0.0.1.
func (ca *testCA) leaf(t *testing.T) *tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	return &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// TestTLSTrust: a server whose certificate comes from an untrusted CA is
// refused (enrolment and upload); the same server with its CA given to the
// kiosk works; there is no switch to skip verification.
func TestTLSTrust(t *testing.T) {
	province := newCA(t, "province-ca")
	other := newCA(t, "other-ca")
	s := startServer(t, province.leaf(t))
	k := newKiosk(t)
	code := s.code(t)

	if _, err := k.enrol(t, s.URL, code, ""); !isKind(err, upload.KindTLS) {
		t.Fatalf("enrol without the CA: %v, want a TLS error", err)
	}
	if _, err := k.enrol(t, s.URL, code, other.pem); !isKind(err, upload.KindTLS) {
		t.Fatalf("enrol trusting another CA: %v, want a TLS error", err)
	}
	res, err := k.enrol(t, s.URL, code, province.pem) // the code was not spent by the refused attempts
	if err != nil {
		t.Fatalf("enrol with the province CA: %v", err)
	}
	k.save(t, 30)

	// an uploader that does not trust the CA delivers nothing and says why
	bad, err := upload.New(upload.Options{ServerURL: s.URL, Token: res.Token, Outbox: k.db})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := bad.Heartbeat(context.Background()); !isKind(err, upload.KindTLS) {
		t.Fatalf("heartbeat without the CA: %v", err)
	}
	k.run(t, s.URL, res.Token, province.pem)
	k.waitDrained(t, 30*time.Second)
	checkExactlyOnce(t, s, k, 30)
}

// TestRevokedTokenKeepsRatings: after revocation the kiosk's uploads get
// 401, nothing is quarantined or lost, and a re-enrolled kiosk (same id,
// new token) delivers the backlog with its chain intact.
func TestRevokedTokenKeepsRatings(t *testing.T) {
	s := startServer(t, nil)
	k := newKiosk(t)
	res, err := k.enrol(t, s.URL, s.code(t), "")
	if err != nil {
		t.Fatal(err)
	}
	k.save(t, 20)
	u := k.run(t, s.URL, res.Token, "")
	k.waitDrained(t, 20*time.Second)

	if err := s.store.RevokeKiosk(context.Background(), k.db.KioskID(), time.Now()); err != nil {
		t.Fatal(err)
	}
	k.save(t, 15)
	u.Notify()
	deadline := time.Now().Add(10 * time.Second)
	for u.Status().State != upload.StateTokenRejected {
		if time.Now().After(deadline) {
			t.Fatalf("state %s after revocation", u.Status().State)
		}
		time.Sleep(20 * time.Millisecond)
	}
	st, err := k.db.Stats(context.Background(), time.Now())
	if err != nil || st.Pending != 15 {
		t.Fatalf("pending %d after revocation (err %v), want 15 kept", st.Pending, err)
	}
	if got := len(s.responses(t)); got != 20 {
		t.Fatalf("server holds %d, want 20", got)
	}

	res2, err := k.enrol(t, s.URL, s.code(t), "")
	if err != nil {
		t.Fatal(err)
	}
	u.SetToken(res2.Token)
	u.SendNow()
	k.waitDrained(t, 20*time.Second)
	checkExactlyOnce(t, s, k, 35)
}
