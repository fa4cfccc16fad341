package token

import (
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"

	"github.com/smallstep/pkcs7"
)

// Guarded use of github.com/smallstep/pkcs7, the maintained fork of the
// archived go.mozilla.org/pkcs7 that nanodep and nanomdm use. The library
// still panics on some damaged input (a padding length larger than the
// data); every call here recovers. Before the library is reached, the
// envelope has been read by the BER walk (cms.go) and checked there: a
// content cipher and key wrapping the library supports, whole cipher
// blocks, an IV of the block size. The library then parses the envelope
// once, and decrypts it for each recipient tried.

var errLibraryPanic = errors.New("the decryption library failed on this input")

// parseForLibrary parses the DER envelope the way the library decrypts
// it. It never panics.
func parseForLibrary(der []byte) (p7 *pkcs7.PKCS7, err error) {
	defer func() {
		if recover() != nil {
			p7, err = nil, errLibraryPanic
		}
	}()
	p7, err = pkcs7.Parse(der)
	if err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	return p7, nil
}

// guardedDecrypt decrypts a parsed envelope for cert and key. It never
// panics.
func guardedDecrypt(p7 *pkcs7.PKCS7, cert *x509.Certificate, key *rsa.PrivateKey) (plain []byte, err error) {
	defer func() {
		if recover() != nil {
			plain, err = nil, errLibraryPanic
		}
	}()
	return p7.Decrypt(cert, key)
}

// libOAEPParams mirrors the library's RSA-OAEP parameters (RFC 4055), so
// that they are read as the library will read them.
type libOAEPParams struct {
	HashFunc    pkix.AlgorithmIdentifier `asn1:"optional,explicit,tag:0"`
	MaskGenFunc pkix.AlgorithmIdentifier `asn1:"optional,explicit,tag:1"`
	PSourceFunc pkix.AlgorithmIdentifier `asn1:"optional,explicit,tag:2"`
}

// oaepHashes are the OAEP hash functions the library supports.
var oaepHashes = []asn1.ObjectIdentifier{
	{1, 3, 14, 3, 2, 26},             // SHA-1
	{2, 16, 840, 1, 101, 3, 4, 2, 4}, // SHA-224
	{2, 16, 840, 1, 101, 3, 4, 2, 1}, // SHA-256
	{2, 16, 840, 1, 101, 3, 4, 2, 2}, // SHA-384
	{2, 16, 840, 1, 101, 3, 4, 2, 3}, // SHA-512
}

// keyWrapSupported reports whether the library unwraps a content key
// wrapped with alg and these DER parameters: RSA PKCS#1 v1.5, or RSA-OAEP
// with a hash it knows.
func keyWrapSupported(alg asn1.ObjectIdentifier, params []byte) bool {
	switch {
	case alg.Equal(oidRSAEncryption):
		return true
	case !alg.Equal(oidRSAOAEP):
		return false
	}
	p := libOAEPParams{HashFunc: pkix.AlgorithmIdentifier{Algorithm: oaepHashes[0]}}
	rest, err := asn1.Unmarshal(params, &p)
	if err != nil || len(rest) != 0 {
		return false
	}
	for _, h := range oaepHashes {
		if p.HashFunc.Algorithm.Equal(h) {
			return true
		}
	}
	return false
}

// keyWrapName names a key-wrapping algorithm for messages.
func keyWrapName(alg asn1.ObjectIdentifier) string {
	switch {
	case alg.Equal(oidRSAOAEP):
		return "RSA-OAEP with parameters or a hash it does not support"
	case alg == nil:
		return "an unnamed algorithm"
	}
	return "an unsupported algorithm (" + alg.String() + ")"
}
