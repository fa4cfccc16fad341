package token

import (
	"crypto/x509"
	"fmt"
	"strings"
	"time"
)

// The one-line messages (what a file is) and actions (what to do).

const (
	certWhere     = "the MDM server's settings in Apple Business/School Manager"
	portalName    = "Apple Business/School Manager"
	depWhere      = "Your MDM Servers (new Apple Business: Devices > Management Services)"
	depWhereShort = "Your MDM Servers / Management Services"
	vppWhere      = "Settings > Payments & Billing > Apps & Books"
	resetWarning  = "downloading a new token resets the old one, so upload the new file right away"
	pickToken     = "Pick the file itself: the *_smime.p7m from " + depWhereShort + " for DEP, sToken_for_<Location>.vpptoken from Payments & Billing for VPP, " +
		"or the push certificate's " + pushFile + " from Apple's Push Certificates Portal."
)

func fmtDate(t time.Time) string { return t.UTC().Format("2006-01-02") }

// date is t's date in the time zone of Options.Now (UTC without it), the
// zone DaysLeft counts in, so a date and the count next to it agree.
func (a *analysis) date(t time.Time) string {
	if a.opts.Now.IsZero() {
		return fmtDate(t)
	}
	return t.In(a.opts.Now.Location()).Format("2006-01-02")
}

// vppFileName is the expected VPP file name for the report's location.
func vppFileName(loc string) string {
	if loc == "" {
		loc = "<Location>"
	}
	return "sToken_for_" + loc + ".vpptoken"
}

// inDays phrases a day count relative to now.
func inDays(d int) string {
	switch {
	case d == 0:
		return "today"
	case d == 1:
		return "in 1 day"
	case d > 1:
		return fmt.Sprintf("in %d days", d)
	case d == -1:
		return "1 day ago"
	}
	return fmt.Sprintf("%d days ago", -d)
}

// dayCount phrases a positive number of days.
func dayCount(d int) string {
	switch {
	case d < 1:
		return "less than a day"
	case d == 1:
		return "1 day"
	}
	return fmt.Sprintf("%d days", d)
}

// subjectText names the token for messages, e.g. `VPP content token for "Org"`.
func (a *analysis) subjectText() string {
	r := a.r
	switch r.Kind {
	case KindVPP:
		s := "VPP content token"
		if r.Org != "" {
			s += " for " + quoteValue(r.Org)
		}
		if r.Location != "" {
			s += " (location " + quoteValue(r.Location) + ")"
		}
		return s
	case KindDEP:
		s := "DEP server token"
		if r.Server != "" {
			s += " for MDM server " + quoteValue(r.Server)
		}
		return s
	case KindCertificate:
		return "MDM certificate (" + a.certName + ")"
	case KindPush:
		return a.pushSubject()
	case KindPrivateKey:
		return "private key (" + a.keyName + ")"
	}
	return "file"
}

// expiryText phrases the expiry, e.g. "expires 2027-05-30 (estimated: ...)".
func (a *analysis) expiryText(verb string) string {
	r := a.r
	if !r.HasExpiry() {
		return "expiry unknown"
	}
	s := verb + " " + a.date(r.Expires)
	if r.ExpiresEstimated {
		s = verb + " about " + a.date(r.Expires) + " (estimated: download date + 1 year)"
	}
	if !a.opts.Now.IsZero() {
		s += ", " + r.ExpiryFromNow(a.opts.Now)
	}
	return s
}

// --- ok, expiring, expired, stale ---

