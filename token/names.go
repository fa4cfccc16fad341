package token

import (
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// Hints taken from a file's name. Names are only hints: users rename files
// and browsers add " (1)" to repeated downloads.

var (
	// browserCopy matches the suffix browsers add to repeated downloads.
	browserCopy    = regexp.MustCompile(` \(\d+\)$`)
	vppNamePattern = regexp.MustCompile(`(?i)^sToken_for_(.+)\.vpptoken$`)
	depNamePattern = regexp.MustCompile(`(?i)^(.*)_Token_(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ)_smime\.p7m$`)
)

// depNameLayout is the timestamp layout in Apple's DEP token file names.
const depNameLayout = "2006-01-02T15-04-05Z"

// baseName returns the file name without directories and without a
// browser's " (1)" copy suffix (kept before the extension).
func baseName(name string) string {
	b := filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	if b == "." || b == "/" {
		return ""
	}
	ext := filepath.Ext(b)
	stem := strings.TrimSuffix(b, ext)
	stem = browserCopy.ReplaceAllString(stem, "")
	return stem + ext
}

// extension returns the lower-case extension of a name, e.g. ".p7m".
func extension(name string) string {
	return strings.ToLower(filepath.Ext(baseName(name)))
}

// vppLocation returns the location from "sToken_for_<Location>.vpptoken".
func vppLocation(name string) string {
	m := vppNamePattern.FindStringSubmatch(baseName(name))
	if m == nil {
		return ""
	}
	return clean(strings.TrimSpace(m[1]))
}

// depServer returns the server name and download time from
// "<Server>_Token_<YYYY-MM-DDTHH-MM-SSZ>_smime.p7m".
func depServer(name string) (server string, downloaded time.Time, ok bool) {
	m := depNamePattern.FindStringSubmatch(baseName(name))
	if m == nil {
		return "", time.Time{}, false
	}
	t, err := time.Parse(depNameLayout, m[2])
	if err != nil {
		return "", time.Time{}, false
	}
	return clean(strings.TrimSpace(m[1])), t, true
}

// extensionKind says which kind a file extension suggests, or "".
func extensionKind(ext string) Kind {
	switch ext {
	case ".vpptoken":
		return KindVPP
	case ".p7m":
		return KindDEP
	case ".cer", ".crt", ".der":
		return KindCertificate
	case ".key":
		return KindPrivateKey
	case ".p12", ".pfx":
		return KindPKCS12
	case ".p7b", ".p7c", ".p7s":
		return KindPKCS7
	}
	return ""
}

// nameNote returns a note when the file name suggests another kind than
// the content, or "".
func nameNote(name string, k Kind) string {
	ext := extension(name)
	want := extensionKind(ext)
	if want == "" || want == k || k == KindUnknown {
		return ""
	}
	if ext == ".der" && (k == KindPrivateKey || k == KindDEP || k == KindPKCS7) {
		return ""
	}
	if ext == ".p7m" && k == KindPKCS7 || want == KindCertificate && k == KindPush {
		return ""
	}
	return "The name ends in " + ext + " like " + kindPhrase(want) +
		", but the content is " + kindPhrase(k) + "; the content is what counts."
}

// kindPhrase names a kind in running text.
func kindPhrase(k Kind) string {
	switch k {
	case KindVPP:
		return "an Apps and Books (VPP) content token"
	case KindDEP:
		return "a DEP (Automated Device Enrollment) server token"
	case KindCertificate:
		return "a certificate (the MDM's public key)"
	case KindPrivateKey:
		return "a private key"
	case KindPKCS7:
		return "a PKCS#7 file"
	case KindPush:
		return "an APNs push certificate"
	case KindPushRequest:
		return "a push certificate request"
	case KindPKCS12:
		return "a PKCS#12 bundle"
	}
	return "not a token"
}
