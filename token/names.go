package token

import (
	"path/filepath"
	"strings"
	"time"
)

// Hints taken from a file's name. Names are only hints: users rename files
// and browsers add " (1)" to repeated downloads. They are read without
// regular expressions: every entry of a folder the picker lists is looked
// at, and nothing is compiled when the program starts.

// depNameLayout is the timestamp layout in Apple's DEP token file names.
const depNameLayout = "2006-01-02T15-04-05Z"

// baseName returns the file name without directories, without the suffix
// of a download in progress and without a browser's " (1)" copy suffix
// (kept before the extension).
func baseName(name string) string {
	if strings.IndexByte(name, '\\') >= 0 {
		name = strings.ReplaceAll(name, `\`, "/")
	}
	b := filepath.Base(name)
	if b == "." || b == "/" {
		return ""
	}
	if s := partialSuffix(b); s != "" && len(b) > len(s) {
		b = b[:len(b)-len(s)]
	}
	ext := filepath.Ext(b)
	stem := b[:len(b)-len(ext)]
	if t := TrimCopySuffix(stem, false); len(t) < len(stem) {
		return t + ext
	}
	return b
}

// TrimCopySuffix removes the " (1)" a browser adds to the name of a
// repeated download from the end of s: a space (or, with anySpace, any
// run of white space, or none) and digits in parentheses.
func TrimCopySuffix(s string, anySpace bool) string {
	open := strings.LastIndexByte(s, '(')
	if open < 0 || !strings.HasSuffix(s, ")") || !allDigits(s[open+1:len(s)-1]) {
		return s
	}
	if anySpace {
		return strings.TrimRight(s[:open], " \t\n\f\r")
	}
	if open > 0 && s[open-1] == ' ' {
		return s[:open-1]
	}
	return s
}

func allDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// hasPrefixFold and hasSuffixFold compare without regard to ASCII case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

// vppLocation returns the location from "sToken_for_<Location>.vpptoken".
func vppLocation(name string) string {
	const prefix, suffix = "sToken_for_", ".vpptoken"
	b := baseName(name)
	if !hasPrefixFold(b, prefix) || !hasSuffixFold(b, suffix) || len(b) <= len(prefix)+len(suffix) {
		return ""
	}
	loc := b[len(prefix) : len(b)-len(suffix)]
	if strings.Contains(loc, "\n") {
		return ""
	}
	return clean(strings.TrimSpace(loc))
}

// ParseDEPFileName reads the MDM server's name and the download time from
// the name Apple gives a DEP server token,
// "<Server>_Token_<YYYY-MM-DDTHH-MM-SSZ>_smime.p7m" (in any case, with a
// browser's " (1)" before the extension, in any folder); ok is false for
// any other name.
func ParseDEPFileName(name string) (server string, downloaded time.Time, ok bool) {
	return depServer(name)
}

// depServer is ParseDEPFileName.
func depServer(name string) (server string, downloaded time.Time, ok bool) {
	const token, stamp, suffix = "_Token_", "dddd-dd-ddTdd-dd-ddZ", "_smime.p7m"
	b := baseName(name)
	if len(b) < len(token)+len(stamp)+len(suffix) || !hasSuffixFold(b, suffix) {
		return "", time.Time{}, false
	}
	rest := b[:len(b)-len(suffix)]
	ts := rest[len(rest)-len(stamp):]
	rest = rest[:len(rest)-len(stamp)]
	if !hasSuffixFold(rest, token) {
		return "", time.Time{}, false
	}
	for i := range len(stamp) {
		switch c := ts[i]; stamp[i] {
		case 'd':
			if c < '0' || c > '9' {
				return "", time.Time{}, false
			}
		default:
			if c|0x20 != stamp[i]|0x20 {
				return "", time.Time{}, false
			}
		}
	}
	server = rest[:len(rest)-len(token)]
	if strings.Contains(server, "\n") || ts[10] != 'T' || ts[19] != 'Z' {
		return "", time.Time{}, false
	}
	num := func(i, n int) int {
		v := 0
		for _, c := range []byte(ts[i : i+n]) {
			v = v*10 + int(c-'0')
		}
		return v
	}
	y, mo, d, h, mi, sec := num(0, 4), num(5, 2), num(8, 2), num(11, 2), num(14, 2), num(17, 2)
	t := time.Date(y, time.Month(mo), d, h, mi, sec, 0, time.UTC)
	// A date out of range (month 13, 30 February, hour 24) would roll
	// over: such a name is not one Apple gives.
	if t.Year() != y || int(t.Month()) != mo || t.Day() != d || t.Hour() != h || t.Minute() != mi || t.Second() != sec {
		return "", time.Time{}, false
	}
	return clean(strings.TrimSpace(server)), t, true
}

// extension returns the lower-case extension of a name, e.g. ".p7m".
func extension(name string) string {
	return strings.ToLower(filepath.Ext(baseName(name)))
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

// partialSuffixes end the names browsers give downloads in progress.
var partialSuffixes = []string{".crdownload", ".part", ".download"}

// partialSuffix is the suffix of a download in progress that name ends
// with, in any case, or "".
func partialSuffix(name string) string {
	for _, s := range partialSuffixes {
		if len(name) > len(s) && strings.EqualFold(name[len(name)-len(s):], s) {
			return name[len(name)-len(s):]
		}
	}
	return ""
}

// msgPartial is the verdict on a file named as a download in progress:
// whatever its content, it is not the file to upload yet.
func msgPartial(name string) *verdict {
	s := partialSuffix(filepath.Base(name))
	final := strings.TrimSuffix(filepath.Base(name), s)
	return &verdict{
		"This is a download in progress: its name ends in " + s + ", as a browser names a file it has not finished downloading (or a download that stopped), so its content may be cut off.",
		"Wait for the download to finish, or download again, and check the file under Apple's name (" + clean(final) + ").",
	}
}

// CleanName is the lower-case base name of path without a browser's " (1)"
// copy suffix or the suffix of a download in progress.
func CleanName(path string) string {
	name := strings.ToLower(filepath.Base(path))
	for _, s := range partialSuffixes {
		name = strings.TrimSuffix(name, s)
	}
	ext := filepath.Ext(name)
	return TrimCopySuffix(strings.TrimSuffix(name, ext), false) + ext
}

// NamedKind is the kind of yearly credential path is named like, in any
// case, also with a browser's " (1)" or as a download in progress: a
// content token (any .vpptoken, or sToken_for_ and anything), a server
// token (any .p7m, such as <Server>_Token_<timestamp>_smime.p7m) or a push
// certificate as Apple names it (MDM_ <Vendor>_Certificate.pem, or .cer);
// "" for any other name. The name says what a file is meant to be, never
// what it is.
func NamedKind(path string) Kind {
	name := CleanName(path)
	ext := filepath.Ext(name)
	switch {
	case ext == ".vpptoken", strings.HasPrefix(name, "stoken_for_"):
		return KindVPP
	case ext == ".p7m":
		return KindDEP
	case strings.HasPrefix(name, "mdm_") && strings.Contains(name, "_certificate") &&
		(ext == ".pem" || ext == ".cer" || ext == ".crt" || ext == ".der"):
		return KindPush
	}
	return ""
}
