package token

import (
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"

	"github.com/smallstep/pkcs7"
)

// Guarded use of github.com/smallstep/pkcs7, the maintained fork of the
// archived go.mozilla.org/pkcs7 that nanodep and nanomdm use. The library
// still panics on some damaged input (a padding length larger than the
// data); every call here recovers, and the envelope is checked to be one the
// library reads, with a cipher and key wrapping it supports, before Decrypt
// is reached.

var (
	errLibraryPanic  = errors.New("the decryption library failed on this input")
	errNotForLibrary = errors.New("not enveloped data with a cipher the decryption library supports")
)

// guardedDecrypt parses the DER envelope and decrypts it for cert and key.
// It never panics.
func guardedDecrypt(der []byte, cert *x509.Certificate, key *rsa.PrivateKey) (plain []byte, err error) {
	if !libraryCanDecrypt(der) {
		return nil, errNotForLibrary
	}
	defer func() {
		if recover() != nil {
			plain, err = nil, errLibraryPanic
		}
	}()
	p7, err := pkcs7.Parse(der)
	if err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	return p7.Decrypt(cert, key)
}

// These mirror the library's own ASN.1 structures so that the envelope is
// read exactly as the library will read it.
type libContentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue `asn1:"explicit,optional,tag:0"`
}

type libEnvelopedData struct {
	Version              int
	RecipientInfos       []libRecipientInfo `asn1:"set"`
	EncryptedContentInfo libEncryptedContentInfo
}

type libRecipientInfo struct {
	Version                int
	IssuerAndSerialNumber  libIssuerAndSerial
	KeyEncryptionAlgorithm pkix.AlgorithmIdentifier
	EncryptedKey           []byte
}

type libIssuerAndSerial struct {
	IssuerName   asn1.RawValue
	SerialNumber *big.Int
}

type libEncryptedContentInfo struct {
	ContentType                asn1.ObjectIdentifier
	ContentEncryptionAlgorithm pkix.AlgorithmIdentifier
	EncryptedContent           asn1.RawValue `asn1:"tag:0,optional"`
}

// libOAEPParams mirrors the library's RSA-OAEP parameters (RFC 4055).
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

// libraryCanDecrypt reports whether the library will parse der as
// enveloped data with a content cipher it supports, so that Decrypt fails
// only on the key or the data.
func libraryCanDecrypt(der []byte) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	var ci libContentInfo
	rest, err := asn1.Unmarshal(der, &ci)
	if err != nil || len(rest) != 0 || !ci.ContentType.Equal(oidEnvelopedData) {
		return false
	}
	var ed libEnvelopedData
	if _, err := asn1.Unmarshal(ci.Content.Bytes, &ed); err != nil {
		return false
	}
	return lookupCipher(ed.EncryptedContentInfo.ContentEncryptionAlgorithm.Algorithm).supported
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
