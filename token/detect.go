package token

import (
	"archive/zip"
	"bytes"
	"crypto/x509"
	"errors"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Detection by content. The order matters: archives and other binary
// formats first, then the text forms (PEM, HTML, S/MIME, base64, JSON),
// then raw DER.

// magic numbers of common non-token files.
var magics = []struct {
	prefix string
	what   string
}{
	{"%PDF-", "a PDF document"},
	{"\x89PNG\r\n\x1a\n", "a PNG image"},
	{"\xff\xd8\xff", "a JPEG image"},
	{"GIF8", "a GIF image"},
	{"\x1f\x8b", "a gzip archive"},
	{"Rar!", "a RAR archive"},
	{"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"},
	{"\xd0\xcf\x11\xe0", "an Office document"},
	{"bplist00", "a binary property list"},
	{"\x7fELF", "a program"},
	{"MZ", "a Windows program"},
}

func detect(a *analysis, data []byte) {
	if len(data) == 0 {
		a.invalid = msgEmpty()
		return
	}
	if u, ok := utf16Text(data); ok {
		detect(a, u)
		if isTokenKind(a.r.Kind) && a.invalid == nil {
			a.invalid = msgUTF16(a.r.Kind)
		}
		a.r.Encoding = "UTF-16 text, " + a.r.Encoding
		return
	}
	if isZip(data) {
		a.invalid = msgZip(zipEntries(data))
		return
	}
	for _, m := range magics {
		if bytes.HasPrefix(data, []byte(m.prefix)) {
			a.invalid = msgOtherFile(m.what)
			return
		}
	}
	text := bytes.TrimPrefix(data, utf8BOM)
	trimmed := bytes.TrimSpace(text)
	if len(trimmed) == 0 {
		a.invalid = msgBlank()
		return
	}
	if bytes.Contains(text, []byte(beginMessage)) {
		inspectDecryptedDEP(a, text)
		return
	}
	if isHTML(trimmed) {
		a.invalid = msgHTML()
		return
	}
	if bytes.Contains(text, []byte("-----BEGIN ")) {
		inspectPEM(a, text)
		return
	}
	if looksLikeMIME(text) {
		inspectSMIME(a, text)
		return
	}
	if data[0] == 0x30 {
		if inspectDER(a, data, "DER", false) {
			return
		}
	}
	if compact := stripSpace(text); isBase64Text(compact) && len(compact) >= 16 {
		decoded, cut, err := decodeBase64(compact)
		if err == nil && len(decoded) > 0 {
			if inspectVPP(a, decoded, "base64") {
				if cut && a.invalid == nil {
					a.invalid = msgVPPDamaged("its content ends early (cut-off download)")
				}
				return
			}
			if decoded[0] == 0x30 && inspectDER(a, decoded, "base64 without S/MIME headers", false) {
				return
			}
		}
		a.invalid = msgBase64Other()
		return
	}
	if trimmed[0] == '{' && inspectVPP(a, trimmed, "JSON") {
		if a.invalid == nil {
			a.invalid = msgVPPDecoded()
		}
		return
	}
	if isText(data) {
		a.invalid = msgText()
		return
	}
	a.invalid = msgOtherFile("binary data")
}

// utf16Text converts text with a UTF-16 byte order mark (as some editors
// save) to UTF-8.
func utf16Text(data []byte) ([]byte, bool) {
	var le bool
	switch {
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}):
		le = true
	case bytes.HasPrefix(data, []byte{0xfe, 0xff}):
	default:
		return nil, false
	}
	data = data[2:]
	if len(data)%2 != 0 {
		return nil, false
	}
	u := make([]uint16, len(data)/2)
	for i := range u {
		if le {
			u[i] = uint16(data[2*i]) | uint16(data[2*i+1])<<8
		} else {
			u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		}
	}
	return []byte(string(utf16.Decode(u))), true
}

func isZip(data []byte) bool {
	return bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, []byte("PK\x05\x06")) ||
		bytes.HasPrefix(data, []byte("PK\x07\x08"))
}

// zipEntries lists up to a few file names in a ZIP archive, cleaned.
func zipEntries(data []byte) []string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil
	}
	var names []string
	for _, f := range zr.File {
		if len(names) == 5 {
			break
		}
		if strings.HasSuffix(f.Name, "/") {
			continue
		}
		names = append(names, clean(baseName(f.Name)))
	}
	return names
}

func isHTML(trimmed []byte) bool {
	head := trimmed
	if len(head) > 1024 {
		head = head[:1024]
	}
	l := bytes.ToLower(head)
	return bytes.HasPrefix(l, []byte("<!doctype html")) || bytes.HasPrefix(l, []byte("<html")) ||
		bytes.HasPrefix(l, []byte("<?xml")) && bytes.Contains(l, []byte("<html")) ||
		bytes.HasPrefix(l, []byte("<")) && (bytes.Contains(l, []byte("<head")) || bytes.Contains(l, []byte("<body")))
}

// isText reports whether data is UTF-8 text without control characters
// other than whitespace.
func isText(data []byte) bool {
	if !utf8.Valid(data) {
		return false
	}
	for _, c := range data {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7f {
			return false
		}
	}
	return true
}

// inspectSMIME handles text that starts with MIME headers.
func inspectSMIME(a *analysis, text []byte) {
	info, err := unwrapSMIME(text)
	pkcs7Type := isPKCS7MediaType(info.mediaType)
	depHint := pkcs7Type && (info.smimeType == "" || info.smimeType == "enveloped-data")
	if err != nil {
		if !pkcs7Type {
			a.invalid = msgMIMEOther(info.mediaType)
			return
		}
		a.r.Kind = KindDEP
		a.r.Encoding = "S/MIME, base64"
		a.nameFacts()
		if errors.Is(err, errNoBody) {
			a.invalid = msgDEPDamaged("it has the S/MIME headers but no token data after them (cut-off download)", true)
		} else {
			a.invalid = msgDEPDamaged("the data after the S/MIME headers is not base64", false)
		}
		return
	}
	if !inspectDER(a, info.body, "S/MIME, base64", depHint) {
		if pkcs7Type {
			a.r.Kind = KindDEP
			a.r.Encoding = "S/MIME, base64"
			a.nameFacts()
			a.invalid = msgDEPDamaged("the data inside the S/MIME wrapper is not a PKCS#7 envelope", false)
			return
		}
		a.invalid = msgMIMEOther(info.mediaType)
		return
	}
	if a.r.Kind == KindDEP && a.invalid == nil {
		if !pkcs7Type {
			a.note("The MIME headers do not say application/pkcs7-mime, unlike Apple's file; the content is a server token all the same.")
		} else if info.mediaType != "application/pkcs7-mime" || info.mimeVer {
			a.note("The S/MIME headers are not Apple's (Apple writes application/pkcs7-mime and no MIME-Version); the file may have been re-made with other tools.")
		}
	}
}

// inspectDER handles binary ASN.1: PKCS#7, certificate or private key. It
// reports false when data is none of these. depHint says the wrapper
// announced an encrypted PKCS#7 (S/MIME enveloped-data).
func inspectDER(a *analysis, data []byte, encoding string, depHint bool) bool {
	root, rest, err := parseBER(data)
	if err != nil {
		oid, ok := peekContentType(data)
		switch {
		case ok && oid.Equal(oidEnvelopedData), !ok && depHint:
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
		return false
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
