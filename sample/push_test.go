package sample

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"howett.net/plist"
	"software.sslmate.com/src/go-pkcs12"
)

// A push certificate reads like Apple's: the subject in Apple's order, the
// issuer named like Apple's push CA, a year minus a second, client
// authentication; the request holds a CSR signed by the vendor; the
// bundle opens with its password.
func TestPush(t *testing.T) {
	id := identity(t)
	ca, err := PushCAWithKey(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC), id.Key)
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2026, 5, 31, 10, 0, 0, 0, time.UTC)
	c, err := PushCertificate(ca, "uuid-1", id.Key, from)
	if err != nil {
		t.Fatal(err)
	}
	subject, _ := PushSubject("uuid-1")
	if !bytes.Equal(c.RawSubject, subject) || c.Subject.CommonName != "APSP:uuid-1" ||
		c.Issuer.String() != "CN=Apple Application Integration 2 Certification Authority,OU=Apple Certification Authority,O=Apple Inc.,C=US" {
		t.Errorf("subject %s, issuer %s", c.Subject, c.Issuer)
	}
	if !c.NotAfter.Equal(from.AddDate(1, 0, 0).Add(-time.Second)) || len(c.ExtKeyUsage) != 1 || c.ExtKeyUsage[0] != x509.ExtKeyUsageClientAuth {
		t.Errorf("validity %v, usage %v", c.NotAfter, c.ExtKeyUsage)
	}
	if err := c.CheckSignatureFrom(ca.Cert); err != nil {
		t.Errorf("not issued by the CA: %v", err)
	}

	csr, err := CertificateRequest(id.Key, "push")
	if err != nil {
		t.Fatal(err)
	}
	req, err := PushRequest(id, csr)
	if err != nil {
		t.Fatal(err)
	}
	xml, err := base64.StdEncoding.DecodeString(string(req))
	if err != nil || !bytes.HasPrefix(xml, []byte("<?xml")) {
		t.Fatalf("not base64 of XML: %v", err)
	}
	var dict map[string]string
	if _, err := plist.Unmarshal(xml, &dict); err != nil {
		t.Fatal(err)
	}
	if got, _ := base64.StdEncoding.DecodeString(dict["PushCertRequestCSR"]); !bytes.Equal(got, csr) ||
		!strings.HasPrefix(dict["PushCertCertificateChain"], "-----BEGIN CERTIFICATE-----") || dict["PushCertSignature"] == "" {
		t.Errorf("request %v", dict)
	}

	p12, err := PKCS12(id.Key, c, "secret")
	if err != nil {
		t.Fatal(err)
	}
	if _, cert, err := pkcs12.Decode(p12, "secret"); err != nil || !cert.Equal(c) {
		t.Errorf("bundle: %v", err)
	}
}
