package plain

import (
	"fmt"
	"strings"
	"time"

	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
)

// statusWord is a status in capitals: "WRONG KIND".
func statusWord(s token.Status) string {
	return strings.ToUpper(strings.ReplaceAll(string(s), "-", " "))
}

// badge is a status as a mark and a word, as the wizard shows it: "✓ OK",
// "! STALE", "✗ WRONG KIND".
func badge(s token.Status) string {
	switch s.Severity() {
	case token.SeverityOK:
		return "✓ OK"
	case token.SeverityWarning:
		return "! " + statusWord(s)
	}
	return "✗ " + statusWord(s)
}

// dateOnly is a date in local time.
func dateOnly(t time.Time) string { return t.Local().Format("2006-01-02") }

// plural counts a unit: "1 day", "3 days".
func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// ago says how long before now t was, in days.
func ago(t, now time.Time) string {
	switch days := int(now.Sub(t).Hours() / 24); {
	case days <= 0:
		return "today"
	case days == 1:
		return "yesterday"
	default:
		return plural(days, "day") + " ago"
	}
}

// expiryText is the expiry date with the days left and how it is known.
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

// fact is one "Label: value" line about a file.
type fact struct{ label, value string }

// facts are what a report tells about a file, in reading order: whom it is
// for, its expiry, when it was downloaded and how it is encrypted.
func facts(r token.Report, now time.Time) []fact {
	var out []fact
	add := func(label, value string) {
		if value != "" {
			out = append(out, fact{label, value})
		}
	}
	add("Organization", r.Org)
	add("Location", r.Location)
	add("Server", r.Server)
	if r.Kind == token.KindPush {
		// What the MDM and Apple's portal show for the certificate.
		add("Push topic", r.Topic)
		add("Common name", r.CommonName)
		add("Serial", r.Serial)
	}
	switch {
	case r.HasExpiry() && r.Kind == token.KindCertificate:
		add("Valid until", expiryText(r, now))
	case r.HasExpiry():
		add("Expires", expiryText(r, now))
	}
	if !r.Downloaded.IsZero() {
		add("Downloaded", dateOnly(r.Downloaded)+" ("+ago(r.Downloaded, now)+")")
	}
	add("Encryption", r.Cipher)
	return out
}

// tokenFor says whom a token is for, to match against the portal's entry:
// organization and location (VPP), MDM server (DEP) or push topic (push).
func tokenFor(r token.Report) string {
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

// renewDesc says in one line what renewing a credential is about.
func renewDesc(k token.Kind) string {
	switch k {
	case token.KindVPP:
		return "Apps and Books: sToken_for_<Location>.vpptoken, from Payments & Billing. Keeps app licenses flowing."
	case token.KindDEP:
		return "Automated Device Enrollment: <Server>_Token_<time>_smime.p7m, per MDM server. Keeps new devices enrolling."
	case token.KindPush:
		return "The MDM's APNs certificate (.pem), from Apple's Push Certificates Portal. Keeps the MDM reaching its devices."
	}
	return k.FileName()
}

// playbookNote says that local playbooks were skipped for mistakes.
func playbookNote(warnings []string) string {
	if len(warnings) == 0 {
		return ""
	}
	return fmt.Sprintf("Note: local playbooks have %s; those files were skipped. Details: mdmtoken portals.", plural(len(warnings), "problem"))
}

// describePlace says in words where a saved renewal stood.
func describePlace(p renewal.Place, catalog *steps.Catalog) string {
	kind := p.Kind.Noun()
	g, err := catalog.Guide(p.Kind, p.Apple, p.Portal)
	if err != nil {
		return kind
	}
	var where string
	switch p.Stage {
	case renewal.StageCaveats:
		where = "before the first step"
	case renewal.StageAppleSteps:
		where = fmt.Sprintf("%s step %d of %d", g.Apple.Name, p.Step+1, len(g.AppleSteps))
	case renewal.StagePicker, renewal.StagePaste:
		where = "choosing the downloaded file"
	case renewal.StageVerdict:
		where = "checking the downloaded file"
	case renewal.StagePortalSteps:
		where = fmt.Sprintf("%s step %d of %d", g.Portal.Name, p.Step+1, len(g.PortalSteps))
	case renewal.StageRequestSteps:
		where = fmt.Sprintf("%s step %d of %d, getting the request file", g.Portal.Name, p.Step+1, len(g.BeforeSteps))
	case renewal.StageConfirm:
		where = "confirming the upload"
	}
	return fmt.Sprintf("%s, %s to %s, %s", kind, g.Apple.Name, g.Portal.Name, where)
}

// since says how long before now t was, in minutes, hours or days.
func since(t, now time.Time) string {
	switch d := now.Sub(t); {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return plural(int(d.Minutes()), "minute") + " ago"
	case d < 48*time.Hour:
		return plural(int(d.Hours()), "hour") + " ago"
	default:
		return plural(int(d.Hours()/24), "day") + " ago"
	}
}

// sourceLine names a source with its date; its address goes on a line of
// its own.
func sourceLine(src steps.Source) string {
	if src.Date == "" {
		return src.Title
	}
	return src.Title + " (" + src.Date + ")"
}
