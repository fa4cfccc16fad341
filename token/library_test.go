package token

import (
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The decryption library is reached only after the BER walk has checked
// the envelope's content cipher and key wrapping. That check holds only if
// the walk reads them where the library does. These structures mirror the
// library's own (github.com/smallstep/pkcs7), so that the tests can read
// an envelope exactly as the library will.

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

// libraryView reads der as the library reads enveloped data: its content
// cipher and each recipient's key-wrapping algorithm. enveloped says
// whether the library takes der for enveloped data at all.
func libraryView(der []byte) (enveloped bool, cipher asn1.ObjectIdentifier, keyAlgs []asn1.ObjectIdentifier, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	var ci libContentInfo
	if rest, err := asn1.Unmarshal(der, &ci); err != nil || len(rest) != 0 || !ci.ContentType.Equal(oidEnvelopedData) {
		return false, nil, nil, false
	}
	var ed libEnvelopedData
	if _, err := asn1.Unmarshal(ci.Content.Bytes, &ed); err != nil {
		return true, nil, nil, false
	}
	for _, r := range ed.RecipientInfos {
		keyAlgs = append(keyAlgs, r.KeyEncryptionAlgorithm.Algorithm)
	}
	return true, ed.EncryptedContentInfo.ContentEncryptionAlgorithm.Algorithm, keyAlgs, true
}

// checkWalkMatchesLibrary fails when the library would read a cipher or a
// key wrapping other than the BER walk's: wherever the library can parse
// the envelope, the walk read it too, and read the same algorithms.
func checkWalkMatchesLibrary(t *testing.T, root *berNode) {
	t.Helper()
	der := root.der()
	_, perr := parseForLibrary(der)
	enveloped, cipher, keyAlgs, ok := libraryView(der)
	if enveloped && (perr == nil) != ok {
		t.Fatalf("the mirror of the library disagrees with it: library parse error %v, mirror ok %v", perr, ok)
	}
	if !ok {
		return
	}
	env, err := parseContentInfo(root)
	if err != nil || env == nil {
		t.Fatalf("the library parses an envelope the walk cannot read: %v", err)
	}
	if !env.cipher.oid.Equal(cipher) {
		t.Fatalf("content cipher: walk %v, library %v", env.cipher.oid, cipher)
	}
	var walked []asn1.ObjectIdentifier
	for _, r := range env.recipients {
		walked = append(walked, r.keyAlg)
	}
	if !slices.EqualFunc(walked, keyAlgs, asn1.ObjectIdentifier.Equal) {
		t.Fatalf("key wrapping: walk %v, library %v", walked, keyAlgs)
	}
}

// TestWalkReadsTheEnvelopeAsTheLibrary runs the check over every DEP
// fixture; FuzzBER runs it over whatever the fuzzer finds.
func TestWalkReadsTheEnvelopeAsTheLibrary(t *testing.T) {
	checked := 0
	for _, name := range allFixtures(t) {
		info, err := unwrapSMIME(readFixture(t, name))
		if err != nil || len(info.body) == 0 {
			continue
		}
		root, _, err := parseBER(info.body)
		if err != nil {
			continue
		}
		if _, _, _, ok := libraryView(root.der()); ok {
			checked++
		}
		checkWalkMatchesLibrary(t, root)
	}
	if checked < 5 {
		t.Fatalf("only %d fixtures are envelopes the library reads", checked)
	}
}

// decryptDER decrypts a DER envelope as decryptDEP does: parsed once, then
// decrypted for cert and key.
func decryptDER(der []byte, cert *x509.Certificate, key *rsa.PrivateKey) ([]byte, error) {
	p7, err := parseForLibrary(der)
	if err != nil {
		return nil, err
	}
	return guardedDecrypt(p7, cert, key)
}

// TestIsHeaderLine: a MIME header line is a name of ASCII letters, digits
// and hyphens, then a colon; compared with that rule as a regular
// expression over lines of every shape the S/MIME reader meets.
func TestIsHeaderLine(t *testing.T) {
	rule := regexp.MustCompile(`^[A-Za-z0-9-]+:`)
	lines := []string{
		"Content-Type: application/pkcs7-mime", "MIME-Version: 1.0", "x:", ":", "", "-:", "Content Type: x",
		"Content-Type", "MIIGmQYJKoZIhvcNAQcDoIIGijCCBoYCAQAxggF", "ab+/cd:", "Ünïcode: x", "a\x00:", "Subject:: x",
	}
	for _, name := range allFixtures(t) {
		for _, l := range strings.Split(string(readFixture(t, name)), "\n") {
			if len(l) < 200 {
				lines = append(lines, l)
			}
		}
	}
	for _, l := range lines {
		if got, want := isHeaderLine(l), rule.MatchString(l); got != want {
			t.Errorf("isHeaderLine(%q) = %v, want %v", l, got, want)
		}
		if isHeaderLine([]byte(l)) != isHeaderLine(l) {
			t.Errorf("isHeaderLine differs for bytes and string: %q", l)
		}
	}
}
