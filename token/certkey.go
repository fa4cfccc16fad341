package token

import (
	"bytes"
	"crypto/x509"
)

// Certificates and private keys found in a file.

// inspectCertificate fills the report for an X.509 certificate.
func inspectCertificate(a *analysis, c *x509.Certificate, encoding string) {
	a.r.Kind = KindCertificate
	a.r.Encoding = encoding
	a.r.Expires = c.NotAfter
	name := clean(c.Subject.CommonName)
	if name == "" {
		name = clean(c.Subject.String())
	}
	a.certName = "CN=" + name + ", serial " + clean(c.SerialNumber.String())
	if _, ok := c.PublicKey.(interface{ Size() int }); !ok || c.PublicKeyAlgorithm != x509.RSA {
		a.note("The certificate's key is not RSA; Apple's server tokens need an RSA key.")
	}
	if a.opts.Cert != nil && bytes.Equal(a.opts.Cert.Raw, c.Raw) {
		a.note("This is the MDM certificate given for checking DEP tokens.")
	}
}

// inspectPEM handles text with PEM blocks.
func inspectPEM(a *analysis, text []byte) {
	blocks := pemBlocks(text)
	if len(blocks) == 0 {
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
	switch b.Type {
	case "CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE":
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			a.invalid = msgCertDamaged()
			return
		}
		inspectCertificate(a, c, "PEM")
		if len(blocks) > 1 {
			a.note("The file holds more than one PEM block; only the first certificate was read.")
		}
	case "PKCS7", "CMS", "PKCS #7 SIGNED DATA":
		if !inspectDER(a, b.Bytes, "PEM (PKCS7)", false) {
			a.invalid = msgPEMDamaged()
		}
	case "PUBLIC KEY", "RSA PUBLIC KEY":
		a.invalid = msgBarePublicKey()
	case "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST":
		a.invalid = msgCSR()
	default:
		a.invalid = msgOtherPEM(clean(b.Type))
	}
}
