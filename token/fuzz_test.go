package token

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// Fuzz tests for every parser, seeded with the fixtures. Run one with e.g.
//
//	go test -run '^$' -fuzz '^FuzzInspectBytes$' -fuzztime 2m ./token/

// fixtureSeeds returns every fixture with its name.
func fixtureSeeds(f *testing.F) (names []string, datas [][]byte) {
	for _, n := range allFixtures(f) {
		names = append(names, n)
		datas = append(datas, readFixture(f, n))
	}
	return names, datas
}

// berSeeds returns the binary envelopes inside the DEP fixtures.
func berSeeds(f *testing.F) [][]byte {
	_, datas := fixtureSeeds(f)
	var out [][]byte
	for _, d := range datas {
		if info, err := unwrapSMIME(d); err == nil && len(info.body) > 0 && info.body[0] == 0x30 {
			out = append(out, info.body)
		}
		if len(d) > 0 && d[0] == 0x30 {
			out = append(out, d)
		}
	}
	return out
}

var validStatus = map[Status]bool{StatusOK: true, StatusExpiring: true, StatusExpired: true, StatusStale: true,
	StatusWrongKind: true, StatusWrongServer: true, StatusInvalid: true, StatusUnverified: true, StatusRepaired: true, StatusMismatch: true}

var validKind = map[Kind]bool{KindVPP: true, KindDEP: true, KindCertificate: true, KindPrivateKey: true,
	KindPKCS7: true, KindUnknown: true, KindPush: true, KindPushRequest: true, KindPKCS12: true}

func FuzzInspectBytes(f *testing.F) {
	// RSA decryption is slow under the fuzzer's instrumentation, so only
	// a few seeds carry the key (mode bits 0x18); the fuzzer still finds
	// its way to the key by mutating the mode.
	names, datas := fixtureSeeds(f)
	for i := range names {
		f.Add(names[i], datas[i], uint8(i)&^0x18)
		if strings.HasPrefix(names[i], "dep/Fixture") || strings.HasPrefix(names[i], "dep/Corrupt") {
			f.Add(names[i], datas[i], uint8(0x18)) // certificate and key
		}
	}
	mdm, _, _ := identities(f)
	sink, err := os.CreateTemp(f.TempDir(), "stdout")
	if err != nil {
		f.Fatal(err)
	}
	expects := []Kind{"", KindVPP, KindDEP, KindCertificate}
	f.Fuzz(func(t *testing.T, name string, data []byte, mode uint8) {
		o := Options{Now: fixtureNow, Expect: expects[mode%4], Fresh: mode&4 != 0, WarnDays: int(mode >> 5)}
		if mode&8 != 0 {
			o.Cert = mdm.cert
		}
		if mode&16 != 0 {
			o.Key = mdm.key
		}
		var recovered any
		panicHook = func(p any) { recovered = p }
		orig := os.Stdout
		os.Stdout = sink
		r := InspectBytes(name, data, o)
		os.Stdout = orig
		panicHook = nil
		if recovered != nil {
			t.Fatalf("panic in the token package: %v", recovered)
		}
		if fi, err := sink.Stat(); err != nil || fi.Size() != 0 {
			t.Fatalf("something wrote to stdout")
		}
		if !validStatus[r.Status] || !validKind[r.Kind] {
			t.Fatalf("status %q kind %q", r.Status, r.Kind)
		}
		if r.Message == "" || r.Action == "" {
			t.Fatalf("empty message or action: %+v", r)
		}
		for _, s := range append([]string{r.Message, r.Action, r.Org, r.Location, r.Server, r.Cipher}, r.Notes...) {
			if strings.ContainsAny(s, "\r\n\x1b\x07") || !utf8.ValidString(s) {
				t.Fatalf("unsafe text %q", s)
			}
		}
		if r.Size != int64(len(data)) || r.SHA256 == "" {
			t.Fatalf("size %d sha %q", r.Size, r.SHA256)
		}
		if r.Status == StatusOK && r.Kind == KindUnknown {
			t.Fatalf("unknown content judged ok")
		}
		if r.Decrypted && r.Kind != KindDEP {
			t.Fatalf("decrypted %s", r.Kind)
		}
		notes := strings.Join(r.Notes, "\n")
		switch {
		case r.Status == StatusOK && strings.Contains(notes, "had to repair"):
			t.Fatalf("ok, yet repaired: %q", r.Notes)
		case r.Status == StatusRepaired && !strings.Contains(notes, "had to repair"):
			t.Fatalf("repaired without saying what: %q", r.Notes)
		case r.Status == StatusUnverified && r.HasExpiry() && !strings.Contains(r.Message, "not decrypted with the key given"):
			t.Fatalf("unverified with an expiry, though decrypted or not asked to be: %s", r.Message)
		case isTokenKind(r.Kind) && r.Status == StatusOK && !r.HasExpiry():
			t.Fatalf("a token without expiry judged ok")
		case isCredentialKind(r.Kind) && r.Status != StatusInvalid && r.HasExpiry() && !r.ExpiresEstimated && dateProblem(r.Expires) != "":
			t.Fatalf("%s with the impossible expiry %v judged %s", r.Kind, r.Expires, r.Status)
		case !r.Downloaded.IsZero() && dateProblem(r.Downloaded) != "":
			t.Fatalf("impossible download time %v taken", r.Downloaded)
		case strings.Contains(r.Action, "already reset the previous token") && r.Downloaded.IsZero() && !r.Decrypted:
			t.Fatalf("a fresh download claimed without a download date")
		}
	})
}

