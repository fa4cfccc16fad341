package sample

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/pem"
	"math/big"
	"time"

	"howett.net/plist"
	"software.sslmate.com/src/go-pkcs12"
)

// Synthetic APNs MDM push certificates, issued by a CA of the tests' own
// that carries the name of Apple's push CA, and the request an MDM makes
// for one.

// PushCAName is the name of the CA that issues MDM push certificates, in
// Apple's order (CN, OU, O, C) and string types.
func PushCAName() []byte {
	utf8 := func(s string) asn1.RawValue { return asn1.RawValue{Tag: asn1.TagUTF8String, Bytes: []byte(s)} }
	b, _ := asn1.Marshal(pkix.RDNSequence{
		{{Type: asn1.ObjectIdentifier{2, 5, 4, 3}, Value: utf8("Apple Application Integration 2 Certification Authority")}},
		{{Type: asn1.ObjectIdentifier{2, 5, 4, 11}, Value: utf8("Apple Certification Authority")}},
		{{Type: asn1.ObjectIdentifier{2, 5, 4, 10}, Value: utf8("Apple Inc.")}},
		{{Type: asn1.ObjectIdentifier{2, 5, 4, 6}, Value: "US"}},
	})
	return b
}

// NewPushCA makes a self-signed CA named like Apple's push CA, for tests
// only: certificates it issues read like Apple's, but Apple never signed
// them.
func NewPushCA(notBefore, notAfter time.Time) (*Identity, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	return PushCAWithKey(notBefore, notAfter, key)
}

// PushCAWithKey is NewPushCA for an existing key.
func PushCAWithKey(notBefore, notAfter time.Time, key *rsa.PrivateKey) (*Identity, error) {
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(0x2a),
		RawSubject:            PushCAName(),
		NotBefore:             notBefore.UTC(),
		NotAfter:              notAfter.UTC(),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &Identity{Cert: cert, Key: key}, nil
}

var oidUID = asn1.ObjectIdentifier{0, 9, 2342, 19200300, 100, 1, 1}

// PushSubject is a push certificate's subject as Apple writes it:
// UID=com.apple.mgmt.External.<uuid>, CN=APSP:<uuid>, C=US, in that order.
func PushSubject(uuid string) ([]byte, error) {
	return asn1.Marshal(pkix.RDNSequence{
		{{Type: oidUID, Value: "com.apple.mgmt.External." + uuid}},
		{{Type: asn1.ObjectIdentifier{2, 5, 4, 3}, Value: "APSP:" + uuid}},
		{{Type: asn1.ObjectIdentifier{2, 5, 4, 6}, Value: "US"}},
	})
}

// PushCertificate makes a push certificate for the topic
// com.apple.mgmt.External.<uuid> and key, issued by ca, valid from
// notBefore for one year minus one second, as Apple's are.
func PushCertificate(ca *Identity, uuid string, key *rsa.PrivateKey, notBefore time.Time) (*x509.Certificate, error) {
	subject, err := PushSubject(uuid)
	if err != nil {
		return nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 63))
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		RawSubject:   subject,
		NotBefore:    notBefore.UTC(),
		NotAfter:     notBefore.UTC().AddDate(1, 0, 0).Add(-time.Second),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, &key.PublicKey, ca.Key)
	if err != nil {
		return nil, err
	}
	return x509.ParseCertificate(der)
}

// CertificateRequest makes a CSR for key with the common name cn.
func CertificateRequest(key *rsa.PrivateKey, cn string) ([]byte, error) {
	return x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: pkix.Name{CommonName: cn}}, key)
}

// PushRequest is the file an MDM gives to upload to Apple's Push
// Certificates Portal: base64 of an XML property list with the CSR, the
// vendor's certificate chain and the vendor's RSA SHA-256 signature over
// the CSR.
func PushRequest(vendor *Identity, csr []byte) ([]byte, error) {
	sum := sha256.Sum256(csr)
	sig, err := rsa.SignPKCS1v15(rand.Reader, vendor.Key, crypto.SHA256, sum[:])
	if err != nil {
		return nil, err
	}
	xml, err := plist.MarshalIndent(map[string]string{
		"PushCertRequestCSR":       base64.StdEncoding.EncodeToString(csr),
		"PushCertCertificateChain": string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: vendor.Cert.Raw})),
		"PushCertSignature":        base64.StdEncoding.EncodeToString(sig),
	}, plist.XMLFormat, "\t")
	if err != nil {
		return nil, err
	}
	return []byte(base64.StdEncoding.EncodeToString(xml)), nil
}

// PKCS12 bundles a certificate and its key as a password-protected
// PKCS#12 file (.p12), as push certificates are exported.
func PKCS12(key *rsa.PrivateKey, cert *x509.Certificate, password string) ([]byte, error) {
	return pkcs12.Modern.Encode(key, cert, nil, password)
}
