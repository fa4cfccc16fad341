package plain

import (
	"fmt"

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

// sourceLine names a source with its date; its address goes on a line of
// its own.
func sourceLine(src steps.Source) string {
	if src.Date == "" {
		return src.Title
	}
	return src.Title + " (" + src.Date + ")"
}
