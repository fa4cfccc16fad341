package token

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// DEP (Automated Device Enrollment) server tokens: a PKCS#7 envelope,
// usually wrapped in S/MIME text, holding a small MIME message with the
// OAuth credentials as JSON between BEGIN/END MESSAGE lines.

const (
	beginMessage = "-----BEGIN MESSAGE-----"
	endMessage   = "-----END MESSAGE-----"
)

// nameFacts takes the server name and download time from Apple's file
// name and estimates the expiry as one year after the download.
func (a *analysis) nameFacts() {
	server, dl, ok := depServer(a.r.File)
	if !ok {
		return
	}
	a.r.Server = server
	if problem := dateProblem(dl); problem != "" {
		a.invalid = msgDEPNameDate(dl.Format(depNameLayout), problem)
		return
	}
	if now := a.opts.Now; !now.IsZero() && dl.After(now.Add(clockSlack)) {
		// Renamed, or this computer's clock is wrong: either way the name
		// dates nothing.
		a.futureName = dl
		return
	}
	a.r.Downloaded = dl
	a.downloaded = dl
	if a.r.Expires.IsZero() {
		a.r.Expires = dl.AddDate(1, 0, 0)
		a.r.ExpiresEstimated = true
	}
}

// inspectDEP fills the report for an enveloped-data PKCS#7.
func inspectDEP(a *analysis, root *berNode, env *envelope, envErr error, encoding string) {
	r := &a.r
	r.Kind = KindDEP
	r.Encoding = encoding
	a.nameFacts()
	if env.cipher.oid != nil {
		r.Cipher = env.cipher.name
	}
	for _, rc := range env.recipients {
		if rc.keyTrans {
			r.Recipients = append(r.Recipients, Recipient{Issuer: rc.issuer, Serial: serialHex(rc.serial)})
		} else {
			r.Recipients = append(r.Recipients, Recipient{Issuer: rc.other})
		}
	}
	switch {
	case envErr != nil:
		a.invalid = msgDEPDamaged("its encrypted structure is incomplete or malformed", false)
		return
	case len(env.recipients) == 0:
		a.invalid = msgDEPDamaged("it names no recipient", false)
		return
	case !env.hasContent || env.ciphertextLen == 0:
		a.invalid = msgDEPDamaged("it holds no encrypted content", false)
		return
	case env.cipher.blockSize > 0 && env.ciphertextLen%env.cipher.blockSize != 0:
		a.invalid = msgDEPDamaged("its encrypted content has an impossible length", false)
		return
	}
	switch encoding {
	case encSMIME:
	case encBase64NoHeaders:
		a.repair("the S/MIME headers that Apple's file starts with are missing")
	default:
		a.repair("it is " + encoding + ", converted from the S/MIME text Apple delivers (*_smime.p7m with Content-Type headers and base64)")
	}
	var matched *recipientInfo
	if c := a.opts.Cert; c != nil {
		for i := range env.recipients {
			if env.recipients[i].matches(c.RawIssuer, c.SerialNumber) {
				matched = &env.recipients[i]
				break
			}
		}
		if matched == nil {
			a.wrongServer = msgDEPWrongServer(a.r.Recipients, c)
			return
		}
		a.forThisMDM = true
		if now := a.opts.Now; !now.IsZero() && !now.Before(c.NotAfter) {
			a.note("The MDM certificate it was checked with expired on " + a.date(c.NotAfter) + ", " + DaysFromNow(c.NotAfter, now) + ". " +
				"Apple does not check the certificate's dates: it takes the certificate for its public key, and a token names its recipient " +
				"by the certificate's issuer and serial only, so the check above still holds.")
		}
	} else if a.opts.Key == nil && len(a.r.Recipients) > 0 {
		a.note(ServerNotChecked + " It is encrypted for " + RecipientsText(a.r.Recipients) +
			"; only the MDM's certificate (--cert) tells whether that is this MDM's server.")
	}
	if a.opts.Key != nil {
		decryptDEP(a, root, env, matched)
	}
	if c := a.opts.Cert; a.forThisMDM && !r.Decrypted && a.invalid == nil && a.wrongServer == nil &&
		bytes.Equal(c.RawIssuer, c.RawSubject) && smallSerial(c.SerialNumber) {
		a.note("This MDM certificate is self-signed with " + serialPhrase(c.SerialNumber) + ", as several MDMs make theirs: " +
			"such serials repeat across MDM servers and key changes, so a token for another server or for an older key has the same recipient. " +
			"Only the MDM's private key tells them apart.")
	}
}

