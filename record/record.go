// Package record writes what a token renewal leaves behind: a Markdown record
// of the renewal and an iCalendar (.ics) reminder for the next one. It is pure
// Go with no UI. A Renewal holds only names, dates and the file's SHA-256
// digest: never a token or a decrypted credential.
package record

import (
	"errors"
	"fmt"
	"os"
	"os/user"
	"strings"
	"time"

	"github.com/mdmtoken/mdmtoken/token"
)

// RenewDaysBefore is how many days before expiry the reminder falls.
const RenewDaysBefore = 30

// ErrNoExpiry is returned when a calendar reminder is asked for a renewal
// whose new expiry is unknown.
var ErrNoExpiry = errors.New("record: new expiry unknown, no calendar reminder")

// Renewal is one completed (or attempted) token renewal. It must never hold a
// token or secret; FileName is reduced to its base name wherever it is used.
type Renewal struct {
	Kind        token.Kind
	KindName    string // e.g. "VPP content token (Apps and Books)"; empty uses a default for Kind
	ApplePortal string // e.g. "Apple Business Manager"
	MDMPortal   string // e.g. "Relution"

	AppleID  string // --apple value for the reminder's command line
	PortalID string // --portal value for the reminder's command line

	Org      string // organization (VPP), MDM server (DEP) or push topic (push), may be empty
	Location string // VPP: the location the content token is for; empty if unknown
	FileName string // the uploaded file; only its base name is written
	SHA256   string // hex digest of the uploaded file

	OldExpiry          time.Time // zero if unknown
	OldReset           time.Time // when the old token stopped working before it would have expired (a new download reset it); zero if not
	NewExpiry          time.Time // zero if unknown (then no reminder)
	NewExpiryEstimated bool      // NewExpiry is inferred, not read from the token

	User string    // OS user who renewed
	Host string    // optional host name
	When time.Time // when the renewal was done

	Checks      []string // checks that passed, e.g. "content is a DEP server token"
	ServerCheck string   // DEP: how the token was checked to be for this server, or why not
	TopicCheck  string   // push: how the certificate's topic was compared with the one in use, or that it was not
	// VPP: whether the location was checked against the one renewed, or why not
	LocationCheck string
	AlsoToDo      []string // other servers' or locations' tokens downloaded in this renewal, each to upload too
	// UsedAnyway is the file's verdict when it was used despite a warning
	// (its status and why, e.g. an old download); empty when it was fine.
	UsedAnyway string
	Accepted   bool // the MDM portal accepted the file
}

// RenewAt is the day to renew a token expiring at expiry: RenewDaysBefore
// days earlier, in expiry's location. A zero expiry gives a zero time.
func RenewAt(expiry time.Time) time.Time {
	if expiry.IsZero() {
		return time.Time{}
	}
	return expiry.AddDate(0, 0, -RenewDaysBefore)
}

// RenewOn is the day the reminder for a token expiring at expiry falls, as
// of now: RenewAt, or the day after now when that day is not after now (a
// token put to use with less than RenewDaysBefore days left).
func RenewOn(expiry, now time.Time) time.Time {
	if renewDue(expiry, now) {
		return now.AddDate(0, 0, 1)
	}
	return RenewAt(expiry)
}

// RenewWhen says, as of now, when to renew a token expiring at expiry:
// "by 2027-11-04", or "now: it expires within 30 days" when that day is
// not after now.
func RenewWhen(expiry, now time.Time) string {
	if renewDue(expiry, now) {
		return fmt.Sprintf("now: it expires within %d days", RenewDaysBefore)
	}
	return "by " + dateText(RenewAt(expiry))
}

// renewDue reports whether the renew-by day of a token expiring at expiry
// is not after now.
func renewDue(expiry, now time.Time) bool {
	at := RenewAt(expiry)
	return !at.IsZero() && !at.After(now)
}

// CurrentUser is the name of the OS user running the program, from os/user
// with $USER (then $USERNAME) as fallback; empty when none is known.
func CurrentUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, v := range []string{"USER", "USERNAME"} {
		if s := strings.TrimSpace(os.Getenv(v)); s != "" {
			return s
		}
	}
	return ""
}

// kindName is the display name of the token, from KindName or a default.
func (r Renewal) kindName() string {
	if s := clean(r.KindName); s != "" {
		return s
	}
	switch r.Kind {
	case token.KindVPP:
		return "VPP content token (Apps and Books)"
	case token.KindDEP:
		return "DEP server token (Automated Device Enrollment)"
	case "":
		return "MDM token"
	}
	return clean(string(r.Kind)) + " token"
}

// orgLabel names what Org is for this kind.
func (r Renewal) orgLabel() string {
	switch r.Kind {
	case token.KindDEP:
		return "MDM server"
	case token.KindPush:
		return "Push topic"
	}
	return "Organization"
}

// target is what the token is for: the organization or server, with the
// location when known, else the MDM portal, else empty.
func (r Renewal) target() string {
	if s := r.forWhom(); s != "" {
		return s
	}
	return clean(r.MDMPortal)
}

// forWhom is the organization or server, with the location when known, e.g.
// "Example School (Main Campus)"; empty when neither is known.
func (r Renewal) forWhom() string {
	org, loc := clean(r.Org), clean(r.Location)
	switch {
	case loc == "":
		return org
	case org == "":
		return "location " + loc
	}
	return org + " (" + loc + ")"
}

// fileBase is the base name of FileName, whichever separator it uses.
func (r Renewal) fileBase() string {
	s := strings.TrimSpace(r.FileName)
	s = strings.TrimRight(s, `/\`)
	if i := strings.LastIndexAny(s, `/\`); i >= 0 {
		s = s[i+1:]
	}
	return clean(s)
}

// Command is the mdmtoken command line that walks through this renewal again.
func (r Renewal) Command() string {
	parts := []string{"mdmtoken", "--kind", shellQuote(clean(string(r.Kind)))}
	if s := clean(r.AppleID); s != "" {
		parts = append(parts, "--apple", shellQuote(s))
	}
	if s := clean(r.PortalID); s != "" {
		parts = append(parts, "--portal", shellQuote(s))
	}
	return strings.Join(parts, " ")
}

// shellQuote quotes s for a POSIX shell when it holds anything but plain
// characters.
func shellQuote(s string) string {
	if s == "" {
		return "''"
	}
	plain := true
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_./=:@+,", c)) {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// clean makes s safe for the record, on one line: runs of white space
// (line breaks included) as one space, then what token.Printable leaves.
func clean(s string) string {
	return token.Printable(strings.Join(strings.Fields(s), " "))
}

const (
	dateFormat = "2006-01-02"
	timeFormat = "2006-01-02 15:04 MST"
)
