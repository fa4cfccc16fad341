package token

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
)

// Certificates and private keys found in a file.

// inspectCertificate fills the report for an X.509 certificate: an APNs
// push certificate, or another one such as the MDM's public key for
// Automated Device Enrollment.
func inspectCertificate(a *analysis, c *x509.Certificate, encoding string) {
	f := factsOf(c.RawSubject, c.RawIssuer, c.SerialNumber, c.NotAfter)
	if f.isPush() && !c.IsCA {
		inspectPush(a, c, f, encoding)
		return
	}
	a.r.Kind = KindCertificate
	a.r.Encoding = encoding
	f.fill(&a.r)
	name := clean(c.Subject.CommonName)
	if name == "" {
		name = nameString(c.Subject.ToRDNSequence())
	} else {
		name = "CN=" + name
	}
	a.certName = name + ", " + serialPhrase(c.SerialNumber)
	if _, ok := c.PublicKey.(interface{ Size() int }); !ok || c.PublicKeyAlgorithm != x509.RSA {
		a.note("The certificate's key is not RSA; Apple's server tokens need an RSA key.")
	}
	if a.opts.Cert != nil && bytes.Equal(a.opts.Cert.Raw, c.Raw) {
		a.note("This is the MDM certificate given for checking DEP tokens.")
	}
}

// isCertificatePEM reports whether a PEM block type holds a certificate.
// "TRUSTED CERTIFICATE" is OpenSSL's form with trust settings after it,
// which some macOS tools write.
func isCertificatePEM(t string) bool {
	return t == "CERTIFICATE" || t == "X509 CERTIFICATE" || t == "TRUSTED CERTIFICATE"
}

// parseCertificateBlock reads the certificate in a PEM block, leaving out
// the trust settings that follow it in a TRUSTED CERTIFICATE.
func parseCertificateBlock(b *pem.Block) (*x509.Certificate, error) {
	der := b.Bytes
	if b.Type == "TRUSTED CERTIFICATE" {
		if _, rest, err := parseBER(der); err == nil {
			der = der[:len(der)-len(rest)]
		}
	}
	return x509.ParseCertificate(der)
}

// inspectPEM handles text with PEM blocks.
func inspectPEM(a *analysis, text []byte) {
	blocks := pemBlocks(text)
	if len(blocks) == 0 {
		if der, ok := cutCertificatePEM(text); ok && inspectCutCertificate(a, der, "PEM") {
			return
		}
		a.invalid = msgPEMDamaged()
		return
	}
	// A private key anywhere in the file decides: it must not be uploaded.
	for _, b := range blocks {
		if !isPrivateKeyPEM(b.Type) {
			continue
		}
		a.r.Kind = KindPrivateKey
		a.r.Encoding = "PEM"
		switch {
		case b.Type == "ENCRYPTED PRIVATE KEY" || b.Headers["Proc-Type"] != "":
			a.keyName = "password-protected"
		default:
			if k, err := parseKeyDER(b.Bytes); err == nil {
				a.keyName = keyDescription(k)
			} else {
				a.keyName = "unreadable"
			}
		}
		if len(blocks) > 1 {
			a.note("The file also holds other PEM blocks (e.g. the certificate); it must still never be uploaded.")
		}
		return
	}
	b := blocks[0]
	switch {
	case isCertificatePEM(b.Type):
		c, err := parseCertificateBlock(b)
		if err != nil {
			if !inspectCutCertificate(a, b.Bytes, "PEM") {
				a.invalid = msgCertDamaged()
			}
			return
		}
		inspectCertificate(a, c, "PEM")
		if len(blocks) > 1 {
			a.note("The file holds more than one PEM block; only the first certificate was read.")
		}
	case b.Type == "PKCS7" || b.Type == "CMS" || b.Type == "PKCS #7 SIGNED DATA":
		if !inspectDER(a, b.Bytes, "PEM (PKCS7)", false) && !inspectWrapped(a, b.Bytes, "a PEM block") {
			a.invalid = msgPEMDamaged()
		}
	case b.Type == "PUBLIC KEY" || b.Type == "RSA PUBLIC KEY":
		a.invalid = msgBarePublicKey()
	case b.Type == "CERTIFICATE REQUEST" || b.Type == "NEW CERTIFICATE REQUEST":
		inspectCSR(a, b.Bytes)
	default:
		if !inspectWrapped(a, b.Bytes, "a PEM block") {
			a.invalid = msgOtherPEM(clean(b.Type))
		}
	}
}
