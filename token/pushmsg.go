package token

import (
	"strings"
)

// The messages and actions about APNs push certificates, their requests
// and PKCS#12 bundles.

const (
	pushPortal = "Apple's Push Certificates Portal (identity.apple.com)"
	pushRenew  = "sign in with the Apple ID that created the certificate, find the certificate whose topic matches the one the MDM shows, " +
		"choose Renew (not Create a Certificate, which makes a new topic so that every device must enroll again), upload the request the MDM gives you, " +
		"and upload the new .pem to the MDM"
	pushFile   = "MDM_ <Vendor>_Certificate.pem"
	pushUpload = "Upload it to the MDM's push certificate (APNs) settings, replacing the current certificate; " +
		"it must have the same topic as the one it replaces (compare them with --replaces), or every enrolled device must enroll again."
	// pushUploadCompared is the action once the topic was compared with
	// the certificate it replaces and found the same.
	pushUploadCompared = "Upload it to the MDM's push certificate (APNs) settings, replacing the current certificate: it keeps that certificate's topic."
)

// pushSubject names a push certificate by its topic.
func (a *analysis) pushSubject() string {
	if a.r.Topic == "" {
		return "APNs push certificate"
	}
	return "APNs push certificate for topic " + a.r.Topic
}

func (a *analysis) msgPushOK() verdict {
	action := pushUpload
	if old := a.opts.Replaces; old != nil && old.Kind == KindPush && old.Topic != "" {
		action = pushUploadCompared // a new topic is a mismatch before this
	}
	return verdict{a.pushSubject() + " (" + a.r.CommonName + ", " + serialPhraseHex(a.r.Serial) + "), " + a.expiryText("expires") + ".", action}
}

func (a *analysis) msgPushExpired() verdict {
	return verdict{a.pushSubject() + " " + a.expiryText("expired") + ": the MDM can no longer reach the devices.",
		"Renew it at once in " + pushPortal + ": " + pushRenew + ". Do not count on a grace period."}
}

func (a *analysis) pushRenewAction() string {
	return "Renew it in " + pushPortal + ": " + pushRenew + "."
}

func serialPhraseHex(hex string) string { return "serial " + hex }

func msgPushFlawed(flaws []string) *verdict {
	return &verdict{"This is not a usable APNs push certificate: " + strings.Join(flaws, "; ") + ".",
		"Use the push certificate (" + pushFile + ") downloaded from " + pushPortal + "."}
}

func msgPushKeyMismatch() *verdict {
	return &verdict{"This push certificate does not belong to the push private key given: it was issued for another request, and the MDM would answer \"Invalid certificate\".",
		"In " + pushPortal + " upload the request the MDM made with its current key, then upload the .pem Apple gives back; or give the key that belongs to this certificate."}
}

func msgPushCut(f certFacts) *verdict {
	m := "This APNs push certificate is damaged: the file ends early (the certificate's signature is cut off), so no MDM can use it"
	if f.topic != "" {
		m += "; it reads as the certificate for topic " + clean(f.topic)
	}
	return &verdict{m + ".",
		"Download the certificate again in " + pushPortal + ": find the certificate with this topic and download it; no renewal is needed for that."}
}

func msgPushRequestDamaged(why string) *verdict {
	return &verdict{"This push certificate request is damaged: " + why + ".",
		"Download the push certificate request from the MDM again, then upload it in " + pushPortal + "."}
}

// msgPushRequest says what the request is for and where it goes.
func (a *analysis) msgPushRequest() verdict {
	if a.pushReq != nil && a.pushReq.unsigned {
		return verdict{"This is a certificate signing request (CSR) without an MDM vendor's signature: Apple's Push Certificates Portal takes the vendor-signed request that the MDM gives you (a .plist, .csr or CSR.txt), and no MDM takes this file as a token.",
			"Download the push certificate request from the MDM and upload that in " + pushPortal + "."}
	}
	by := ""
	if a.pushReq != nil && a.pushReq.vendor != "" {
		by = ", signed by " + quoteValue(a.pushReq.vendor)
	}
	return verdict{"This is the push certificate request the MDM made" + by + ": upload it to " + pushPortal + ", not to the MDM.",
		"In " + pushPortal + " choose Renew on the certificate whose topic matches the MDM's (not Create a Certificate), upload this file, and upload the .pem Apple gives back to the MDM."}
}

func msgPKCS12() verdict {
	return verdict{"This is a PKCS#12 bundle (.p12): a password-protected certificate and private key, such as an exported push certificate or a backup. It is not what Apple's Push Certificates Portal downloads (a .pem).",
		"Upload the " + pushFile + " downloaded from " + pushPortal + ", unless the MDM asks for a .p12 and its password; never share the password with the file."}
}
