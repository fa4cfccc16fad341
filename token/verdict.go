package token

import (
	"path/filepath"
	"time"
)

// StaleVPPDays is the least remaining validity of a freshly downloaded VPP
// token, or of a push certificate just renewed: a new one is valid for a
// year, so one expiring sooner than about eleven months is taken to be an
// old file.
const StaleVPPDays = 335

// StaleDEPDays is the most days since download for a DEP token to count as
// a fresh download.
const StaleDEPDays = 7

// isTokenKind reports whether k is one of the two token kinds.
func isTokenKind(k Kind) bool { return k == KindVPP || k == KindDEP }

// isCredentialKind reports whether k is one of the three credentials an
// MDM renews every year: the two tokens and the push certificate.
func isCredentialKind(k Kind) bool { return isTokenKind(k) || k == KindPush }

// IsWrongKind applies the kind rule: with an expected kind, any other
// recognised kind is wrong; without one, only the yearly credentials (the
// two tokens and the push certificate) are acceptable, so another
// certificate, a private key, a push request or other PKCS#7 is wrong.
// Unreadable or unknown content is never "wrong kind" but invalid.
func IsWrongKind(k, expect Kind) bool {
	if k == KindUnknown {
		return false
	}
	if expect != "" {
		return k != expect
	}
	return !isCredentialKind(k)
}

// DaysLeft is the number of days from now to t, counted in calendar days
// in now's time zone: 0 when t falls on today's date (before or after now),
// 1 tomorrow, -1 yesterday. It is the one count of days every output of the
// program shows (check's text, JSON and Report.DaysLeft, the wizard, the
// history and due), so a count always agrees with the date printed next to
// it and two outputs never disagree about one date. Whether a credential
// has expired is still decided to the second (see Status).
func DaysLeft(t, now time.Time) int {
	ty, tm, td := t.In(now.Location()).Date()
	ny, nm, nd := now.Date()
	// Midnight UTC of each date: Unix seconds are then exact multiples of
	// a day, for any year, without the overflow of time.Duration.
	a := time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC).Unix()
	b := time.Date(ny, nm, nd, 0, 0, 0, 0, time.UTC).Unix()
	return int((a - b) / 86400)
}

// DaysFromNow words DaysLeft the way every output of the program does:
// "in 12 days", "in 1 day", "today", "1 day ago", "3 days ago".
func DaysFromNow(t, now time.Time) string { return inDays(DaysLeft(t, now)) }

// finish decides the status, in the order invalid > wrong-kind >
// wrong-server > invalid for its kind > mismatch > expired > stale >
// unverified > expiring > repaired > ok, and writes the message and action.
func (a *analysis) finish() Report {
	r := &a.r
	opts := a.opts
	if n := nameNote(r.File, r.Kind); n != "" {
		a.note(n)
	}
	if a.invalid == nil && isCredentialKind(r.Kind) && partialSuffix(filepath.Base(r.File)) != "" {
		a.invalid = msgPartial(r.File)
	}
	now := opts.Now
	timed := !now.IsZero()
	if r.HasExpiry() && timed {
		r.DaysLeft = DaysLeft(r.Expires, now)
	}
	warn := opts.WarnDays
	if warn <= 0 {
		warn = DefaultWarnDays
	}
	// Expiry matters for tokens, and for a certificate or key when that is
	// what was asked for.
	judgeTime := timed && r.HasExpiry() && (isCredentialKind(r.Kind) || r.Kind == opts.Expect)
	expired := judgeTime && !now.Before(r.Expires)
	// Expiring counts days as every output shows them: "in 30 days" is
	// within a 30-day window.
	expiring := judgeTime && DaysLeft(r.Expires, now) <= warn
	stale, sinceDownload := false, 0
	if opts.Fresh && timed {
		switch r.Kind {
		case KindVPP, KindPush:
			stale = r.HasExpiry() && r.Expires.Sub(now) < StaleVPPDays*24*time.Hour
		case KindDEP:
			if !a.downloaded.IsZero() {
				sinceDownload = -DaysLeft(a.downloaded, now)
				stale = now.Sub(a.downloaded) > StaleDEPDays*24*time.Hour
			} else if a.invalid == nil {
				a.note("Cannot tell whether this is a fresh download: the file name has no download date and the token was not decrypted.")
			}
		}
	}
	if !timed && r.HasExpiry() {
		a.note("Expiry not judged: no current time was given.")
	}
	readable := isTokenKind(r.Kind) && a.invalid == nil && !IsWrongKind(r.Kind, opts.Expect)
	if readable && len(a.repairs) > 0 {
		a.note(repairNote(a.repairs))
	}

	var mismatch *verdict
	if a.invalid == nil && !IsWrongKind(r.Kind, opts.Expect) {
		mismatch = a.compareReplaced()
	}
	var v verdict
	switch {
	case a.invalid != nil:
		r.Status, v = StatusInvalid, *a.invalid
		if opts.Expect != "" && isCredentialKind(r.Kind) && r.Kind != opts.Expect {
			a.note("Even undamaged it would be the wrong file: " + kindPhrase(r.Kind) + " where " + expectPhrase(opts.Expect) + " is expected.")
		}
	case IsWrongKind(r.Kind, opts.Expect):
		r.Status, v = StatusWrongKind, a.msgWrongKind(opts.Expect)
	case a.wrongServer != nil:
		r.Status, v = StatusWrongServer, *a.wrongServer
	case a.flawed != nil:
		r.Status, v = StatusInvalid, *a.flawed
	case mismatch != nil:
		r.Status, v = StatusMismatch, *mismatch
	case expired:
		r.Status, v = StatusExpired, a.msgExpired()
	case stale:
		r.Status, v = StatusStale, a.msgStale(sinceDownload)
	case isTokenKind(r.Kind) && !r.HasExpiry():
		r.Status, v = StatusUnverified, a.msgUnverified()
	case a.notDecrypt != "":
		r.Status, v = StatusUnverified, a.msgNotDecrypted()
	case expiring:
		r.Status, v = StatusExpiring, a.msgExpiring()
	case len(a.repairs) > 0 && isTokenKind(r.Kind):
		r.Status, v = StatusRepaired, a.msgRepaired()
	default:
		r.Status, v = StatusOK, a.msgOK()
	}
	if a.notDecrypt != "" && r.Status != StatusOK && r.Status != StatusUnverified {
		a.note("Not decrypted: " + a.notDecrypt + ".")
	}
	r.Message, r.Action = v.message, v.action
	return *r
}
