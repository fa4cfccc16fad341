//go:debug x509negativeserial=1

package sample

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A certificate like the one Apple's sample token names: a negative
// serial and an emailAddress, signed by its own key; openssl reads it too.
func TestProfileManagerIdentity(t *testing.T) {
	id := identity(t)
	serial, _ := new(big.Int).SetString("-7CB4A13342F086E4", 16)
	der, err := NewProfileManagerIdentity("Fixture Profile Manager", "mdm@example.com", serial,
		time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2036, 1, 1, 0, 0, 0, 0, time.UTC), id.Key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	if c.SerialNumber.Cmp(serial) != 0 || c.Subject.CommonName != "Fixture Profile Manager" {
		t.Errorf("serial %v subject %v", c.SerialNumber, c.Subject)
	}
	if err := c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature); err != nil {
		t.Errorf("signature: %v", err)
	}
	if _, err := exec.LookPath("openssl"); err == nil {
		p := filepath.Join(t.TempDir(), "c.pem")
		os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
		out, err := exec.Command("openssl", "x509", "-in", p, "-noout", "-serial", "-subject").CombinedOutput()
		if err != nil || !strings.Contains(string(out), "serial=-7CB4A13342F086E4") || !strings.Contains(string(out), "emailAddress = mdm@example.com") {
			t.Errorf("openssl: %v %s", err, out)
		}
	}
}

// A TRUSTED CERTIFICATE is the certificate followed by trust settings, as
// openssl writes it.
func TestTrustedCertificatePEM(t *testing.T) {
	id := identity(t)
	b, _ := pem.Decode(TrustedCertificatePEM(id.Cert.Raw))
	if b == nil || b.Type != "TRUSTED CERTIFICATE" || !bytes.HasPrefix(b.Bytes, id.Cert.Raw) || len(b.Bytes) == len(id.Cert.Raw) {
		t.Fatalf("block %v", b)
	}
	if _, err := exec.LookPath("openssl"); err == nil {
		p := filepath.Join(t.TempDir(), "t.pem")
		os.WriteFile(p, TrustedCertificatePEM(id.Cert.Raw), 0o600)
		out, err := exec.Command("openssl", "x509", "-in", p, "-noout", "-trustout", "-text").CombinedOutput()
		if err != nil || !strings.Contains(string(out), "Trusted Uses:") || !strings.Contains(string(out), "TLS Web Client Authentication") {
			t.Errorf("openssl: %v %s", err, out)
		}
	}
}
