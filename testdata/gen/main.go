// Command gen writes the synthetic token fixtures under testdata/. They
// hold fake credentials only. Dates are fixed; tests judge them against
// their own fixed "now" (2026-06-01 12:00 UTC).
//
// Key pairs are made once and reused, since RSA key generation cannot be
// seeded. Other existing files are kept unless -force is given, because
// RSA encryption is randomised and would rewrite every DEP file.
//
//	go run ./testdata/gen [-out testdata] [-force]

// Apple's sample server token names a certificate with a negative serial;
// so does one fixture.
//
//go:debug x509negativeserial=1
package main

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mdmtoken/mdmtoken/sample"
)

var (
	out   = flag.String("out", "testdata", "fixture directory")
	force = flag.Bool("force", false, "rewrite existing fixtures (key pairs are always kept)")
)

var (
	pdt = time.FixedZone("PDT", -7*3600)
	cet = time.FixedZone("CEST", 2*3600)
)

func utc(y int, m time.Month, d, h, mi, s int) time.Time {
	return time.Date(y, m, d, h, mi, s, 0, time.UTC)
}

func main() {
	flag.Parse()
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run() error {
	mdm, err := identity("mdm/mdm_public_key.pem", "mdm/mdm_private_key.pem", "depserver", 1)
	if err != nil {
		return err
	}
	other, err := identity("keys/other_mdm_public_key.pem", "keys/other_mdm_private_key.pem", "other-mdm", 7)
	if err != nil {
		return err
	}
	regen, err := identity("keys/regenerated_public_key.pem", "keys/regenerated_private_key.pem", "depserver", 1)
	if err != nil {
		return err
	}
	if err := write("mdm/mdm_public_key.der", mdm.Cert.Raw, 0o644); err != nil {
		return err
	}
	if err := write("mdm/mdm_private_key_pkcs8.pem", mdm.KeyPKCS8PEM(), 0o600); err != nil {
		return err
	}
	if err := write("keys/mdm_trusted_certificate.pem", sample.TrustedCertificatePEM(mdm.Cert.Raw), 0o644); err != nil {
		return err
	}
	profile, err := profileIdentity()
	if err != nil {
		return err
	}

	if err := pushFixtures(); err != nil {
		return err
	}

	// VPP content tokens.
	vpp := []struct {
		name string
		org  string
		exp  time.Time
		opt  sample.VPPOptions
	}{
		{"vpp/sToken_for_Main Campus.vpptoken", "Fixture Academy Inc.", time.Date(2027, 5, 31, 6, 5, 9, 0, pdt), sample.VPPOptions{}},
		{"vpp/sToken_for_Old Library.vpptoken", "Fixture Academy Inc.", time.Date(2026, 3, 15, 6, 5, 9, 0, pdt), sample.VPPOptions{}},
		{"vpp/sToken_for_Science Wing.vpptoken", "Fixture Academy Inc.", time.Date(2026, 6, 21, 6, 5, 9, 0, pdt), sample.VPPOptions{}},
		{"vpp/sToken_for_Last Year.vpptoken", "Fixture Academy Inc.", time.Date(2026, 12, 1, 6, 5, 9, 0, pdt), sample.VPPOptions{}},
		{"vpp/sToken_for_Main Campus (1).vpptoken", "Fixture Academy Inc.", time.Date(2027, 5, 30, 6, 5, 9, 0, pdt),
			sample.VPPOptions{BOM: true, CRLF: true, Wrap: true}},
		{"vpp/sToken_for_Colon Offset.vpptoken", "Fixture Schule München", time.Date(2027, 4, 10, 8, 30, 0, 0, cet),
			sample.VPPOptions{ColonOffset: true, Fraction: true, Newline: true}},
		// Apple keeps punctuation in the location name, or turns it into
		// underscores, as in a real "sToken_for_Fastlane_B.V..vpptoken".
		{"vpp/sToken_for_Fixture_B.V..vpptoken", "Fixture B.V.", utc(2027, 3, 25, 3, 47, 21), sample.VPPOptions{}},
		// Mix-up: a content token saved under a DEP token's name.
		{"mixups/Fixture MDM_Token_2026-05-30T09-15-42Z_smime.p7m", "Fixture Academy Inc.", time.Date(2027, 5, 31, 6, 5, 9, 0, pdt), sample.VPPOptions{}},
	}
	for _, v := range vpp {
		if err := write(v.name, sample.VPPWith(v.org, v.exp, v.opt), 0o644); err != nil {
			return err
		}
	}

	// DEP server tokens.
	dep := []struct {
		name string
		id   *sample.Identity
		exp  time.Time
		opt  sample.DEPOptions
	}{
		{sample.DEPFileName("Fixture MDM", utc(2026, 5, 30, 9, 15, 42)), mdm, utc(2027, 5, 30, 9, 15, 42), sample.DEPOptions{Seed: 1}},
		{sample.DEPFileName("Fixture 3DES", utc(2026, 5, 29, 14, 2, 11)), mdm, utc(2027, 5, 29, 14, 2, 11), sample.DEPOptions{Seed: 2, Cipher: sample.TripleDES}},
		{sample.DEPFileName("Fixture AES256", utc(2026, 5, 28, 8, 0, 0)), mdm, utc(2027, 5, 28, 8, 0, 0), sample.DEPOptions{Seed: 3, Cipher: sample.AES256CBC}},
		{sample.DEPFileName("Fixture LF", utc(2026, 5, 31, 23, 59, 59)), mdm, utc(2027, 5, 31, 23, 59, 59), sample.DEPOptions{Seed: 4, LF: true}},
		{sample.DEPFileName("Fixture AES192", utc(2026, 5, 30, 10, 0, 0)), mdm, utc(2027, 5, 30, 10, 0, 0), sample.DEPOptions{Seed: 5, Cipher: sample.AES192CBC}},
		{sample.DEPFileName("Other Server", utc(2026, 5, 30, 11, 0, 0)), other, utc(2027, 5, 30, 11, 0, 0), sample.DEPOptions{Seed: 6}},
		{sample.DEPFileName("Regenerated", utc(2026, 5, 30, 12, 0, 0)), regen, utc(2027, 5, 30, 12, 0, 0), sample.DEPOptions{Seed: 7}},
		{sample.DEPFileName("Fixture OAEP", utc(2026, 5, 30, 13, 0, 0)), mdm, utc(2027, 5, 30, 13, 0, 0), sample.DEPOptions{Seed: 8, OAEP: true}},
		{sample.DEPFileName("Fixture MDM", utc(2025, 6, 10, 8, 0, 0)), mdm, utc(2026, 6, 10, 8, 0, 0), sample.DEPOptions{Seed: 9}},
		{sample.DEPFileName("Fixture MDM", utc(2025, 4, 2, 8, 0, 0)), mdm, utc(2026, 4, 2, 8, 0, 0), sample.DEPOptions{Seed: 10}},
		{"renamed-token.p7m", mdm, utc(2027, 5, 25, 7, 30, 0), sample.DEPOptions{Seed: 11}},
		{"dep-token-der.p7m", mdm, utc(2027, 5, 20, 8, 0, 0), sample.DEPOptions{Seed: 12, Encoding: sample.DER}},
		{"dep-token.pem", mdm, utc(2027, 5, 20, 8, 0, 0), sample.DEPOptions{Seed: 13, Encoding: sample.PEM}},
		{sample.DEPFileName("Profile Manager", utc(2026, 5, 30, 14, 0, 0)), profile, utc(2027, 5, 30, 14, 0, 0), sample.DEPOptions{Seed: 19}},
	}
	for _, d := range dep {
		if err := writeWith("dep/"+d.name, 0o644, func() ([]byte, error) { return sample.DEP(d.id, d.exp, d.opt) }); err != nil {
			return err
		}
	}
	// Mix-up: a DEP token saved under a content token's name.
	if err := writeWith("mixups/sToken_for_Main Campus.vpptoken", 0o644, func() ([]byte, error) {
		return sample.DEP(mdm, utc(2027, 5, 30, 9, 15, 42), sample.DEPOptions{Seed: 14})
	}); err != nil {
		return err
	}
	// Damaged DEP tokens, made from a good one.
	good, err := sample.DEP(mdm, utc(2027, 5, 30, 15, 0, 0), sample.DEPOptions{Seed: 15})
	if err != nil {
		return err
	}
	if err := write("dep/"+sample.DEPFileName("Truncated", utc(2026, 5, 30, 15, 0, 0)), good[:len(good)*6/10], 0o644); err != nil {
		return err
	}
	head, _, _ := bytes.Cut(good, []byte("\r\n\r\n"))
	if err := write("dep/"+sample.DEPFileName("Headers Only", utc(2026, 5, 30, 15, 0, 0)), append(head, "\r\n\r\n"...), 0o644); err != nil {
		return err
	}
	if err := writeWith("dep/"+sample.DEPFileName("Corrupt", utc(2026, 5, 30, 16, 0, 0)), 0o644, func() ([]byte, error) {
		return corrupt(mdm)
	}); err != nil {
		return err
	}

	// Other mix-ups.
	if err := write("mixups/mdm_public_key.p7m", mdm.CertPEM(), 0o644); err != nil {
		return err
	}
	creds := sample.NewCredentials(utc(2027, 5, 30, 9, 15, 42), bytes.NewReader(sample.RandomBytes(256, 16)))
	if err := write("mixups/decrypted_token.txt", creds.Message(), 0o644); err != nil {
		return err
	}
	// Decrypted tokens as Apple's documentation shows them (MIME headers and
	// JSON) and as nanodep's script prints them (bare JSON).
	js, err := json.Marshal(creds)
	if err != nil {
		return err
	}
	if err := write("mixups/decrypted_mime.txt", []byte("Content-Type: text/plain;charset=UTF-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"+string(js)+"\n"), 0o644); err != nil {
		return err
	}
	if err := write("mixups/stoken.json", append(js, '\n'), 0o644); err != nil {
		return err
	}
	// A content token put into a server token's S/MIME headers.
	vppJSON, _, _ := bytes.Cut(sample.VPP("Fixture Academy Inc.", time.Date(2027, 5, 31, 6, 5, 9, 0, pdt)), []byte("\n"))
	vppRaw, err := base64.StdEncoding.DecodeString(string(vppJSON))
	if err != nil {
		return err
	}
	if err := write("mixups/vpp-wrapped_smime.p7m", sample.SMIMEWrap(vppRaw, "enveloped-data", false), 0o644); err != nil {
		return err
	}
	// A server token re-saved by an editor: a byte-order mark and doubled
	// line ends.
	if err := writeWith("dep/"+sample.DEPFileName("Resaved", utc(2026, 5, 30, 17, 0, 0)), 0o644, func() ([]byte, error) {
		b, err := sample.DEP(mdm, utc(2027, 5, 30, 17, 0, 0), sample.DEPOptions{Seed: 20})
		return append([]byte("\ufeff"), bytes.ReplaceAll(b, []byte("\r\n"), []byte("\r\r\n"))...), err
	}); err != nil {
		return err
	}
	if err := write("mixups/vpp-decoded.json", []byte(`{"token":"`+sample.VPPTokenValue("Fixture Academy Inc.", utc(2027, 5, 31, 13, 5, 9))+
		`","expDate":"2027-05-31T06:05:09-0700","orgName":"Fixture Academy Inc."}`+"\n"), 0o644); err != nil {
		return err
	}
	if err := writeWith("mixups/signed_smime.p7m", 0o644, func() ([]byte, error) {
		sd, err := sample.SignedData(mdm, []byte("Content-Type: text/plain\r\n\r\nsigned, not encrypted\r\n"))
		if err != nil {
			return nil, err
		}
		return sample.SMIMEWrap(sd, "signed-data", false), nil
	}); err != nil {
		return err
	}

	// Not tokens at all.
	if err := write("junk/sToken_for_Empty.vpptoken", nil, 0o644); err != nil {
		return err
	}
	if err := write("junk/business.apple.com.html", sample.LoginPage(), 0o644); err != nil {
		return err
	}
	if err := write("junk/random.bin", sample.RandomBytes(4096, 17), 0o644); err != nil {
		return err
	}
	if err := write("junk/notes.txt", []byte("Renew the tokens before June.\nAsk Sam for the ABM login.\n"), 0o644); err != nil {
		return err
	}
	return writeWith("junk/token-download.zip", 0o644, func() ([]byte, error) {
		p7m, err := os.ReadFile(path("dep/" + sample.DEPFileName("Fixture MDM", utc(2026, 5, 30, 9, 15, 42))))
		if err != nil {
			return nil, err
		}
		return sample.Zip(sample.DEPFileName("Fixture MDM", utc(2026, 5, 30, 9, 15, 42)), p7m, utc(2026, 5, 30, 9, 16, 0))
	})
}

// corrupt makes a DEP token whose ciphertext has one flipped bit: the high
// bit of the last byte of the second-to-last block, so the padding byte of
// the decrypted last block becomes impossible.
func corrupt(id *sample.Identity) ([]byte, error) {
	good, err := sample.DEP(id, utc(2027, 5, 30, 16, 0, 0), sample.DEPOptions{Seed: 18})
	if err != nil {
		return nil, err
	}
	_, body, _ := bytes.Cut(good, []byte("\r\n\r\n"))
	ber, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(string(body), "\r\n", ""))
	if err != nil {
		return nil, err
	}
	// Layout at the end: ... <last byte of block n-1> 04 10 <block n> 00 00 x5.
	i := len(ber) - 10 - 16 - 2 - 1
	if ber[i+1] != 0x04 || ber[i+2] != 0x10 {
		return nil, errors.New("unexpected envelope layout")
	}
	ber[i] ^= 0x80
	return sample.SMIMEWrap(ber, "enveloped-data", false), nil
}

