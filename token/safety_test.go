package token

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/smallstep/pkcs7"

	"github.com/mdmtoken/mdmtoken/sample"
)

// captureStdout runs f and returns what it wrote to os.Stdout.
func captureStdout(t testing.TB, f func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	orig := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		done <- string(b)
	}()
	func() {
		defer func() { os.Stdout = orig }()
		f()
	}()
	w.Close()
	out := <-done
	r.Close()
	return out
}

// AES-192 is a cipher the library cannot decrypt: the guard stops before
// the library is reached, the report says so (the library itself would
// answer only "unsupported algorithm"), and nothing is printed (the
// archived go.mozilla.org/pkcs7 printed to stdout here).
func TestUnsupportedCipherIsGuarded(t *testing.T) {
	mdm, _, _ := identities(t)
	file := testdata + depName("Fixture AES192", "2026-05-30T10-00-00Z")
	var r Report
	out := captureStdout(t, func() {
		r = Inspect(file, Options{Now: fixtureNow, Cert: mdm.cert, Key: mdm.key})
	})
	if out != "" {
		t.Fatalf("token package wrote to stdout: %q", out)
	}
	if r.Decrypted || !strings.Contains(r.Message, "AES-192-CBC") {
		t.Fatalf("unexpected report: %s %s", r.Status, r.Message)
	}
	env := depEnvelopeDER(t, readFixture(t, depName("Fixture AES192", "2026-05-30T10-00-00Z")))
	// The library itself refuses the cipher too, and prints nothing.
	out = captureStdout(t, func() {
		p7, err := pkcs7.Parse(env)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p7.Decrypt(mdm.cert, mdm.key); err != pkcs7.ErrUnsupportedAlgorithm {
			t.Errorf("library error = %v, want ErrUnsupportedAlgorithm", err)
		}
	})
	if out != "" {
		t.Fatalf("the library wrote to stdout: %q", out)
	}
}

// depEnvelopeDER unwraps an S/MIME fixture to the DER envelope.
func depEnvelopeDER(t testing.TB, smime []byte) []byte {
	t.Helper()
	info, err := unwrapSMIME(smime)
	if err != nil {
		t.Fatal(err)
	}
	root, _, err := parseBER(info.body)
	if err != nil {
		t.Fatal(err)
	}
	return root.der()
}

// A ciphertext whose decrypted padding byte is larger than the data makes
// the library panic; the report must say "damaged" instead.
func TestLibraryPanicIsRecovered(t *testing.T) {
	mdm, _, _ := identities(t)
	plain := bytes.Repeat([]byte{0xff}, 16)
	env, err := sample.Envelope(mdm.cert, plain, sample.DEPOptions{NoPadding: true, Seed: 99})
	if err != nil {
		t.Fatal(err)
	}
	der := depEnvelopeDER(t, env)
	panicked := func() (p bool) {
		defer func() { p = recover() != nil }()
		p7, err := pkcs7.Parse(der)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = p7.Decrypt(mdm.cert, mdm.key)
		return false
	}()
	if !panicked {
		t.Fatal("expected the library to panic on this input")
	}
	if _, err := decryptDER(der, mdm.cert, mdm.key); err != errLibraryPanic {
		t.Fatalf("guarded decryption error = %v, want errLibraryPanic", err)
	}
	r := InspectBytes("x_smime.p7m", env, Options{Now: fixtureNow, Cert: mdm.cert, Key: mdm.key})
	if r.Status != StatusInvalid || !strings.Contains(r.Message, "does not decrypt") {
		t.Fatalf("report = %s: %s", r.Status, r.Message)
	}
}

// A ciphertext that is not whole blocks would panic inside crypto/cipher;
// it is caught before decryption.
func TestPartialBlockCiphertext(t *testing.T) {
	mdm, _, _ := identities(t)
	env, err := sample.Envelope(mdm.cert, []byte("fifteen bytes!!!x"), sample.DEPOptions{NoPadding: true, Seed: 98})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []Options{{Now: fixtureNow}, {Now: fixtureNow, Cert: mdm.cert, Key: mdm.key}} {
		r := InspectBytes("x_smime.p7m", env, o)
		if r.Status != StatusInvalid || !strings.Contains(r.Message, "impossible length") {
			t.Fatalf("report = %s: %s", r.Status, r.Message)
		}
	}
}

