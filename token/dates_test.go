package token

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/mdmtoken/mdmtoken/sample"
)

// impossibleDates are dates a file can state that no token has: the zero
// date (what many programs write for "no date"), dates before 2000 and
// dates after 2100. Each is reported, never taken for "expiry unknown".
var impossibleDates = []struct {
	stamp, why string
}{
	{"0001-01-01T00:00:00Z", "the zero date"},
	{"0001-01-01T00:00:00+0000", "the zero date"},
	{"0001-01-01T00:00:00-0100", "before 2000"},
	{"1970-01-01T00:00:00Z", "before 2000"},
	{"1999-12-31T23:59:59+0000", "before 2000"},
	{"2100-01-01T00:00:00+0000", "after 2100"},
	{"9999-12-31T23:59:59Z", "after 2100"},
}

// fresh is what the wizard and check --expect ... --fresh ask of a file.
func fresh(expect Kind) Options { return Options{Now: fixtureNow, Expect: expect, Fresh: true} }

func TestVPPImpossibleExpiry(t *testing.T) {
	for _, c := range impossibleDates {
		js := `{"token":"` + strings.Repeat("Q", 40) + `","expDate":"` + c.stamp + `","orgName":"Fixture Academy Inc."}`
		data := []byte(base64.StdEncoding.EncodeToString([]byte(js)))
		r := InspectBytes("sToken_for_Main Campus.vpptoken", data, fresh(KindVPP))
		if r.Status != StatusInvalid || r.HasExpiry() ||
			!strings.Contains(r.Message, `its expiry date (expDate) "`+c.stamp+`" is not a real date`) || !strings.Contains(r.Message, c.why) {
			t.Errorf("expDate %s: %s, expires %v: %s", c.stamp, r.Status, r.Expires, r.Message)
		}
	}
	// The edges of what is possible are dates (judged without a time).
	for _, ok := range []string{"2000-01-01T00:00:00+0000", "2099-12-31T23:59:59+0000"} {
		js := `{"token":"` + strings.Repeat("Q", 40) + `","expDate":"` + ok + `","orgName":"O"}`
		r := InspectBytes("sToken_for_X.vpptoken", []byte(base64.StdEncoding.EncodeToString([]byte(js))), Options{})
		if r.Status == StatusInvalid || !r.HasExpiry() {
			t.Errorf("expDate %s: %s: %s", ok, r.Status, r.Message)
		}
	}
}

// A content token lasts a year from its download: an expiry further away
// than that (and a few days) is not Apple's.
func TestVPPExpiryBeyondAYear(t *testing.T) {
	vpp := func(exp time.Time) Report {
		js := `{"token":"` + strings.Repeat("Q", 40) + `","expDate":"` + exp.UTC().Format(appleExpDateLayout) + `","orgName":"O"}`
		return InspectBytes("sToken_for_X.vpptoken", []byte(base64.StdEncoding.EncodeToString([]byte(js))), Options{Now: fixtureNow})
	}
	if r := vpp(fixtureNow.AddDate(1, 0, 1)); r.Status != StatusOK {
		t.Errorf("a year and a day: %s: %s", r.Status, r.Message)
	}
	if r := vpp(fixtureNow.AddDate(2, 0, 0)); r.Status != StatusInvalid || !strings.Contains(r.Message, "more than a year away") || r.HasExpiry() {
		t.Errorf("two years: %s, expires %v: %s", r.Status, r.Expires, r.Message)
	}
}

// A download time in the future in Apple's file name dates nothing: the
// token's expiry is unknown (unverified), never estimated from it.
func TestDEPNameInTheFuture(t *testing.T) {
	data := readFixture(t, mdmDEP)
	r := InspectBytes("Fixture MDM_Token_2027-06-01T10-00-00Z_smime.p7m", data, Options{Now: fixtureNow, Fresh: true, Expect: KindDEP})
	if r.Status != StatusUnverified || r.HasExpiry() || !r.Downloaded.IsZero() ||
		!strings.Contains(r.Message, "The download time in its file name, 2027-06-01, is in the future") {
		t.Errorf("%s, expires %v, downloaded %v: %s", r.Status, r.Expires, r.Downloaded, r.Message)
	}
	mdm, _, _ := identities(t)
	r = InspectBytes("Fixture MDM_Token_2027-06-01T10-00-00Z_smime.p7m", data, Options{Now: fixtureNow, Cert: mdm.cert, Key: mdm.key})
	if !r.Decrypted || !r.HasExpiry() || r.ExpiresEstimated {
		t.Errorf("decrypted: %v, expires %v (estimated %v): %s", r.Decrypted, r.Expires, r.ExpiresEstimated, r.Message)
	}
}

