package token

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// The name hints as regular expressions, the way they were first written:
// the hand-written readers must agree with them on every name.
var (
	copyPattern    = regexp.MustCompile(` \(\d+\)$`)
	anyCopyPattern = regexp.MustCompile(`\s*\(\d+\)$`)
	vppPattern     = regexp.MustCompile(`(?i)^sToken_for_(.+)\.vpptoken$`)
	depPattern     = regexp.MustCompile(`(?i)^(.*)_Token_(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ)_smime\.p7m$`)
)

func refBaseName(name string) string {
	b := baseNameDir(name)
	if b == "" {
		return ""
	}
	ext := extOf(b)
	return copyPattern.ReplaceAllString(strings.TrimSuffix(b, ext), "") + ext
}

func baseNameDir(name string) string {
	b := name[strings.LastIndexAny(strings.ReplaceAll(name, `\`, "/"), "/")+1:]
	if b == "" || b == "." {
		return ""
	}
	return b
}

func extOf(b string) string {
	if i := strings.LastIndexByte(b, '.'); i >= 0 {
		return b[i:]
	}
	return ""
}

// names are file names built from the parts that matter: Apple's patterns
// in several cases, broken timestamps, copy suffixes, spaces, line breaks
// and non-ASCII letters.
func names() []string {
	stems := []string{"", "A", "Main Campus", "Lakeside Jamf Production Server", "é漢", "x\ny", "_Token_", "a_Token_b"}
	stamps := []string{"2022-07-01T22-18-53Z", "2024-02-29T00-00-00Z", "2023-02-29T12-00-00Z", "2022-07-01T24-00-00Z", "2022-07-01T23-60-00Z", "2022-07-01T23-59-60Z", "2022-00-10T10-10-10Z", "0000-01-01T00-00-00Z", "9999-12-31T23-59-59Z", "2022-07-01t22-18-53z", "2022-13-01T22-18-53Z", "2022-07-01T2-18-53Z", "2022-07-01_22-18-53Z", "20220701T221853Z", "2022-07-01T22-18-53"}
	copies := []string{"", " (1)", " (12)", "(3)", "  (4)", " ()", " (x)", " (1) (2)", "\t(5)"}
	var out []string
	for _, st := range stems {
		for _, c := range copies {
			for _, vpp := range []string{"sToken_for_", "STOKEN_FOR_", "stoken_for"} {
				for _, ext := range []string{".vpptoken", ".VPPTOKEN", ".vpptoken.txt", ""} {
					out = append(out, vpp+st+c+ext, "/tmp/dir/"+vpp+st+c+ext, `C:\Users\a\`+vpp+st+c+ext)
				}
			}
			for _, ts := range stamps {
				for _, tok := range []string{"_Token_", "_token_", "_Token", "-Token-"} {
					for _, ext := range []string{"_smime.p7m", "_SMIME.P7M", "_smime.p7", "smime.p7m"} {
						stem := st + tok + ts + ext
						if i := strings.LastIndexByte(stem, '.'); i >= 0 {
							stem = stem[:i] + c + stem[i:]
						}
						out = append(out, stem, "/x/"+stem)
					}
				}
			}
		}
	}
	return append(out, "", ".", "/", "smime.p7m", "_Token_2022-07-01T22-18-53Z_smime.p7m", "sToken_for_.vpptoken", "sToken_for_ .vpptoken")
}

func TestNameReadersAgreeWithPatterns(t *testing.T) {
	for _, n := range names() {
		if got, want := baseName(n), refBaseName(n); got != want && want != "" {
			t.Errorf("baseName(%q) = %q, want %q", n, got, want)
		}
		want := ""
		if m := vppPattern.FindStringSubmatch(baseName(n)); m != nil {
			want = clean(strings.TrimSpace(m[1]))
		}
		if got := vppLocation(n); got != want {
			t.Errorf("vppLocation(%q) = %q, want %q", n, got, want)
		}
		var wantServer string
		var wantTime time.Time
		wantOK := false
		if m := depPattern.FindStringSubmatch(baseName(n)); m != nil {
			if ts, err := time.Parse(depNameLayout, m[2]); err == nil {
				wantServer, wantTime, wantOK = clean(strings.TrimSpace(m[1])), ts, true
			}
		}
		if s, ts, ok := ParseDEPFileName(n); s != wantServer || !ts.Equal(wantTime) || ok != wantOK {
			t.Errorf("ParseDEPFileName(%q) = %q %v %v, want %q %v %v", n, s, ts, ok, wantServer, wantTime, wantOK)
		}
		stem := strings.TrimSuffix(n, extOf(n))
		if got, want := TrimCopySuffix(stem, false), copyPattern.ReplaceAllString(stem, ""); got != want {
			t.Errorf("TrimCopySuffix(%q) = %q, want %q", stem, got, want)
		}
		if got, want := TrimCopySuffix(stem, true), anyCopyPattern.ReplaceAllString(stem, ""); got != want {
			t.Errorf("TrimCopySuffix(%q, any space) = %q, want %q", stem, got, want)
		}
	}
}

// BenchmarkParseDEPFileName is the name reader on a DEP token's name and
// on another name, as the picker reads every entry of a folder.
func BenchmarkParseDEPFileName(b *testing.B) {
	for b.Loop() {
		ParseDEPFileName("Lakeside Jamf Production Server_Token_2026-12-02T14-30-00Z_smime (1).p7m")
		ParseDEPFileName("Invoice-2026-11.pdf")
	}
}

// TestNamedKind: the kind a file's name suggests, as Apple names the
// credentials, in any case, with a browser's " (1)" or while downloading.
func TestNamedKind(t *testing.T) {
	for name, want := range map[string]Kind{
		"sToken_for_Main Campus.vpptoken":                            KindVPP,
		"stoken_for_annex (1).txt":                                   KindVPP,
		"Production_Token_2026-11-24T10-00-00Z_smime.p7m":            KindDEP,
		"Production_Token_2026-11-24T10-00-00Z_smime.p7m.crdownload": KindDEP,
		"MDM_ Relution_Certificate (1).pem":                          KindPush,
		"mdm_ acme_certificate.cer":                                  KindPush,
		"MDM_ Relution_Certificate.txt":                              "",
		"mdm_public_key.pem":                                         "",
		"Invoice-2026-11.pdf":                                        "",
	} {
		if got := NamedKind("/dl/" + name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
}

// TestCredentialKey: tokens of one credential share a key: one DEP server
// (in any case) for one MDM certificate, one location of an organization
// (with a browser's " (1)"), one push topic; a token without what names
// its credential, or when it was made, has none.
func TestCredentialKey(t *testing.T) {
	at := time.Date(2026, 6, 2, 12, 0, 0, 0, time.UTC)
	a := []Recipient{{Issuer: "CN=MDM A", Serial: "01"}}
	b := []Recipient{{Issuer: "CN=MDM B", Serial: "01"}}
	same := func(x, y Report) bool { return CredentialKey(x) != "" && CredentialKey(x) == CredentialKey(y) }
	dep := Report{Kind: KindDEP, Server: "Main", Downloaded: at, Recipients: a}
	if !same(dep, Report{Kind: KindDEP, Server: "MAIN", Downloaded: at.Add(time.Hour), Recipients: a}) ||
		same(dep, Report{Kind: KindDEP, Server: "Main", Downloaded: at, Recipients: b}) ||
		CredentialKey(Report{Kind: KindDEP, Server: "Main"}) != "" {
		t.Error("DEP server tokens")
	}
	vpp := Report{Kind: KindVPP, Org: "School", Location: "Main Campus", Expires: at}
	if !same(vpp, Report{Kind: KindVPP, Org: "School", Location: "Main Campus (1)", Expires: at}) ||
		same(vpp, Report{Kind: KindVPP, Org: "Other", Location: "Main Campus", Expires: at}) ||
		CredentialKey(Report{Kind: KindVPP, Org: "School", Expires: at}) != "" {
		t.Error("content tokens")
	}
	push := Report{Kind: KindPush, Topic: "com.apple.mgmt.External.x", Expires: at}
	if !same(push, Report{Kind: KindPush, Topic: "com.apple.mgmt.External.x", Expires: at.AddDate(1, 0, 0)}) || same(push, vpp) {
		t.Error("push certificates")
	}
	if !MadeAt(dep).Equal(at) || !MadeAt(vpp).Equal(at.AddDate(-1, 0, 0)) || !MadeAt(Report{Kind: KindVPP}).IsZero() {
		t.Error("MadeAt")
	}
}
