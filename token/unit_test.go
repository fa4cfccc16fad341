package token

import (
	"bytes"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/mdmtoken/mdmtoken/sample"
)

func TestMask(t *testing.T) {
	cases := map[string]string{
		"":                                "…",
		"short":                           "…",
		"1234567":                         "…",
		"12345678":                        "12…78",
		"123456789012345":                 "12…45",
		"1234567890123456":                "123…456",
		"Ee3IHS93abcdefghloeGE":           "Ee3…eGE",
		strings.Repeat("x", 30) + "y":     "xxx…xxy",
		strings.Repeat("x", 31) + "y":     "xxxx…xxxy",
		"CK_" + strings.Repeat("ab", 64):  "CK_a…abab",
		"\x1b[31mred\x1b[0m-secret-value": "?[3…lue",
	}
	for in, want := range cases {
		got := Mask(in)
		if got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
		if n := len([]rune(got)) - 1; n > 8 {
			t.Errorf("Mask(%q) reveals %d characters", in, n)
		}
	}
}

func TestParseExpDate(t *testing.T) {
	want := time.Date(2027, 11, 23, 14, 5, 9, 0, time.UTC)
	for _, s := range []string{
		"2027-11-23T06:05:09-0800",
		"2027-11-23T06:05:09-08:00",
		"2027-11-23T14:05:09Z",
		"2027-11-23T14:05:09+0000",
		"2027-11-23T06:05:09.000-0800",
		"2027-11-23T06:05:09.123456-08:00",
		"2027-11-23T15:05:09+01",
		" 2027-11-23T14:05:09Z\n",
	} {
		got, err := parseExpDate(s)
		if err != nil {
			t.Errorf("%q: %v", s, err)
			continue
		}
		if !got.Truncate(time.Second).Equal(want) {
			t.Errorf("%q = %v, want %v", s, got, want)
		}
	}
	for _, s := range []string{"", "2027-11-23", "23.11.2027", "2027-11-23 06:05:09", "tomorrow"} {
		if _, err := parseExpDate(s); err == nil {
			t.Errorf("%q parsed", s)
		}
	}
}

func TestNameHints(t *testing.T) {
	locs := map[string]string{
		"sToken_for_Main Campus.vpptoken":                       "Main Campus",
		"/home/x/Downloads/sToken_for_Main Campus (1).vpptoken": "Main Campus",
		`C:\Users\x\Downloads\sToken_for_Süd (12).vpptoken`:     "Süd",
		"sToken_for_Lab-2.vpptoken":                             "Lab-2",
		"STOKEN_FOR_X.VPPTOKEN":                                 "X",
		"token.vpptoken":                                        "",
		"sToken_for_\x1b[2JEvil.vpptoken":                       `\x1b[2JEvil`,
	}
	for in, want := range locs {
		if got := vppLocation(in); got != want {
			t.Errorf("vppLocation(%q) = %q, want %q", in, got, want)
		}
	}
	srv, dl, ok := depServer("/tmp/My_MDM_Server_Token_2022-07-01T22-18-53Z_smime (1).p7m")
	if !ok || srv != "My_MDM_Server" || !dl.Equal(time.Date(2022, 7, 1, 22, 18, 53, 0, time.UTC)) {
		t.Errorf("depServer = %q %v %v", srv, dl, ok)
	}
	for _, bad := range []string{"smime.p7m", "x_Token_2022-13-01T22-18-53Z_smime.p7m", "x_Token_2022-07-01_smime.p7m"} {
		if _, _, ok := depServer(bad); ok {
			t.Errorf("depServer(%q) matched", bad)
		}
	}
}

// Days are counted in calendar days in now's time zone: the count agrees
// with the date printed next to it, whatever the time of day.
func TestDaysLeftCalendar(t *testing.T) {
	now := fixtureNow // 12:00 UTC
	for _, c := range []struct {
		d    time.Duration
		want int
	}{
		{0, 0}, {time.Hour, 0}, {11*time.Hour + 59*time.Minute, 0}, {12 * time.Hour, 1},
		{24 * time.Hour, 1}, {35 * time.Hour, 1}, {36 * time.Hour, 2},
		{-time.Minute, 0}, {-12 * time.Hour, 0}, {-12*time.Hour - time.Second, -1},
		{-24 * time.Hour, -1}, {-37 * time.Hour, -2},
		{-(243*24 + 12) * time.Hour, -243}, {-(243*24 + 13) * time.Hour, -244},
		{(364*24 + 11) * time.Hour, 364}, {(364*24 + 12) * time.Hour, 365},
	} {
		if got := DaysLeft(now.Add(c.d), now); got != c.want {
			t.Errorf("DaysLeft(now%+v) = %d, want %d", c.d, got, c.want)
		}
	}
	// The time zone is now's: 23:30 in New York is the next day in UTC.
	ny := time.FixedZone("EST", -5*3600)
	local := time.Date(2026, 6, 1, 23, 30, 0, 0, ny)
	exp := time.Date(2026, 6, 2, 4, 0, 0, 0, time.UTC) // 23:00 the same day in New York
	if got := DaysLeft(exp, local); got != 0 {
		t.Errorf("same local date: %d, want 0", got)
	}
	if got := DaysLeft(exp, local.UTC()); got != 0 {
		t.Errorf("same UTC date: %d, want 0", got)
	}
	if got := DaysLeft(exp.Add(2*time.Hour), local); got != 1 {
		t.Errorf("next local date: %d, want 1", got)
	}
	// Far dates do not overflow a time.Duration.
	if got := DaysLeft(time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)); got != 3651694 {
		t.Errorf("far: %d", got)
	}
	for d, want := range map[int]string{0: "today", 1: "in 1 day", 2: "in 2 days", -1: "1 day ago", -243: "243 days ago"} {
		if got := DaysFromNow(now.AddDate(0, 0, d), now); got != want {
			t.Errorf("DaysFromNow(%d) = %q, want %q", d, got, want)
		}
	}
}

