package sample

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rsa"
	"encoding/asn1"
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smallstep/pkcs7"
)

var (
	idOnce sync.Once
	testID *Identity
	idErr  error
)

func identity(t *testing.T) *Identity {
	t.Helper()
	idOnce.Do(func() { testID, idErr = NewIdentity("depserver", 1) })
	if idErr != nil {
		t.Fatal(idErr)
	}
	return testID
}

var expiry = time.Date(2027, 5, 30, 9, 15, 42, 0, time.UTC)

func TestVPP(t *testing.T) {
	pdt := time.FixedZone("PDT", -7*3600)
	exp := time.Date(2027, 11, 23, 6, 5, 9, 0, pdt)
	b := VPP("Fixture Academy Inc.", exp)
	if !bytes.Equal(b, VPP("Fixture Academy Inc.", exp)) {
		t.Error("VPP is not deterministic")
	}
	js, err := base64.StdEncoding.DecodeString(string(b))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(js), `{"expDate":"2027-11-23T06:05:09-0700","token":"`) || !strings.HasSuffix(string(js), `","orgName":"Fixture Academy Inc."}`) {
		t.Errorf("unexpected JSON %s", js)
	}
	if bytes.ContainsAny(b, "\r\n") {
		t.Errorf("line break in %q", b)
	}
	colon := VPPWith("O", exp, VPPOptions{ColonOffset: true, Fraction: true, BOM: true, CRLF: true, Wrap: true})
	if !bytes.HasPrefix(colon, []byte("\ufeff")) || !bytes.Contains(colon, []byte("\r\n")) {
		t.Errorf("options not applied: %q", colon)
	}
	js, _ = base64.StdEncoding.DecodeString(strings.Join(strings.Fields(strings.TrimPrefix(string(colon), "\ufeff")), ""))
	if !strings.Contains(string(js), `"expDate":"2027-11-23T06:05:09.000-07:00"`) {
		t.Errorf("colon offset: %s", js)
	}
	if VPPFileName("Main Campus") != "sToken_for_Main Campus.vpptoken" {
		t.Error(VPPFileName("Main Campus"))
	}
}

func TestDEPFileName(t *testing.T) {
	got := DEPFileName("mdmserver1", time.Date(2022, 7, 1, 22, 18, 53, 0, time.FixedZone("X", 3600)))
	if got != "mdmserver1_Token_2022-07-01T21-18-53Z_smime.p7m" {
		t.Error(got)
	}
}

// Apple's S/MIME layout: four headers, CRLF, 76-column base64, and
// Apple's first base64 line for a nanodep-style certificate.
func TestDEPLayout(t *testing.T) {
	id := identity(t)
	b, err := DEP(id, expiry, DEPOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\r\n")
	want := []string{
		`Content-Type: application/pkcs7-mime; name="smime.p7m"; smime-type=enveloped-data`,
		"Content-Transfer-Encoding: base64",
		`Content-Disposition: attachment; filename="smime.p7m"`,
		"Content-Description: S/MIME Encrypted Message",
		"",
		"MIAGCSqGSIb3DQEHA6CAMIACAQAxggE1MIIBMQIBADAZMBQxEjAQBgNVBAMTCWRlcHNlcnZlcgIB",
	}
	for i, w := range want {
		if lines[i] != w {
			t.Errorf("line %d = %q, want %q", i, lines[i], w)
		}
	}
	if bytes.Contains(bytes.ReplaceAll(b, []byte("\r\n"), nil), []byte("\n")) {
		t.Error("bare LF in CRLF output")
	}
	if bytes.HasSuffix(b, []byte("\n")) {
		t.Error("final line break")
	}
	aes128 := []byte{0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x02}
	if !bytes.Contains(toDER(t, b, SMIME), aes128) {
		t.Error("the default cipher is not AES-128-CBC, as in real tokens")
	}
	lf, _ := DEP(id, expiry, DEPOptions{Seed: 1, LF: true})
	if bytes.Contains(lf, []byte("\r")) {
		t.Error("CR in LF output")
	}
}

// Every cipher and encoding decrypts to the credentials: with the pkcs7
// library where it can, and by hand for AES-192.
func TestDEPDecrypts(t *testing.T) {
	id := identity(t)
	for _, c := range []Cipher{AES256CBC, AES128CBC, TripleDES, AES192CBC} {
		for _, enc := range []Encoding{SMIME, DER, PEM} {
			b, err := DEP(id, expiry, DEPOptions{Cipher: c, Encoding: enc, Seed: 3})
			if err != nil {
				t.Fatal(err)
			}
			der := toDER(t, b, enc)
			var plain []byte
			if c == AES192CBC {
				plain = decryptAES192(t, der, id.Key)
			} else {
				p7, err := pkcs7.Parse(der)
				if err != nil {
					t.Fatalf("%s/%d: %v", c, enc, err)
				}
				if plain, err = p7.Decrypt(id.Cert, id.Key); err != nil {
					t.Fatalf("%s/%d: %v", c, enc, err)
				}
			}
			s := string(plain)
			if !strings.HasPrefix(s, "Content-Type: text/plain;charset=UTF-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n-----BEGIN MESSAGE-----\n{") ||
				!strings.HasSuffix(s, "}\n-----END MESSAGE-----\n") {
				t.Fatalf("%s: message layout %q", c, s)
			}
			js := s[strings.Index(s, "{") : strings.LastIndex(s, "}")+1]
			var cr Credentials
			if err := json.Unmarshal([]byte(js), &cr); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(cr.ConsumerKey, "CK_") || len(cr.ConsumerKey) != 131 || !strings.HasPrefix(cr.AccessSecret, "AS_") ||
				cr.AccessTokenExpiry != "2027-05-30T09:15:42Z" {
				t.Fatalf("credentials %+v", cr)
			}
		}
	}
}

func toDER(t *testing.T, b []byte, enc Encoding) []byte {
	t.Helper()
	switch enc {
	case DER:
		return b
	case PEM:
		s := strings.TrimSpace(string(b))
		s = strings.TrimPrefix(s, "-----BEGIN PKCS7-----")
		s = strings.TrimSuffix(s, "-----END PKCS7-----")
		d, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), ""))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	_, body, _ := bytes.Cut(b, []byte("\r\n\r\n"))
	d, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(body)), ""))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// decryptAES192 decrypts an AES-192-CBC envelope by hand, independently of