// repairWords are every repair the S/MIME reader can report.
var repairWords = map[string]bool{repairDoubledCR: true, repairBlankLines: true, repairBrokenHeader: true,
	repairNoBlankLine: true, repairSpaces: true, repairPadding: true}

// FuzzDecrypted feeds decrypted-token shapes: anything taken for one is
// reported as a decrypted server token that must be deleted, with its
// secrets masked.
func FuzzDecrypted(f *testing.F) {
	for _, n := range []string{"mixups/decrypted_token.txt", "mixups/decrypted_mime.txt", "mixups/stoken.json"} {
		f.Add(readFixture(f, n))
	}
	f.Add([]byte("{\"consumer_key\":\"CK_1\n2\",\"access_token_expiry\":\"2027-01-01T00:00:00Z\"}"))
	f.Add([]byte("Content-Type: text/plain\r\n\r\n{\"access_\ntoken_expiry\":\"x\"}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !isDecryptedDEP(data) {
			return
		}
		r := InspectBytes("token.txt", data, Options{Now: fixtureNow})
		if r.Kind != KindDEP || r.Status != StatusInvalid || !strings.Contains(r.Action, "Delete this file") {
			t.Fatalf("%s %s: %s", r.Kind, r.Status, r.Action)
		}
		for _, s := range r.Secrets {
			if utf8.RuneCountInString(s.Masked) > 9 {
				t.Fatalf("mask %q too long", s.Masked)
			}
		}
	})
}

// FuzzWrapped feeds content found inside S/MIME headers or a PEM block.
func FuzzWrapped(f *testing.F) {
	names, datas := fixtureSeeds(f)
	for i := range names {
		if strings.Contains(names[i], "vpp") || strings.Contains(names[i], "decrypted") {
			f.Add(datas[i])
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a := &analysis{opts: Options{Now: fixtureNow}, r: Report{File: "x_smime.p7m", Kind: KindUnknown}}
		if inspectWrapped(a, data, "S/MIME headers") {
			if a.invalid == nil || (a.r.Kind != KindVPP && a.r.Kind != KindDEP) {
				t.Fatalf("recognised as %s without a verdict", a.r.Kind)
			}
			if a.r.Kind == KindVPP && strings.Contains(a.invalid.action, "Download Token") {
				t.Fatalf("a content token gets server-token advice: %s", a.invalid.action)
			}
		}
	})
}

func FuzzBER(f *testing.F) {
	for _, b := range berSeeds(f) {
		f.Add(b)
	}
	f.Add([]byte{0x30, 0x80, 0x00, 0x00})
	f.Add([]byte{0x1f, 0x81, 0x00, 0x00})
	f.Fuzz(func(t *testing.T, data []byte) {
		peekContentType(data)
		root, _, err := parseBER(data)
		if err != nil {
			return
		}
		der := root.der()
		again, rest, err := parseBER(der)
		if err != nil || len(rest) != 0 {
			t.Fatalf("DER re-encoding does not parse: %v", err)
		}
		if !bytes.Equal(again.der(), der) {
			t.Fatal("DER re-encoding is not stable")
		}
		if env, err := parseContentInfo(root); err == nil && env != nil {
			for _, r := range env.recipients {
				_ = r.issuer
			}
		}
		checkWalkMatchesLibrary(t, root)
	})
}