// Expiry at exactly now is expired; one second later it is expiring.
func TestExpiryBoundaries(t *testing.T) {
	exp := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	data := sample.VPP("Org", exp)
	for _, c := range []struct {
		now  time.Time
		warn int
		want Status
	}{
		{exp, 0, StatusExpired},
		{exp.Add(time.Second), 0, StatusExpired},
		{exp.Add(-time.Second), 0, StatusExpiring},
		// The window counts DaysLeft: 30 days before the expiry date, from
		// the start of that day, "in 30 days" is expiring.
		{exp.Add(-30 * 24 * time.Hour), 0, StatusExpiring},
		{exp.Add(-30*24*time.Hour - 12*time.Hour), 0, StatusExpiring},
		{exp.Add(-30*24*time.Hour - 12*time.Hour - time.Second), 0, StatusOK},
		{exp.Add(-30*24*time.Hour - 12*time.Hour - time.Second), 31, StatusExpiring},
	} {
		r := InspectBytes("t.vpptoken", data, Options{Now: c.now, WarnDays: c.warn})
		if r.Status != c.want {
			t.Errorf("now %v warn %d: %s, want %s", c.now, c.warn, r.Status, c.want)
		}
	}
}

// Without Now nothing is judged against time.
func TestZeroNow(t *testing.T) {
	r := Inspect(testdata+"vpp/sToken_for_Old Library.vpptoken", Options{})
	if r.Status != StatusOK || r.DaysLeft != 0 || !strings.Contains(strings.Join(r.Notes, " "), "no current time") {
		t.Errorf("%s %d %q", r.Status, r.DaysLeft, r.Notes)
	}
}

func TestIsWrongKindRule(t *testing.T) {
	for _, c := range []struct {
		k, expect Kind
		want      bool
	}{
		{KindVPP, "", false}, {KindDEP, "", false},
		{KindCertificate, "", true}, {KindPrivateKey, "", true}, {KindPKCS7, "", true},
		{KindUnknown, "", false}, {KindUnknown, KindDEP, false},
		{KindVPP, KindDEP, true}, {KindDEP, KindVPP, true}, {KindDEP, KindDEP, false},
		{KindCertificate, KindCertificate, false}, {KindPrivateKey, KindPrivateKey, false},
		{KindVPP, KindCertificate, true},
	} {
		if got := IsWrongKind(c.k, c.expect); got != c.want {
			t.Errorf("IsWrongKind(%s, %q) = %v", c.k, c.expect, got)
		}
	}
}