// decryptDEP decrypts the payload with Options.Key and reads its expiry.
// matched is the recipient that matches Options.Cert, if given.
func decryptDEP(a *analysis, root *berNode, env *envelope, matched *recipientInfo) {
	key := a.opts.Key
	for _, rc := range env.recipients {
		if !rc.keyTrans {
			a.notDecrypt = "it names a recipient of a kind this tool cannot read (" + rc.other + ")"
			return
		}
	}
	var targets []recipientInfo
	if cert := a.opts.Cert; cert != nil {
		pub, ok := cert.PublicKey.(*rsa.PublicKey)
		if !ok || !pub.Equal(&key.PublicKey) {
			a.notDecrypt = "the private key given does not belong to the certificate given"
			a.keyMismatch = true
			return
		}
		targets = append(targets, *matched)
	} else {
		targets = env.recipients
	}
	if !env.cipher.supported {
		a.notDecrypt = "it is encrypted with " + env.cipher.name + ", which this tool cannot decrypt"
		a.cipherUnsupported = true
		return
	}
	if env.cipher.blockSize > 0 && env.ivLen != env.cipher.blockSize {
		a.invalid = msgDEPDamaged("its encryption parameters are malformed", false)
		return
	}
	// Parsed once by the library, whichever recipients are tried.
	p7, err := parseForLibrary(root.der())
	if err != nil {
		a.invalid = msgDEPDamaged("its encrypted structure is malformed", false)
		return
	}
	wrongKey := false
	for _, t := range targets {
		if !keyWrapSupported(t.keyAlg, t.keyParams) {
			a.notDecrypt = "its content key is wrapped with " + keyWrapName(t.keyAlg) + ", which this tool cannot unwrap"
			continue
		}
		cert := a.opts.Cert
		if cert == nil {
			cert = &x509.Certificate{RawIssuer: t.issuerDER, SerialNumber: t.serial}
		}
		plain, err := guardedDecrypt(p7, cert, key)
		switch {
		case err == nil:
			a.notDecrypt = ""
			readPayload(a, plain)
			clear(plain)
			return
		case errors.Is(err, rsa.ErrDecryption):
			wrongKey = true
		default:
			a.invalid = msgDEPCorrupt()
			return
		}
	}
	if wrongKey && a.notDecrypt == "" {
		if a.opts.Cert != nil {
			a.wrongServer = msgDEPWrongKey(a.r.Recipients)
		} else {
			a.wrongServer = msgDEPNotForKey(a.r.Recipients)
		}
	}
}

// readPayload reads the decrypted message into the report.
func readPayload(a *analysis, plain []byte) {
	r := &a.r
	p, exp, err := parseDEPPayload(plain)
	if err != nil {
		a.invalid = msgDEPPayload(err.Error())
		return
	}
	r.Decrypted = true
	a.setExactExpiry(exp)
	r.Secrets = p.secrets()
}

// setExactExpiry records the expiry read from the token itself.
func (a *analysis) setExactExpiry(exp time.Time) {
	r := &a.r
	if !r.Downloaded.IsZero() {
		d := exp.AddDate(-1, 0, 0).Sub(r.Downloaded)
		if d > 36*time.Hour || d < -36*time.Hour {
			a.note(fmt.Sprintf("The file name says it was downloaded on %s, but the token itself expires on %s; the file may have been renamed.",
				a.date(r.Downloaded), a.date(exp)))
			r.Downloaded = exp.AddDate(-1, 0, 0) // the token's own word, as the verdict's
		}
	}
	r.Expires = exp
	r.ExpiresEstimated = false
	a.downloaded = exp.AddDate(-1, 0, 0)
}

// depPayload is the JSON inside a server token.
type depPayload struct {
	ConsumerKey       string `json:"consumer_key"`
	ConsumerSecret    string `json:"consumer_secret"`
	AccessToken       string `json:"access_token"`
	AccessSecret      string `json:"access_secret"`
	AccessTokenExpiry string `json:"access_token_expiry"`
}

func (p depPayload) secrets() []Secret {
	var s []Secret
	for _, f := range []struct{ name, v string }{
		{"consumer_key", p.ConsumerKey}, {"consumer_secret", p.ConsumerSecret},
		{"access_token", p.AccessToken}, {"access_secret", p.AccessSecret},
	} {
		if f.v != "" {
			s = append(s, Secret{Name: f.name, Masked: Mask(f.v)})
		}
	}
	return s
}

