package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mdmtoken/mdmtoken/sample"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
)

// tokenDir holds synthetic files for the command tests, made once.
type tokenDir struct {
	dir                          string
	vppOK, vppExpiring, vppOld   string // content tokens: a year left, 10 days left, expired
	depOK                        string // DEP token for id, downloaded yesterday
	cert, key                    string // id's certificate and key
	otherCert, otherKey          string // another MDM server's
	vppSecret                    string // the token value inside vppOK
	depSecrets                   []string
	depExpiry                    time.Time
	notToken, missing, emptyFile string
}

var testFiles *tokenDir

func files(t *testing.T) *tokenDir {
	t.Helper()
	if testFiles != nil {
		return testFiles
	}
	dir, err := os.MkdirTemp("", "mdmtoken-check-test")
	if err != nil {
		t.Fatal(err)
	}
	// Removed when the test binary exits (TestMain is not used elsewhere).
	f := &tokenDir{dir: dir}
	write := func(name string, data []byte) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	now := time.Now()
	yearOn := now.Add(364 * 24 * time.Hour)
	f.vppOK = write("ok/sToken_for_Main Campus.vpptoken", sample.VPP("Fixture Academy Inc.", yearOn))
	f.vppSecret = sample.VPPTokenValue("Fixture Academy Inc.", yearOn)
	f.vppExpiring = write("expiring/sToken_for_Annex.vpptoken", sample.VPP("Fixture Academy Inc.", now.Add(10*24*time.Hour)))
	f.vppOld = write("expired/sToken_for_Annex.vpptoken", sample.VPP("Fixture Academy Inc.", now.Add(-3*24*time.Hour)))

	id, err := sample.NewIdentity("depserver", 1)
	if err != nil {
		t.Fatal(err)
	}
	other, err := sample.NewIdentity("other-mdm", 7)
	if err != nil {
		t.Fatal(err)
	}
	f.cert = write("mdm/cert.pem", id.CertPEM())
	f.key = write("mdm/key.pem", id.KeyPEM())
	f.otherCert = write("mdm/other-cert.pem", other.CertPEM())
	f.otherKey = write("mdm/other-key.pem", other.KeyPEM())

	downloaded := now.Add(-24 * time.Hour).Truncate(time.Second)
	f.depExpiry = downloaded.AddDate(1, 0, 0).UTC()
	creds := sample.NewCredentials(f.depExpiry, nil)
	f.depSecrets = []string{creds.ConsumerKey, creds.ConsumerSecret, creds.AccessToken, creds.AccessSecret}
	dep, err := sample.Envelope(id.Cert, creds.Message(), sample.DEPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	f.depOK = write("ok/"+sample.DEPFileName("mdmserver1", downloaded), dep)

	f.notToken = write("other/notes.txt", []byte("remember to renew the tokens\n"))
	f.emptyFile = write("other/empty.vpptoken", nil)
	f.missing = filepath.Join(dir, "nowhere", "sToken_for_Gone.vpptoken")
	testFiles = f
	return f
}

func TestMain(m *testing.M) {
	code := m.Run()
	if testFiles != nil {
		os.RemoveAll(testFiles.dir)
	}
	os.Exit(code)
}

type result struct {
	code           int
	stdout, stderr string
}

func runArgs(t *testing.T, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return result{code, stdout.String(), stderr.String()}
}

func (r result) want(t *testing.T, code int, stdout, stderr []string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
	for _, s := range stdout {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("stdout lacks %q:\n%s", s, r.stdout)
		}
	}
	for _, s := range stderr {
		if !strings.Contains(r.stderr, s) {
			t.Errorf("stderr lacks %q:\n%s", s, r.stderr)
		}
	}
}

func TestCheckExitStatuses(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	f := files(t)
	runArgs(t, "check", f.vppOK).want(t, 0, []string{
		"sToken_for_Main Campus.vpptoken\n",
		"  Kind          Apps and Books (VPP) content token\n",
		"  Organization  Fixture Academy Inc.\n",
		"  Status        OK\n",
		"1 file checked: 1 ok\n",
	}, nil)
	runArgs(t, "check", f.vppOK, f.depOK).want(t, 0, []string{
		"  MDM server    mdmserver1\n",
		"(estimated)\n",
		"2 files checked: 2 ok\n",
	}, nil)
	runArgs(t, "check", f.vppOK, f.vppExpiring).want(t, 1, []string{"EXPIRING SOON", "1 ok, 1 expiring"}, nil)
	runArgs(t, "check", "--warn-days", "5", f.vppExpiring).want(t, 0, []string{"Status        OK"}, nil)
	runArgs(t, "check", "--warn-days", "3650", f.vppOK).want(t, 1, []string{"EXPIRING SOON"}, nil)
	runArgs(t, "check", f.vppOK, f.vppOld).want(t, 2, []string{"EXPIRED", "1 ok, 1 expired"}, nil)
	runArgs(t, "check", f.vppExpiring, f.missing).want(t, 2, []string{"File not found", "1 expiring, 1 invalid"}, nil)
	runArgs(t, "check", f.notToken, f.emptyFile).want(t, 2, []string{"2 invalid"}, nil)
	// A folder of certificates and keys only: they are listed, not judged,
	// and no credential was found there.
	runArgs(t, "check", filepath.Join(f.dir, "mdm")).want(t, 3, []string{
		"mdmtoken UNKNOWN: No VPP content token, DEP server token or APNs push certificate found in " + filepath.Join(f.dir, "mdm") + "; 4 related files not judged\n",
		"  Status        NOT JUDGED (found in the folder; not a token or push certificate)\n",
		"  Status        NONE FOUND (no token or push certificate in this folder)\n",
	}, nil)
	// Named, each is judged.
	runArgs(t, "check", f.cert, f.key).want(t, 2, []string{"2 files checked: 2 wrong-kind"}, nil)
	runArgs(t, "check", "--fresh", f.vppOld).want(t, 2, nil, nil)
}