func FuzzVPP(f *testing.F) {
	names, datas := fixtureSeeds(f)
	for i := range names {
		if strings.Contains(names[i], "vpp") {
			f.Add(datas[i])
			if b, _, err := decodeBase64(stripSpace(datas[i])); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		compact := stripSpace(data)
		if dec, _, err := decodeBase64(compact); err == nil {
			parseVPPJSON(dec, true)
		}
		if fields, err := parseVPPJSON(data, true); err == nil && fields.Token != nil {
			if m := Mask(*fields.Token); utf8.RuneCountInString(m) > 9 {
				t.Fatalf("mask %q too long", m)
			}
		}
		parseExpDate(string(data))
		a := &analysis{r: Report{File: "sToken_for_X.vpptoken"}}
		inspectVPP(a, data, "base64")
	})
}

func FuzzSMIME(f *testing.F) {
	names, datas := fixtureSeeds(f)
	for i := range names {
		if strings.HasSuffix(names[i], ".p7m") {
			f.Add(datas[i])
		}
	}
	f.Add([]byte("Content-Type: application/pkcs7-mime\n\n"))
	f.Add([]byte("Content-Type: application/pkcs7-mime; smime-type=enveloped-\ndata\nContent-Transfer-Encoding: base64\n\nMIAG"))
	f.Add([]byte("Content-Type: a\r\r\n\r\r\nMIAG\r\r\n"))
	f.Add([]byte("Content-Type: a\n\nContent-Transfer-Encoding: base64\n\nMI AG"))
	f.Fuzz(func(t *testing.T, data []byte) {
		info, err := unwrapSMIME(data)
		if info == nil {
			t.Fatal("nil info")
		}
		if err == nil && len(info.body) == 0 {
			t.Fatal("no error and no body")
		}
		seen := map[string]bool{}
		for _, r := range info.repairs {
			if !repairWords[r] || seen[r] {
				t.Fatalf("repair %q (repeated: %v)", r, seen[r])
			}
			seen[r] = true
		}
		if len(info.rawBody) > len(data) {
			t.Fatal("body longer than the input")
		}
	})
}

func FuzzDEPPayload(f *testing.F) {
	f.Add(readFixture(f, "mixups/decrypted_token.txt"))
	f.Add([]byte(`{"consumer_key":"CK_1","consumer_secret":"CS_1","access_token":"AT_1","access_secret":"AS_1","access_token_expiry":"2027-01-01T00:00:00Z"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, exp, err := parseDEPPayload(data)
		if err == nil && (exp.IsZero() && p.AccessTokenExpiry == "") {
			t.Fatal("accepted a payload without expiry")
		}
		for _, s := range p.secrets() {
			if utf8.RuneCountInString(s.Masked) > 9 {
				t.Fatalf("mask %q too long", s.Masked)
			}
		}
	})
}

func FuzzMask(f *testing.F) {
	f.Add("Ee3IHS93abcdefghloeGE")
	f.Add("short")
	f.Add("\x1b[2J")
	f.Fuzz(func(t *testing.T, s string) {
		m := Mask(s)
		if utf8.RuneCountInString(m) > 9 || strings.ContainsAny(m, "\x1b\r\n") {
			t.Fatalf("Mask(%q) = %q", s, m)
		}
		if utf8.RuneCountInString(s) < 8 && m != "…" {
			t.Fatalf("short secret revealed: %q", m)
		}
	})
}

// FuzzPush feeds push certificates, cut ones, requests and PKCS#12
// bundles: a push certificate is never ok without Apple's issuer name and
// a com.apple.mgmt. topic.
func FuzzPush(f *testing.F) {
	names, datas := fixtureSeeds(f)
	for i := range names {
		if strings.HasPrefix(names[i], "push/") {
			f.Add(datas[i])
			f.Add(datas[i][:len(datas[i])*9/10])
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := InspectBytes("MDM_ X_Certificate.pem", data, Options{Now: fixtureNow})
		if r.Kind == KindPush && r.Status == StatusOK && (!strings.HasPrefix(r.Topic, pushTopicPrefix) || !strings.Contains(r.Issuer, appleAAI2)) {
			t.Fatalf("ok push certificate with topic %q, issuer %q", r.Topic, r.Issuer)
		}
		a := &analysis{opts: Options{Now: fixtureNow}, r: Report{Kind: KindUnknown}}
		if inspectPushRequest(a, data, "x") && a.r.Kind != KindPushRequest {
			t.Fatalf("request read as %s", a.r.Kind)
		}
		a = &analysis{opts: Options{Now: fixtureNow}, r: Report{Kind: KindUnknown}}
		if inspectCutCertificate(a, data, "DER") && a.invalid == nil {
			t.Fatal("a cut certificate without a verdict")
		}
	})
}