func (a *analysis) msgOK() verdict {
	r := a.r
	switch r.Kind {
	case KindVPP:
		return verdict{
			a.subjectText() + ", " + a.expiryText("expires") + ".",
			"Upload it to the MDM's existing Apps and Books (VPP) token entry for this location (Edit/Update/Renew, not a new entry).",
		}
	case KindDEP:
		m := a.subjectText()
		if r.Decrypted {
			m += ", decrypted with the MDM's key"
		}
		m += ", " + a.expiryText("expires")
		if a.notDecrypt != "" {
			m += "; not decrypted: " + a.notDecrypt
		}
		m += "."
		if !r.Decrypted && a.forThisMDM {
			m += " " + a.recipientSentence()
		}
		return verdict{m, a.depUploadAction()}
	case KindCertificate:
		return verdict{"This is the " + a.subjectText() + ", its public key, " + a.expiryText("valid until") + ".",
			"Upload it to Apple only when creating an MDM server or replacing its key (" + certWhere + "); it is never uploaded to the MDM as a token."}
	case KindPrivateKey:
		return verdict{"This is the MDM's " + a.subjectText() + ".",
			"Keep it on the MDM: never upload or share it with anyone, Apple included."}
	case KindPKCS7:
		return verdict{"This is a PKCS#7 file with " + a.p7Name + ".", "No action needed for a token renewal."}
	case KindPush:
		return a.msgPushOK()
	case KindPushRequest:
		return a.msgPushRequest()
	case KindPKCS12:
		return msgPKCS12()
	}
	return verdict{"This file is not a token.", pickToken}
}

// ServerNotChecked starts the note on a DEP server token checked without
// the MDM's certificate: the front end that checks the server itself (the
// wizard's server check) leaves the note out.
const ServerNotChecked = "Not checked: which MDM server it is for."

// recipientSentence says what a matching certificate proves, and what not.
func (a *analysis) recipientSentence() string {
	c := a.opts.Cert
	return "Its recipient matches the issuer and serial of this MDM's certificate (" + dnString(c.RawIssuer) + ", " +
		serialPhrase(c.SerialNumber) + "); only the MDM's private key proves that the MDM can decrypt it."
}

// depUploadAction says to upload a usable DEP token; it speaks of a reset
// previous token only for a download of the last few days.
func (a *analysis) depUploadAction() string {
	now := a.opts.Now
	if !a.downloaded.IsZero() && !now.IsZero() && now.Sub(a.downloaded) <= StaleDEPDays*24*time.Hour && a.downloaded.Sub(now) < 24*time.Hour {
		return "Upload it to the MDM's Automated Device Enrollment (DEP) token for this server now: downloading it already reset the previous token."
	}
	m := "If the MDM does not use this token yet, upload it to the MDM's Automated Device Enrollment (DEP) token for this server"
	if d := a.r.Downloaded; !d.IsZero() {
		m += fmt.Sprintf(" (downloaded %s)", a.date(d))
	}
	return m + "; only the newest token downloaded for a server works."
}

// msgUnverified says that a token's expiry could not be established, why,
// and how to establish it.
func (a *analysis) msgUnverified() verdict {
	m := a.subjectText()
	if !a.futureName.IsZero() {
		m += ": its expiry is unknown, so it may have expired long ago. The download time in its file name, " + a.date(a.futureName) +
			", is in the future (the name was changed, or this computer's clock is wrong), so it dates nothing, and"
	} else {
		m += ": its expiry is unknown, so it may have expired long ago. The file name is not Apple's <Server>_Token_<download time>_smime.p7m, which dates the download, and"
	}
	switch {
	case a.notDecrypt != "":
		m += " the token was not decrypted: " + a.notDecrypt + "."
	default:
		m += " without the MDM's private key the token cannot be decrypted to read its expiry."
	}
	if a.forThisMDM {
		m += " " + a.recipientSentence()
	}
	act := "To know its expiry, check it with the MDM's certificate and private key (--cert and --key), or check Apple's download under its original name; upload it only once you know it is this server's current token."
	if a.opts.Key != nil {
		act = "To know its expiry, check Apple's download under its original name (<Server>_Token_<download time>_smime.p7m); upload it only once you know it is this server's current token."
	}
	return verdict{m, act}
}

