package token

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
	"strings"
	"time"

	"howett.net/plist"
)

// APNs MDM push certificates (the third yearly credential), the request the
// MDM makes for one, and PKCS#12 bundles such certificates travel in.

const (
	// appleAAI2 is the common name of the CA that issues MDM push
	// certificates.
	appleAAI2 = "Apple Application Integration 2 Certification Authority"
	// pushTopicPrefix starts every MDM push topic.
	pushTopicPrefix = "com.apple.mgmt."
)

var (
	oidCommonName   = asn1.ObjectIdentifier{2, 5, 4, 3}
	oidOrganization = asn1.ObjectIdentifier{2, 5, 4, 10}
	oidUID          = asn1.ObjectIdentifier{0, 9, 2342, 19200300, 100, 1, 1}
)

// certFacts are the names on a certificate that tell a push certificate.
type certFacts struct {
	topic       string // the first UID of the subject
	hasUID      bool
	commonName  string // APSP:<uuid> on a push certificate, else the last CN
	apsp        bool   // a CN starts with "APSP:"
	appleIssued bool   // the issuer is named as Apple's push CA
	issuer      string
	selfSigned  bool
	serial      *big.Int
	notAfter    time.Time
}

// attrs returns the string values of an attribute type in a name.
func attrs(rdn pkix.RDNSequence, oid asn1.ObjectIdentifier) []string {
	var out []string
	for _, set := range rdn {
		for _, atv := range set {
			if s, ok := atv.Value.(string); ok && atv.Type.Equal(oid) {
				out = append(out, s)
			}
		}
	}
	return out
}

// factsOf reads the push-relevant names from a certificate's raw subject
// and issuer.
func factsOf(rawSubject, rawIssuer []byte, serial *big.Int, notAfter time.Time) certFacts {
	f := certFacts{serial: serial, notAfter: notAfter, issuer: dnString(rawIssuer), selfSigned: bytes.Equal(rawSubject, rawIssuer)}
	var subject, issuer pkix.RDNSequence
	if _, err := asn1.Unmarshal(rawSubject, &subject); err == nil {
		if uids := attrs(subject, oidUID); len(uids) > 0 {
			f.hasUID, f.topic = true, uids[0]
		}
		for _, cn := range attrs(subject, oidCommonName) {
			f.commonName = cn
			if strings.HasPrefix(cn, "APSP:") {
				f.apsp = true
				break
			}
		}
	}
	if _, err := asn1.Unmarshal(rawIssuer, &issuer); err == nil {
		cns, orgs := attrs(issuer, oidCommonName), attrs(issuer, oidOrganization)
		f.appleIssued = len(cns) == 1 && cns[0] == appleAAI2 && len(orgs) == 1 && orgs[0] == "Apple Inc."
	}
	return f
}

// isPush reports whether a certificate means to be an MDM push
// certificate: a push topic, an APSP common name or Apple's push CA.
func (f certFacts) isPush() bool { return f.hasUID || f.apsp || f.appleIssued }

// fill writes the certificate's facts into the report.
func (f certFacts) fill(r *Report) {
	r.Topic = clean(f.topic)
	r.CommonName = clean(f.commonName)
	r.Serial = serialHex(f.serial)
	r.Issuer = f.issuer
	r.Expires = f.notAfter
}

// flaws lists why a push certificate cannot be Apple's MDM push
// certificate.
func (f certFacts) flaws() []string {
	var out []string
	switch {
	case f.appleIssued:
	case f.selfSigned:
		out = append(out, "it is self-signed, not issued by Apple's \""+appleAAI2+"\": a mock or self-made certificate, which Apple's push service does not accept")
	default:
		out = append(out, "it is issued by "+f.issuer+", not by Apple's \""+appleAAI2+"\", so Apple's push service does not accept it")
	}
	if p := dateProblem(f.notAfter); p != "" {
		out = append(out, "its expiry (notAfter) "+fmtDate(f.notAfter)+" is not a real date ("+p+")")
	}
	switch {
	case !f.hasUID:
		out = append(out, "it has no push topic (no UID in its subject)")
	case !strings.HasPrefix(f.topic, pushTopicPrefix):
		out = append(out, "its push topic "+quoteValue(f.topic)+" does not start with "+pushTopicPrefix)
	}
	return out
}