// the pkcs7 library, which cannot.
func decryptAES192(t *testing.T, ber []byte, key *rsa.PrivateKey) []byte {
	t.Helper()
	// Find the encrypted key: the OCTET STRING 04 82 01 00 of 256 bytes.
	i := bytes.Index(ber, []byte{0x04, 0x82, 0x01, 0x00})
	if i < 0 {
		t.Fatal("no encrypted key")
	}
	ck, err := rsa.DecryptPKCS1v15(nil, key, ber[i+4:i+4+256])
	if err != nil || len(ck) != 24 {
		t.Fatalf("content key: %v (%d bytes)", err, len(ck))
	}
	oid, _ := asn1.Marshal(asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 22})
	j := bytes.Index(ber, oid)
	if j < 0 {
		t.Fatal("no AES-192 OID")
	}
	iv := ber[j+len(oid)+2 : j+len(oid)+2+16]
	rest := ber[j+len(oid)+2+16:]
	var ct []byte
	if rest[0] == 0x80 { // DER: [0] IMPLICIT primitive
		n := int(rest[1])
		h := 2
		if n&0x80 != 0 {
			k := n & 0x7f
			n = 0
			for _, c := range rest[2 : 2+k] {
				n = n<<8 | int(c)
			}
			h = 2 + k
		}
		ct = rest[h : h+n]
	} else { // streamed: a0 80 then OCTET STRING chunks
		p := rest[2:]
		for p[0] == 0x04 {
			n, h := int(p[1]), 2
			if n&0x80 != 0 {
				k := n & 0x7f
				n = 0
				for _, c := range p[2 : 2+k] {
					n = n<<8 | int(c)
				}
				h = 2 + k
			}
			ct = append(ct, p[h:h+n]...)
			p = p[h+n:]
		}
	}
	block, _ := aes.NewCipher(ck)
	out := make([]byte, len(ct))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(out, ct)
	return out[:len(out)-int(out[len(out)-1])]
}

func TestIdentity(t *testing.T) {
	id := identity(t)
	if id.Cert.Subject.CommonName != "depserver" || id.Cert.SerialNumber.Int64() != 1 || id.Key.N.BitLen() != 2048 {
		t.Errorf("identity %v %v %d", id.Cert.Subject, id.Cert.SerialNumber, id.Key.N.BitLen())
	}
	for _, k := range [][]byte{id.KeyPEM(), id.KeyPKCS8PEM()} {
		back, err := LoadIdentity(id.CertPEM(), k)
		if err != nil || !back.Key.Equal(id.Key) || !bytes.Equal(back.Cert.Raw, id.Cert.Raw) {
			t.Errorf("LoadIdentity: %v", err)
		}
	}
	if _, err := LoadIdentity(id.KeyPEM(), id.CertPEM()); err == nil {
		t.Error("swapped PEMs loaded")
	}
}

// OpenSSL decrypts what DEP makes, for every cipher (skipped without openssl).
func TestOpenSSLDecrypts(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl not installed")
	}
	id := identity(t)
	dir := t.TempDir()
	cert, key := filepath.Join(dir, "c.pem"), filepath.Join(dir, "k.pem")
	os.WriteFile(cert, id.CertPEM(), 0o600)
	os.WriteFile(key, id.KeyPEM(), 0o600)
	for _, c := range []Cipher{AES256CBC, AES128CBC, TripleDES, AES192CBC} {
		for _, lf := range []bool{false, true} {
			b, err := DEP(id, expiry, DEPOptions{Cipher: c, LF: lf})
			if err != nil {
				t.Fatal(err)
			}
			in := filepath.Join(dir, "t.p7m")
			os.WriteFile(in, b, 0o600)
			out, err := exec.Command("openssl", "smime", "-decrypt", "-in", in, "-recip", cert, "-inkey", key).CombinedOutput()
			if err != nil || !strings.Contains(string(out), `"access_token_expiry":"2027-05-30T09:15:42Z"`) {
				t.Errorf("%s lf=%v: %v %s", c, lf, err, out)
			}
		}
	}
}
