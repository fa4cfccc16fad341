package token

import (
	"archive/zip"
	"bytes"
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
	if isDecryptedDEP(text) {
		inspectDecryptedDEP(a, text)
		return
	}
	if isHTML(trimmed) {
		a.invalid = msgHTML()
		return
	}
	if len(text) < len(data) {
		a.repair(repairBOM)
	}
	if lineWith(text, "-----BEGIN ") >= 0 {
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
			for _, r := range base64Repairs(text, compact, cut, false) {
				a.repair(r)
			}
			if inspectVPP(a, decoded, "base64") {
				if cut && a.invalid == nil {
					a.invalid = msgVPPDamaged("its content ends early (cut-off download)")
				}
				return
			}
			if decoded[0] == 0x30 && inspectDER(a, decoded, encBase64NoHeaders, false) {
				if a.r.Kind != KindDEP {
					a.r.Encoding = "base64"
				}
				return
			}
			if inspectPushRequest(a, decoded, "base64 of a property list") {
				return
			}
		}
		a.invalid = msgBase64Other()
		return
	}
	if inspectPushRequest(a, text, "property list") {
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

// inspectWrapped tries the content found inside a wrapper (S/MIME headers
// or a PEM block) that did not hold what the wrapper announced: a content
// token, as JSON or base64, or a decrypted server token. It reports
// whether the content was recognised.
func inspectWrapped(a *analysis, content []byte, wrapper string) bool {
	t := bytes.TrimSpace(bytes.TrimPrefix(content, utf8BOM))
	if len(t) == 0 {
		return false
	}
	if isDecryptedDEP(t) {
		inspectDecryptedDEP(a, t)
		return true
	}
	vpp := false
	if t[0] == '{' {
		vpp = inspectVPP(a, t, wrapper+", JSON")
	} else if compact := stripSpace(t); isBase64Text(compact) {
		if decoded, _, err := decodeBase64(compact); err == nil {
			vpp = inspectVPP(a, decoded, wrapper+", base64")
		}
	}
	if vpp && a.invalid == nil {
		a.invalid = msgVPPWrapped(wrapper, a.r.Location)
	}
	return vpp
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