func TestCheckWrongKindAdvice(t *testing.T) {
	f := files(t)
	r := runArgs(t, "check", "--expect", "dep", f.vppOK)
	r.want(t, 2, []string{"WRONG KIND OF FILE", `"Invalid Token"`, "_smime.p7m"}, nil)

	r = runArgs(t, "check", "--expect", "vpp", "--format", "json", f.depOK)
	r.want(t, 2, []string{`"status": "wrong-kind"`, `"kind": "dep"`}, nil)
}

func TestCheckUsageErrors(t *testing.T) {
	f := files(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"check"}, "no PATH given"},
		{[]string{"check", "--format", "xml", f.vppOK}, "text, json or prometheus"},
		{[]string{"check", "--expect", "pem", f.vppOK}, "use vpp"},
		{[]string{"check", "--warn-days", "0", f.vppOK}, "at least 1"},
		{[]string{"check", "--warn-days", "soon", f.vppOK}, "--warn-days"},
		{[]string{"check", "--warn-days", "3651", f.vppOK}, "at most 3650"},
		{[]string{"check", "--warn-days", "106752", f.vppOK}, "at most 3650"}, // past time.Duration's range in days
		{[]string{"check", "--warn-days", "-5", f.vppOK}, "at least 1"},
		{[]string{"check", "--key", f.key, f.vppOK}, "needs --cert"},
		{[]string{"check", "--bogus", f.vppOK}, "unknown flag"},
		{[]string{"chek", f.vppOK}, "unknown command"},
	} {
		r := runArgs(t, tc.args...)
		if r.code != 3 || !strings.Contains(strings.ToLower(r.stderr), strings.ToLower(tc.want)) {
			t.Errorf("%v: exit %d, stderr %q; want 3 and %q", tc.args, r.code, r.stderr, tc.want)
		}
		if r.stdout != "" {
			t.Errorf("%v: stdout %q, want nothing", tc.args, r.stdout)
		}
	}
}

func TestCheckCertAndKey(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	f := files(t)
	// The right certificate: the token is for this server.
	runArgs(t, "check", "--expect", "dep", "--cert", f.cert, f.depOK).want(t, 0, []string{"Status        OK"}, nil)
	// With the key the expiry is exact.
	r := runArgs(t, "check", "--format", "json", "--cert", f.cert, "--key", f.key, f.depOK)
	r.want(t, 0, []string{`"decrypted": true`, `"expires_estimated": false`, `"expires": "` + f.depExpiry.Format(time.RFC3339) + `"`}, nil)
	// Another server's certificate.
	runArgs(t, "check", "--cert", f.otherCert, f.depOK).want(t, 2, []string{"WRONG MDM SERVER"}, nil)
	// Unreadable or mismatched --cert / --key: a problem, not a usage error.
	runArgs(t, "check", "--cert", f.missing, f.depOK).want(t, 2, nil, []string{"annot read the MDM certificate (--cert)"})
	runArgs(t, "check", "--cert", f.key, f.depOK).want(t, 2, nil, []string{"annot read the MDM certificate"})
	runArgs(t, "check", "--cert", f.cert, "--key", f.cert, f.depOK).want(t, 2, nil, []string{"annot read the MDM private key (--key)"})
	runArgs(t, "check", "--cert", f.cert, "--key", f.otherKey, f.depOK).want(t, 2, nil, []string{"does not belong to the certificate"})
}

