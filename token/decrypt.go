package token

import (
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"

	"go.mozilla.org/pkcs7"
)

// Guarded use of go.mozilla.org/pkcs7 v0.10.0. The library panics on some
// damaged input and prints to stdout on unsupported ciphers; every call
// here recovers, and the cipher is checked before Decrypt is reached.

var (
	errLibraryPanic  = errors.New("the decryption library failed on this input")
	errNotForLibrary = errors.New("not enveloped data with a cipher the decryption library supports")
)

// guardedDecrypt parses the DER envelope and decrypts it for cert and key.
// It never panics, and never lets the library reach its stdout message.
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

// These mirror the library's own ASN.1 structures so that the content
// cipher is read exactly as the library will read it.
type libContentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue `asn1:"explicit,optional,tag:0"`
}

type libEnvelopedData struct {
	Version              int
	RecipientInfos       []asn1.RawValue `asn1:"set"`
	EncryptedContentInfo libEncryptedContentInfo
}

type libEncryptedContentInfo struct {
	ContentType                asn1.ObjectIdentifier
	ContentEncryptionAlgorithm pkix.AlgorithmIdentifier
	EncryptedContent           asn1.RawValue `asn1:"tag:0,optional"`
}

// libraryCanDecrypt reports whether the library will parse der as
// enveloped data with a cipher it supports, so Decrypt cannot reach its
// stdout message about unsupported algorithms.
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