// depMessage is a decrypted server token stating expiry as it is.
func depMessage(expiry string) []byte {
	return []byte("Content-Type: text/plain;charset=UTF-8\r\n\r\n-----BEGIN MESSAGE-----\n" +
		`{"consumer_key":"CK_1234567890abcdef","consumer_secret":"CS_1234567890abcdef","access_token":"AT_1234567890abcdef",` +
		`"access_secret":"AS_1234567890abcdef","access_token_expiry":"` + expiry + `"}` + "\n-----END MESSAGE-----\n")
}

func TestDEPImpossibleExpiry(t *testing.T) {
	mdm, _, _ := identities(t)
	for i, c := range impossibleDates {
		env, err := sample.Envelope(mdm.cert, depMessage(c.stamp), sample.DEPOptions{Seed: uint64(200 + i)})
		if err != nil {
			t.Fatal(err)
		}
		// Under a name that dates no download, and under Apple's name.
		for _, name := range []string{"token_smime.p7m", "Fixture MDM_Token_2026-05-31T10-00-00Z_smime.p7m"} {
			o := fresh(KindDEP)
			o.Cert, o.Key = mdm.cert, mdm.key
			r := InspectBytes(name, env, o)
			if r.Status != StatusInvalid || !strings.Contains(r.Message, `access_token_expiry "`+c.stamp+`" is not a real date`) || !strings.Contains(r.Message, c.why) {
				t.Errorf("%s, access_token_expiry %s: %s: %s", name, c.stamp, r.Status, r.Message)
			}
		}
		// Saved decrypted, it is still reported, and the date with it.
		r := InspectBytes("token.json", depMessage(c.stamp), fresh(KindDEP))
		if r.Status != StatusInvalid || r.HasExpiry() || !strings.Contains(strings.Join(r.Notes, " "), `access_token_expiry "`+c.stamp+`" is not a real date`) {
			t.Errorf("decrypted, access_token_expiry %s: %s, expires %v: %s %q", c.stamp, r.Status, r.Expires, r.Message, r.Notes)
		}
	}
}

func TestDEPImpossibleDownloadTime(t *testing.T) {
	mdm, _, _ := identities(t)
	data, err := sample.DEP(&sample.Identity{Cert: mdm.cert, Key: mdm.key}, fixtureNow.AddDate(1, 0, 0), sample.DEPOptions{Seed: 300})
	if err != nil {
		t.Fatal(err)
	}
	for _, stamp := range []string{"0001-01-01T00-00-00Z", "1999-12-31T23-59-59Z", "2100-01-01T00-00-00Z", "9999-12-31T23-59-59Z"} {
		name := "Fixture MDM_Token_" + stamp + "_smime.p7m"
		for _, o := range []Options{fresh(KindDEP), {Now: fixtureNow, Cert: mdm.cert}, {Now: fixtureNow, Cert: mdm.cert, Key: mdm.key}} {
			r := InspectBytes(name, data, o)
			if r.Status != StatusInvalid || !r.Downloaded.IsZero() ||
				!strings.Contains(r.Message, "download time "+stamp+" is not a real date") {
				t.Errorf("%s (key %v): %s, downloaded %v: %s", name, o.Key != nil, r.Status, r.Downloaded, r.Message)
			}
		}
	}
}

// pushCA is the tests' push CA, valid from notBefore to notAfter, and the
// fixture push certificate's key.
func pushCA(t *testing.T, notBefore, notAfter time.Time) (*sample.Identity, *rsa.PrivateKey) {
	t.Helper()
	caKey, err := LoadPrivateKey(testdata + "keys/push_ca_private_key.pem")
	if err != nil {
		t.Fatal(err)
	}
	key, err := LoadPrivateKey(testdata + "push/push_private_key.pem")
	if err != nil {
		t.Fatal(err)
	}
	ca, err := sample.PushCAWithKey(notBefore, notAfter, caKey)
	if err != nil {
		t.Fatal(err)
	}
	return ca, key
}