func TestCheckJSON(t *testing.T) {
	f := files(t)
	r := runArgs(t, "check", "--format", "json", f.vppOK, f.depOK, f.missing)
	if r.code != 2 {
		t.Errorf("exit %d, want 2", r.code)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	if len(got) != 3 {
		t.Fatalf("%d objects, want 3", len(got))
	}
	vpp, dep, missing := got[0], got[1], got[2]
	for key, want := range map[string]any{
		"file": f.vppOK, "kind": "vpp", "status": "ok", "org": "Fixture Academy Inc.",
		"location": "Main Campus", "server": nil, "expires_estimated": false,
	} {
		if vpp[key] != want {
			t.Errorf("vpp %s = %#v, want %#v", key, vpp[key], want)
		}
	}
	if d, ok := vpp["days_left"].(float64); !ok || d < 362 || d > 364 {
		t.Errorf("vpp days_left = %v", vpp["days_left"])
	}
	for key, want := range map[string]any{
		"kind": "dep", "status": "ok", "org": nil, "server": "mdmserver1", "expires_estimated": true,
		"cipher": "AES-128-CBC",
	} {
		if dep[key] != want {
			t.Errorf("dep %s = %#v, want %#v", key, dep[key], want)
		}
	}
	if _, err := time.Parse(time.RFC3339, dep["expires"].(string)); err != nil {
		t.Errorf("dep expires: %v", err)
	}
	for key, want := range map[string]any{
		"file": f.missing, "kind": "unknown", "status": "invalid", "expires": nil, "days_left": nil,
	} {
		if missing[key] != want {
			t.Errorf("missing %s = %#v, want %#v", key, missing[key], want)
		}
	}
}

func TestCheckPrometheus(t *testing.T) {
	f := files(t)
	r := runArgs(t, "check", "--format", "prometheus", f.vppOK, f.depOK, f.notToken)
	r.want(t, 2, []string{
		"# TYPE mdmtoken_token_expiry_timestamp_seconds gauge\n",
		`mdmtoken_token_valid{file="` + f.vppOK + `",kind="vpp",org="Fixture Academy Inc.",location="Main Campus",server="",topic=""} 1` + "\n",
		`mdmtoken_token_valid{file="` + f.notToken + `",kind="unknown",org="",location="",server="",topic=""} 0` + "\n",
		`mdmtoken_token_expiry_estimated{file="` + f.depOK + `",kind="dep",org="",location="",server="mdmserver1",topic=""} 1` + "\n",
	}, nil)
	if strings.Contains(r.stdout, `mdmtoken_token_expiry_timestamp_seconds{file="`+f.notToken) {
		t.Error("expiry sample for a file without expiry")
	}
}

func TestCheckColor(t *testing.T) {
	f := files(t)
	t.Setenv("TERM", "xterm-256color")
	t.Setenv("TTY_FORCE", "1") // treat the test's buffer as a terminal
	t.Setenv("NO_COLOR", "")
	if r := runArgs(t, "check", f.vppOK); !strings.Contains(r.stdout, "\x1b[") {
		t.Errorf("no color on a terminal:\n%q", r.stdout)
	}
	t.Setenv("NO_COLOR", "yes")
	if r := runArgs(t, "check", f.vppOK); strings.Contains(r.stdout, "\x1b") {
		t.Errorf("escape codes with NO_COLOR=yes:\n%q", r.stdout)
	}
	t.Setenv("NO_COLOR", "")
	t.Setenv("TTY_FORCE", "")
	if r := runArgs(t, "check", f.vppOK); strings.Contains(r.stdout, "\x1b") {
		t.Errorf("escape codes when not a terminal:\n%q", r.stdout)
	}
}

// TestCheckNeverPrintsSecrets looks for the token value of a VPP token and
// the decrypted DEP credentials, or any 12 characters of them, in every
// output format.
func TestCheckNeverPrintsSecrets(t *testing.T) {
	f := files(t)
	secrets := append([]string{f.vppSecret}, f.depSecrets...)
	vppFile, err := os.ReadFile(f.vppOK)
	if err != nil {
		t.Fatal(err)
	}
	// The whole file is the credential MDMs store for VPP.
	secrets = append(secrets, strings.TrimSpace(string(vppFile)))
	for _, format := range []string{"text", "json", "prometheus"} {
		for _, args := range [][]string{
			{"check", "--format", format, f.vppOK, f.depOK},
			{"check", "--format", format, "--cert", f.cert, "--key", f.key, f.vppOK, f.depOK},
			{"check", "--format", format, "--expect", "dep", "--cert", f.cert, "--key", f.key, f.vppOK},
		} {
			r := runArgs(t, args...)
			out := r.stdout + r.stderr
			for _, s := range secrets {
				// The fixed prefixes (CK_, AT_ ...) are not secret; skip them.
				body := s[3:]
				for i := 0; i+12 <= len(body); i++ {
					if strings.Contains(out, body[i:i+12]) {
						t.Errorf("%v: output contains %q, part of a secret", args, body[i:i+12])
						break
					}
				}
			}
		}
	}
	// With the key the DEP token was decrypted, so the secrets were there to leak.
	r := runArgs(t, "check", "--format", "json", "--cert", f.cert, "--key", f.key, f.depOK)
	if !strings.Contains(r.stdout, `"decrypted": true`) {
		t.Errorf("DEP token not decrypted; the test proves less:\n%s", r.stdout)
	}
}

// fixtureNow is the moment the fixtures in testdata/ are made for.
var fixtureNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// atFixtureTime runs the command with its clock at fixtureNow.
func atFixtureTime(t *testing.T) {
	t.Helper()
	t.Setenv("NO_COLOR", "1")
	checkNow = func() time.Time { return fixtureNow }
	t.Cleanup(func() { checkNow = time.Now })
}

const (
	fxVPP         = "testdata/vpp/sToken_for_Main Campus.vpptoken"
	fxVPPExpiring = "testdata/vpp/sToken_for_Science Wing.vpptoken"
	fxVPPLastYear = "testdata/vpp/sToken_for_Last Year.vpptoken"
	fxDEP         = "testdata/dep/Fixture MDM_Token_2026-05-30T09-15-42Z_smime.p7m"
	fxDEPOther    = "testdata/dep/Other Server_Token_2026-05-30T11-00-00Z_smime.p7m"
	fxVPPAsDEP    = "testdata/mixups/Fixture MDM_Token_2026-05-30T09-15-42Z_smime.p7m"
	fxCert        = "testdata/mdm/mdm_public_key.pem"
	fxKey         = "testdata/mdm/mdm_private_key.pem"
)

func TestCheckFixtures(t *testing.T) {
	atFixtureTime(t)
	runArgs(t, "check", fxVPP).want(t, 0, []string{"  Status        OK\n", "Fixture Academy Inc."}, nil)
	runArgs(t, "check", "--expect", "vpp", fxVPP, fxVPPLastYear).want(t, 0, []string{"2 files checked: 2 ok"}, nil)
	runArgs(t, "check", fxVPP, fxVPPExpiring).want(t, 1, []string{"in 20 days", "1 ok, 1 expiring"}, nil)
	runArgs(t, "check", "--fresh", fxVPPLastYear).want(t, 1, []string{"STALE"}, nil)
	runArgs(t, "check", "testdata/vpp").want(t, 2, []string{"7 files checked: 3 ok, 1 replaced, 1 expiring, 1 repaired, 1 expired"}, nil)
	// Only the file named like a token is judged; the page, archive, text
	// and binary are skipped.
	runArgs(t, "check", "testdata/junk").want(t, 2, []string{"1 file checked: 1 invalid; 4 other files skipped\n", "sToken_for_Empty.vpptoken"}, nil)

	// The classic mix-ups: a VPP token where a DEP token belongs, also
	// when it carries a DEP token's name.
	for _, file := range []string{fxVPP, fxVPPAsDEP} {
		runArgs(t, "check", "--expect", "dep", file).want(t, 2,
			[]string{"  Status        WRONG KIND OF FILE\n", `"Invalid Token"`, "_smime.p7m"}, nil)
	}
	runArgs(t, "check", "--expect", "vpp", fxDEP).want(t, 2, []string{"WRONG KIND OF FILE", `"Invalid Token"`}, nil)

	// DEP with the MDM's certificate and key: exact expiry; another
	// server's token is caught.
	runArgs(t, "check", "--expect", "dep", "--fresh", "--cert", fxCert, "--key", fxKey, fxDEP).want(t, 0, []string{
		"  MDM server    Fixture MDM\n",
		"  Expires       2027-05-30 09:15 UTC, in 363 days\n",
		"  Decrypted     yes, with the MDM private key\n",
		"  Encrypted for CN=depserver, serial 01\n",
	}, nil)
	runArgs(t, "check", "--cert", fxCert, "--key", fxKey, fxDEPOther).want(t, 2, []string{"WRONG MDM SERVER"}, nil)
	runArgs(t, "check", "--cert", "testdata/mdm/nope.pem", fxDEP).want(t, 2, nil, []string{"annot read the MDM certificate (--cert)"})
	runArgs(t, "check", "--cert", fxCert, "--key", "testdata/keys/other_mdm_private_key.pem", fxDEP).want(t, 2, nil,
		[]string{"does not belong to the certificate"})
	runArgs(t, "check", "--format", "yaml", fxDEP).want(t, 3, nil, []string{"text, json or prometheus"})

	// What cannot be known is not OK: a renamed token without the key, and
	// a copy the MDM will probably reject, are warnings.
	runArgs(t, "check", "testdata/dep/renamed-token.p7m").want(t, 1, []string{
		"mdmtoken WARNING: 1 file checked: 1 unverified", "  Expires       unknown\n", "  Status        UNVERIFIED (its expiry is unknown)\n", "--cert and --key",
	}, nil)
	runArgs(t, "check", "--cert", fxCert, "--key", fxKey, "testdata/dep/renamed-token.p7m").want(t, 0, []string{"  Status        OK\n"}, nil)
	runArgs(t, "check", "testdata/dep/Resaved_Token_2026-05-30T17-00-00Z_smime.p7m").want(t, 1, []string{
		"  Status        REPAIRED TO BE READ (the MDM will probably reject this copy)\n", "byte-order mark", "upload Apple's original download",
	}, nil)
	prom := runArgs(t, "check", "--format", "prometheus", "testdata/dep/renamed-token.p7m")
	prom.want(t, 1, []string{`mdmtoken_token_valid{file="testdata/dep/renamed-token.p7m",kind="dep",org="",location="",server="",topic=""} 0`, `status="unverified"`}, nil)
	if strings.Contains(prom.stdout, "mdmtoken_token_expiry_timestamp_seconds{") {
		t.Errorf("an expiry sample for a token whose expiry is unknown:\n%s", prom.stdout)
	}

	// Certificates as they are: a negative serial, as in Apple's sample
	// token, and OpenSSL's TRUSTED CERTIFICATE form.
	runArgs(t, "check", "--cert", "testdata/keys/profile_manager_public_key.pem", "--key", "testdata/keys/profile_manager_private_key.pem",
		"testdata/dep/Profile Manager_Token_2026-05-30T14-00-00Z_smime.p7m").want(t, 0, []string{
		"  Decrypted     yes, with the MDM private key\n",
		"  Encrypted for C=US, O=Fixture Inc, CN=Fixture Profile Manager S/MIME Identity, emailAddress=mdm@example.com, serial -7CB4A13342F086E4\n",
	}, nil)
	runArgs(t, "check", "--cert", "testdata/keys/mdm_trusted_certificate.pem", "--key", fxKey, fxDEP).want(t, 0,
		[]string{"  Decrypted     yes, with the MDM private key\n"}, nil)
}

// The push certificate: renewed or created anew, for the MDM's push key,
// and the files that are not it.
func TestCheckPush(t *testing.T) {
	atFixtureTime(t)
	const (
		current  = "testdata/push/MDM_ Fixture_Certificate.pem"
		lastYear = "testdata/push/MDM_ Fixture_Certificate_2025.pem"
		newTopic = "testdata/push/MDM_ Fixture_Certificate (1).pem"
	)
	runArgs(t, "check", "--expect", "push", current).want(t, 0, []string{
		"  Kind          APNs MDM push certificate\n",
		"  Push topic    com.apple.mgmt.External.3f1c2a64-5b7e-4d1a-9c3e-0a1b2c3d4e5f\n",
		"  Common name   APSP:3f1c2a64-5b7e-4d1a-9c3e-0a1b2c3d4e5f\n",
		"  Issuer        CN=Apple Application Integration 2 Certification Authority, OU=Apple Certification Authority, O=Apple Inc., C=US\n",
		"  Expires       2027-05-31 09:59 UTC, in 364 days\n",
	}, nil)
	runArgs(t, "check", "--replaces", lastYear, "--push-key", "testdata/push/push_private_key.pem", current).want(t, 0,
		[]string{"same push topic", "belongs to the push private key given"}, nil)
	runArgs(t, "check", "--replaces", lastYear, newTopic).want(t, 2, []string{
		"  Status        MISMATCH (not the credential it replaces)\n", "every enrolled device must enroll again", "Renew, not Create a Certificate",
	}, nil)
	runArgs(t, "check", "--push-key", "testdata/push/old_push_private_key.pem", current).want(t, 2,
		[]string{"does not belong to the push private key given", `"Invalid certificate"`}, nil)
	// With --replaces, the replaced credential's kind is the one expected.
	runArgs(t, "check", "--replaces", lastYear, fxDEP).want(t, 2, []string{"WRONG KIND OF FILE", "Push Certificates Portal"}, nil)
	for _, c := range []struct{ file, says string }{
		{fxDEP, "not an APNs push certificate"},
		{fxCert, "not an APNs push certificate from Apple"},
		{"testdata/push/PushCertRequest.txt", "not the push certificate"},
		{"testdata/push/push_backup.p12", "PKCS#12 bundle"},
	} {
		runArgs(t, "check", "--expect", "push", c.file).want(t, 2, []string{"WRONG KIND OF FILE", c.says}, nil)
	}
	runArgs(t, "check", "--replaces", "testdata/junk/notes.txt", current).want(t, 2, nil, []string{"annot compare with --replaces testdata/junk/notes.txt"})
	runArgs(t, "check", "--replaces", "testdata/push/nope.pem", current).want(t, 2, nil, []string{"--replaces"})
	runArgs(t, "check", "--push-key", fxCert, current).want(t, 2, nil, []string{"annot read the push private key (--push-key)"})
	runArgs(t, "check", "--expect", "apns", current).want(t, 3, nil, []string{"vpp", "dep", "push"})

	js := runArgs(t, "check", "--format", "json", current, fxVPP)
	var got []map[string]any
	if err := json.Unmarshal([]byte(js.stdout), &got); err != nil || len(got) != 2 {
		t.Fatalf("not JSON: %v\n%s", err, js.stdout)
	}
	if got[0]["kind"] != "push" || got[0]["topic"] != "com.apple.mgmt.External.3f1c2a64-5b7e-4d1a-9c3e-0a1b2c3d4e5f" || got[1]["topic"] != nil {
		t.Errorf("kind %v, topics %v and %v", got[0]["kind"], got[0]["topic"], got[1]["topic"])
	}
	prom := runArgs(t, "check", "--format", "prometheus", current)
	prom.want(t, 0, []string{`mdmtoken_token_valid{file="` + current + `",kind="push",org="",location="",server="",topic="com.apple.mgmt.External.3f1c2a64-5b7e-4d1a-9c3e-0a1b2c3d4e5f"} 1`,
		`mdmtoken_token_expiry_timestamp_seconds{file="` + current + `",kind="push",org="",location="",server="",topic="com.apple.mgmt.External.3f1c2a64-5b7e-4d1a-9c3e-0a1b2c3d4e5f"} `}, nil)
}

func TestCheckFixturesJSON(t *testing.T) {
	atFixtureTime(t)
	r := runArgs(t, "check", "--format", "json", "--cert", fxCert, fxVPP, fxDEP, "testdata/junk/notes.txt")
	if r.code != 2 {
		t.Errorf("exit %d, want 2", r.code)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	want := []map[string]any{
		{
			"file": fxVPP, "kind": "vpp", "status": "ok", "severity": "ok",
			"org": "Fixture Academy Inc.", "location": "Main Campus", "server": nil,
			"expires": "2027-05-31T13:05:09Z", "expires_estimated": false, "days_left": 364.0,
			"cipher": nil, "decrypted": false,
		},
		{
			"file": fxDEP, "kind": "dep", "status": "ok", "severity": "ok",
			"org": nil, "location": nil, "server": "Fixture MDM",
			"expires": "2027-05-30T09:15:42Z", "expires_estimated": true, "days_left": 363.0,
			"downloaded": "2026-05-30T09:15:42Z", "cipher": "AES-128-CBC", "decrypted": false,
			"recipients": []any{map[string]any{"issuer": "CN=depserver", "serial": "01"}},
		},
		{
			"file": "testdata/junk/notes.txt", "kind": "unknown", "status": "invalid", "severity": "problem",
			"org": nil, "server": nil, "expires": nil, "expires_estimated": false, "days_left": nil,
		},
	}
	if len(got) != len(want) {
		t.Fatalf("%d objects, want %d", len(got), len(want))
	}
	for i := range want {
		for key, w := range want[i] {
			gj, _ := json.Marshal(got[i][key])
			wj, _ := json.Marshal(w)
			if _, ok := got[i][key]; !ok || string(gj) != string(wj) {
				t.Errorf("%s: %s = %s, want %s", want[i]["file"], key, gj, wj)
			}
		}
		for _, key := range []string{"message", "action"} {
			if s, _ := got[i][key].(string); s == "" {
				t.Errorf("%s: no %s", want[i]["file"], key)
			}
		}
	}
}

func TestCheckFixturesPrometheus(t *testing.T) {
	atFixtureTime(t)
	r := runArgs(t, "check", "--format", "prometheus", "testdata")
	if r.code != 2 {
		t.Errorf("exit %d, want 2", r.code)
	}
	var p expfmt.TextParser
	families, err := p.TextToMetricFamilies(strings.NewReader(r.stdout))
	if err != nil {
		t.Fatalf("not valid exposition format: %v", err)
	}
	label := func(m *dto.Metric, name string) string {
		for _, l := range m.GetLabel() {
			if l.GetName() == name {
				return l.GetValue()
			}
		}
		return ""
	}
	// Every file judged has an info sample; all but a token that a newer
	// one beside it replaces also have a valid sample.
	sampled, replaced, valid := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, m := range families["mdmtoken_token_info"].GetMetric() {
		sampled[label(m, "file")] = true
		replaced[label(m, "file")] = label(m, "status") == "replaced"
	}
	for _, m := range families["mdmtoken_token_valid"].GetMetric() {
		valid[label(m, "file")] = true
	}
	for file := range sampled {
		if valid[file] == replaced[file] {
			t.Errorf("%s: replaced %v, valid sample %v", file, replaced[file], valid[file])
		}
	}
	// An invalid file states no expiry of a token in use.
	invalid := map[string]bool{}
	for _, m := range families["mdmtoken_token_info"].GetMetric() {
		invalid[label(m, "file")] = label(m, "status") == "invalid"
	}
	for _, m := range families["mdmtoken_token_expiry_timestamp_seconds"].GetMetric() {
		if invalid[label(m, "file")] {
			t.Errorf("%s is invalid, yet has an expiry sample", label(m, "file"))
		}
	}
	if n := len(sampled) - len(valid); n != 5 {
		t.Errorf("%d files replaced, want 5 (two older DEP tokens of Fixture MDM, an older Main Campus token, the 2024 and 2025 push certificates of the fixture topic)", n)
	}
	// Set aside in a folder, without a sample: files that are no token or
	// certificate (skipped), and the certificates, keys, push request and
	// bundle that go with the credentials (related).
	setAside := map[string]bool{}
	for _, pattern := range []string{
		"testdata/README.md", "testdata/gen/main.go", "testdata/junk/[bnrt]*",
		"testdata/mdm/*", "testdata/keys/*_key.pem", "testdata/push/*_key.pem", "testdata/push/Push*", "testdata/push/push_*",
	} {
		matches, _ := filepath.Glob(pattern)
		for _, m := range matches {
			setAside[m] = true
		}
	}
	files := 0
	filepath.WalkDir("testdata", func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		files++
		if sampled[path] == setAside[path] {
			t.Errorf("%s: sampled %v, set aside %v", path, sampled[path], setAside[path])
		}
		return nil
	})
	if len(sampled) != files-len(setAside) || len(setAside) != 25 {
		t.Errorf("%d files sampled, %d set aside, of %d", len(sampled), len(setAside), files)
	}
	for _, m := range families["mdmtoken_token_expiry_timestamp_seconds"].GetMetric() {
		for _, l := range m.GetLabel() {
			if l.GetName() == "file" && l.GetValue() == fxVPP && m.GetGauge().GetValue() != 1811768709 {
				t.Errorf("expiry of %s = %v", fxVPP, m.GetGauge().GetValue())
			}
		}
	}
}

// TestCheckFixturesNeverPrintSecrets runs every format over all fixtures,
// including a decrypted DEP token and a decoded VPP token lying around,
// and looks for any 12 characters of their secrets.
func TestCheckFixturesNeverPrintSecrets(t *testing.T) {
	atFixtureTime(t)
	var secrets []string
	var dep struct {
		ConsumerKey    string `json:"consumer_key"`
		ConsumerSecret string `json:"consumer_secret"`
		AccessToken    string `json:"access_token"`
		AccessSecret   string `json:"access_secret"`
	}
	msg, err := os.ReadFile("testdata/mixups/decrypted_token.txt")
	if err != nil {
		t.Fatal(err)
	}
	js := string(msg[bytes.IndexByte(msg, '{') : bytes.LastIndexByte(msg, '}')+1])
	if err := json.Unmarshal([]byte(js), &dep); err != nil {
		t.Fatal(err)
	}
	secrets = append(secrets, dep.ConsumerKey[3:], dep.ConsumerSecret[3:], dep.AccessToken[3:], dep.AccessSecret[3:])
	var vpp struct{ Token string }
	data, err := os.ReadFile("testdata/mixups/vpp-decoded.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &vpp); err != nil {
		t.Fatal(err)
	}
	vppFile, err := os.ReadFile(fxVPP)
	if err != nil {
		t.Fatal(err)
	}
	secrets = append(secrets, vpp.Token, strings.TrimSpace(string(vppFile)))
	for _, s := range secrets {
		if len(s) < 24 {
			t.Fatalf("secret %q too short to test with", s)
		}
	}
	for _, format := range []string{"text", "json", "prometheus"} {
		r := runArgs(t, "check", "--format", format, "--cert", fxCert, "--key", fxKey, "testdata")
		out := r.stdout + r.stderr
		for _, s := range secrets {
			for i := 0; i+12 <= len(s); i++ {
				if strings.Contains(out, s[i:i+12]) {
					t.Errorf("--format %s: output contains %q, part of a secret", format, s[i:i+12])
					break
				}
			}
		}
	}
}

// Names that differ only in bytes that are not UTF-8 keep distinct labels
// in every format, and each label gives the name back.
func TestCheckNamesNotUTF8StayDistinct(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	dir := t.TempDir()
	data, err := os.ReadFile(files(t).vppOK)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"sToken_for_Main\xff.vpptoken", "sToken_for_Main\xfe.vpptoken"}
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), data, 0o600); err != nil {
			t.Skipf("this file system refuses names that are not UTF-8: %v", err)
		}
	}
	wantLabels := []string{strconv.Quote(filepath.Join(dir, names[1])), strconv.Quote(filepath.Join(dir, names[0]))} // name order: \xfe < \xff

	r := runArgs(t, "check", dir)
	for _, l := range wantLabels {
		if !strings.Contains(r.stdout, "\n"+l+"\n") {
			t.Errorf("text lacks the label %s:\n%s", l, r.stdout)
		}
	}

	r = runArgs(t, "check", "--format", "json", dir)
	var reports []struct{ File string }
	if err := json.Unmarshal([]byte(r.stdout), &reports); err != nil {
		t.Fatal(err)
	}
	if len(reports) != 2 || reports[0].File != wantLabels[0] || reports[1].File != wantLabels[1] {
		t.Errorf("JSON files %+v, want %q", reports, wantLabels)
	}

	r = runArgs(t, "check", "--format", "prometheus", dir)
	var p expfmt.TextParser
	families, err := p.TextToMetricFamilies(strings.NewReader(r.stdout))
	if err != nil {
		t.Fatalf("not valid exposition format: %v", err)
	}
	var got []string
	for _, m := range families["mdmtoken_token_valid"].GetMetric() {
		for _, l := range m.GetLabel() {
			if l.GetName() == "file" {
				got = append(got, l.GetValue())
			}
		}
	}
	if strings.Join(got, "|") != strings.Join(wantLabels, "|") {
		t.Errorf("Prometheus file labels %q, want %q", got, wantLabels)
	}
	for i, l := range wantLabels {
		if back, err := strconv.Unquote(l); err != nil || back != filepath.Join(dir, names[1-i]) {
			t.Errorf("label %s does not give the name back: %q, %v", l, back, err)
		}
	}
}

