package token

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"mime"
	"net/textproto"
	"regexp"
	"strings"
)

// Unwrapping the S/MIME text Apple ships a DEP server token in: a few MIME
// headers, an empty line, then base64 of the PKCS#7 envelope.

// headerLine matches a MIME header line such as "Content-Type: ...".
var headerLine = regexp.MustCompile(`^[A-Za-z0-9-]+:`)

// smimeInfo is the unwrapped S/MIME entity.
type smimeInfo struct {
	hasHeaders bool
	mediaType  string // e.g. "application/pkcs7-mime"
	smimeType  string // e.g. "enveloped-data"
	mimeVer    bool   // a MIME-Version header is present
	body       []byte // decoded body
	cut        bool   // base64 ended mid-group
}

// looksLikeMIME reports whether data starts with a MIME content header.
func looksLikeMIME(data []byte) bool {
	data = bytes.TrimPrefix(data, utf8BOM)
	line, _, _ := bytes.Cut(data, []byte("\n"))
	l := strings.ToLower(string(line))
	return headerLine.Match(line) &&
		(strings.HasPrefix(l, "content-") || strings.HasPrefix(l, "mime-version:"))
}

var errNoBody = errors.New("no content after the headers")

// unwrapSMIME reads the optional header block and decodes the base64 body.
// The body is not read through textproto's DotReader: it has no SMTP "."
// terminator, so that would always end in io.ErrUnexpectedEOF.
func unwrapSMIME(data []byte) (*smimeInfo, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	info := &smimeInfo{}
	body := data
	if looksLikeMIME(data) {
		info.hasHeaders = true
		var h textproto.MIMEHeader
		br := bufio.NewReader(bytes.NewReader(data))
		h, err := textproto.NewReader(br).ReadMIMEHeader()
		if err == nil {
			body, _ = io.ReadAll(br)
		} else {
			h, body = splitHeaders(data)
		}
		info.mimeVer = h.Get("Mime-Version") != ""
		if mt, params, err := mime.ParseMediaType(h.Get("Content-Type")); err == nil {
			info.mediaType = mt
			info.smimeType = strings.ToLower(params["smime-type"])
		} else if ct := h.Get("Content-Type"); ct != "" {
			info.mediaType = strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
		}
	}
	compact := stripSpace(body)
	if len(compact) == 0 {
		return info, errNoBody
	}
	out, cut, err := decodeBase64(compact)
	if err != nil {
		return info, err
	}
	info.body, info.cut = out, cut
	return info, nil
}

// splitHeaders is the tolerant fallback when textproto rejects the header
// block (e.g. no empty line before the body, or a cut-off file): header
// lines and their continuations are taken until the first other line.
func splitHeaders(data []byte) (textproto.MIMEHeader, []byte) {
	h := textproto.MIMEHeader{}
	rest := data
	last := ""
	for len(rest) > 0 {
		line, after, _ := bytes.Cut(rest, []byte("\n"))
		l := strings.TrimRight(string(line), "\r")
		switch {
		case strings.TrimSpace(l) == "":
			return h, after
		case headerLine.MatchString(l):
			k, v, _ := strings.Cut(l, ":")
			last = textproto.CanonicalMIMEHeaderKey(strings.TrimSpace(k))
			h.Add(last, strings.TrimSpace(v))
		case (l[0] == ' ' || l[0] == '\t') && last != "":
			vs := h[last]
			vs[len(vs)-1] += " " + strings.TrimSpace(l)
		default:
			return h, rest
		}
		rest = after
	}
	return h, rest
}

// isPKCS7MediaType reports whether a media type is S/MIME PKCS#7.
func isPKCS7MediaType(mt string) bool {
	return mt == "application/pkcs7-mime" || mt == "application/x-pkcs7-mime"
}
