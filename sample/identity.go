// Package sample makes synthetic Apple MDM token files: VPP content tokens,
// DEP server tokens encrypted like Apple's, and the MDM's certificate and
// key. They hold fake credentials only and serve tests, the fixture
// generator and practice runs.
package sample

//go:generate go run ../testdata/gen -out ../testdata

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
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