// TestCheckImpossibleDates: a token stating the zero date, or a date
// before 2000 or after 2100, never passes check --fresh: it is invalid,
// and the message names the date.
func TestCheckImpossibleDates(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	dir := t.TempDir()
	for i, stamp := range []string{"0001-01-01T00:00:00Z", "1999-12-31T23:59:59+0000", "2100-06-01T00:00:00+0000"} {
		js := `{"token":"` + strings.Repeat("Q", 40) + `","expDate":"` + stamp + `","orgName":"Fixture Academy Inc."}`
		path := filepath.Join(dir, strconv.Itoa(i), "sToken_for_Main Campus.vpptoken")
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(base64.StdEncoding.EncodeToString([]byte(js))), 0o600); err != nil {
			t.Fatal(err)
		}
		runArgs(t, "check", "--expect", "vpp", "--fresh", path).want(t, 2,
			[]string{"Status        INVALID", `(expDate) "` + stamp + `" is not a real date`}, nil)
		r := runArgs(t, "check", "--expect", "vpp", "--fresh", "--format", "json", path)
		r.want(t, 2, []string{`"status": "invalid"`, `"expires": null`}, nil)
	}
}

// downloads makes a folder like a help desk's Downloads: a PDF, an
// installer, the MDM's certificate and, unless tokens is false, a valid
// content token.
func downloads(t *testing.T, tokens bool) (dir, vpp string) {
	t.Helper()
	f := files(t)
	dir = t.TempDir()
	cert, err := os.ReadFile(f.cert)
	if err != nil {
		t.Fatal(err)
	}
	vppData, err := os.ReadFile(f.vppOK)
	if err != nil {
		t.Fatal(err)
	}
	put := map[string][]byte{
		"Invoice.pdf":        []byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
		"Installer.dmg":      bytes.Repeat([]byte{0x6b, 0x6f, 0x6c, 0x79, 0x00, 0x01, 0xfe}, 500),
		"MDM_public_key.pem": cert,
	}
	if tokens {
		put["sToken_for_Main Campus.vpptoken"] = vppData
	}
	for name, data := range put {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir, filepath.Join(dir, "sToken_for_Main Campus.vpptoken")
}

// A folder like Downloads: the token is judged, the documents and the
// installer are skipped, the MDM's certificate is shown unjudged.
func TestCheckDownloadsFolder(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	dir, vpp := downloads(t, true)
	r := runArgs(t, "check", dir)
	r.want(t, 0, []string{
		"mdmtoken OK: 1 file checked: 1 ok; 1 related file not judged; 2 other files skipped\n",
		vpp + "\n  Kind          Apps and Books (VPP) content token\n",
		filepath.Join(dir, "MDM_public_key.pem") + "\n  Kind          Certificate (the MDM's public key, uploaded to Apple)\n  Status        NOT JUDGED",
		"\n2 other files skipped: not tokens or certificates, by content or name (--verbose lists them)\n",
	}, nil)
	for _, not := range []string{"Invoice.pdf", "Installer.dmg", "INVALID", "WRONG KIND"} {
		if strings.Contains(r.stdout, not) {
			t.Errorf("the output names %q:\n%s", not, r.stdout)
		}
	}
	runArgs(t, "check", "--verbose", dir).want(t, 0, []string{
		"2 other files skipped: not tokens or certificates, by content or name:\n" +
			"  " + filepath.Join(dir, "Installer.dmg") + "\n    This is binary data, not a token.\n" +
			"  " + filepath.Join(dir, "Invoice.pdf") + "\n    This is a PDF document, not a token.\n",
	}, nil)

	// Named, the PDF is judged as before.
	runArgs(t, "check", filepath.Join(dir, "Invoice.pdf")).want(t, 2, []string{
		"mdmtoken CRITICAL: 1 file checked: 1 invalid\n", "  Status        INVALID\n", "This is a PDF document, not a token.",
	}, nil)
	runArgs(t, "check", filepath.Join(dir, "Invoice.pdf"), dir).want(t, 2, []string{"2 files checked: 1 ok, 1 invalid; 1 related file not judged; 1 other file skipped\n"}, nil)

	// With a token's name, broken content in a folder is invalid.
	broken := filepath.Join(dir, "sToken_for_Annex.vpptoken")
	if err := os.WriteFile(broken, []byte("%PDF-1.4\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	runArgs(t, "check", dir).want(t, 2, []string{
		"mdmtoken CRITICAL: 2 files checked: 1 ok, 1 invalid; 1 related file not judged; 2 other files skipped\n",
		broken + "\n  Kind          Not a token\n  Status        INVALID\n",
	}, nil)
}

// A folder without any credential is UNKNOWN (exit 3), not OK, in every
// format; so is an empty one.
func TestCheckFolderWithoutCredentials(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	dir, _ := downloads(t, false)
	r := runArgs(t, "check", dir)
	r.want(t, 3, []string{
		"mdmtoken UNKNOWN: No VPP content token, DEP server token or APNs push certificate found in " + dir + "; 1 related file not judged; 2 other files skipped\n",
		"\n" + dir + "\n  Status        NONE FOUND (no token or push certificate in this folder)\n" +
			"  What          No VPP content token, DEP server token or APNs push certificate in this folder: 1 related file not judged and 2 other files skipped (not tokens or certificates)\n",
	}, nil)
	if r.stderr != "" {
		t.Errorf("stderr: %q", r.stderr)
	}
	empty := t.TempDir()
	runArgs(t, "check", empty).want(t, 3, []string{"mdmtoken UNKNOWN: No VPP content token, DEP server token or APNs push certificate found in " + empty + "\n", "it holds no files"}, nil)
	// A problem elsewhere ranks above.
	runArgs(t, "check", dir, files(t).vppOld).want(t, 2, []string{"mdmtoken CRITICAL: 1 file checked: 1 expired; no VPP content token"}, nil)
	runArgs(t, "check", dir, files(t).vppExpiring).want(t, 3, []string{"mdmtoken UNKNOWN: 1 file checked: 1 expiring; no VPP content token"}, nil)
	runArgs(t, "check", "--expect", "dep", dir).want(t, 3, []string{"mdmtoken UNKNOWN: No VPP content token, DEP server token or APNs push certificate found in " + dir}, nil)
}

// The JSON array holds the files judged, and a folder without credentials
// as an object of its own; skipped and related files are not in it.
func TestCheckFolderJSON(t *testing.T) {
	dir, vpp := downloads(t, true)
	parse := func(r result) []map[string]any {
		t.Helper()
		var got []map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, r.stdout)
		}
		return got
	}
	r := runArgs(t, "check", "--format", "json", "--verbose", dir)
	if got := parse(r); r.code != 0 || len(got) != 1 || got[0]["file"] != vpp || got[0]["status"] != "ok" {
		t.Errorf("exit %d, JSON %v; want 0 and the token alone", r.code, got)
	}

	none, _ := downloads(t, false)
	r = runArgs(t, "check", "--format", "json", none)
	got := parse(r)
	if r.code != 3 || len(got) != 1 {
		t.Fatalf("exit %d, %d objects; want 3 and one for the folder:\n%s", r.code, len(got), r.stdout)
	}
	for key, want := range map[string]any{
		"file": none, "kind": "unknown", "status": "none-found", "severity": "unknown", "expires": nil, "sha256": nil,
		"message": "No VPP content token, DEP server token or APNs push certificate in this folder: 1 related file not judged and 2 other files skipped (not tokens or certificates)",
	} {
		if got[0][key] != want {
			t.Errorf("%s = %#v, want %#v", key, got[0][key], want)
		}
	}

	r = runArgs(t, "check", "--format", "prometheus", dir, none)
	r.want(t, 3, []string{
		`mdmtoken_token_valid{file="` + vpp + `",kind="vpp",org="Fixture Academy Inc.",location="Main Campus",server="",topic=""} 1` + "\n",
		`mdmtoken_token_valid{file="` + none + `",kind="unknown",org="",location="",server="",topic=""} 0` + "\n",
		`mdmtoken_token_info{file="` + none + `",kind="unknown",org="",location="",server="",topic="",status="none-found"} 1` + "\n",
	}, nil)
	for _, not := range []string{"Invoice.pdf", "Installer.dmg", "MDM_public_key.pem"} {
		if strings.Contains(r.stdout, not) {
			t.Errorf("Prometheus names %s:\n%s", not, r.stdout)
		}
	}
	var p expfmt.TextParser
	if _, err := p.TextToMetricFamilies(strings.NewReader(r.stdout)); err != nil {
		t.Errorf("not valid exposition format: %v", err)
	}
}

// TestCheckTunesGC: a check collects garbage less often, within a memory
// limit, unless GOGC or GOMEMLIMIT says otherwise.
func TestCheckTunesGC(t *testing.T) {
	before := debug.SetGCPercent(100)
	limit := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetGCPercent(before); debug.SetMemoryLimit(limit) })
	for _, env := range [][]string{{"GOGC=50"}, {"HOME=/x", "GOMEMLIMIT=1GiB"}} {
		tuneGC(env)
		if got := debug.SetGCPercent(100); got != 100 {
			t.Errorf("with %v the GC percent became %d", env, got)
		}
	}
	debug.SetMemoryLimit(math.MaxInt64)
	tuneGC([]string{"HOME=/x"})
	if got := debug.SetGCPercent(100); got != checkGCPercent {
		t.Errorf("GC percent %d, want %d", got, checkGCPercent)
	}
	if got := debug.SetMemoryLimit(-1); got != checkMemoryLimit {
		t.Errorf("memory limit %d, want %d", got, checkMemoryLimit)
	}
}