// Priority: invalid > wrong-kind > wrong-server > expired > stale > expiring > ok.
func TestStatusPriority(t *testing.T) {
	_, other, _ := identities(t)
	mdm, _, _ := identities(t)
	// An expired token for another server, with an expected kind of VPP.
	exp := readFixture(t, expiredDEP)
	name := "Other_Token_2025-04-02T08-00-00Z_smime.p7m"
	otherExpired, err := sample.DEP(&sample.Identity{Cert: other.cert, Key: other.key}, time.Date(2026, 4, 2, 8, 0, 0, 0, time.UTC), sample.DEPOptions{Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		data []byte
		o    Options
		want Status
	}{
		{otherExpired[:400], Options{Now: fixtureNow, Expect: KindVPP, Cert: mdm.cert}, StatusInvalid},
		{otherExpired, Options{Now: fixtureNow, Expect: KindVPP, Cert: mdm.cert}, StatusWrongKind},
		{otherExpired, Options{Now: fixtureNow, Cert: mdm.cert, Fresh: true}, StatusWrongServer},
		{otherExpired, Options{Now: fixtureNow, Fresh: true}, StatusExpired},
		{exp, Options{Now: fixtureNow, Cert: mdm.cert, Key: mdm.key, Fresh: true}, StatusExpired},
	}
	for i, c := range cases {
		if r := InspectBytes(name, c.data, c.o); r.Status != c.want {
			t.Errorf("case %d: %s, want %s (%s)", i, r.Status, c.want, r.Message)
		}
	}
}

func TestInspectFileProblems(t *testing.T) {
	dir := t.TempDir()
	r := Inspect(dir+"/missing.p7m", Options{Now: fixtureNow})
	if r.Kind != KindUnknown || r.Status != StatusInvalid || !strings.Contains(r.Message, "no file") {
		t.Errorf("missing: %s %s %s", r.Kind, r.Status, r.Message)
	}
	r = Inspect(dir, Options{Now: fixtureNow})
	if r.Status != StatusInvalid || !strings.Contains(r.Message, "folder") {
		t.Errorf("folder: %s %s", r.Status, r.Message)
	}
	if os.Geteuid() != 0 {
		p := dir + "/locked.vpptoken"
		os.WriteFile(p, []byte("x"), 0o000)
		r = Inspect(p, Options{Now: fixtureNow})
		if r.Status != StatusInvalid || !strings.Contains(r.Message, "permission denied") {
			t.Errorf("unreadable: %s %s", r.Status, r.Message)
		}
	}
	big := dir + "/big.p7m"
	f, _ := os.Create(big)
	f.Truncate(MaxFileSize + 1)
	f.Close()
	r = Inspect(big, Options{Now: fixtureNow})
	if r.Status != StatusInvalid || !strings.Contains(r.Message, "too large to be a token") || r.Size != MaxFileSize+1 || r.SHA256 != "" {
		t.Errorf("big: %s %s size %d sha %q", r.Status, r.Message, r.Size, r.SHA256)
	}
	r = InspectBytes("big", make([]byte, MaxFileSize+1), Options{Now: fixtureNow})
	if r.Status != StatusInvalid || !strings.Contains(r.Message, "too large") {
		t.Errorf("big bytes: %s %s", r.Status, r.Message)
	}
	// Exactly MaxFileSize is read and judged by content.
	exact := dir + "/exact.bin"
	os.WriteFile(exact, bytes.Repeat([]byte{0}, MaxFileSize), 0o644)
	r = Inspect(exact, Options{Now: fixtureNow})
	if strings.Contains(r.Message, "too large") || r.SHA256 == "" {
		t.Errorf("exact: %s", r.Message)
	}
}

// A huge file is rejected from its size without being read.
func TestInspectHugeDoesNotRead(t *testing.T) {
	p := t.TempDir() + "/huge.bin"
	f, _ := os.Create(p)
	f.Truncate(50 << 20)
	f.Close()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range 10 {
		if r := Inspect(p, Options{Now: fixtureNow}); r.Status != StatusInvalid {
			t.Fatal(r.Status)
		}
	}
	runtime.ReadMemStats(&after)
	if d := after.TotalAlloc - before.TotalAlloc; d > 256<<10 { // reading would cost 10 × 1 MiB at least
		t.Errorf("10 inspections of a 50 MB file allocated %d bytes", d)
	}
}

// Apple's layout and the variations a download or an editor can produce
// are all read as the same token. Those a strict MDM reads the same way are
// ok; those it rejects are reported as repaired, with what was repaired.
func TestSMIMEVariants(t *testing.T) {
	mdm, _, _ := identities(t)
	orig := readFixture(t, mdmDEP)
	head, body, _ := bytes.Cut(orig, []byte("\r\n\r\n"))
	lf := bytes.ReplaceAll(orig, []byte("\r\n"), []byte("\n"))
	mixed := bytes.Replace(orig, []byte("\r\n"), []byte("\n"), 3)
	b64 := bytes.ReplaceAll(body, []byte("\r\n"), nil)
	join := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	variants := []struct {
		name   string
		data   []byte
		repair string // "" when a strict reader takes it as it is
	}{
		{"apple", orig, ""},
		{"lf", lf, ""},
		{"mixed", mixed, ""},
		{"one line", join(head, []byte("\r\n\r\n"), b64), ""},
		{"64 columns", join(head, []byte("\n\n"), wrap64(b64)), ""},
		{"trailing space", join(orig, []byte("\r\n\r\n  \t\r\n")), ""},
		{"mime-version", join([]byte("MIME-Version: 1.0\r\n"), orig), ""},
		{"openssl type", bytes.Replace(orig, []byte("application/pkcs7-mime"), []byte("application/x-pkcs7-mime"), 1), ""},
		{"folded header", bytes.Replace(orig, []byte("; smime-type"), []byte(";\r\n smime-type"), 1), ""},
		{"bom", join([]byte("\ufeff"), orig), "byte-order mark"},
		{"no headers", body, "S/MIME headers that Apple's file starts with are missing"},
		{"no blank line", join(head, []byte("\r\n"), body), "empty line after the S/MIME headers is missing"},
		{"indented", bytes.ReplaceAll(orig, []byte("\r\nMI"), []byte("\r\n   MI")), "holds spaces"},
		{"no padding", bytes.TrimRight(bytes.TrimRight(orig, "\r\n"), "="), "padding"},
		{"doubled CR", bytes.ReplaceAll(orig, []byte("\r\n"), []byte("\r\r\n")), "CR CR LF"},
		{"double-spaced", bytes.ReplaceAll(orig, []byte("\r\n"), []byte("\r\n\r\n")), "empty lines were added"},
		{"broken header", bytes.Replace(orig, []byte("enveloped-data"), []byte("enveloped-\r\ndata"), 1), "header line was broken in two"},
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			r := InspectBytes("Srv_Token_2026-05-30T09-15-42Z_smime.p7m", v.data, Options{Now: fixtureNow, Cert: mdm.cert, Key: mdm.key})
			want := StatusOK
			if v.repair != "" {
				want = StatusRepaired
			}
			if r.Kind != KindDEP || r.Status != want || !r.Decrypted || r.Cipher != "AES-128-CBC" {
				t.Fatalf("%s %s decrypted=%v: %s %q", r.Kind, r.Status, r.Decrypted, r.Message, r.Notes)
			}
			notes := strings.Join(r.Notes, "\n")
			if v.repair != "" && (!strings.Contains(notes, v.repair) || !strings.Contains(notes, "upload Apple's original download")) {
				t.Errorf("notes lack %q: %q", v.repair, r.Notes)
			}
			if v.repair == "" && strings.Contains(notes, "repair") {
				t.Errorf("a repair noted: %q", r.Notes)
			}
			// What a strict MDM reader makes of it, for comparison.
			if err := strictDEP(v.data, mdm.cert, mdm.key); (err == nil) != (v.repair == "") {
				t.Errorf("a strict reader gives %v, but the repair noted is %q", err, v.repair)
			}
		})
	}
}

func wrap64(b []byte) []byte {
	var out []byte
	for len(b) > 64 {
		out = append(append(out, b[:64]...), '\n')
		b = b[64:]
	}
	return append(append(out, b...), '\n')
}

// Every cut of Apple's file that loses token data is reported as an
// incomplete or damaged DEP token, never as fine and never with a panic.
func TestEveryTruncation(t *testing.T) {
	orig := readFixture(t, mdmDEP)
	last := bytes.LastIndexFunc(orig, func(r rune) bool { return r != '\r' && r != '\n' && r != '=' })
	for n := 0; n <= last; n++ {
		r := InspectBytes("Srv_Token_2026-05-30T09-15-42Z_smime.p7m", orig[:n], Options{Now: fixtureNow})
		if r.Status != StatusInvalid {
			t.Fatalf("cut at %d of %d: %s %s", n, len(orig), r.Status, r.Message)
		}
		if n > 200 && r.Kind != KindDEP {
			t.Fatalf("cut at %d: kind %s", n, r.Kind)
		}
	}
	der := readFixture(t, "dep/dep-token-der.p7m")
	for n := 1; n < len(der); n++ {
		r := InspectBytes("token.p7m", der[:n], Options{Now: fixtureNow})
		if r.Status != StatusInvalid {
			t.Fatalf("DER cut at %d: %s", n, r.Status)
		}
		if n > 20 && r.Kind != KindDEP {
			t.Fatalf("DER cut at %d: kind %s %s", n, r.Kind, r.Message)
		}
	}
}

