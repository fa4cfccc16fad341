package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/mdmtoken/mdmtoken/token"
)

// statusBadge is a status in words with a symbol, so that it reads without
// color too.
func statusBadge(st styles, s token.Status) string {
	switch s.Severity() {
	case token.SeverityOK:
		return st.statusOK.Render("✓ " + statusWord(s))
	case token.SeverityWarning:
		return st.statusWrn.Render("! " + statusWord(s))
	default:
		return st.statusBad.Render("✗ " + statusWord(s))
	}
}

// statusWord is a status in capitals, e.g. "WRONG SERVER".
func statusWord(s token.Status) string {
	return strings.ToUpper(strings.ReplaceAll(string(s), "-", " "))
}

// fact is one "Label: value" line about a report. Minor facts may be left
// out when space is short.
type fact struct {
	label, value string
	minor        bool
}

func (f fact) render(st styles) string {
	return st.label.Render(f.label+": ") + token.Printable(f.value)
}

// facts are what a report tells about a file, main ones first in reading
// order: whom it is for, its expiry, then when it was downloaded and how it
// is encrypted (minor).
func facts(r token.Report, now time.Time) []fact {
	var out []fact
	add := func(label, value string, minor bool) {
		if value != "" {
			out = append(out, fact{label, value, minor})
		}
	}
	add("Organization", r.Org, false)
	add("Location", r.Location, false)
	add("Server", r.Server, false)
	switch {
	case r.HasExpiry() && r.Kind == token.KindCertificate:
		add("Valid until", expiryText(r, now), false)
	case r.HasExpiry():
		add("Expires", expiryText(r, now), false)
	}
	if !r.Downloaded.IsZero() {
		add("Downloaded", dateOnly(r.Downloaded)+" ("+ago(r.Downloaded, now)+")", true)
	}
	add("Encryption", r.Cipher, true)
	return out
}

// expiryText is the expiry date with days left and how it is known.
func expiryText(r token.Report, now time.Time) string {
	s := dateOnly(r.Expires)
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

// ago says how long before now t was, in days.
func ago(t, now time.Time) string {
	days := -token.DaysLeft(t, now)
	switch {
	case days <= 0:
		return "today"
	case days == 1:
		return "yesterday"
	}
	return plural(days, "day") + " ago"
}

func plural(n int, unit string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", unit)
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// tokenFor says whom a token is for, to match against the portal's entry:
// organization and location (VPP) or MDM server (DEP).
func tokenFor(r token.Report) string {
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
