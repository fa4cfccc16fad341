package token

import (
	"fmt"
	"strings"
)

// Comparing a credential with the one it replaces (Options.Replaces): a
// renewal keeps the push topic, the organization and location, or the MDM
// server.

// withReplaces makes the replaced credential's kind the expected one when
// no other is asked for.
func withReplaces(o Options) Options {
	if o.Expect == "" && o.Replaces != nil && isCredentialKind(o.Replaces.Kind) {
		o.Expect = o.Replaces.Kind
	}
	return o
}

// compareReplaced returns the mismatch verdict when the file is not the
// same credential as the one it replaces, or not a newer one of it, and
// notes what was compared.
func (a *analysis) compareReplaced() *verdict {
	old := a.opts.Replaces
	r := &a.r
	if old == nil || old.Kind != r.Kind {
		return nil
	}
	switch r.Kind {
	case KindPush:
		if old.Topic != "" && r.Topic != old.Topic {
			return msgPushNewTopic(r.Topic, old.Topic)
		}
	case KindVPP:
		if old.Org != "" && r.Org != "" && old.Org != r.Org {
			return msgVPPOtherOrg(r.Org, old.Org)
		}
		if old.Location != "" && r.Location != "" && !strings.EqualFold(old.Location, r.Location) {
			return msgVPPOtherLocation(r.Location, old.Location)
		}
	case KindDEP:
		if old.Server != "" && r.Server != "" && old.Server != r.Server {
			return msgDEPOtherServer(r.Server, old.Server)
		}
	}
	if old.SHA256 != "" && old.SHA256 == r.SHA256 {
		return msgSameAsReplaced(r.Kind)
	}
	if made, oldMade := MadeAt(*r), MadeAt(*old); !made.IsZero() && !oldMade.IsZero() && !made.After(oldMade) {
		return a.msgNotNewer(old)
	}
	switch r.Kind {
	case KindPush:
		a.note(fmt.Sprintf("It renews the certificate it replaces: the same push topic, %s.", a.newerText(old, r)))
	case KindVPP:
		a.note(fmt.Sprintf("It is for the same organization as the token it replaces, %s.", a.newerText(old, r)))
	case KindDEP:
		if old.Server == "" || r.Server == "" {
			a.note("The MDM server could not be compared with the token it replaces: only Apple's file name (<Server>_Token_<download time>_smime.p7m) names it.")
		} else if !old.Downloaded.IsZero() && !r.Downloaded.IsZero() {
			a.note("It is for the same MDM server as the token it replaces, downloaded " + a.date(r.Downloaded) + " instead of " + a.date(old.Downloaded) + ".")
		}
		if len(old.Recipients) > 0 && len(r.Recipients) > 0 && old.Recipients[0] != r.Recipients[0] {
			a.note("It is encrypted for another certificate than the token it replaces (" + RecipientsText(r.Recipients[:1]) + " instead of " +
				RecipientsText(old.Recipients[:1]) + "): right only if the MDM's public key was changed in Apple's portal.")
		}
	}
	return nil
}

// newerText compares the expiry with the replaced one's, which is earlier
// when both are known (compareReplaced).
func (a *analysis) newerText(old, r *Report) string {
	if !old.HasExpiry() || !r.HasExpiry() {
		return "expiry not compared"
	}
	return "expiring " + a.date(r.Expires) + " instead of " + a.date(old.Expires)
}

func msgSameAsReplaced(k Kind) *verdict {
	return &verdict{
		"This is the same file as the " + k.Noun() + " it replaces (the same content): not a new one.",
		"Check the new " + k.Noun() + " itself, the one " + newWhere(k) + ", against the file the MDM uses now.",
	}
}

// msgNotNewer is the verdict on a credential made no later than the one it
// replaces: an older download or copy, not the renewal.
func (a *analysis) msgNotNewer(old *Report) *verdict {
	r := a.r
	switch r.Kind {
	case KindDEP:
		return &verdict{
			"This server token was downloaded " + a.date(r.Downloaded) + ", not after the token it replaces (downloaded " + a.date(old.Downloaded) +
				"): each download resets the server's earlier tokens, so this one no longer works.",
			"Upload the newest token downloaded for this server, not this one; if the MDM already uses the one it replaces, there is nothing to upload.",
		}
	case KindPush:
		return &verdict{
			"This push certificate expires " + a.date(r.Expires) + ", no later than the one it replaces (" + a.date(old.Expires) + "): it is an older certificate or a copy, not its renewal.",
			"Upload the certificate " + newWhere(r.Kind) + ", which expires a year after the renewal.",
		}
	}
	return &verdict{
		"This content token expires " + a.date(r.Expires) + ", no later than the one it replaces (" + a.date(old.Expires) + "): it is an older download or a copy, not a new one.",
		"Upload the content token " + newWhere(r.Kind) + ", which expires a year after its download.",
	}
}

// newWhere says where the new credential of kind k comes from.
func newWhere(k Kind) string {
	switch k {
	case KindDEP:
		return "downloaded in " + portalName + " > " + depWhere
	case KindPush:
		return "renewed in " + pushPortal
	}
	return "downloaded in " + portalName + " > " + vppWhere
}

func msgPushNewTopic(topic, old string) *verdict {
	return &verdict{
		"This push certificate has the topic " + topic + ", but the one it replaces has " + old +
			": it is a new certificate, not a renewal, and uploading it means every enrolled device must enroll again.",
		"Go back to " + pushPortal + ", find the certificate whose topic (or APSP name) matches the one the MDM shows (" + old + "), and choose Renew, not Create a Certificate. " +
			"If the Apple ID itself must change, ask Apple to move the certificate to the other account instead: devices stay enrolled, and it can take up to 10 business days.",
	}
}

func msgVPPOtherOrg(org, old string) *verdict {
	return &verdict{
		"This content token is for the organization " + quoteValue(org) + ", but the token it replaces is for " + quoteValue(old) + ": it belongs to another organization.",
		"Sign in to " + portalName + " for " + quoteValue(old) + " and download the content token of the location the MDM's entry is for (" + vppWhere + ").",
	}
}

func msgVPPOtherLocation(loc, old string) *verdict {
	return &verdict{
		"This content token's file name says location " + quoteValue(loc) + ", but the token it replaces is for location " + quoteValue(old) + ": it is probably another location's token (the location is known only from the file names).",
		"Download the content token of location " + quoteValue(old) + " in " + portalName + " > " + vppWhere + " and upload it to that location's entry in the MDM.",
	}
}

func msgDEPOtherServer(server, old string) *verdict {
	return &verdict{
		"This server token is for the MDM server " + quoteValue(server) + ", but the token it replaces is for " + quoteValue(old) + ": it belongs to another MDM server.",
		"In " + portalName + " > " + depWhere + " pick the server " + quoteValue(old) + ", download its token and upload that; " + resetWarning + ".",
	}
}
