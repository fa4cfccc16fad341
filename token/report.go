// Package token tells what an Apple MDM token file really is, judged by its
// content: a VPP (Apps and Books) content token, a DEP (Automated Device
// Enrollment) server token, the MDM's certificate or private key, or
// something else. It is pure Go with no UI and no network access; it never
// panics on bad input and never exposes a full token or decrypted secret.
package token

import (
	"crypto/rsa"
	"crypto/x509"
	"strings"
	"time"
)

// MaxFileSize is the most bytes read from any file. Real tokens are a few KB.
const MaxFileSize = 1 << 20

// DefaultWarnDays is the default warning window before expiry, in days.
const DefaultWarnDays = 30

// Kind is what a file is, by content.
type Kind string

// The kinds of file a renewal can produce.
const (
	KindVPP         Kind = "vpp"         // Apps and Books content token (sToken_for_<Location>.vpptoken)
	KindDEP         Kind = "dep"         // Automated Device Enrollment server token (*_smime.p7m)
	KindCertificate Kind = "certificate" // X.509 certificate: the MDM public key uploaded to Apple
	KindPrivateKey  Kind = "private-key" // a private key: never uploaded anywhere
	KindPKCS7       Kind = "pkcs7"       // PKCS#7 that is not enveloped data
	KindUnknown     Kind = "unknown"     // empty, binary, archive, other text

	KindPush        Kind = "push"         // APNs MDM push certificate (MDM_ <Vendor>_Certificate.pem)
	KindPushRequest Kind = "push-request" // the request the MDM makes, uploaded to Apple's Push Certificates Portal
	KindPKCS12      Kind = "pkcs12"       // PKCS#12 bundle (.p12): a password-protected certificate and key
)

// Label names a kind in words, for people.
func (k Kind) Label() string {
	switch k {
	case KindVPP:
		return "Apps and Books (VPP) content token"
	case KindDEP:
		return "Automated Device Enrollment (DEP) server token"
	case KindCertificate:
		return "Certificate (the MDM's public key, uploaded to Apple)"
	case KindPrivateKey:
		return "Private key (never upload this anywhere)"
	case KindPKCS7:
		return "PKCS#7 file that is not a server token"
	case KindPush:
		return "APNs MDM push certificate"
	case KindPushRequest:
		return "Push certificate request (for Apple's Push Certificates Portal)"
	case KindPKCS12:
		return "PKCS#12 bundle (certificate and private key, password-protected)"
	}
	return "Not a token"
}

// Status is the verdict on a file.
type Status string

// The verdicts, from fine to broken.
const (
	StatusOK          Status = "ok"
	StatusExpiring    Status = "expiring"     // expires within the warning window
	StatusExpired     Status = "expired"      // expiry is in the past
	StatusStale       Status = "stale"        // a fresh download was expected; this looks like an old file
	StatusReplaced    Status = "replaced"     // a newer token of its DEP server or VPP location, or push certificate of its topic, beside it replaced it
	StatusWrongKind   Status = "wrong-kind"   // not the kind that was expected
	StatusWrongServer Status = "wrong-server" // a DEP token encrypted for another MDM server
	StatusInvalid     Status = "invalid"      // damaged, unreadable or not a token
	StatusUnverified  Status = "unverified"   // a token whose expiry could not be established
	StatusRepaired    Status = "repaired"     // readable only after repairs; the MDM will probably reject this copy
	StatusMismatch    Status = "mismatch"     // not the same credential as the one it replaces (Options.Replaces)
)

// Severity groups statuses the way monitoring plugins do.
type Severity int

// Severities, in the order of Nagios/Icinga exit codes.
const (
	SeverityOK      Severity = 0
	SeverityWarning Severity = 1
	SeverityProblem Severity = 2
)

// Usable reports whether a status means a token that can be used as it
// is: ok, expiring or stale. An unverified token (expiry unknown) and a
// repaired copy (which the MDM will probably reject) are not.
func (s Status) Usable() bool {
	return s == StatusOK || s == StatusExpiring || s == StatusStale
}

// AsToken reports whether a file of status s was judged as the token it
// is (usable, expired, repaired or unverified), not as invalid, of the
// wrong kind, for another MDM server or a mismatch: whether a newer token
// of its DEP server or VPP location, or a newer push certificate of its
// topic, can be said to replace it.
func (s Status) AsToken() bool {
	return s.Usable() || s == StatusExpired || s == StatusRepaired || s == StatusUnverified
}

// LocationName is a content token's location as its file name gives it,
// without the " (1)" a browser adds to a repeated download; "" when the
// name gives none.
func (r Report) LocationName() string { return strings.TrimSpace(TrimCopySuffix(r.Location, true)) }

