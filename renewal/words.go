package renewal

import (
	"fmt"
	"strings"
	"time"

	"github.com/mdmtoken/mdmtoken/token"
)

// The words both front ends use about a checked file: its status, its
// facts, its dates. Values come from the file and are shown through
// token.Printable by the front end.

// StatusWord is a status in capitals, e.g. "WRONG SERVER".
func StatusWord(s token.Status) string {
	return strings.ToUpper(strings.ReplaceAll(string(s), "-", " "))
}

// Badge is a status as a mark and a word, so that it reads without color
// too: "✓ OK", "! STALE", "✗ WRONG KIND".
func Badge(s token.Status) string {
	switch s.Severity() {
	case token.SeverityOK:
		return "✓ " + StatusWord(s)
	case token.SeverityWarning:
		return "! " + StatusWord(s)
	}
	return "✗ " + StatusWord(s)
}

// Mark is how a verdict is shown: its badge and how serious it is.
type Mark struct {
	Badge    string
	Severity token.Severity
}

// MarkOf is a status's mark.
func MarkOf(s token.Status) Mark { return Mark{Badge(s), s.Severity()} }

// Sentence is an error's text as a sentence shown alone: a capital first,
// a period last.
func Sentence(err error) string {
	s := err.Error()
	if s == "" {
		return s
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// DateOnly is a date in local time.
func DateOnly(t time.Time) string { return t.Local().Format("2006-01-02") }

// OldExpiryText is the expiry of the token a renewal replaces, for its
// summary; once that token was reset (resetAt, before it would have
// expired), it says so: it stopped working then. With the expiry not
// known it says only the reset; empty when neither is known.
func OldExpiryText(expiry, resetAt time.Time) string {
	if expiry.IsZero() {
		if resetAt.IsZero() {
			return ""
		}
		return "unknown; reset " + DateOnly(resetAt) + " by the new download"
	}
	if !resetAt.IsZero() && resetAt.Before(expiry) {
		return "reset " + DateOnly(resetAt) + " by the new download (it was to expire " + DateOnly(expiry) + ")"
	}
	return DateOnly(expiry)
}

// Plural counts a unit: "1 day", "3 days".
func Plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// Ago says how long before now t was, in days.
func Ago(t, now time.Time) string {
	switch days := -token.DaysLeft(t, now); {
	case days <= 0:
		return "today"
	case days == 1:
		return "yesterday"
	default:
		return Plural(days, "day") + " ago"
	}
}

// Since says how long before now t was, in minutes, hours or days.
func Since(t, now time.Time) string {
	switch d := now.Sub(t); {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return Plural(int(d.Minutes()), "minute") + " ago"
	case d < 48*time.Hour:
		return Plural(int(d.Hours()), "hour") + " ago"
	default:
		return Plural(int(d.Hours()/24), "day") + " ago"
	}
}

// ExpiryText is the expiry date with the days left and how it is known.
func ExpiryText(r token.Report, now time.Time) string {
	s := DateOnly(r.Expires)
	switch when := r.ExpiryFromNow(now); {
	case when == "today" && r.Expires.After(now):
		s += " (expires today)"
	case when == "today":
		s += " (expired today)"
	case r.Expires.After(now):
		s += " (" + when + ")"
	default:
		s += " (expired " + when + ")"
	}
	if r.ExpiresEstimated {
		s += ", estimated"
	}
	return s
}

// Fact is one "Label: value" line about a file. A minor fact may be left
// out where room is short.
type Fact struct {
	Label, Value string
	Minor        bool
}

// Facts are what a report tells about a file, in reading order: whom it
// is for (for a push certificate what the MDM and Apple's portal show for
// it), its expiry, when it was downloaded and how it is encrypted.
func Facts(r token.Report, now time.Time) []Fact {
	var out []Fact
	add := func(label, value string, minor bool) {
		if value != "" {
			out = append(out, Fact{label, value, minor})
		}
	}
	add("Organization", r.Org, false)
	if r.Location != "" {
		add("Location", r.Location+" (from the file name)", false)
	}
	add("Server", r.Server, false)
	if r.Kind == token.KindPush {
		add("Push topic", r.Topic, false)
		add("Common name", r.CommonName, true)
		add("Serial", r.Serial, true)
	}
	switch {
	case r.HasExpiry() && r.Kind == token.KindCertificate:
		add("Valid until", ExpiryText(r, now), false)
	case r.HasExpiry():
		add("Expires", ExpiryText(r, now), false)
	}
	if !r.Downloaded.IsZero() {
		add("Downloaded", DateOnly(r.Downloaded)+" ("+Ago(r.Downloaded, now)+")", true)
	}
	add("Encryption", r.Cipher, true)
	return out
}

// For says whom a file is for, to match against the portal's entry:
// organization and location (VPP), MDM server (DEP) or push topic (push).
func For(r token.Report) string {
	if r.Kind == token.KindPush && r.Topic != "" {
		return "push topic " + r.Topic
	}
	var parts []string
	if r.Org != "" {
		parts = append(parts, r.Org)
	}
	if r.Location != "" {
		parts = append(parts, "location "+r.Location)
	}
	if r.Server != "" {
		parts = append(parts, "MDM server "+r.Server)
	}
	return strings.Join(parts, ", ")
}

// ResetBanner is shown while the old token is reset and the new one is
// not uploaded yet; short is one line for a narrow terminal.
func ResetBanner(kind token.Kind, short bool) string {
	switch {
	case short:
		return "The old token is reset: upload now."
	case kind == token.KindVPP:
		return "The location's old content token is already reset: finish the upload now."
	}
	return "The old DEP token is already reset: finish the upload now."
}

// QuitWarning asks before the wizard quits with the old token reset and
// the new one not uploaded.
func QuitWarning(kind token.Kind) string {
	if kind == token.KindVPP {
		return "Quit now? The location's old content token is already reset; the MDM cannot sync its apps and books until the new one is uploaded."
	}
	return "Quit now? The old DEP token is already reset; enrollment stays broken until the new one is uploaded."
}

// DownloadLeft is said when a content token renewal ended at or past
// Apple's download step without the upload; where is the MDM portal's
// name, location the location renewed ("" when not known).
func DownloadLeft(kind token.Kind, where, location string) string {
	what := "the new " + kind.FileName()
	if location != "" {
		what = `the new content token for location "` + token.Printable(location) + `"`
	}
	return "If you downloaded " + what + ", the location's old content token no longer works: upload the new one in " + where + " soon."
}

// ResetLeft is said when the wizard ended with the old token reset and
// the new one not uploaded; where is the MDM portal's name.
func ResetLeft(kind token.Kind, where string) string {
	if kind == token.KindVPP {
		return "Warning: the location's old content token is already reset. Upload the new " + kind.FileName() + " in " + where + " now."
	}
	return "Warning: the old DEP server token is already reset. Upload the new *_smime.p7m in " + where + " now."
}

// UsedAnywayText says, in the summary before the upload is confirmed, what
// follows from the verdict of a file chosen despite its warning.
func UsedAnywayText(r token.Report) string {
	w := " (" + strings.ToLower(StatusWord(r.Status)) + ")"
	switch r.Status {
	case token.StatusStale, token.StatusExpiring:
		return "It is not a new download" + w + ": renew it again soon."
	case token.StatusUnverified:
		if r.HasExpiry() {
			return "It was not decrypted with the key given" + w + ": see that the MDM takes it and shows the new expiry."
		}
		return "Its expiry is unknown" + w + ": see the date the MDM shows once it is uploaded."
	case token.StatusRepaired:
		return "This copy had to be repaired to be read" + w + ": the MDM may reject it."
	case token.StatusMismatch:
		return "It is not named for the one renewed last time" + w + ": make sure it is that one's."
	}
	return "Its verdict was" + w + "."
}