// msgNotDecrypted is the verdict on a server token that the key given
// did not decrypt although its expiry is known from Apple's file name:
// what the key was given to prove, that the MDM can open it, is unknown.
func (a *analysis) msgNotDecrypted() verdict {
	m := a.subjectText() + ", " + a.expiryText("expires") + "; but it was not decrypted with the key given: " + a.notDecrypt +
		", so whether the MDM can open it is not known."
	act := "Upload it only once you know it is Apple's original download for this server: mdmtoken could not prove that the MDM's key opens it."
	switch {
	case a.keyMismatch:
		act = "Check it again with the MDM's certificate and the private key that belongs to it (--cert and --key)."
	case a.cipherUnsupported:
		act = "Upload it only once you know it is Apple's original download for this server: Apple encrypts server tokens with AES-128-CBC, which mdmtoken decrypts, " +
			"and an MDM may not read another cipher either."
	}
	return verdict{m, act}
}

// msgRepaired is the verdict on a token that could only be read by
// repairing it: the MDM will probably reject this copy.
func (a *analysis) msgRepaired() verdict {
	ok := a.msgOK()
	return verdict{
		strings.TrimSuffix(ok.message, ".") + "; but this copy is not as Apple delivers it, and the MDM will probably reject it.",
		"Upload Apple's original download of this token, unchanged, not this copy.",
	}
}

// repairNote lists what had to be repaired to read the file.
func repairNote(repairs []string) string {
	return "To read this file mdmtoken had to repair it: " + strings.Join(repairs, "; ") +
		". The MDM will probably reject this copy (Fleet, nanodep and MicroMDM read these files strictly): upload Apple's original download."
}

func (a *analysis) msgExpiring() verdict {
	v := verdict{a.subjectText() + " " + a.expiryText("expires") + ": renew it soon.", a.renewAction()}
	return v
}

func (a *analysis) msgExpired() verdict {
	if a.r.Kind == KindPush {
		return a.msgPushExpired()
	}
	m := a.subjectText() + " " + a.expiryText("expired") + ": it no longer works."
	if a.r.ExpiresEstimated {
		m = a.subjectText() + " " + a.expiryText("expired") + ": it has most likely stopped working."
	}
	return verdict{m, a.renewAction()}
}

func (a *analysis) renewAction() string {
	r := a.r
	switch r.Kind {
	case KindVPP:
		return "Download a new content token in " + portalName + " > " + vppWhere + " (" + vppFileName(r.Location) + ") and upload it to the MDM's existing token entry."
	case KindDEP:
		srv := "the server"
		if r.Server != "" {
			srv = quoteValue(r.Server)
		}
		return "Download a new token in " + portalName + " > " + depWhere + " > " + srv + " > Download Token; " + resetWarning + " (*_smime.p7m)."
	case KindCertificate:
		return "Ask the MDM for a new public key and upload it to the MDM server in " + portalName + " (Edit > Replace Certificate) before downloading a token."
	case KindPush:
		return a.pushRenewAction()
	}
	return pickToken
}

// lastYearWithin is how close to a year old (in days) a stale token must be
// to be called last year's file.
const lastYearWithin = 60

func (a *analysis) msgStale(daysSinceDownload int) verdict {
	r := a.r
	// A token about a year old is most likely last year's; a younger one is
	// still an older download than the one just made.
	old := "it is an older download still in Downloads, not the one just made"
	if (r.Kind == KindVPP && r.DaysLeft < lastYearWithin) || (r.Kind == KindDEP && daysSinceDownload > 365-lastYearWithin) {
		old = "it looks like last year's file still in Downloads, not a new download"
	}
	if r.Kind == KindPush {
		old = "it is an older certificate, not one renewed just now (a renewal is valid for a year from the day it is made)"
		if r.DaysLeft < lastYearWithin {
			old = "it looks like last year's certificate, not the renewal"
		}
		return verdict{
			fmt.Sprintf("This APNs push certificate expires %s, only %s away: %s.", a.date(r.Expires), dayCount(r.DaysLeft), old),
			"Use the " + pushFile + " that " + pushPortal + " gave after Renew (the newest, maybe with \" (1)\" in its name), or renew the certificate there now.",
		}
	}
	if r.Kind == KindVPP {
		return verdict{
			fmt.Sprintf("%s expires %s, only %s away: %s.", a.subjectText(), a.date(r.Expires), dayCount(r.DaysLeft), old),
			"Download a new content token from " + vppWhere + " and use the newest " + vppFileName(r.Location) + " (browsers add \" (1)\" to repeated downloads).",
		}
	}
	return verdict{
		fmt.Sprintf("%s was downloaded on %s, %s: %s.", a.subjectText(), a.date(a.downloaded), inDays(-daysSinceDownload), old),
		"Use the *_smime.p7m you just downloaded (the newest one, maybe with \" (1)\" in its name), or download a new token from " + depWhere + "; " + resetWarning + ".",
	}
}