// Text from a file is cleaned before it reaches a message.
func TestControlCharactersCleaned(t *testing.T) {
	data := sample.VPP("Evil\x1b[2J\x1b]0;title\x07Org\u202e", time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	r := InspectBytes("sToken_for_\x1b[31mLoc.vpptoken", data, Options{Now: fixtureNow})
	all := r.Org + r.Location + r.Message + r.Action + strings.Join(r.Notes, "")
	if strings.ContainsAny(all, "\x1b\x07\u202e\r\n") {
		t.Errorf("control characters survived: %q", all)
	}
	if r.Kind != KindVPP || r.Status != StatusOK {
		t.Errorf("%s %s", r.Kind, r.Status)
	}
}

func TestVPPDamaged(t *testing.T) {
	enc := func(s string) []byte { return []byte(base64.StdEncoding.EncodeToString([]byte(s))) }
	for name, c := range map[string]struct {
		data []byte
		msg  string
	}{
		"no expDate":  {enc(`{"token":"abcdefghijkl","orgName":"O"}`), "lacks expDate"},
		"bad date":    {enc(`{"token":"abcdefghijkl","expDate":"soon","orgName":"O"}`), "not a date"},
		"no token":    {enc(`{"expDate":"2027-01-01T00:00:00Z","orgName":"O"}`), "lacks token"},
		"cut json":    {enc(`{"token":"abcdefghijkl","expDate":"2027-01-0`), "JSON content is damaged"},
		"cut base64":  {enc(`{"token":"abcdefghijkl","expDate":"2027-01-01T00:00:00Z","orgName":"O"}`)[:70], "damaged"},
		"wrong types": {enc(`{"token":5,"expDate":"2027-01-01T00:00:00Z","orgName":"O"}`), "damaged"},
	} {
		r := InspectBytes("sToken_for_X.vpptoken", c.data, Options{Now: fixtureNow})
		if r.Kind != KindVPP || r.Status != StatusInvalid || !strings.Contains(r.Message, c.msg) {
			t.Errorf("%s: %s %s %s", name, r.Kind, r.Status, r.Message)
		}
	}
	// Base64 of unrelated JSON is not a content token.
	r := InspectBytes("x.vpptoken", enc(`{"hello":"world","n":1}`), Options{Now: fixtureNow})
	if r.Kind != KindUnknown || r.Status != StatusInvalid {
		t.Errorf("unrelated JSON: %s %s", r.Kind, r.Status)
	}
}

func TestLoadCertificateAndKey(t *testing.T) {
	for _, p := range []string{"mdm/mdm_public_key.pem", "mdm/mdm_public_key.der"} {
		c, err := LoadCertificate(testdata + p)
		if err != nil || c.Subject.CommonName != "depserver" || c.SerialNumber.Int64() != 1 {
			t.Errorf("%s: %v", p, err)
		}
	}
	mdm, _, _ := identities(t)
	for _, p := range []string{"mdm/mdm_private_key.pem", "mdm/mdm_private_key_pkcs8.pem"} {
		k, err := LoadPrivateKey(testdata + p)
		if err != nil || !k.PublicKey.Equal(mdm.cert.PublicKey) {
			t.Errorf("%s: %v", p, err)
		}
	}
	dir := t.TempDir()
	der := dir + "/key.der"
	b, _ := os.ReadFile(testdata + "mdm/mdm_private_key.pem")
	os.WriteFile(der, pemBody(t, b), 0o600)
	if _, err := LoadPrivateKey(der); err != nil {
		t.Errorf("DER key: %v", err)
	}
	errs := map[string]string{}
	_, err := LoadCertificate(testdata + "mdm/mdm_private_key.pem")
	errs["cert from key"] = errText(err)
	_, err = LoadPrivateKey(testdata + "mdm/mdm_public_key.pem")
	errs["key from cert"] = errText(err)
	_, err = LoadPrivateKey(testdata + "mdm/mdm_public_key.der")
	errs["key from DER cert"] = errText(err)
	_, err = LoadCertificate(testdata + "junk/notes.txt")
	errs["cert from text"] = errText(err)
	_, err = LoadCertificate(dir + "/none.pem")
	errs["missing"] = errText(err)
	enc := dir + "/enc.pem"
	os.WriteFile(enc, []byte("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n"), 0o600)
	_, err = LoadPrivateKey(enc)
	errs["encrypted"] = errText(err)
	want := map[string]string{
		"cert from key":     "holds a private key, not a certificate",
		"key from cert":     "holds a certificate",
		"key from DER cert": "holds a certificate",
		"cert from text":    "not a PEM or DER certificate",
		"missing":           "no such file",
		"encrypted":         "password-protected",
	}
	keyText := string(b)
	for k, w := range want {
		if !strings.Contains(errs[k], w) {
			t.Errorf("%s: error %q lacks %q", k, errs[k], w)
		}
		if strings.Contains(errs[k], keyText[40:60]) {
			t.Errorf("%s: error shows key material", k)
		}
	}
}

func errText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

func pemBody(t *testing.T, b []byte) []byte {
	blocks := pemBlocks(b)
	if len(blocks) == 0 {
		t.Fatal("no PEM")
	}
	return blocks[0].Bytes
}

// Apple's first base64 line (from a real token) is reproduced by the
// sample generator for a nanodep-style certificate, and read here.
func TestAppleFirstLine(t *testing.T) {
	const apple = "MIAGCSqGSIb3DQEHA6CAMIACAQAxggE1MIIBMQIBADAZMBQxEjAQBgNVBAMTCWRlcHNlcnZlcgIB"
	lines := strings.Split(string(readFixture(t, mdmDEP)), "\r\n")
	if len(lines) < 6 || lines[5] != apple {
		t.Fatalf("first base64 line differs: %q", lines[5])
	}
	last := len(lines) - 1
	for i, l := range lines[5:last] {
		if len(l) != 76 {
			t.Fatalf("line %d has %d columns", i, len(l))
		}
	}
	if lines[last] == "" || len(lines[last]) > 76 {
		t.Errorf("the last line is %q; Apple's file has no final line break", lines[last])
	}
	body, err := base64.StdEncoding.DecodeString(strings.Join(lines[5:], ""))
	if err != nil || !bytes.HasSuffix(body, make([]byte, 10)) {
		t.Errorf("does not end in five end-of-contents octet pairs: %v", err)
	}
}

// A token re-saved as UTF-16 text is recognised and flagged.
func TestUTF16Resaved(t *testing.T) {
	toUTF16LE := func(b []byte) []byte {
		out := []byte{0xff, 0xfe}
		for _, r := range string(b) {
			out = append(out, byte(r), byte(r>>8))
		}
		return out
	}
	for _, c := range []struct {
		file string
		kind Kind
	}{{mainVPP, KindVPP}, {mdmDEP, KindDEP}, {"mdm/mdm_public_key.pem", KindCertificate}} {
		r := InspectBytes(c.file, toUTF16LE(readFixture(t, c.file)), Options{Now: fixtureNow})
		want := StatusInvalid
		if c.kind == KindCertificate {
			want = StatusWrongKind
		}
		if r.Kind != c.kind || r.Status != want || !strings.HasPrefix(r.Encoding, "UTF-16") {
			t.Errorf("%s: %s %s %q: %s", c.file, r.Kind, r.Status, r.Encoding, r.Message)
		}
		if c.kind != KindCertificate && !strings.Contains(r.Message, "re-saved as UTF-16") {
			t.Errorf("%s: %s", c.file, r.Message)
		}
	}
}

func TestExpiryFromNow(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		expires time.Time
		want    string
	}{
		{time.Time{}, ""},
		{now.Add(12 * 24 * time.Hour), "in 12 days"},
		{now.Add(35 * time.Hour), "in 1 day"},  // 23:00 tomorrow
		{now.Add(36 * time.Hour), "in 2 days"}, // midnight the day after
		{now.Add(5 * time.Hour), "today"},
		{now.Add(-12 * time.Hour), "today"},
		{now.Add(-36 * time.Hour), "1 day ago"},
		{now.Add(-200 * 24 * time.Hour), "200 days ago"},
	} {
		if got := (Report{Expires: c.expires}).ExpiryFromNow(now); got != c.want {
			t.Errorf("expiry %v: %q, want %q", c.expires, got, c.want)
		}
	}
}

