package token

import (
	"bytes"
	"crypto/x509"
	"errors"
)

// S/MIME text and binary ASN.1: PKCS#7 envelopes, and certificates or keys
// in DER.

// Encodings of a server token other than Apple's S/MIME text.
const (
	encSMIME           = "S/MIME, base64"
	encBase64NoHeaders = "base64 without S/MIME headers"
)

// inspectSMIME handles text that starts with MIME headers. The content
// decides: a server token is reported as damaged only when the content
// really is a PKCS#7 envelope.
func inspectSMIME(a *analysis, text []byte) {
	info, err := unwrapSMIME(text)
	for _, r := range info.repairs {
		a.repair(r)
	}
	pkcs7Type := isPKCS7MediaType(info.mediaType)
	depHint := pkcs7Type && (info.smimeType == "" || info.smimeType == "enveloped-data")
	// Headers with no data, or too little to decode, are a cut-off download.
	cut := errors.Is(err, errNoBody) || err != nil && isBase64Text(stripSpace(info.rawBody))
	switch {
	case cut && depHint:
		a.r.Kind = KindDEP
		a.r.Encoding = encSMIME
		a.nameFacts()
		a.invalid = msgDEPDamaged("it has the S/MIME headers but no token data after them (cut-off download)", true)
		return
	case err != nil:
		if !inspectWrapped(a, info.rawBody, "S/MIME headers") {
			a.invalid = msgMIMENoToken(info.mediaType, pkcs7Type, "what follows the headers is not base64 text")
		}
		return
	}
	if inspectDER(a, info.body, encSMIME, depHint) {
		if a.r.Kind == KindDEP && a.invalid == nil {
			if !pkcs7Type {
				a.note("The MIME headers do not say application/pkcs7-mime, unlike Apple's file; the content is a server token all the same.")
			} else if info.mediaType != "application/pkcs7-mime" || info.mimeVer {
				a.note("The S/MIME headers are not Apple's (Apple writes application/pkcs7-mime and no MIME-Version); the file may have been re-made with other tools.")
			}
		}
		return
	}
	if !inspectWrapped(a, info.body, "S/MIME headers") {
		a.invalid = msgMIMENoToken(info.mediaType, pkcs7Type, "the content inside is not a PKCS#7 envelope")
	}
}

// inspectDER handles binary ASN.1: PKCS#7, certificate or private key. It
// reports false when data is none of these. depHint says the wrapper
// announced an encrypted PKCS#7 (S/MIME enveloped-data): then a structure
// cut off before its content type is readable is taken for a cut-off
// server token.
func inspectDER(a *analysis, data []byte, encoding string, depHint bool) bool {
	root, rest, err := parseBER(data)
	if err != nil {
		oid, ok := peekContentType(data)
		cutEnvelope := !ok && depHint && data[0] == 0x30 && errors.Is(err, errBERTruncated)
		switch {
		case ok && oid.Equal(oidEnvelopedData), cutEnvelope:
			a.r.Kind = KindDEP
			a.r.Encoding = encoding
			a.nameFacts()
			cut := errors.Is(err, errBERTruncated)
			if cut {
				a.invalid = msgDEPDamaged("the file ends early (cut-off or interrupted download)", true)
			} else {
				a.invalid = msgDEPDamaged("its encrypted structure is malformed", false)
			}
			return true
		case ok && isPKCS7ContentType(oid):
			a.r.Kind = KindPKCS7
			a.r.Encoding = encoding
			a.p7Name = contentTypeName(oid)
			a.invalid = msgPKCS7Damaged(a.p7Name)
			return true
		}
		return errors.Is(err, errBERTruncated) && inspectCutCertificate(a, data, encoding)
	}
	used := data[:len(data)-len(rest)]
	env, err := parseContentInfo(root)
	if errors.Is(err, errNotContentInfo) {
		if c, err := x509.ParseCertificate(used); err == nil {
			inspectCertificate(a, c, encoding)
			return true
		}
		if k, err := parseKeyDER(used); err == nil {
			a.r.Kind = KindPrivateKey
			a.r.Encoding = encoding
			a.keyName = keyDescription(k)
			return true
		}
		if isPFX(root) {
			a.r.Kind = KindPKCS12
			a.r.Encoding = encoding
			return true
		}
		return false
	}
	if len(bytes.Trim(rest, "\x00\r\n\t ")) > 0 {
		a.note("There are extra bytes after the end of the PKCS#7 structure; they are ignored.")
	}
	if env.contentType.Equal(oidEnvelopedData) {
		inspectDEP(a, root, env, err, encoding)
		return true
	}
	a.r.Kind = KindPKCS7
	a.r.Encoding = encoding
	a.p7Name = contentTypeName(env.contentType)
	if env.contentType.Equal(oidSignedData) && env.signers == 0 && env.certs > 0 {
		a.p7Name = "a certificate bundle (.p7b)"
	}
	return true
}