func path(name string) string { return filepath.Join(*out, filepath.FromSlash(name)) }

func exists(name string) bool {
	_, err := os.Stat(path(name))
	return err == nil
}

// profileIdentity loads or makes the identity with a negative serial and
// an emailAddress, like the one Apple's sample token is encrypted for.
func profileIdentity() (*sample.Identity, error) {
	const certName, keyName = "keys/profile_manager_public_key.pem", "keys/profile_manager_private_key.pem"
	if exists(certName) && exists(keyName) {
		c, err := os.ReadFile(path(certName))
		if err != nil {
			return nil, err
		}
		k, err := os.ReadFile(path(keyName))
		if err != nil {
			return nil, err
		}
		return sample.LoadIdentity(c, k)
	}
	tmp, err := sample.NewIdentityAt("key only", 1, utc(2026, 1, 1, 0, 0, 0), utc(2036, 1, 1, 0, 0, 0))
	if err != nil {
		return nil, err
	}
	serial, _ := new(big.Int).SetString("-7CB4A13342F086E4", 16)
	der, err := sample.NewProfileManagerIdentity("Fixture Profile Manager S/MIME Identity", "mdm@example.com", serial,
		utc(2026, 1, 1, 0, 0, 0), utc(2036, 1, 1, 0, 0, 0), tmp.Key)
	if err != nil {
		return nil, err
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	if err := put(certName, certPEM, 0o644); err != nil {
		return nil, err
	}
	if err := put(keyName, tmp.KeyPEM(), 0o600); err != nil {
		return nil, err
	}
	return sample.LoadIdentity(certPEM, tmp.KeyPEM())
}

// identity loads a key pair from the fixture files, or makes and writes it.
func identity(certName, keyName, cn string, serial int64) (*sample.Identity, error) {
	if exists(certName) && exists(keyName) {
		c, err := os.ReadFile(path(certName))
		if err != nil {
			return nil, err
		}
		k, err := os.ReadFile(path(keyName))
		if err != nil {
			return nil, err
		}
		return sample.LoadIdentity(c, k)
	}
	id, err := sample.NewIdentityAt(cn, serial, utc(2026, 1, 1, 0, 0, 0), utc(2036, 1, 1, 0, 0, 0))
	if err != nil {
		return nil, err
	}
	if err := put(certName, id.CertPEM(), 0o644); err != nil {
		return nil, err
	}
	return id, put(keyName, id.KeyPEM(), 0o600)
}

func write(name string, data []byte, mode fs.FileMode) error {
	return writeWith(name, mode, func() ([]byte, error) { return data, nil })
}

// writeWith writes a fixture unless it exists and -force is not set.
func writeWith(name string, mode fs.FileMode, make func() ([]byte, error)) error {
	if exists(name) && !*force {
		return os.Chmod(path(name), mode)
	}
	data, err := make()
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return put(name, data, mode)
}

func put(name string, data []byte, mode fs.FileMode) error {
	p := path(name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(p, data, mode); err != nil {
		return err
	}
	return os.Chmod(p, mode)
}

// Push topics of the push fixtures: the one the MDM uses, and the one of a
// certificate made with "Create a Certificate" instead of "Renew".
const (
	topicA = "3f1c2a64-5b7e-4d1a-9c3e-0a1b2c3d4e5f"
	topicB = "8d2e4f60-1a3b-4c5d-8e9f-112233445566"
)

// pushFixtures writes the APNs push certificates, issued by a CA of the
// tests' own named like Apple's push CA, the requests and a PKCS#12 bundle.
func pushFixtures() error {
	ca, err := keyedIdentity("keys/push_ca_public_key.pem", "keys/push_ca_private_key.pem", func(k *rsa.PrivateKey) (*sample.Identity, error) {
		return sample.PushCAWithKey(utc(2020, 1, 1, 0, 0, 0), utc(2040, 1, 1, 0, 0, 0), k)
	})
	if err != nil {
		return err
	}
	vendor, err := identity("keys/push_vendor_public_key.pem", "keys/push_vendor_private_key.pem", "Fixture MDM Vendor", 0x5eed)
	if err != nil {
		return err
	}
	key, err := pushKey("push/push_private_key.pem")
	if err != nil {
		return err
	}
	oldKey, err := pushKey("push/old_push_private_key.pem")
	if err != nil {
		return err
	}
	certs := []struct {
		name  string
		topic string
		key   *rsa.PrivateKey
		from  time.Time
	}{
		{"push/MDM_ Fixture_Certificate.pem", topicA, key, utc(2026, 5, 31, 10, 0, 0)},        // this year's renewal
		{"push/MDM_ Fixture_Certificate_2025.pem", topicA, oldKey, utc(2025, 6, 20, 9, 0, 0)}, // last year's, expiring
		{"push/MDM_ Fixture_Certificate_2024.pem", topicA, oldKey, utc(2024, 6, 1, 9, 0, 0)},  // expired
		{"push/MDM_ Fixture_Certificate (1).pem", topicB, key, utc(2026, 5, 31, 10, 5, 0)},    // created, not renewed: a new topic
	}
	for _, c := range certs {
		if err := writeWith(c.name, 0o644, func() ([]byte, error) {
			cert, err := sample.PushCertificate(ca, c.topic, c.key, c.from)
			if err != nil {
				return nil, err
			}
			return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), nil
		}); err != nil {
			return err
		}
	}
	current, err := loadCertificate("push/MDM_ Fixture_Certificate.pem")
	if err != nil {
		return err
	}
	if err := write("push/MDM_ Fixture_Certificate.cer", current.Raw, 0o644); err != nil {
		return err
	}
	if err := writeWith("push/push_backup.p12", 0o600, func() ([]byte, error) {
		return sample.PKCS12(key, current, "fixture")
	}); err != nil {
		return err
	}
	if err := writeWith("push/PushCertRequest.txt", 0o644, func() ([]byte, error) {
		csr, err := sample.CertificateRequest(key, "Fixture MDM push")
		if err != nil {
			return nil, err
		}
		return sample.PushRequest(vendor, csr)
	}); err != nil {
		return err
	}
	return writeWith("push/push_request.csr", 0o644, func() ([]byte, error) {
		csr, err := sample.CertificateRequest(key, "Fixture MDM push")
		return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: csr}), err
	})
}