// parseDEPPayload reads a decrypted server token: the JSON between
// BEGIN/END MESSAGE lines, or the first JSON object, after an optional MIME
// header block. JSON that was wrapped onto several lines (as a web page
// prints it) is joined again.
func parseDEPPayload(plain []byte) (depPayload, time.Time, error) {
	var p depPayload
	js := plain
	if i := messageStart(js); i >= 0 {
		js = js[i+len(beginMessage):]
		if j := bytes.Index(js, []byte(endMessage)); j >= 0 {
			js = js[:j]
		}
	} else {
		i, j := bytes.IndexByte(js, '{'), bytes.LastIndexByte(js, '}')
		if i < 0 || j < i {
			return p, time.Time{}, errors.New("no JSON message inside")
		}
		js = js[i : j+1]
	}
	js = bytes.TrimSpace(js)
	if err := json.Unmarshal(js, &p); err != nil {
		p = depPayload{}
		if err := json.Unmarshal(withoutLineBreaks(js), &p); err != nil {
			return depPayload{}, time.Time{}, errors.New("the message inside is not readable JSON")
		}
	}
	var missing []string
	for _, f := range []struct{ name, v string }{
		{"consumer_key", p.ConsumerKey}, {"consumer_secret", p.ConsumerSecret},
		{"access_token", p.AccessToken}, {"access_secret", p.AccessSecret},
		{"access_token_expiry", p.AccessTokenExpiry},
	} {
		if strings.TrimSpace(f.v) == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return p, time.Time{}, errors.New("it lacks " + strings.Join(missing, ", "))
	}
	stated := strings.TrimSpace(p.AccessTokenExpiry)
	exp, err := time.Parse(time.RFC3339, stated)
	if err != nil {
		if exp, err = parseExpDate(stated); err != nil {
			return p, time.Time{}, errors.New("its access_token_expiry is not a date")
		}
	}
	if problem := dateProblem(exp); problem != "" {
		return p, time.Time{}, impossibleDate("its " + notRealDate("access_token_expiry", stated, problem))
	}
	return p, exp, nil
}

// impossibleDate is the error of a date stated in a file that cannot be
// real.
type impossibleDate string

func (e impossibleDate) Error() string { return string(e) }

// withoutLineBreaks removes CR and LF.
func withoutLineBreaks(b []byte) []byte {
	return bytes.Map(func(r rune) rune {
		if r == '\r' || r == '\n' {
			return -1
		}
		return r
	}, b)
}

// isDecryptedDEP reports whether text is a decrypted server token in any
// of the shapes seen: between BEGIN/END MESSAGE lines (openssl's output),
// JSON after MIME headers (Apple's documentation), or bare JSON (what
// nanodep's decrypt script prints). The JSON names consumer_key or
// access_token_expiry, possibly broken across lines.
func isDecryptedDEP(text []byte) bool {
	if messageStart(text) >= 0 {
		return true
	}
	if bytes.IndexByte(text, '{') < 0 || bytes.IndexByte(text, '"') < 0 {
		return false
	}
	joined := withoutLineBreaks(text)
	return bytes.Contains(joined, []byte(`"consumer_key"`)) || bytes.Contains(joined, []byte(`"access_token_expiry"`))
}

// messageStart is where the first -----BEGIN MESSAGE----- line starts in
// text, or -1 (see lineWith).
func messageStart(text []byte) int { return lineWith(text, beginMessage) }

// lineWith is where marker first starts a line of text (after blank
// space), or -1. A document that only names the marker within a sentence,
// as a README or a help page does, has none.
func lineWith(text []byte, marker string) int {
	for off := 0; ; {
		i := bytes.Index(text[off:], []byte(marker))
		if i < 0 {
			return -1
		}
		i += off
		lineStart := max(bytes.LastIndexByte(text[:i], '\n'), bytes.LastIndexByte(text[:i], '\r')) + 1 // CR alone ends a line too
		if len(bytes.Trim(text[lineStart:i], " \t")) == 0 {
			return i
		}
		off = i + len(marker)
	}
}

// decryptedShape names the form of a decrypted server token.
func decryptedShape(text []byte) string {
	switch {
	case messageStart(text) >= 0:
		return "decrypted text (BEGIN/END MESSAGE)"
	case looksLikeMIME(text):
		return "decrypted text (MIME headers and JSON)"
	}
	return "decrypted JSON"
}

// inspectDecryptedDEP handles a server token that was decrypted and saved
// as text: it holds the secrets in clear text, and no MDM takes it.
func inspectDecryptedDEP(a *analysis, text []byte) {
	a.r.Kind = KindDEP
	a.r.Encoding = decryptedShape(text)
	a.nameFacts()
	if a.invalid != nil { // the file name states an impossible download time
		a.note(a.invalid.message)
	}
	p, exp, err := parseDEPPayload(text)
	var bad impossibleDate
	switch {
	case err == nil:
		a.setExactExpiry(exp)
	case errors.As(err, &bad):
		a.note("Its expiry cannot be read: " + bad.Error() + ".")
	}
	a.r.Secrets = p.secrets()
	a.invalid = a.msgDEPDecryptedFile()
}