func TestPushImpossibleExpiry(t *testing.T) {
	ca, key := pushCA(t, time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC))
	c, err := sample.PushCertificate(ca, "00000000-1111-2222-3333-444444444444", key, time.Date(2150, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	r := InspectBytes("MDM_ Fixture_Certificate.pem", (&sample.Identity{Cert: c}).CertPEM(), Options{Now: fixtureNow, Expect: KindPush})
	if r.Status != StatusInvalid || !strings.Contains(r.Message, "is not a real date") || !strings.Contains(r.Message, "after 2100") {
		t.Errorf("push certificate valid until 2151: %s: %s", r.Status, r.Message)
	}
}

// A push certificate named as Apple's that starts after today, or lasts
// far longer than Apple's year, is not one Apple issued for a renewal.
func TestPushDatesNotApples(t *testing.T) {
	ca, key := pushCA(t, fixtureNow.AddDate(-5, 0, 0), fixtureNow.AddDate(20, 0, 0))
	const uuid = "00000000-1111-2222-3333-444444444444"
	judge := func(c *x509.Certificate) Report {
		return InspectBytes("MDM_ Fixture_Certificate.pem", (&sample.Identity{Cert: c}).CertPEM(), Options{Now: fixtureNow, Expect: KindPush})
	}
	later, err := sample.PushCertificate(ca, uuid, key, fixtureNow.AddDate(0, 0, 30))
	if err != nil {
		t.Fatal(err)
	}
	if r := judge(later); r.Status != StatusInvalid || !strings.Contains(r.Message, "it is not valid before "+fmtDate(later.NotBefore)+", in 30 days") {
		t.Errorf("valid from in 30 days: %s: %s", r.Status, r.Message)
	}
	today, err := sample.PushCertificate(ca, uuid, key, fixtureNow.Add(2*time.Hour)) // another time zone's clock
	if err != nil {
		t.Fatal(err)
	}
	if r := judge(today); r.Status != StatusOK {
		t.Errorf("valid from two hours ahead: %s: %s", r.Status, r.Message)
	}
	subject, err := sample.PushSubject(uuid)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), RawSubject: subject, NotBefore: fixtureNow.AddDate(0, 0, -1), NotAfter: fixtureNow.AddDate(10, 0, 0)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, &key.PublicKey, ca.Key)
	if err != nil {
		t.Fatal(err)
	}
	long, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	if r := judge(long); r.Status != StatusInvalid || !strings.Contains(r.Message, "much longer than the year for which Apple issues push certificates") {
		t.Errorf("valid for ten years: %s: %s", r.Status, r.Message)
	}
}

// TestExpiredMDMCertificateNoted: an MDM certificate past its dates still
// identifies the server, and the report says so.
func TestExpiredMDMCertificateNoted(t *testing.T) {
	mdm, _, _ := identities(t)
	old, err := sample.IdentityWithKey("depserver", 1, fixtureNow.AddDate(-2, 0, 0), fixtureNow.AddDate(0, 0, -40), mdm.key)
	if err != nil {
		t.Fatal(err)
	}
	data, err := sample.DEP(old, fixtureNow.AddDate(1, 0, -1), sample.DEPOptions{Seed: 301})
	if err != nil {
		t.Fatal(err)
	}
	name := sample.DEPFileName("Fixture MDM", fixtureNow.AddDate(0, 0, -1))
	for _, key := range []bool{false, true} {
		o := Options{Now: fixtureNow, Expect: KindDEP, Fresh: true, Cert: old.Cert}
		if key {
			o.Key = old.Key
		}
		r := InspectBytes(name, data, o)
		notes := strings.Join(r.Notes, " ")
		if r.Status != StatusOK || !strings.Contains(notes, "The MDM certificate it was checked with expired on "+fmtDate(old.Cert.NotAfter)+", 40 days ago") ||
			!strings.Contains(notes, "Apple does not check the certificate's dates") {
			t.Errorf("key %v: %s: %s %q", key, r.Status, r.Message, r.Notes)
		}
	}
	// A current certificate gets no such note.
	r := InspectBytes(name, data, Options{Now: fixtureNow.AddDate(0, 0, -41), Cert: old.Cert})
	if strings.Contains(strings.Join(r.Notes, " "), "--cert") {
		t.Errorf("note on a current certificate: %q", r.Notes)
	}
}