// pushKey loads or makes an RSA-2048 push private key.
func pushKey(name string) (*rsa.PrivateKey, error) {
	if exists(name) {
		b, err := os.ReadFile(path(name))
		if err != nil {
			return nil, err
		}
		blk, _ := pem.Decode(b)
		if blk == nil {
			return nil, fmt.Errorf("%s: no PEM block", name)
		}
		return x509.ParsePKCS1PrivateKey(blk.Bytes)
	}
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	return k, put(name, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}), 0o600)
}

// keyedIdentity loads a certificate and its key, or makes a key and has
// issue make the certificate for it.
func keyedIdentity(certName, keyName string, issue func(*rsa.PrivateKey) (*sample.Identity, error)) (*sample.Identity, error) {
	if exists(certName) && exists(keyName) {
		c, err := os.ReadFile(path(certName))
		if err != nil {
			return nil, err
		}
		k, err := os.ReadFile(path(keyName))
		if err != nil {
			return nil, err
		}
		return sample.LoadIdentity(c, k)
	}
	k, err := pushKey(keyName)
	if err != nil {
		return nil, err
	}
	id, err := issue(k)
	if err != nil {
		return nil, err
	}
	return id, put(certName, id.CertPEM(), 0o644)
}

// loadCertificate reads a PEM certificate fixture.
func loadCertificate(name string) (*x509.Certificate, error) {
	b, err := os.ReadFile(path(name))
	if err != nil {
		return nil, err
	}
	blk, _ := pem.Decode(b)
	if blk == nil {
		return nil, fmt.Errorf("%s: no PEM block", name)
	}
	return x509.ParseCertificate(blk.Bytes)
}
