package token

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mdmtoken/mdmtoken/sample"
)

// Tokens made by OpenSSL, streamed (BER, like Apple's) and not, are read
// and decrypted (skipped without openssl).
func TestOpenSSLTokens(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl not installed")
	}
	mdm, _, _ := identities(t)
	dir := t.TempDir()
	msg := filepath.Join(dir, "msg.txt")
	creds := sample.NewCredentials(fixtureNow.AddDate(1, 0, -2), nil)
	if err := os.WriteFile(msg, creds.Message(), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args      []string
		cipher    string
		decrypted bool
		status    Status
	}{
		{[]string{"smime", "-encrypt", "-stream", "-aes256"}, "AES-256-CBC", true, StatusOK},
		{[]string{"smime", "-encrypt", "-stream", "-des3"}, "DES-EDE3-CBC (3DES)", true, StatusOK},
		{[]string{"smime", "-encrypt", "-aes128"}, "AES-128-CBC", true, StatusOK},
		{[]string{"smime", "-encrypt", "-stream", "-aes192"}, "AES-192-CBC", false, StatusUnverified},
		{[]string{"cms", "-encrypt", "-stream", "-aes256"}, "AES-256-CBC", true, StatusOK},
		{[]string{"cms", "-encrypt", "-stream", "-aes128", "-recip", testdata + "mdm/mdm_public_key.pem", "-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256"}, "AES-128-CBC", true, StatusOK},
		{[]string{"smime", "-encrypt", "-stream", "-aes256", "-outform", "DER"}, "AES-256-CBC", true, StatusRepaired},
		{[]string{"smime", "-encrypt", "-stream", "-aes256", "-outform", "PEM"}, "AES-256-CBC", true, StatusRepaired},
	} {
		name := strings.Join(c.args, " ")
		out := filepath.Join(dir, "out.p7m")
		args := append(append([]string{}, c.args...), "-binary", "-in", msg, "-out", out)
		if !slices.Contains(c.args, "-recip") {
			args = append(args, testdata+"mdm/mdm_public_key.pem")
		}
		if b, err := exec.Command("openssl", args...).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v %s", name, err, b)
		}
		r := Inspect(out, Options{Now: fixtureNow, Cert: mdm.cert, Key: mdm.key})
		if r.Kind != KindDEP || r.Status != c.status || r.Cipher != c.cipher || r.Decrypted != c.decrypted {
			t.Errorf("%s: %s %s %s decrypted=%v: %s %q", name, r.Kind, r.Status, r.Cipher, r.Decrypted, r.Message, r.Notes)
			continue
		}
		if c.decrypted && r.DaysLeft != 363 {
			t.Errorf("%s: days left %d", name, r.DaysLeft)
		}
	}
}
