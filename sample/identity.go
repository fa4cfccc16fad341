// Package sample makes synthetic Apple MDM token files: VPP content tokens,
// DEP server tokens encrypted like Apple's, and the MDM's certificate and
// key. They hold fake credentials only and serve tests, the fixture
// generator and practice runs.
package sample

//go:generate go run ../testdata/gen -out ../testdata

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"math/big"
	"time"
)

// Identity is an MDM's key pair: a self-signed certificate and its RSA key.
type Identity struct {
	Cert *x509.Certificate
	Key  *rsa.PrivateKey
}

// NewIdentity makes an RSA-2048 self-signed certificate like nanodep's
// (e.g. CN "depserver", serial 1), valid from an hour ago for ten years.
func NewIdentity(cn string, serial int64) (*Identity, error) {
	now := time.Now()
	return NewIdentityAt(cn, serial, now.Add(-time.Hour), now.AddDate(10, 0, 0))
}

// NewIdentityAt is NewIdentity with a fixed validity period.
func NewIdentityAt(cn string, serial int64, notBefore, notAfter time.Time) (*Identity, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	return newIdentityWithKey(cn, serial, notBefore, notAfter, key)
}

// IdentityWithKey makes a new certificate for an existing key.
func IdentityWithKey(cn string, serial int64, notBefore, notAfter time.Time, key *rsa.PrivateKey) (*Identity, error) {
	return newIdentityWithKey(cn, serial, notBefore, notAfter, key)
}

func newIdentityWithKey(cn string, serial int64, notBefore, notAfter time.Time, key *rsa.PrivateKey) (*Identity, error) {
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(serial),
		Subject:               pkix.Name{CommonName: cn},
		NotBefore:             notBefore.UTC().Truncate(time.Second),
		NotAfter:              notAfter.UTC().Truncate(time.Second),
		KeyUsage:              x509.KeyUsageKeyEncipherment | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
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

// LoadIdentity reads an identity from a certificate PEM and an RSA key PEM
// (PKCS#1 or PKCS#8).
func LoadIdentity(certPEM, keyPEM []byte) (*Identity, error) {
	cb, _ := pem.Decode(certPEM)
	if cb == nil || cb.Type != "CERTIFICATE" {
		return nil, errors.New("sample: no CERTIFICATE PEM block")
	}
	cert, err := x509.ParseCertificate(cb.Bytes)
	if err != nil {
		return nil, err
	}
	kb, _ := pem.Decode(keyPEM)
	if kb == nil {
		return nil, errors.New("sample: no private key PEM block")
	}
	var key *rsa.PrivateKey
	if k, err := x509.ParsePKCS1PrivateKey(kb.Bytes); err == nil {
		key = k
	} else if k8, err := x509.ParsePKCS8PrivateKey(kb.Bytes); err == nil {
		rk, ok := k8.(*rsa.PrivateKey)
		if !ok {
			return nil, errors.New("sample: key is not RSA")
		}
		key = rk
	} else {
		return nil, errors.New("sample: unreadable private key")
	}
	return &Identity{Cert: cert, Key: key}, nil
}

// CertPEM is the certificate as PEM: the "public key" uploaded to Apple.
func (id *Identity) CertPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: id.Cert.Raw})
}

// KeyPEM is the private key as PKCS#1 PEM ("RSA PRIVATE KEY").
func (id *Identity) KeyPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(id.Key)})
}

// KeyPKCS8PEM is the private key as PKCS#8 PEM ("PRIVATE KEY").
func (id *Identity) KeyPKCS8PEM() []byte {
	der, err := x509.MarshalPKCS8PrivateKey(id.Key)
	if err != nil {
		return nil
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

// oidEmailAddress is the emailAddress attribute of a distinguished name.
var oidEmailAddress = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 1}

// NewProfileManagerIdentity makes a self-signed certificate like the one
// Apple's sample server token is encrypted for: an emailAddress in the name
// and a negative serial number, which Go refuses to issue, so the
// certificate is re-encoded and signed here. Reading it back needs the
// x509negativeserial=1 setting.
func NewProfileManagerIdentity(cn, email string, serial *big.Int, notBefore, notAfter time.Time, key *rsa.PrivateKey) ([]byte, error) {
	name := pkix.Name{CommonName: cn, Organization: []string{"Fixture Inc"}, Country: []string{"US"},
		ExtraNames: []pkix.AttributeTypeAndValue{{Type: oidEmailAddress, Value: email}}}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               name,
		NotBefore:             notBefore.UTC().Truncate(time.Second),
		NotAfter:              notAfter.UTC().Truncate(time.Second),
		KeyUsage:              x509.KeyUsageKeyEncipherment | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		SignatureAlgorithm:    x509.SHA256WithRSA,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	return withSerial(der, serial, key)
}

// withSerial re-signs a certificate made by x509.CreateCertificate with
// another serial number.
func withSerial(der []byte, serial *big.Int, key *rsa.PrivateKey) ([]byte, error) {
	var cert struct {
		TBS    asn1.RawValue
		SigAlg asn1.RawValue
		Sig    asn1.BitString
	}
	if _, err := asn1.Unmarshal(der, &cert); err != nil {
		return nil, err
	}
	var fields []asn1.RawValue
	for rest := cert.TBS.Bytes; len(rest) > 0; {
		var f asn1.RawValue
		var err error
		if rest, err = asn1.Unmarshal(rest, &f); err != nil {
			return nil, err
		}
		fields = append(fields, f)
	}
	if len(fields) < 2 || fields[0].Class != asn1.ClassContextSpecific {
		return nil, errors.New("sample: unexpected certificate layout")
	}
	s, err := asn1.Marshal(serial)
	if err != nil {
		return nil, err
	}
	fields[1] = asn1.RawValue{FullBytes: s}
	var content []byte
	for _, f := range fields {
		content = append(content, f.FullBytes...)
	}
	tbs, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSequence, IsCompound: true, Bytes: content})
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(tbs)
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		return nil, err
	}
	return asn1.Marshal(struct {
		TBS    asn1.RawValue
		SigAlg asn1.RawValue
		Sig    asn1.BitString
	}{asn1.RawValue{FullBytes: tbs}, cert.SigAlg, asn1.BitString{Bytes: sig, BitLength: 8 * len(sig)}})
}

// oidClientAuth is the extended key usage "TLS client authentication".
var oidClientAuth = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 2}

// TrustedCertificatePEM writes a certificate as OpenSSL's "TRUSTED
// CERTIFICATE" PEM, as some macOS tools save it: the certificate followed
// by trust settings (here: trusted for client authentication).
func TrustedCertificatePEM(der []byte) []byte {
	aux, _ := asn1.Marshal(struct{ Trust []asn1.ObjectIdentifier }{[]asn1.ObjectIdentifier{oidClientAuth}})
	return pem.EncodeToMemory(&pem.Block{Type: "TRUSTED CERTIFICATE", Bytes: append(append([]byte{}, der...), aux...)})
}