// --- wrong kind ---

func (a *analysis) msgWrongKind(expect Kind) verdict {
	r := a.r
	switch {
	case expect == KindPush && r.Kind == KindPushRequest:
		v := a.msgPushRequest()
		return verdict{v.message + " It is not the push certificate: that is the .pem Apple gives back.", v.action}
	case expect == KindPush && r.Kind == KindCertificate:
		return verdict{
			"This is an X.509 certificate (" + a.certName + "), not an APNs push certificate from Apple: it has no push topic and is not issued by Apple's push CA. An MDM's public key for Automated Device Enrollment looks like this; it is uploaded to Apple when creating an MDM server or replacing its key.",
			a.tokenAction(expect),
		}
	case r.Kind == KindPush:
		v := "This is an " + a.pushSubject() + ", not " + expectPhrase(expect) + ": it goes to the MDM's push certificate (APNs) settings."
		if expect == "" {
			v = "This is an " + a.pushSubject() + "."
		}
		return verdict{v, a.tokenAction(expect)}
	case r.Kind == KindPushRequest:
		return a.msgPushRequest()
	case r.Kind == KindPKCS12:
		v := msgPKCS12()
		if expect != "" && expect != KindPush {
			return verdict{strings.TrimSuffix(v.message, ".") + ", not " + expectPhrase(expect) + ".", a.tokenAction(expect)}
		}
		return v
	case r.Kind == KindVPP && expect == KindDEP:
		return verdict{
			"This is an Apps and Books (VPP) content token, not a DEP server token: the MDM's DEP upload would reject it as \"Invalid Token\" / \"Invalid file uploaded\".",
			"For DEP upload the *_smime.p7m server token from " + portalName + " > " + depWhere + " > Download Token.",
		}
	case r.Kind == KindDEP && expect == KindVPP:
		return verdict{
			"This is a DEP (Automated Device Enrollment) server token, not a VPP content token: the MDM's VPP upload would reject it as \"Invalid Token\" / \"Invalid file uploaded\".",
			"For VPP upload " + vppFileName("") + " from " + portalName + " > " + vppWhere + " (content token).",
		}
	case r.Kind == KindCertificate:
		return verdict{
			"This is an X.509 certificate (" + a.certName + "), not a token and not an APNs push certificate (no push topic, not issued by Apple). " +
				"If it is the MDM's public key for Automated Device Enrollment, it is uploaded to Apple when creating an MDM server or when replacing its key, and never uploaded to the MDM as a token.",
			a.tokenAction(expect),
		}
	case r.Kind == KindPrivateKey:
		return verdict{
			"This is a private key (" + a.keyName + "): the MDM's secret, which must never be uploaded or shared.",
			"Never upload or share this file, not even with Apple; " + lowerFirst(a.tokenAction(expect)),
		}
	case r.Kind == KindPKCS7:
		return verdict{
			"This is a PKCS#7 file with " + a.p7Name + ", not an encrypted DEP server token.",
			"Download the server token (*_smime.p7m) from " + portalName + " > " + depWhere + ".",
		}
	}
	return verdict{
		"This is " + kindPhrase(r.Kind) + ", not " + expectPhrase(expect) + " as expected here.",
		a.tokenAction(expect),
	}
}