// Key wrapping the library unwraps: RSA PKCS#1 v1.5, and RSA-OAEP with
// readable parameters naming a hash it knows.
func TestKeyWrapSupported(t *testing.T) {
	params := func(hash asn1.ObjectIdentifier) []byte {
		b, err := asn1.Marshal(struct {
			Hash pkix.AlgorithmIdentifier `asn1:"explicit,tag:0"`
		}{pkix.AlgorithmIdentifier{Algorithm: hash}})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, c := range []struct {
		name   string
		alg    asn1.ObjectIdentifier
		params []byte
		want   bool
	}{
		{"PKCS#1 v1.5", oidRSAEncryption, nil, true},
		{"OAEP defaults", oidRSAOAEP, []byte{0x30, 0x00}, true},
		{"OAEP SHA-256", oidRSAOAEP, params(asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}), true},
		{"OAEP MD5", oidRSAOAEP, params(asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 5}), false},
		{"OAEP without parameters", oidRSAOAEP, nil, false},
		{"OAEP with junk parameters", oidRSAOAEP, []byte{0x04, 0x01, 0x00}, false},
		{"other", asn1.ObjectIdentifier{1, 2, 3}, nil, false},
		{"none", nil, nil, false},
	} {
		if got := keyWrapSupported(c.alg, c.params); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// Content tokens as Apple writes them, and as editors change them: only
// what a strict reader (Fleet's) rejects is reported as repaired.
func TestVPPRepairs(t *testing.T) {
	orig := readFixture(t, mainVPP)
	js, err := base64.StdEncoding.DecodeString(string(orig))
	if err != nil {
		t.Fatal(err)
	}
	colon := bytes.Replace(js, []byte("-0700"), []byte("-07:00"), 1)
	for _, v := range []struct {
		name   string
		data   []byte
		repair string
	}{
		{"apple", orig, ""},
		{"final newline", append(append([]byte{}, orig...), '\n'), ""},
		{"CRLF lines", []byte(wrapCRLF(string(orig), 76)), ""},
		{"byte-order mark", append([]byte("\ufeff"), orig...), "byte-order mark"},
		{"spaces", bytes.Replace(orig, orig[10:11], append(orig[10:11:11], ' '), 1), "holds spaces"},
		{"trailing space", append(append([]byte{}, orig...), ' '), "holds spaces"},
		{"no padding", bytes.TrimRight(orig, "="), "padding"},
		{"colon offset", []byte(base64.StdEncoding.EncodeToString(colon)), "colon in the time-zone offset"},
	} {
		t.Run(v.name, func(t *testing.T) {
			if v.name == "no padding" && !bytes.HasSuffix(orig, []byte("=")) {
				t.Skip("the fixture needs no padding")
			}
			r := InspectBytes("sToken_for_Main Campus.vpptoken", v.data, Options{Now: fixtureNow})
			want := StatusOK
			if v.repair != "" {
				want = StatusRepaired
			}
			if r.Kind != KindVPP || r.Status != want || !r.HasExpiry() {
				t.Fatalf("%s %s: %s %q", r.Kind, r.Status, r.Message, r.Notes)
			}
			if v.repair != "" && !strings.Contains(strings.Join(r.Notes, " "), v.repair) {
				t.Errorf("notes lack %q: %q", v.repair, r.Notes)
			}
			if err := strictVPP(v.data); (err == nil) != (v.repair == "") {
				t.Errorf("a strict reader gives %v, but the repair noted is %q", err, v.repair)
			}
		})
	}
}

func wrapCRLF(s string, n int) string {
	var b strings.Builder
	for len(s) > n {
		b.WriteString(s[:n] + "\r\n")
		s = s[n:]
	}
	return b.String() + s + "\r\n"
}

// A token without Apple's name whose cipher cannot be decrypted is
// unverified, and the advice does not ask for the key already given.
func TestUnverifiedWithKey(t *testing.T) {
	mdm, _, _ := identities(t)
	data := readFixture(t, depName("Fixture AES192", "2026-05-30T10-00-00Z"))
	r := InspectBytes("token.p7m", data, Options{Now: fixtureNow, Cert: mdm.cert, Key: mdm.key})
	if r.Status != StatusUnverified || r.HasExpiry() || r.Status.Severity() != SeverityWarning {
		t.Fatalf("%s: %s", r.Status, r.Message)
	}
	if !strings.Contains(r.Message, "AES-192-CBC, which this tool cannot decrypt") || strings.Contains(r.Action, "--cert") {
		t.Errorf("message %q / action %q", r.Message, r.Action)
	}
	if strings.Contains(r.Action, "reset") {
		t.Errorf("action claims a fresh download: %q", r.Action)
	}
}

// Given the key, a token that was not decrypted with it is never ok,
// though Apple's name dates it: a key that is not the certificate's asks
// for the right pair.
func TestNotDecryptedWithTheKeyGiven(t *testing.T) {
	mdm, other, _ := identities(t)
	data := readFixture(t, mdmDEP)
	r := InspectBytes("Fixture MDM_Token_2026-05-30T09-15-42Z_smime.p7m", data, Options{Now: fixtureNow, Cert: mdm.cert, Key: other.key})
	if r.Status != StatusUnverified || !r.HasExpiry() || r.Decrypted {
		t.Fatalf("%s, expiry %v, decrypted %v: %s", r.Status, r.Expires, r.Decrypted, r.Message)
	}
	if !strings.Contains(r.Message, "not decrypted with the key given: the private key given does not belong to the certificate given") ||
		!strings.HasPrefix(r.Action, "Check it again with the MDM's certificate and the private key that belongs to it") {
		t.Errorf("message %q / action %q", r.Message, r.Action)
	}
}

// Decrypted, a token whose file name says another download day is dated
// by the token itself, in its facts as in its verdict; a note names both.
func TestDecryptedTokenDatesItsDownload(t *testing.T) {
	mdm, _, _ := identities(t)
	r := InspectBytes("Fixture MDM_Token_2026-05-20T09-15-42Z_smime.p7m", readFixture(t, mdmDEP), Options{Now: fixtureNow, Cert: mdm.cert, Key: mdm.key})
	if want := time.Date(2026, 5, 30, 9, 15, 42, 0, time.UTC); !r.Decrypted || !r.Downloaded.Equal(want) {
		t.Errorf("downloaded %v, want the token's %v", r.Downloaded, want)
	}
	if !strings.Contains(strings.Join(r.Notes, " "), "The file name says it was downloaded on 2026-05-20, but the token itself expires on 2027-05-30") {
		t.Errorf("notes %q", r.Notes)
	}
}

// A certificate whose issuer reads like the token's recipient but is
// encoded otherwise is another certificate, and the verdict says so
// instead of naming the same words twice.
func TestWrongServerSameWordsOtherBytes(t *testing.T) {
	mdm, _, _ := identities(t)
	var other *x509.Certificate
	for _, tag := range []int{asn1.TagUTF8String, asn1.TagPrintableString} {
		name, err := asn1.Marshal(pkix.RDNSequence{{{Type: asn1.ObjectIdentifier{2, 5, 4, 3},
			Value: asn1.RawValue{Tag: tag, Bytes: []byte(mdm.cert.Issuer.CommonName)}}}})
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(name, mdm.cert.RawIssuer) {
			continue
		}
		tmpl := &x509.Certificate{SerialNumber: mdm.cert.SerialNumber, RawSubject: name, NotBefore: fixtureNow.AddDate(-1, 0, 0), NotAfter: fixtureNow.AddDate(1, 0, 0)}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &mdm.key.PublicKey, mdm.key)
		if err != nil {
			t.Fatal(err)
		}
		if other, err = x509.ParseCertificate(der); err != nil {
			t.Fatal(err)
		}
		break
	}
	r := InspectBytes("Fixture MDM_Token_2026-05-30T09-15-42Z_smime.p7m", readFixture(t, mdmDEP), Options{Now: fixtureNow, Cert: other})
	if r.Status != StatusWrongServer || !strings.Contains(r.Message, "which reads like this MDM's certificate, but the issuer's name is encoded differently") {
		t.Errorf("%s: %s", r.Status, r.Message)
	}
}

