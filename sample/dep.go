package sample

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	mrand "math/rand/v2"
	"strings"
	"time"
)

// Cipher is a content-encryption algorithm for a synthetic DEP token.
type Cipher int

// The ciphers DEP can be made with. AES128CBC, the default, is what every
// real server token seen uses; AES192CBC is one that
// github.com/smallstep/pkcs7 cannot decrypt.
const (
	AES128CBC Cipher = iota
	AES256CBC
	TripleDES
	AES192CBC
)

func (c Cipher) String() string {
	switch c {
	case AES256CBC:
		return "AES-256-CBC"
	case TripleDES:
		return "DES-EDE3-CBC"
	case AES192CBC:
		return "AES-192-CBC"
	}
	return "AES-128-CBC"
}

func (c Cipher) params() (oid asn1.ObjectIdentifier, keyLen int, newBlock func([]byte) (cipher.Block, error)) {
	switch c {
	case AES256CBC:
		return asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 42}, 32, aes.NewCipher
	case TripleDES:
		return asn1.ObjectIdentifier{1, 2, 840, 113549, 3, 7}, 24, des.NewTripleDESCipher
	case AES192CBC:
		return asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 22}, 24, aes.NewCipher
	}
	return asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 2}, 16, aes.NewCipher
}

// Encoding is how a synthetic DEP token is written.
type Encoding int

// Encodings: Apple's S/MIME text, or the bare envelope as binary DER or as
// PEM "PKCS7" (conversions Apple does not deliver).
const (
	SMIME Encoding = iota
	DER
	PEM
)

// DEPOptions vary a synthetic DEP token.
type DEPOptions struct {
	Cipher   Cipher
	LF       bool // LF line ends instead of CRLF (S/MIME only)
	Encoding Encoding
	OAEP     bool   // wrap the content key with RSA-OAEP instead of PKCS#1 v1.5
	Seed     uint64 // nonzero: content key, IV and fake credentials from a seeded generator
	// NoPadding encrypts the plaintext as given, without PKCS#7 padding;
	// a partial last block is appended unencrypted (for damaged samples).
	NoPadding bool
}

func (o DEPOptions) rand() io.Reader {
	if o.Seed == 0 {
		return rand.Reader
	}
	var seed [32]byte
	for i := range 8 {
		seed[i] = byte(o.Seed >> (8 * i))
	}
	copy(seed[8:], "mdmtoken sample DEP")
	return mrand.NewChaCha8(seed)
}

// Credentials are the fake OAuth values inside a DEP token.
type Credentials struct {
	ConsumerKey       string `json:"consumer_key"`
	ConsumerSecret    string `json:"consumer_secret"`
	AccessToken       string `json:"access_token"`
	AccessSecret      string `json:"access_secret"`
	AccessTokenExpiry string `json:"access_token_expiry"`
}

// NewCredentials makes fake CK_/CS_/AT_/AS_ values expiring at expiry,
// drawn from r (crypto/rand when nil).
func NewCredentials(expiry time.Time, r io.Reader) Credentials {
	if r == nil {
		r = rand.Reader
	}
	h := func(n int) string {
		b := make([]byte, n)
		_, _ = io.ReadFull(r, b)
		return hex.EncodeToString(b)
	}
	return Credentials{
		ConsumerKey:       "CK_" + h(64),
		ConsumerSecret:    "CS_" + h(20),
		AccessToken:       "AT_" + h(30),
		AccessSecret:      "AS_" + h(20),
		AccessTokenExpiry: expiry.UTC().Format(time.RFC3339),
	}
}

// Message is the decrypted content of a DEP token as in real tokens: a
// text/plain MIME part (CRLF after the headers) with the JSON between
// BEGIN/END MESSAGE lines, LF line ends from there on.
func (c Credentials) Message() []byte {
	js, _ := json.Marshal(c)
	return []byte("Content-Type: text/plain;charset=UTF-8\r\n" +
		"Content-Transfer-Encoding: 7bit\r\n\r\n" +
		"-----BEGIN MESSAGE-----\n" + string(js) + "\n-----END MESSAGE-----\n")
}

// DEP makes a server token for id expiring at expiry, by default as Apple
// ships it: S/MIME headers, CRLF, 76-column base64 of a streamed BER
// envelope with indefinite lengths, AES-128-CBC, no final line break.
func DEP(id *Identity, expiry time.Time, opts DEPOptions) ([]byte, error) {
	r := opts.rand()
	creds := NewCredentials(expiry, r)
	env, err := envelope(id.Cert, creds.Message(), opts, r)
	if err != nil {
		return nil, err
	}
	return encodeEnvelope(env, opts), nil
}

// Envelope encrypts plaintext for recipient and encodes it like DEP does.
func Envelope(recipient *x509.Certificate, plaintext []byte, opts DEPOptions) ([]byte, error) {
	env, err := envelope(recipient, plaintext, opts, opts.rand())
	if err != nil {
		return nil, err
	}
	return encodeEnvelope(env, opts), nil
}

