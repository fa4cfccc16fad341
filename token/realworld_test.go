package token

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// Real files from public repositories and Apple's documentation, kept
// beside the repository in ../shared/realworld (its README says what each
// file really is). They are read from there, never copied here.
const realworld = "../../shared/realworld/"

// realNow is the moment the real files are judged against.
var realNow = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

// realFiles returns the real files' names, or skips the test when the
// folder is not there.
func realFiles(t *testing.T) []string {
	t.Helper()
	if _, err := os.Stat(realworld + "README.md"); err != nil {
		t.Skipf("the real-world files are not in %s (they sit beside the repository, in shared/realworld): %v", realworld, err)
	}
	var out []string
	err := filepath.WalkDir(realworld, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && d.Name() != "README.md" {
			out = append(out, strings.TrimPrefix(filepath.ToSlash(p), realworld))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// realKeys says which of petarov's published test credentials a case uses.
type realKeys int

const (
	realNone    realKeys = iota
	realCert             // the certificate the token is encrypted for
	realBoth             // that certificate and its key (PEM)
	realBothDER          // that certificate and its key as DER
	realKey              // the key only
)

type realCase struct {
	fixtureCase
	with realKeys
}

const (
	petarov        = "petarov-apple-mdm-clients/"
	petarovToken   = petarov + "apple-mdm-client-tests-1-server-token.p7m"
	petarovCRLF    = petarov + "apple-mdm-client-tests-1-server-token.crlf.p7m"
	petarovRcpt    = "C=DE, OU=com.github.petarov, CN=apple-mdm-client-tests/70FEDDC7D5AFA393"
	appleRcpt      = "C=US, O=Zippo Inc, CN=Profile Manager S/MIME Identity, emailAddress=local@zippoinc2.apple.com/-7CB4A13342F086E4"
	petarovExpiry  = "2026-01-17T11:02:21Z"
	appleDecrypted = "2015-01-14T21:27:41Z"
	nanodepExpiry  = "2023-07-01T22:18:53Z"
)

// notMDMKey is what a message about a certificate never says: VPP
// locations have nothing to do with it.
var notMDMKey = []string{"location"}

func rc(with realKeys, c fixtureCase) realCase { return realCase{c, with} }

var realCases = []realCase{
	// A real server token, as stored (LF) and as Apple delivers it (CRLF):
	// without the key its expiry cannot be known.
	rc(realNone, fixtureCase{file: petarovToken, kind: KindDEP, status: StatusUnverified, expires: "-", cipher: "AES-128-CBC",
		recipient: petarovRcpt, encoding: "S/MIME, base64", msg: []string{"expiry is unknown", "may have expired long ago"},
		act: []string{"--cert and --key"}, not: []string{"reset the previous token", "Download Token"}}),
	rc(realCert, fixtureCase{file: petarovToken, kind: KindDEP, status: StatusUnverified, expires: "-",
		msg: []string{"recipient matches the issuer and serial of this MDM's certificate", "serial 70FEDDC7D5AFA393", "only the MDM's private key proves"}}),
	rc(realBoth, fixtureCase{file: petarovToken, kind: KindDEP, status: StatusExpired, expires: petarovExpiry, decrypted: true,
		secrets: 4, days: days(-318), msg: []string{"expired 2026-01-17", "318 days ago", "no longer works"}, act: []string{"Download Token"}}),
	rc(realBothDER, fixtureCase{file: petarovToken, kind: KindDEP, status: StatusExpired, expires: petarovExpiry, decrypted: true}),
	rc(realKey, fixtureCase{file: petarovToken, kind: KindDEP, status: StatusExpired, expires: petarovExpiry, decrypted: true}),
	rc(realNone, fixtureCase{file: petarovCRLF, kind: KindDEP, status: StatusUnverified, expires: "-", cipher: "AES-128-CBC", recipient: petarovRcpt}),
	rc(realBoth, fixtureCase{file: petarovCRLF, kind: KindDEP, status: StatusExpired, expires: petarovExpiry, decrypted: true, secrets: 4}),
	rc(realNone, fixtureCase{file: petarov + "apple-mdm-client-tests-1.crt", kind: KindCertificate, status: StatusWrongKind,
		expires: "2030-01-17T10:58:00Z", msg: []string{"CN=apple-mdm-client-tests, serial 70FEDDC7D5AFA393",
			"uploaded to Apple when creating an MDM server or when replacing its key"}, not: notMDMKey}),
	rc(realNone, fixtureCase{file: petarov + "apple-mdm-client-tests-1.crt", expect: KindCertificate, kind: KindCertificate,
		status: StatusOK, act: []string{"only when creating an MDM server or replacing its key"}, not: notMDMKey}),
	rc(realNone, fixtureCase{file: petarov + "apple-mdm-client-tests-1.pem", kind: KindPrivateKey, status: StatusWrongKind,
		encoding: "PEM", msg: []string{"RSA 2048-bit", "never be uploaded"}}),
	rc(realNone, fixtureCase{file: petarov + "apple-mdm-client-tests-1.der", kind: KindPrivateKey, status: StatusWrongKind,
		encoding: "DER", msg: []string{"RSA 2048-bit"}}),
	// Content tokens in the style of Apple's VPP simulator: expired, and
	// written with a colon in the offset, which Fleet's parser rejects.
	rc(realNone, fixtureCase{file: petarov + "apple-mdm-client-tests-stoken-1.stoken", kind: KindVPP, status: StatusExpired,
		org: "blabla GmbH", expires: "2020-12-31T11:57:19Z", secrets: 1, notes: []string{"colon in the time-zone offset", "VPP simulator"}}),
	rc(realNone, fixtureCase{file: "cmdmnt-commandment/sToken_for_Example Inc.vpptoken", kind: KindVPP, status: StatusExpired,
		org: "Example Inc.", location: "Example Inc", expires: "2018-07-03T03:48:31Z", notes: []string{"colon in the time-zone offset"}}),
	// Apple's sample server token: a negative serial and an emailAddress;
	// as published, with a header broken across two lines.
	rc(realNone, fixtureCase{file: "apple-docs/apple-doc-sample-server-token.as-published.p7m", kind: KindDEP, status: StatusUnverified,
		expires: "-", cipher: "AES-128-CBC", recipient: appleRcpt, notes: []string{"header line was broken in two", "upload Apple's original download"}}),
	rc(realNone, fixtureCase{file: "apple-docs/apple-doc-sample-server-token.header-unwrapped.p7m", kind: KindDEP, status: StatusUnverified,
		expires: "-", cipher: "AES-128-CBC", recipient: appleRcpt, encoding: "S/MIME, base64"}),
	rc(realCert, fixtureCase{file: "apple-docs/apple-doc-sample-server-token.header-unwrapped.p7m", kind: KindDEP, status: StatusWrongServer,
		msg: []string{"serial -7CB4A13342F086E4", "emailAddress=local@zippoinc2.apple.com", "before this MDM's current public key was uploaded"}}),
	// Decrypted server tokens, in the three shapes seen.
	rc(realNone, fixtureCase{file: "apple-docs/apple-doc-sample-decrypted-token.as-published.txt", kind: KindDEP, status: StatusInvalid,
		expires: appleDecrypted, secrets: 4, encoding: "decrypted text (MIME headers and JSON)",
		msg: []string{"decrypted DEP server token", "secrets in clear text", "encrypted *_smime.p7m", "access_token_expiry is 2015-01-14"},
		act: []string{"Delete this file"}}),
	rc(realNone, fixtureCase{file: "apple-docs/apple-doc-sample-decrypted-token.json-unwrapped.txt", kind: KindDEP, status: StatusInvalid,
		expires: appleDecrypted, secrets: 4, encoding: "decrypted text (MIME headers and JSON)", msg: []string{"secrets in clear text"}}),
	rc(realNone, fixtureCase{file: "micromdm-nanodep/stoken.json", kind: KindDEP, status: StatusInvalid, expires: nanodepExpiry, secrets: 4,
		encoding: "decrypted JSON", msg: []string{"secrets in clear text", "access_token_expiry is 2023-07-01"}, act: []string{"Delete this file"}}),
	rc(realNone, fixtureCase{file: "micromdm-nanodep/mdmserver1_Token_2022-07-01T22-18-53Z_decrypted.json", kind: KindDEP, status: StatusInvalid,
		expires: nanodepExpiry, secrets: 4, encoding: "decrypted JSON"}),
	// APNs push certificates and their bundles: mock certificates that are
	// not Apple's, a test certificate that is no push certificate at all,
	// and a real Apple certificate its publisher cut short.
	rc(realNone, fixtureCase{file: "micromdm-micromdm/mock_push_cert.pem", kind: KindPush, status: StatusInvalid,
		topic: "com.apple.mgmt.External.18a16429-886b-41f1-9c30-2bd04ae4fc37", msg: []string{"self-signed, not issued by Apple's \"Apple Application Integration 2 Certification Authority\""}, not: notMDMKey}),
	rc(realNone, fixtureCase{file: "micromdm-micromdm/mock_push_cert_no_uid.pem", kind: KindPush, status: StatusInvalid,
		msg: []string{"no push topic"}}),
	rc(realNone, fixtureCase{file: "micromdm-micromdm/mock_push_cert_wrong_uid_prefix.pem", kind: KindPush, status: StatusInvalid,
		msg: []string{`push topic "wrong.prefix.18a16429-886b-41f1-9c30-2bd04ae4fc37" does not start with com.apple.mgmt.`}}),
	rc(realNone, fixtureCase{file: "micromdm-micromdm/mock_push_cert.pem", expect: KindDEP, kind: KindPush, status: StatusWrongKind,
		msg: []string{"not a DEP (Automated Device Enrollment) server token", "push certificate (APNs) settings"}}),
	rc(realNone, fixtureCase{file: "micromdm-micromdm/server-testdata-pushcert.pem", kind: KindCertificate, status: StatusWrongKind,
		msg: []string{"CN=mdmpush", "not an APNs push certificate"}}),
	rc(realNone, fixtureCase{file: "micromdm-micromdm/server-testdata-pushcert.pem", expect: KindPush, kind: KindCertificate, status: StatusWrongKind,
		msg: []string{"not an APNs push certificate from Apple", "no push topic"}, act: []string{"Push Certificates Portal"}}),
	rc(realNone, fixtureCase{file: "micromdm-micromdm/server-testdata-pushcert.p12", kind: KindPKCS12, status: StatusWrongKind, encoding: "DER",
		msg: []string{"PKCS#12 bundle", "password-protected", "not what Apple's Push Certificates Portal downloads"}}),
	rc(realNone, fixtureCase{file: "micromdm-micromdm/server-testdata-ProviderPrivateKey.key", kind: KindPrivateKey, status: StatusWrongKind,
		msg: []string{"password-protected"}}),
	rc(realNone, fixtureCase{file: "microsoft-Microsoft365DSC/apns-cert-from-2-Update.ps1.base64.txt", kind: KindPush, status: StatusInvalid,
		expires: "2025-10-25T18:14:57Z", encoding: "base64", topic: "com.apple.mgmt.External.0055e7e9-492b-4d46-967a-28fc5d49edb6", msg: []string{"damaged", "ends early", "com.apple.mgmt.External.0055e7e9-492b-4d46-967a-28fc5d49edb6"},
		act: []string{"Push Certificates Portal"}}),
	rc(realNone, fixtureCase{file: "microsoft-Microsoft365DSC/MDM_Microsoft365DSC-example_Certificate.damaged.pem", kind: KindPush,
		status: StatusInvalid, expires: "2025-10-25T18:14:57Z", encoding: "PEM", msg: []string{"damaged"}}),
}

// petarovKeys loads the published test certificate and key.
func petarovKeys(t *testing.T) (cert, key, keyDER testIdentity) {
	t.Helper()
	c, err := LoadCertificate(realworld + petarov + "apple-mdm-client-tests-1.crt")
	if err != nil {
		t.Fatal(err)
	}
	k, err := LoadPrivateKey(realworld + petarov + "apple-mdm-client-tests-1.pem")
	if err != nil {
		t.Fatal(err)
	}
	kd, err := LoadPrivateKey(realworld + petarov + "apple-mdm-client-tests-1.der")
	if err != nil {
		t.Fatal(err)
	}
	return testIdentity{cert: c}, testIdentity{c, k}, testIdentity{c, kd}
}

func (c realCase) options(t *testing.T) Options {
	cert, both, der := petarovKeys(t)
	o := Options{Now: realNow, Expect: c.expect, Fresh: c.fresh}
	switch c.with {
	case realCert:
		o.Cert = cert.cert
	case realBoth:
		o.Cert, o.Key = both.cert, both.key
	case realBothDER:
		o.Cert, o.Key = der.cert, der.key
	case realKey:
		o.Key = both.key
	}
	return o
}

// Every real file gets the kind, status and facts its README states.
func TestRealFiles(t *testing.T) {
	files := realFiles(t)
	panicHook = func(p any) { t.Errorf("recovered panic: %v", p) }
	defer func() { panicHook = nil }()
	covered := map[string]bool{}
	for _, c := range realCases {
		covered[c.file] = true
		name := c.file + map[realKeys]string{realCert: " cert", realBoth: " cert+key", realBothDER: " cert+key.der", realKey: " key"}[c.with]
		if c.expect != "" {
			name += " expect-" + string(c.expect)
		}
		t.Run(name, func(t *testing.T) {
			r := Inspect(realworld+c.file, c.options(t))
			checkCase(t, c.fixtureCase, r)
			if c.kind == KindDEP && c.status != StatusInvalid {
				if strings.Contains(strings.Join(r.Notes, " "), "repair") != (len(c.notes) > 0) {
					t.Errorf("repair noted: %q", r.Notes)
				}
			}
		})
	}
	for _, f := range files {
		if !covered[f] {
			t.Errorf("real file %s has no test case", f)
		}
	}
}

// The real server tokens read the same strictly (as the MDM reads them)
// as here: the one with a broken header is the only one a strict reader
// rejects, and the only one noted as repaired.
func TestRealTokensStrictly(t *testing.T) {
	realFiles(t)
	_, both, _ := petarovKeys(t)
	for _, f := range []string{petarovToken, petarovCRLF} {
		data, err := os.ReadFile(realworld + f)
		if err != nil {
			t.Fatal(err)
		}
		if err := strictDEP(data, both.cert, both.key); err != nil {
			t.Errorf("%s: a strict reader fails: %v", f, err)
		}
	}
	published, err := os.ReadFile(realworld + "apple-docs/apple-doc-sample-server-token.as-published.p7m")
	if err != nil {
		t.Fatal(err)
	}
	if err := strictDEP(published, both.cert, both.key); err == nil {
		t.Error("a strict reader takes the token with the broken header")
	}
}

// The mistakes people make with real files: each is reported as what the
// MDM will make of it.
func TestRealFileMistakes(t *testing.T) {
	realFiles(t)
	_, both, _ := petarovKeys(t)
	token, err := os.ReadFile(realworld + petarovCRLF)
	if err != nil {
		t.Fatal(err)
	}
	vpp, err := os.ReadFile(realworld + "cmdmnt-commandment/sToken_for_Example Inc.vpptoken")
	if err != nil {
		t.Fatal(err)
	}
	_, body, _ := bytes.Cut(token, []byte("\r\n\r\n"))
	smimeHead, _, _ := bytes.Cut(token, []byte("\r\n\r\n"))
	withKey := Options{Now: realNow, Cert: both.cert, Key: both.key}
	for _, c := range []struct {
		name, file string
		data       []byte
		o          Options
		kind       Kind
		status     Status
		has        []string // in message, action or notes
		hasNot     []string // in message or action
	}{
		// Kept under Apple's name: the expiry is estimated, and with the key
		// it is exactly the download time plus one year.
		{"Apple's name", "apple-mdm-client-tests_Token_2025-01-17T11-02-21Z_smime.p7m", token, Options{Now: realNow},
			KindDEP, StatusExpired, []string{"expired about 2026-01-17", "most likely"}, nil},
		{"Apple's name, with the key", "apple-mdm-client-tests_Token_2025-01-17T11-02-21Z_smime.p7m", token, withKey,
			KindDEP, StatusExpired, []string{"expired 2026-01-17"}, []string{"renamed"}},
		{"re-saved with a byte-order mark", "t_smime.p7m", append([]byte("\ufeff"), token...), withKey,
			KindDEP, StatusExpired, []string{"byte-order mark", "probably reject"}, nil},
		{"headers cut off", "t.p7m", body, withKey, KindDEP, StatusExpired, []string{"S/MIME headers that Apple's file starts with are missing"}, nil},
		{"VPP token in S/MIME headers", "sToken_for_Example Inc_smime.p7m", append(append(append([]byte{}, smimeHead...), "\r\n\r\n"...), vpp...),
			Options{Now: realNow, Expect: KindDEP}, KindVPP, StatusInvalid, []string{"content token inside S/MIME headers"},
			[]string{"DEP server token is", "Download Token", "resets"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := InspectBytes(c.file, c.data, c.o)
			if r.Kind != c.kind || r.Status != c.status {
				t.Fatalf("%s/%s: %s | %s | %q", r.Kind, r.Status, r.Message, r.Action, r.Notes)
			}
			all := r.Message + "\n" + r.Action + "\n" + strings.Join(r.Notes, "\n")
			for _, s := range c.has {
				if !strings.Contains(all, s) {
					t.Errorf("lacks %q: %s", s, all)
				}
			}
			for _, s := range c.hasNot {
				if strings.Contains(r.Message+"\n"+r.Action+"\n"+strings.Join(r.Notes, "\n"), s) {
					t.Errorf("holds %q: %s", s, all)
				}
			}
		})
	}
}