// A credential named as a download in progress is not the file to upload
// yet, whatever its content: its facts come from Apple's name within.
func TestDownloadInProgress(t *testing.T) {
	data := readFixture(t, mdmDEP)
	for _, name := range []string{"Fixture MDM_Token_2026-05-30T09-15-42Z_smime.p7m.crdownload", "Fixture MDM_Token_2026-05-30T09-15-42Z_smime.p7m.PART"} {
		r := InspectBytes(name, data, Options{Now: fixtureNow})
		if r.Kind != KindDEP || r.Status != StatusInvalid || r.Server != "Fixture MDM" || !strings.HasPrefix(r.Message, "This is a download in progress") ||
			!strings.Contains(r.Action, "under Apple's name (Fixture MDM_Token_2026-05-30T09-15-42Z_smime.p7m)") {
			t.Errorf("%s: %s %s server %q: %s / %s", name, r.Kind, r.Status, r.Server, r.Message, r.Action)
		}
	}
	if r := InspectBytes("Fixture MDM_Token_2026-05-30T09-15-42Z_smime.p7m", data, Options{Now: fixtureNow}); r.Status != StatusOK {
		t.Errorf("the finished download: %s", r.Status)
	}
}

// A certificate named like the push certificate, checked with nothing
// expected, is answered with the push certificate to upload first.
func TestCertificateNamedLikePush(t *testing.T) {
	data := readFixture(t, "mdm/mdm_public_key.pem")
	r := InspectBytes("MDM_ Relution_Certificate.pem", data, Options{Now: fixtureNow})
	if r.Status != StatusWrongKind || !strings.HasPrefix(r.Action, "Upload the push certificate (MDM_ <Vendor>_Certificate.pem)") {
		t.Errorf("%s: %s", r.Status, r.Action)
	}
	if r := InspectBytes("mdm_public_key.pem", data, Options{Now: fixtureNow, Expect: KindCertificate}); strings.Contains(r.Action, "push certificate") {
		t.Errorf("under its own name: %s", r.Action)
	}
}