func encodeEnvelope(env node, opts DEPOptions) []byte {
	switch opts.Encoding {
	case DER:
		return env.bytes(false)
	case PEM:
		return pem.EncodeToMemory(&pem.Block{Type: "PKCS7", Bytes: env.bytes(false)})
	}
	return SMIMEWrap(env.bytes(true), "enveloped-data", opts.LF)
}

// SMIMEWrap puts a binary PKCS#7 into Apple's four S/MIME headers with a
// 76-column base64 body and no final line break; CRLF line ends unless lf.
func SMIMEWrap(ber []byte, smimeType string, lf bool) []byte {
	eol := "\r\n"
	if lf {
		eol = "\n"
	}
	desc := "S/MIME Encrypted Message"
	if smimeType != "enveloped-data" {
		desc = "S/MIME Signed Message"
	}
	head := "Content-Type: application/pkcs7-mime; name=\"smime.p7m\"; smime-type=" + smimeType + eol +
		"Content-Transfer-Encoding: base64" + eol +
		"Content-Disposition: attachment; filename=\"smime.p7m\"" + eol +
		"Content-Description: " + desc + eol + eol
	return []byte(head + strings.TrimSuffix(wrap(base64.StdEncoding.EncodeToString(ber), 76, eol), eol))
}

var (
	oidData          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidEnvelopedData = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 3}
	oidRSAEncryption = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidRSAOAEP       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 7}
)

// envelope builds the ContentInfo tree of an EnvelopedData.
func envelope(recipient *x509.Certificate, plaintext []byte, opts DEPOptions, r io.Reader) (node, error) {
	pub, ok := recipient.PublicKey.(*rsa.PublicKey)
	if !ok {
		return node{}, errors.New("sample: recipient key is not RSA")
	}
	oid, keyLen, newBlock := opts.Cipher.params()
	key := make([]byte, keyLen)
	if _, err := io.ReadFull(r, key); err != nil {
		return node{}, err
	}
	block, err := newBlock(key)
	if err != nil {
		return node{}, err
	}
	bs := block.BlockSize()
	iv := make([]byte, bs)
	if _, err := io.ReadFull(r, iv); err != nil {
		return node{}, err
	}
	data := append([]byte(nil), plaintext...)
	if !opts.NoPadding {
		p := bs - len(data)%bs
		for range p {
			data = append(data, byte(p))
		}
	}
	whole := len(data) - len(data)%bs
	ct := append([]byte(nil), data...)
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(ct[:whole], data[:whole])

	var encKey []byte
	keyAlg := cons(0x30, false, oidNode(oidRSAEncryption), prim(0x05, nil))
	if opts.OAEP {
		encKey, err = rsa.EncryptOAEP(sha1.New(), rand.Reader, pub, key, nil)
		keyAlg = cons(0x30, false, oidNode(oidRSAOAEP), cons(0x30, false))
	} else {
		encKey, err = rsa.EncryptPKCS1v15(rand.Reader, pub, key)
	}
	if err != nil {
		return node{}, err
	}
	ktri := cons(0x30, false,
		intNode(0),
		cons(0x30, false, rawNode(recipient.RawIssuer), intNode(recipient.SerialNumber)),
		keyAlg,
		prim(0x04, encKey),
	)
	// OpenSSL streams the ciphertext in chunks of up to 2048 bytes and
	// writes the final block on its own.
	var chunks []node
	body, last := ct, []byte(nil)
	if len(ct) >= bs {
		body, last = ct[:len(ct)-bs], ct[len(ct)-bs:]
	}
	for len(body) > 0 {
		n := min(len(body), 2048)
		chunks = append(chunks, prim(0x04, body[:n]))
		body = body[n:]
	}
	if len(last) > 0 {
		chunks = append(chunks, prim(0x04, last))
	}
	content := cons(0xa0, true, chunks...)
	if opts.Encoding != SMIME {
		content = prim(0x80, ct) // DER: [0] IMPLICIT OCTET STRING
	}
	eci := cons(0x30, true,
		oidNode(oidData),
		cons(0x30, false, oidNode(oid), prim(0x04, iv)),
		content,
	)
	ed := cons(0x30, true, intNode(0), cons(0x31, false, ktri), eci)
	return cons(0x30, true, oidNode(oidEnvelopedData), cons(0xa0, true, ed)), nil
}

// DEPFileName is Apple's name for a server token downloaded at downloaded:
// <Server>_Token_<YYYY-MM-DDTHH-MM-SSZ>_smime.p7m.
func DEPFileName(server string, downloaded time.Time) string {
	return server + "_Token_" + downloaded.UTC().Format("2006-01-02T15-04-05Z") + "_smime.p7m"
}