// CredentialKey names the credential a token is one of, to tell which
// tokens a newer download replaces: a DEP server token's server (from
// Apple's file name, in any case) with the MDM certificates it is
// encrypted for (servers of one name for two MDMs are not one), a content
// token's organization and location (from the file name, without a
// browser's " (1)"), a push certificate's topic (a renewal keeps it). ""
// when the report names none, or not when it was made (MadeAt).
func CredentialKey(r Report) string {
	switch {
	case r.Kind == KindDEP && r.Server != "" && !r.Downloaded.IsZero():
		key := "dep\x00" + strings.ToLower(r.Server)
		for _, rc := range r.Recipients {
			key += "\x00" + rc.Issuer + "\x00" + rc.Serial
		}
		return key
	case r.Kind == KindVPP && r.HasExpiry():
		if loc := strings.ToLower(r.LocationName()); loc != "" {
			return "vpp\x00" + r.Org + "\x00" + loc
		}
	case r.Kind == KindPush && r.Topic != "" && r.HasExpiry():
		return "push\x00" + r.Topic
	}
	return ""
}

// MadeAt is when a token was made, to tell the newest of one credential:
// its download (DEP, from Apple's file name), else a year before its
// expiry (a content token or push certificate lasts a year); zero when
// not known.
func MadeAt(r Report) time.Time {
	switch {
	case r.Kind == KindDEP:
		return r.Downloaded
	case r.HasExpiry():
		return r.Expires.AddDate(-1, 0, 0)
	}
	return time.Time{}
}

// Severity reports how bad a status is: expiring, stale, unverified and
// repaired warn, the rest of the non-ok statuses are problems (a replaced
// token no longer works; a check of a folder counts it as fine, since the
// one that replaced it is there).
func (s Status) Severity() Severity {
	switch s {
	case StatusOK:
		return SeverityOK
	case StatusExpiring, StatusStale, StatusUnverified, StatusRepaired:
		return SeverityWarning
	default:
		return SeverityProblem
	}
}

// Options say what is expected of a file and against what it is judged.
type Options struct {
	// Now is the moment expiry is judged against. Required.
	Now time.Time
	// Expect is the kind that should be there; empty accepts any token kind.
	Expect Kind
	// Fresh says the file should be a new download (wizard, check --fresh).
	Fresh bool
	// WarnDays is the warning window before expiry; 0 means DefaultWarnDays.
	WarnDays int
	// Cert is the MDM's certificate; with it a DEP token is checked to be
	// encrypted for this MDM server.
	Cert *x509.Certificate
	// Key is the MDM's private key; with Cert it decrypts a DEP token to read
	// its exact expiry.
	Key *rsa.PrivateKey
	// PushKey is the MDM's private key for the push certificate; a push
	// certificate for another key is reported.
	PushKey *rsa.PrivateKey
	// Replaces is the report on the credential being replaced (last year's
	// push certificate, content token or server token); a file that is not
	// the same credential renewed is a mismatch.
	Replaces *Report
}

// Recipient is one recipient of a DEP token's envelope.
type Recipient struct {
	Issuer string // issuer distinguished name of the recipient certificate
	Serial string // serial number in hexadecimal as openssl shows it, e.g. "01" or "70FEDDC7D5AFA393"
}

// Secret is a credential found in a token, masked.
type Secret struct {
	Name   string // e.g. "token", "consumer_key", "access_secret"
	Masked string // at most a few characters at each end
}

// Report is everything known about one file. It never holds a full token or
// a decrypted secret.
type Report struct {
	File   string // path or name as given
	Kind   Kind
	Status Status

	Org      string // VPP: organization name from the token
	Location string // VPP: location from the file name (a hint only)
	Server   string // DEP: MDM server name from Apple's file name
	Topic    string // push: the push topic (the subject's UID)

	CommonName string // certificate, push: the subject's common name (push: APSP:<uuid>)
	Serial     string // certificate, push: serial number in hexadecimal
	Issuer     string // certificate, push: the issuer's distinguished name

	Expires          time.Time // zero when unknown
	ExpiresEstimated bool      // expiry inferred (DEP download time + 1 year)
	DaysLeft         int       // DaysLeft(Expires, Options.Now); meaningful only when Expires is set
	Downloaded       time.Time // DEP: download time from Apple's file name, zero when unknown

	Encoding   string      // how the content is wrapped, e.g. "S/MIME, base64", "DER", "PEM"
	Cipher     string      // DEP: content-encryption algorithm, e.g. "AES-256-CBC"
	Recipients []Recipient // DEP: who the envelope is encrypted for
	Decrypted  bool        // DEP: payload decrypted with the given key
	Secrets    []Secret    // masked credentials

	Message string   // one line: what this file is
	Action  string   // one line: what to do
	Notes   []string // further remarks: name/content disagreements, delivery format

	Size   int64  // bytes in the file
	SHA256 string // hex digest of the content (empty when not read)
}

// HasExpiry reports whether the expiry is known (exactly or estimated).
func (r Report) HasExpiry() bool { return !r.Expires.IsZero() }

// ExpiryFromNow says in words when the expiry is, seen from now: "in 12
// days", "today" or "3 days ago", counting DaysLeft; empty when the expiry
// is unknown. Every output of the program words it this way.
func (r Report) ExpiryFromNow(now time.Time) string {
	if !r.HasExpiry() {
		return ""
	}
	return DaysFromNow(r.Expires, now)
}