// inspectPush fills the report for an APNs push certificate.
func inspectPush(a *analysis, c *x509.Certificate, f certFacts, encoding string) {
	a.r.Kind = KindPush
	a.r.Encoding = encoding
	f.fill(&a.r)
	if dateProblem(f.notAfter) != "" {
		a.r.Expires = time.Time{} // stated, but not a date: a flaw, never an expiry
	}
	flaws := f.flaws()
	if f.appleIssued {
		flaws = append(flaws, a.validityFlaws(c.NotBefore, c.NotAfter)...)
	}
	if len(flaws) > 0 {
		a.flawed = msgPushFlawed(flaws)
	} else {
		a.note("The issuer is checked by its name only: Apple's signature cannot be verified offline.")
	}
	if k := a.opts.PushKey; k != nil {
		if pub, ok := c.PublicKey.(*rsa.PublicKey); ok && pub.Equal(&k.PublicKey) {
			a.note("It belongs to the push private key given.")
		} else if a.flawed == nil {
			a.flawed = msgPushKeyMismatch()
		}
	}
}

// validityFlaws are what the dates of a push certificate named as Apple's
// say against it: Apple issues them for one year from the renewal, so one
// that starts later than today or lasts much longer is not Apple's.
func (a *analysis) validityFlaws(notBefore, notAfter time.Time) []string {
	var out []string
	if now := a.opts.Now; !now.IsZero() && notBefore.After(now.Add(clockSlack)) {
		out = append(out, "it is not valid before "+a.date(notBefore)+", "+DaysFromNow(notBefore, now)+
			" (or this computer's clock is wrong): Apple issues push certificates valid from the renewal, and its push service refuses this one until then")
	}
	if dateProblem(notAfter) == "" && notAfter.After(notBefore.AddDate(1, 0, 0).Add(yearSlack)) {
		out = append(out, "it is valid from "+a.date(notBefore)+" to "+a.date(notAfter)+", much longer than the year for which Apple issues push certificates")
	}
	return out
}

// tbsCertificate is the part of a certificate read from a damaged one.
type tbsCertificate struct {
	Version      int `asn1:"optional,explicit,default:0,tag:0"`
	SerialNumber *big.Int
	Signature    pkix.AlgorithmIdentifier
	Issuer       asn1.RawValue
	Validity     struct{ NotBefore, NotAfter time.Time }
	Subject      asn1.RawValue
}

// inspectCutCertificate reads what it can of a certificate whose end is
// missing: the names and dates come first, the signature last. It reports
// false when data does not start like a certificate.
func inspectCutCertificate(a *analysis, data []byte, encoding string) bool {
	root, h, length, err := parseHeaderLoose(data)
	if err != nil || !root.is(classUniversal, tagSequence) || !root.constructed || h+length <= len(data) {
		return false
	}
	tbsNode, rest, err := parseBER(data[h:])
	if err != nil || !tbsNode.is(classUniversal, tagSequence) {
		return false
	}
	var tbs tbsCertificate
	if _, err := asn1.Unmarshal(data[h:len(data)-len(rest)], &tbs); err != nil {
		return false
	}
	f := factsOf(tbs.Subject.FullBytes, tbs.Issuer.FullBytes, tbs.SerialNumber, tbs.Validity.NotAfter)
	if !f.isPush() {
		a.r.Kind = KindCertificate
		a.r.Encoding = encoding
		a.invalid = msgCertDamaged()
		return true
	}
	a.r.Kind = KindPush
	a.r.Encoding = encoding
	f.fill(&a.r)
	if dateProblem(f.notAfter) != "" {
		a.r.Expires = time.Time{} // stated, but not a date: a flaw, never an expiry
	}
	a.invalid = msgPushCut(f)
	return true
}