// The decrypted message must name all four credentials and an expiry.
func TestPayloadWithoutExpiry(t *testing.T) {
	mdm, _, _ := identities(t)
	msg := []byte("Content-Type: text/plain\r\n\r\n-----BEGIN MESSAGE-----\r\n" +
		`{"consumer_key":"CK_1234567890","consumer_secret":"CS_1234567890","access_token":"AT_1234567890","access_secret":"AS_1234567890"}` +
		"\r\n-----END MESSAGE-----\r\n")
	env, err := sample.Envelope(mdm.cert, msg, sample.DEPOptions{Seed: 97})
	if err != nil {
		t.Fatal(err)
	}
	r := InspectBytes("x_smime.p7m", env, Options{Now: fixtureNow, Cert: mdm.cert, Key: mdm.key})
	if r.Status != StatusInvalid || !strings.Contains(r.Message, "access_token_expiry") {
		t.Fatalf("report = %s: %s", r.Status, r.Message)
	}
}

// secretsOf returns every secret a fixture holds: the VPP token value and
// the DEP credentials, read here independently of the token package.
func secretsOf(t *testing.T, data []byte) []string {
	mdm, _, _ := identities(t)
	var out []string
	text := strings.TrimPrefix(string(data), "\ufeff")
	if b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(text), "")); err == nil {
		var v struct{ Token string }
		if json.Unmarshal(b, &v) == nil && v.Token != "" {
			out = append(out, v.Token)
		}
	}
	var v struct{ Token string }
	if json.Unmarshal(data, &v) == nil && v.Token != "" {
		out = append(out, v.Token)
	}
	if info, err := unwrapSMIME(data); err == nil {
		if root, _, err := parseBER(info.body); err == nil {
			if plain, err := decryptDER(root.der(), mdm.cert, mdm.key); err == nil {
				data = plain
			}
		}
	}
	for _, m := range regexp.MustCompile(`"((?:CK|CS|AT|AS)_[0-9a-f]+)"`).FindAllStringSubmatch(string(data), -1) {
		out = append(out, m[1])
	}
	return out
}

// No report field may hold a full secret or more than a few characters of
// one.
func TestReportsNeverLeakSecrets(t *testing.T) {
	mdm, _, _ := identities(t)
	checked := 0
	for _, f := range allFixtures(t) {
		data := readFixture(t, f)
		secrets := secretsOf(t, data)
		if strings.Contains(f, "vpp/") || strings.Contains(f, "decrypted") || f == "dep/"+strings.TrimPrefix(mdmDEP, "dep/") {
			if len(secrets) == 0 {
				t.Fatalf("%s: found no secrets to check", f)
			}
		}
		for _, o := range []Options{
			{Now: fixtureNow},
			{Now: fixtureNow, Cert: mdm.cert, Key: mdm.key, Fresh: true},
			{Now: fixtureNow, Key: mdm.key, Expect: KindVPP},
			{Now: fixtureNow, Cert: mdm.cert, Key: mdm.key, Expect: KindDEP},
		} {
			r := Inspect(testdata+f, o)
			js, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			dump := strings.Join([]string{r.Message, r.Action, strings.Join(r.Notes, "\n"),
				fmt.Sprintf("%+v", r.Secrets), fmt.Sprintf("%+v", r), fmt.Sprintf("%#v", r), string(js)}, "\n")
			for _, s := range secrets {
				checked++
				for i := 0; i+10 <= len(s); i++ {
					if strings.Contains(dump, s[i:i+10]) {
						t.Fatalf("%s: report contains %q from a secret", f, s[i:i+10])
					}
				}
			}
		}
	}
	if checked < 50 {
		t.Fatalf("only %d secret checks ran", checked)
	}
}

// The key file's permissions are checked when it is read from disk.
func TestPrivateKeyPermissionNote(t *testing.T) {
	dir := t.TempDir()
	p := dir + "/key.pem"
	if err := os.WriteFile(p, readFixture(t, "mdm/mdm_private_key.pem"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(p, 0o644)
	r := Inspect(p, Options{Now: fixtureNow})
	if !strings.Contains(strings.Join(r.Notes, " "), "Other users") {
		t.Errorf("no permission note: %q", r.Notes)
	}
	os.Chmod(p, 0o600)
	r = Inspect(p, Options{Now: fixtureNow})
	if strings.Contains(strings.Join(r.Notes, " "), "Other users") {
		t.Errorf("permission note on a 0600 key: %q", r.Notes)
	}
}