// The action speaks of a reset previous token only for a download of the
// last days; an older usable token is not called a fresh download.
func TestDEPUploadAction(t *testing.T) {
	mdm, _, _ := identities(t)
	data := readFixture(t, mdmDEP)
	for _, c := range []struct {
		name       string
		downloaded string
		reset      bool
	}{
		{"today", "2026-06-01T08-00-00Z", true},
		{"a week ago", "2026-05-25T13-00-00Z", true},
		{"three months ago", "2026-03-01T00-00-00Z", false},
	} {
		r := InspectBytes("Srv_Token_"+c.downloaded+"_smime.p7m", data, Options{Now: fixtureNow, Cert: mdm.cert})
		if r.Status != StatusOK {
			t.Fatalf("%s: %s %s", c.name, r.Status, r.Message)
		}
		if got := strings.Contains(r.Action, "already reset the previous token"); got != c.reset {
			t.Errorf("%s: action %q", c.name, r.Action)
		}
		if !c.reset && !strings.Contains(r.Action, "downloaded 2026-03-01") {
			t.Errorf("%s: action lacks the download date: %q", c.name, r.Action)
		}
	}
}

// Only a small serial on a self-signed certificate gets the note that such
// serials repeat.
func TestSmallSerialNote(t *testing.T) {
	mdm, _, _ := identities(t)
	note := "repeat across MDM servers"
	r := Inspect(testdata+mdmDEP, Options{Now: fixtureNow, Cert: mdm.cert})
	if !strings.Contains(strings.Join(r.Notes, " "), note) {
		t.Errorf("serial 01: no note: %q", r.Notes)
	}
	r = Inspect(testdata+mdmDEP, Options{Now: fixtureNow, Cert: mdm.cert, Key: mdm.key})
	if strings.Contains(strings.Join(r.Notes, " "), note) {
		t.Errorf("decrypted, yet noted: %q", r.Notes)
	}
	r = Inspect(testdata+depName("Profile Manager", "2026-05-30T14-00-00Z"), Options{Now: fixtureNow, Cert: profileID.cert})
	if r.Status != StatusOK || strings.Contains(strings.Join(r.Notes, " "), note) {
		t.Errorf("a large serial: %s %q", r.Status, r.Notes)
	}
}

// Decrypted tokens in every shape, including JSON that a web page wrapped
// onto several lines and a decrypted token put back into S/MIME headers.
func TestDecryptedShapes(t *testing.T) {
	js := `{"consumer_key":"CK_0123456789abcdef0123","consumer_secret":"CS_0123456789abcdef","access_token":"AT_0123456789abcdef",` +
		`"access_secret":"AS_0123456789abcdef","access_token_expiry":"2027-01-02T03:04:05Z"}`
	wrapped := js[:40] + "\n" + js[40:95] + "\r\n" + js[95:]
	mime := "Content-Type: text/plain;charset=UTF-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
	for _, c := range []struct {
		name, data, encoding string
	}{
		{"bare", js, "decrypted JSON"},
		{"bare, wrapped by a page", wrapped, "decrypted JSON"},
		{"MIME", mime + js, "decrypted text (MIME headers and JSON)"},
		{"MIME, wrapped by a page", mime + wrapped, "decrypted text (MIME headers and JSON)"},
		{"BEGIN/END", mime + "-----BEGIN MESSAGE-----\n" + js + "\n-----END MESSAGE-----\n", "decrypted text (BEGIN/END MESSAGE)"},
		{"in S/MIME headers", "Content-Type: application/pkcs7-mime; smime-type=enveloped-data\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
			base64.StdEncoding.EncodeToString([]byte(js)), "decrypted JSON"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := InspectBytes("token.txt", []byte(c.data), Options{Now: fixtureNow})
			if r.Kind != KindDEP || r.Status != StatusInvalid || r.Encoding != c.encoding || r.Decrypted {
				t.Fatalf("%s %s %q decrypted=%v: %s", r.Kind, r.Status, r.Encoding, r.Decrypted, r.Message)
			}
			if !r.Expires.Equal(time.Date(2027, 1, 2, 3, 4, 5, 0, time.UTC)) || len(r.Secrets) != 4 {
				t.Errorf("expiry %v, secrets %v", r.Expires, r.Secrets)
			}
			if !strings.Contains(r.Message, "secrets in clear text") || !strings.Contains(r.Action, "Delete this file") ||
				!strings.Contains(r.Message, "access_token_expiry is 2027-01-02") {
				t.Errorf("message %q / action %q", r.Message, r.Action)
			}
			for _, s := range r.Secrets {
				if strings.Contains(c.data, s.Masked) && len(s.Masked) > 9 {
					t.Errorf("secret not masked: %v", s)
				}
			}
		})
	}
}