// cutCertificatePEM finds a CERTIFICATE block whose base64 the PEM decoder
// rejects, as when the file was cut short, and returns what decodes.
func cutCertificatePEM(text []byte) ([]byte, bool) {
	const begin, end = "-----BEGIN CERTIFICATE-----", "-----END CERTIFICATE-----"
	i := bytes.Index(text, []byte(begin))
	if i < 0 {
		return nil, false
	}
	body := text[i+len(begin):]
	if j := bytes.Index(body, []byte(end)); j >= 0 {
		body = body[:j]
	}
	der, _, err := decodeBase64(stripSpace(body))
	return der, err == nil && len(der) > 0
}

// isPFX reports whether a BER tree is a PKCS#12 PFX: version 3 and a
// ContentInfo of data or signed data.
func isPFX(root *berNode) bool {
	if !root.is(classUniversal, tagSequence) || !root.constructed {
		return false
	}
	v, ok := intOf(root.child(0))
	if !ok || !v.IsInt64() || v.Int64() != 3 {
		return false
	}
	ci := root.child(1)
	if !ci.is(classUniversal, tagSequence) || !ci.constructed {
		return false
	}
	oid, ok := oidOf(ci.child(0))
	return ok && (oid.Equal(oidData) || oid.Equal(oidSignedData))
}

// pushRequest is what the request file the MDM gives for Apple's portal
// holds.
type pushRequest struct {
	vendor   string // the common name of the certificate that signed the request
	signed   bool   // the vendor's signature over the CSR checks out
	unsigned bool   // a bare CSR, with no vendor signature at all
}

// requestValue reads a plist value written as a string or as data.
func requestValue(v any) []byte {
	switch v := v.(type) {
	case string:
		return []byte(v)
	case []byte:
		return v
	}
	return nil
}

// inspectPushRequest reads the property list an MDM gives to upload to
// Apple's Push Certificates Portal: the CSR, the vendor's certificate
// chain and the vendor's signature over the CSR. It reports false when
// data is no such list.
func inspectPushRequest(a *analysis, data []byte, encoding string) bool {
	if !bytes.Contains(data, []byte("PushCertRequestCSR")) {
		return false
	}
	var dict map[string]any
	if _, err := plist.Unmarshal(data, &dict); err != nil {
		return false
	}
	csrText, chainText, sigText := requestValue(dict["PushCertRequestCSR"]), requestValue(dict["PushCertCertificateChain"]), requestValue(dict["PushCertSignature"])
	if csrText == nil {
		return false
	}
	a.r.Kind = KindPushRequest
	a.r.Encoding = encoding
	req := &pushRequest{}
	a.pushReq = req
	csrDER := csrText
	if d, _, err := decodeBase64(stripSpace(csrText)); err == nil {
		csrDER = d
	}
	if _, err := x509.ParseCertificateRequest(csrDER); err != nil {
		a.flawed = msgPushRequestDamaged("its certificate signing request (PushCertRequestCSR) cannot be read")
		return true
	}
	var vendor *x509.Certificate
	for _, b := range pemBlocks(chainText) {
		if c, err := parseCertificateBlock(b); err == nil {
			vendor = c
			break
		}
	}
	if vendor == nil {
		a.flawed = msgPushRequestDamaged("it holds no readable vendor certificate (PushCertCertificateChain)")
		return true
	}
	req.vendor = clean(vendor.Subject.CommonName)
	sig, _, err := decodeBase64(stripSpace(sigText))
	if pub, ok := vendor.PublicKey.(*rsa.PublicKey); ok && err == nil {
		sum := sha256.Sum256(csrDER)
		req.signed = rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig) == nil
	}
	if !req.signed {
		a.note("The vendor's signature over the request could not be confirmed here; Apple's portal checks it when you upload the file.")
	}
	return true
}

// inspectCSR handles a bare certificate signing request: a push request
// without the vendor's signature that Apple's portal wants.
func inspectCSR(a *analysis, der []byte) {
	a.r.Kind = KindPushRequest
	a.r.Encoding = "PEM"
	a.pushReq = &pushRequest{unsigned: true}
	if _, err := x509.ParseCertificateRequest(der); err != nil {
		a.invalid = msgPushRequestDamaged("its certificate signing request cannot be read")
	}
}
