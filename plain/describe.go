package plain

import (
	"fmt"
	"time"

	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
)

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
	return fmt.Sprintf("Note: local playbooks have %s; those files were skipped. Details: mdmtoken portals.", renewal.Plural(len(warnings), "problem"))
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
		return renewal.Plural(int(d.Minutes()), "minute") + " ago"
	case d < 48*time.Hour:
		return renewal.Plural(int(d.Hours()), "hour") + " ago"
	default:
		return renewal.Plural(int(d.Hours()/24), "day") + " ago"
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