// tokenAction tells which file to use for the expected kind.
func (a *analysis) tokenAction(expect Kind) string {
	switch expect {
	case KindDEP:
		return "Upload the *_smime.p7m server token from " + depWhere + " instead."
	case KindVPP:
		return "Upload the content token " + vppFileName("") + " from " + vppWhere + " instead."
	case KindCertificate:
		return "Pick the MDM's certificate (.pem with BEGIN CERTIFICATE) that the MDM offers for download."
	case KindPrivateKey:
		return "Pick the MDM's private key file."
	case KindPush:
		return "Upload the push certificate (" + pushFile + ") downloaded from " + pushPortal + " after renewing, instead."
	}
	if NamedKind(a.r.File) == KindPush {
		// Named like the push certificate: that is the file it was taken for.
		return strings.TrimSuffix(a.tokenAction(KindPush), ".") + "; for a token, the *_smime.p7m from " +
			depWhereShort + " (DEP) or sToken_for_<Location>.vpptoken from Payments & Billing (VPP)."
	}
	return "Upload the token Apple gives you instead: the *_smime.p7m from " + depWhereShort + " for DEP, or sToken_for_<Location>.vpptoken from Payments & Billing for VPP."
}

func expectPhrase(k Kind) string {
	switch k {
	case KindCertificate:
		return "the MDM's certificate"
	case KindPush:
		return "an APNs push certificate"
	case KindPrivateKey:
		return "the MDM's private key"
	}
	return kindPhrase(k)
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// --- wrong server ---

// RecipientsText names the certificates a DEP token is encrypted for:
// "CN=MDM (serial 01)", joined by "and".
func RecipientsText(rs []Recipient) string {
	var parts []string
	for _, r := range rs {
		if r.Serial != "" {
			parts = append(parts, r.Issuer+" (serial "+r.Serial+")")
		} else {
			parts = append(parts, "a "+r.Issuer)
		}
	}
	if len(parts) == 0 {
		return "an unnamed recipient"
	}
	return strings.Join(parts, " and ")
}

const wrongServerAction = "In " + portalName + " > " + depWhere + " pick the server whose name matches the one in the MDM and make sure it has this MDM's current public key: " +
	"if the key was changed, upload the current .pem to that server first (" + certWhere + "), then download its token and upload that; " + resetWarning + "."

// oldKeyCause is the commonest reason for a token made for another key.
const oldKeyCause = "it may also have been downloaded before this MDM's current public key was uploaded to that server in Apple's portal"

func msgDEPWrongServer(rs []Recipient, c *x509.Certificate) *verdict {
	issuer, serial := dnString(c.RawIssuer), serialHex(c.SerialNumber)
	if len(rs) == 1 && rs[0].Issuer == issuer && rs[0].Serial == serial {
		// The same words, other bytes: MDMs find their key by the bytes.
		return &verdict{
			fmt.Sprintf("This token belongs to a different MDM certificate: it is encrypted for %s (serial %s), which reads like this MDM's certificate, "+
				"but the issuer's name is encoded differently (other bytes), so it is another certificate and the MDM does not find its key for it; %s.",
				issuer, serial, oldKeyCause),
			wrongServerAction,
		}
	}
	return &verdict{
		fmt.Sprintf("This token belongs to a different MDM server: it is encrypted for %s, not for this MDM's certificate %s (%s); %s.",
			RecipientsText(rs), dnString(c.RawIssuer), serialPhrase(c.SerialNumber), oldKeyCause),
		wrongServerAction,
	}
}

func msgDEPWrongKey(rs []Recipient) *verdict {
	return &verdict{
		"This token belongs to a different MDM server key: it is encrypted for " + RecipientsText(rs) +
			" like this MDM's certificate, but this MDM's private key cannot open it (another server with the same certificate name and serial, or the MDM's key was regenerated); " +
			oldKeyCause + ".",
		wrongServerAction,
	}
}

func msgDEPNotForKey(rs []Recipient) *verdict {
	return &verdict{
		"This token belongs to a different MDM server: it is encrypted for " + RecipientsText(rs) + ", and this MDM's private key cannot open it; " + oldKeyCause + ".",
		wrongServerAction,
	}
}

// --- invalid: damaged tokens ---

func msgDEPDamaged(why string, cut bool) *verdict {
	m := "This DEP server token is damaged: " + why + "."
	if cut {
		m = "This DEP server token is incomplete: " + why + "."
	}
	return &verdict{m, "Download it again in " + portalName + " > " + depWhere + " > Download Token; " + resetWarning + "."}
}

// msgDEPNameDate is the verdict on a server token whose file name states
// a download time that cannot be real.
func msgDEPNameDate(stamp, problem string) *verdict {
	return &verdict{
		"This DEP server token's file name states a download time that cannot be real: the download time " + stamp + " is not a real date (" + problem + ").",
		"Use Apple's download under the name Apple gave it (<Server>_Token_<download time>_smime.p7m), which dates the download; if there is none, download the token again in " +
			portalName + " > " + depWhere + " > Download Token; " + resetWarning + ".",
	}
}

func msgDEPCorrupt() *verdict {
	return msgDEPDamaged("it is for this MDM, but its encrypted content does not decrypt (the file was changed or corrupted)", false)
}

func msgDEPPayload(why string) *verdict {
	return msgDEPDamaged("it decrypts, but the message inside is not a valid server token ("+why+")", false)
}

func (a *analysis) msgDEPDecryptedFile() *verdict {
	m := "This is a decrypted DEP server token: it holds the token's secrets in clear text, and the MDM takes only the encrypted *_smime.p7m Apple delivers"
	if r := a.r; r.HasExpiry() {
		m += "; its access_token_expiry is " + a.date(r.Expires)
		if now := a.opts.Now; !now.IsZero() {
			m += " (" + r.ExpiryFromNow(now) + ")"
		}
	}
	return &verdict{m + ".",
		"Delete this file, as it holds the secrets in clear text, and upload Apple's encrypted *_smime.p7m instead."}
}

func msgVPPWrapped(wrapper, location string) *verdict {
	return &verdict{
		"This is an Apps and Books (VPP) content token inside " + wrapper + ", not the plain base64 file Apple delivers: the MDM will reject it.",
		"Upload Apple's original " + vppFileName(location) + " unchanged, or download the content token again from " + portalName + " > " + vppWhere + ".",
	}
}

func msgMIMENoToken(mt string, pkcs7Type bool, why string) *verdict {
	if !pkcs7Type {
		return msgMIMEOther(mt)
	}
	return &verdict{
		"This file has the S/MIME headers of a server token, but " + why + ": it holds no token an MDM could read.",
		"Use Apple's original *_smime.p7m download, unchanged (the file as the browser saved it).",
	}
}

func msgVPPDamaged(why string) *verdict {
	return &verdict{
		"This VPP content token is damaged: " + why + ".",
		"Download the content token again from " + portalName + " > " + vppWhere + " (sToken_for_<Location>.vpptoken) and upload the new file.",
	}
}

func msgUTF16(k Kind) *verdict {
	return &verdict{
		"This " + map[Kind]string{KindVPP: "VPP content token", KindDEP: "DEP server token"}[k] + " was re-saved as UTF-16 text (e.g. by Notepad); MDMs expect Apple's original bytes and will likely reject it.",
		"Upload Apple's original file unchanged, or download the token again.",
	}
}

func msgVPPDecoded() *verdict {
	return &verdict{
		"This is the decoded JSON of a VPP content token, not the base64 file Apple delivers.",
		"Upload Apple's original sToken_for_<Location>.vpptoken unchanged, or download it again from " + vppWhere + ".",
	}
}

func msgPKCS7Damaged(what string) *verdict {
	return &verdict{"This is a damaged PKCS#7 file with " + what + ", not a DEP server token.",
		"Download the server token (*_smime.p7m) from " + portalName + " > " + depWhere + "."}
}

func msgCertDamaged() *verdict {
	return &verdict{"This certificate PEM file is damaged and cannot be read.",
		"Download the MDM's public key (.pem) again from the MDM; Apple needs it only when creating an MDM server or replacing its key."}
}

// --- invalid: not a token ---

func msgEmpty() *verdict {
	return &verdict{"The file is empty (0 bytes): the download did not finish or the file was overwritten.",
		"Download the token again from " + portalName + "."}
}

func msgBlank() *verdict {
	return &verdict{"The file holds only blank space, no token.", "Download the token again from " + portalName + "."}
}

func msgTooLarge(size int64) *verdict {
	return &verdict{fmt.Sprintf("The file is too large to be a token (%s; tokens are a few KB).", sizeText(size)), pickToken}
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

func msgZip(entries []string) *verdict {
	if len(entries) == 0 {
		return &verdict{"This is a ZIP archive, not a token.", "Extract it and pick the token inside; " + lowerFirst(pickToken)}
	}
	return &verdict{"This is a ZIP archive, not a token; it contains " + quoteList(entries) + ".",
		"Extract the archive first and pick the *_smime.p7m or .vpptoken file inside."}
}

func quoteList(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = quoteValue(v)
	}
	return strings.Join(q, ", ")
}

func msgOtherFile(what string) *verdict {
	return &verdict{"This is " + what + ", not a token.", pickToken}
}

func msgHTML() *verdict {
	return &verdict{"This is a web page (HTML), probably a sign-in or error page saved instead of the token.",
		"Sign in to " + portalName + " in the browser and download the token again with its Download button (not \"Save Page As\")."}
}

func msgText() *verdict {
	return &verdict{"This is a text file, not a token.", pickToken}
}

func msgBase64Other() *verdict {
	return &verdict{"This is base64 text, but not a VPP or DEP token.", pickToken}
}

func msgMIMEOther(mt string) *verdict {
	if mt == "" {
		mt = "unknown type"
	}
	return &verdict{"This is a MIME message (" + clean(mt) + ") that does not hold a token.", pickToken}
}

func msgPEMDamaged() *verdict {
	return &verdict{"This PEM file is damaged: its BEGIN/END block cannot be read.", pickToken}
}

func msgBarePublicKey() *verdict {
	return &verdict{"This is a bare public key, not a certificate or token.",
		"Apple needs the MDM's certificate (.pem with BEGIN CERTIFICATE) only when creating an MDM server; for a renewal upload the token Apple gives you."}
}

func msgCSR() *verdict {
	return &verdict{"This is a certificate signing request (CSR), not a token.", pickToken}
}

func msgOtherPEM(t string) *verdict {
	return &verdict{"This is a PEM file with a " + t + " block, not a token.", pickToken}
}

func msgUnreadable() *verdict {
	return &verdict{"This file could not be read as a token.", pickToken}
}

func msgFolder() *verdict {
	return &verdict{"This is a folder, not a file.", "Pick the token file inside it (usually in Downloads)."}
}

func msgNotRegular() *verdict {
	return &verdict{"This is not a regular file (a device, pipe or socket).", pickToken}
}

func msgReadError(err error) *verdict {
	switch readErrorKind(err) {
	case "missing":
		return &verdict{"There is no file at this path.", "Check the path; downloaded tokens are usually in the Downloads folder."}
	case "permission":
		return &verdict{"The file cannot be read: permission denied.", "Check the file's permissions, or copy it to a folder you can read."}
	case "locked":
		return &verdict{"The file cannot be read now: " + errLocked.Error() + ".", "Close the program that holds it, or wait until it lets go, and try again."}
	}
	return &verdict{"The file cannot be read (" + clean(err.Error()) + ").", "Copy the file to a local folder and try again."}
}