// A document that only names a token's lines, as a README describing
// token files does, is a text file, neither a decrypted token nor a
// damaged PEM file: the marker must begin a line.
func TestDocumentNamingTokenLinesIsText(t *testing.T) {
	doc := "# Token files\n\nInside: `Content-Type: text/plain`, then `-----BEGIN MESSAGE-----`, the JSON (`consumer_key`, `access_token_expiry`), `-----END MESSAGE-----`.\n" +
		"The push certificate is a `-----BEGIN CERTIFICATE-----` block.\n"
	r := InspectBytes("README.md", []byte(doc), Options{Now: fixtureNow})
	if r.Kind != KindUnknown || r.Status != StatusInvalid || !strings.Contains(r.Message, "text file") {
		t.Fatalf("%s %s %q: %s", r.Kind, r.Status, r.Encoding, r.Message)
	}
	if r := InspectBytes("token.txt", []byte("Content-Type: text/plain\r\r-----BEGIN MESSAGE-----\r{}\r-----END MESSAGE-----\r"), Options{Now: fixtureNow}); r.Kind != KindDEP {
		t.Errorf("lines ended by CR alone: %s", r.Kind)
	}
	indented := "Content-Type: text/plain\r\n\r\n  -----BEGIN MESSAGE-----\n{\"consumer_key\":\"CK_1\"}\n-----END MESSAGE-----\n"
	if r := InspectBytes("token.txt", []byte(indented), Options{Now: fixtureNow}); r.Kind != KindDEP || r.Encoding != "decrypted text (BEGIN/END MESSAGE)" {
		t.Errorf("indented message line: %s %q", r.Kind, r.Encoding)
	}
}

// A settings file that names one of a content token's fields ("token",
// say) is text, not a damaged content token; named like a content token,
// the same JSON is one that lacks its other fields.
func TestJSONWithATokenFieldIsText(t *testing.T) {
	js := `{"token": "ghp_0123456789abcdefghij", "url": "https://example.com"}`
	for _, data := range []string{js, base64.StdEncoding.EncodeToString([]byte(js))} {
		if r := InspectBytes("config.json", []byte(data), Options{Now: fixtureNow}); r.Kind != KindUnknown || !strings.Contains(r.Message, "text") {
			t.Errorf("config.json %.20q: %s %s: %s", data, r.Kind, r.Status, r.Message)
		}
		r := InspectBytes("sToken_for_Main Campus.vpptoken", []byte(data), Options{Now: fixtureNow})
		if r.Kind != KindVPP || r.Status != StatusInvalid || !strings.Contains(r.Message, "lacks expDate, orgName") {
			t.Errorf("named like a content token %.20q: %s %s: %s", data, r.Kind, r.Status, r.Message)
		}
	}
	two := `{"token": "x", "orgName": "School"}`
	if r := InspectBytes("config.json", []byte(two), Options{Now: fixtureNow}); r.Kind != KindVPP {
		t.Errorf("two of the fields: %s", r.Kind)
	}
}

// A file that is not a token says which files are: the two tokens and the
// push certificate, each with the name Apple gives it.
func TestNotATokenNamesEveryCredential(t *testing.T) {
	for _, f := range []struct{ name, data string }{
		{"notes.txt", "renew the tokens\n"},
		{"invoice.pdf", "%PDF-1.7\n"},
		{"photo.png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
	} {
		r := InspectBytes(f.name, []byte(f.data), Options{Now: fixtureNow})
		if r.Status != StatusInvalid {
			t.Errorf("%s: %s", f.name, r.Status)
		}
		for _, want := range []string{"*_smime.p7m", "sToken_for_<Location>.vpptoken", "push certificate's " + KindPush.FileName(), "Push Certificates Portal"} {
			if !strings.Contains(r.Action, want) {
				t.Errorf("%s: action lacks %q: %s", f.name, want, r.Action)
			}
		}
	}
}

// TestMessageEscapesOnce: an organization name holding an escape sequence
// reads the same in the verdict's sentence as in its field, escaped once.
func TestMessageEscapesOnce(t *testing.T) {
	data := sample.VPP("Evil\x1b[31mSchool", time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	r := InspectBytes("sToken_for_Main.vpptoken", data, Options{Now: fixtureNow})
	if r.Org != `Evil\x1b[31mSchool` {
		t.Fatalf("Org field %q", r.Org)
	}
	if !strings.Contains(r.Message, `"`+r.Org+`"`) || strings.Contains(r.Message, `\\`) {
		t.Errorf("message escapes the name again: %s", r.Message)
	}
}

// oneByteReader returns at most one byte a call, as a slow pipe might.
type oneByteReader struct{ r *bytes.Reader }

func (o oneByteReader) Read(p []byte) (int, error) {
	if len(p) > 1 {
		p = p[:1]
	}
	return o.r.Read(p)
}

func TestReadAtMost(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789"), 100)
	for _, c := range []struct {
		name        string
		size, limit int64
		want        int
	}{
		{"as said", 1000, 2000, 1000},
		{"grew since the look", 10, 2000, 1000},
		{"shrank since the look", 5000, 2000, 1000},
		{"size unknown", 0, 2000, 1000},
		{"longer than the limit", 1000, 101, 101},
		{"grew past the limit", 10, 101, 101},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, r := range []io.Reader{bytes.NewReader(data), oneByteReader{bytes.NewReader(data)}} {
				got, err := readAtMost(r, c.size, c.limit)
				if err != nil || !bytes.Equal(got, data[:c.want]) {
					t.Fatalf("read %d bytes (%v), want the first %d", len(got), err, c.want)
				}
			}
		})
	}
	if _, err := readAtMost(iotest.ErrReader(os.ErrClosed), 10, 100); err != os.ErrClosed {
		t.Errorf("a read error became %v", err)
	}
}
