package token

import (
	"bytes"
	"errors"
	"mime"
	"net/textproto"
	"strings"
)

// Unwrapping the S/MIME text Apple ships a DEP server token in: a few MIME
// headers, an empty line, then base64 of the PKCS#7 envelope. MDMs read the
// headers strictly (Go's net/textproto) and the body as strict base64; the
// reader here is tolerant, and records every repair it had to make, so that
// the report can say the MDM will probably reject this copy.

// isHeaderLine reports whether line starts as a MIME header line such as
// "Content-Type: ...": a name of ASCII letters, digits and hyphens, then a
// colon. It is called on every line of the header block and the lines
// after it, base64 included, so it stops at the first other byte.
func isHeaderLine[T string | []byte](line T) bool {
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == ':':
			return i > 0
		case c == '-', '0' <= c && c <= '9', 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		default:
			return false
		}
	}
	return false
}

// smimeInfo is the unwrapped S/MIME entity.
type smimeInfo struct {
	hasHeaders bool
	mediaType  string   // e.g. "application/pkcs7-mime"
	smimeType  string   // e.g. "enveloped-data"
	mimeVer    bool     // a MIME-Version header is present
	rawBody    []byte   // the text after the headers
	body       []byte   // decoded body
	cut        bool     // base64 ended mid-group
	repairs    []string // what had to be repaired to read it
}

// looksLikeMIME reports whether data starts with a MIME content header.
func looksLikeMIME(data []byte) bool {
	data = bytes.TrimPrefix(data, utf8BOM)
	line, _, _ := bytes.Cut(data, []byte("\n"))
	l := strings.ToLower(string(line))
	return isHeaderLine(line) &&
		(strings.HasPrefix(l, "content-") || strings.HasPrefix(l, "mime-version:"))
}

var errNoBody = errors.New("no content after the headers")

// Repairs of S/MIME text, in the words of the report.
const (
	repairDoubledCR    = "its line ends were doubled (CR CR LF), as some editors and transfers write them"
	repairBlankLines   = "empty lines were added between its lines"
	repairBrokenHeader = "a header line was broken in two (as when the text is copied from a web page)"
	repairNoBlankLine  = "the empty line after the S/MIME headers is missing"
	repairSpaces       = "its base64 text holds spaces"
	repairPadding      = "its base64 text lacks the closing \"=\" padding"
)

// unwrapSMIME reads the optional header block and decodes the base64 body.
// The body is not read through textproto's DotReader: it has no SMTP "."
// terminator, so that would always end in io.ErrUnexpectedEOF.
func unwrapSMIME(data []byte) (*smimeInfo, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	info := &smimeInfo{}
	if bytes.Contains(data, []byte("\r\r\n")) {
		info.repairs = append(info.repairs, repairDoubledCR)
		for bytes.Contains(data, []byte("\r\r\n")) {
			data = bytes.ReplaceAll(data, []byte("\r\r\n"), []byte("\r\n"))
		}
	}
	body := data
	if looksLikeMIME(data) {
		info.hasHeaders = true
		var h textproto.MIMEHeader
		h, body = readHeaders(data, info)
		info.mimeVer = h.Get("Mime-Version") != ""
		if mt, params, err := mime.ParseMediaType(h.Get("Content-Type")); err == nil {
			info.mediaType = mt
			info.smimeType = strings.ToLower(params["smime-type"])
		} else if ct := h.Get("Content-Type"); ct != "" {
			info.mediaType = strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
		}
	}
	info.rawBody = body
	compact := stripSpace(body)
	if len(compact) == 0 {
		return info, errNoBody
	}
	out, cut, err := decodeBase64(compact)
	if err != nil {
		return info, err
	}
	info.body, info.cut = out, cut
	info.repairs = append(info.repairs, base64Repairs(body, compact, cut, true)...)
	return info, nil
}

// base64Repairs lists what a strict base64 decoder would reject in text:
// spaces or tabs (line breaks are allowed), and missing padding. With
// trailingOK, blank space after the last base64 character is allowed, as
// it is where MDMs decode the S/MIME body as a stream.
func base64Repairs(text, compact []byte, cut, trailingOK bool) []string {
	var out []string
	if trailingOK {
		text = bytes.TrimRight(text, " \t\r\n\v\f")
	}
	if bytes.ContainsAny(text, " \t\v\f") {
		out = append(out, repairSpaces)
	}
	if !cut && len(compact)%4 != 0 {
		out = append(out, repairPadding)
	}
	return out
}

// readHeaders reads the header block the way a tolerant reader must, and
// records in info where a strict reader (net/textproto) would fail: a
// header broken onto a line of its own, no empty line before the body, or
// empty lines between the header lines.
func readHeaders(data []byte, info *smimeInfo) (textproto.MIMEHeader, []byte) {
	h := textproto.MIMEHeader{}
	lines, rest := splitLines(data, maxHeaderLines)
	follows := headerFollows(lines)
	last := ""
	repair := func(s string) {
		for _, r := range info.repairs {
			if r == s {
				return
			}
		}
		info.repairs = append(info.repairs, s)
	}
	for i := 0; i < len(lines); i++ {
		l := strings.TrimRight(string(lines[i].text), "\r")
		switch {
		case strings.TrimSpace(l) == "":
			// The end of the headers, unless another header follows
			// after the empty lines.
			j := i + 1
			for j < len(lines) && strings.TrimSpace(string(lines[j].text)) == "" {
				j++
			}
			if j < len(lines) && isHeaderLine(lines[j].text) && len(h) > 0 {
				repair(repairBlankLines)
				i = j - 1
				continue
			}
			if j < len(lines) {
				return h, data[lines[j].start:]
			}
			return h, data[rest:]
		case isHeaderLine(l):
			k, v, _ := strings.Cut(l, ":")
			last = textproto.CanonicalMIMEHeaderKey(strings.TrimSpace(k))
			h.Add(last, strings.TrimSpace(v))
		case (l[0] == ' ' || l[0] == '\t') && last != "":
			vs := h[last]
			vs[len(vs)-1] += " " + strings.TrimSpace(l)
		case last != "" && follows[i]:
			// A header cut in two by a line break: the rest of its value.
			repair(repairBrokenHeader)
			vs := h[last]
			vs[len(vs)-1] += strings.TrimSpace(l)
		default:
			repair(repairNoBlankLine)
			return h, data[lines[i].start:]
		}
	}
	return h, data[rest:]
}

// headerFollows reports for each line whether a header line comes after
// it before the next empty line.
func headerFollows(lines []lineSpan) []bool {
	follows := make([]bool, len(lines))
	for i := len(lines) - 2; i >= 0; i-- {
		next := bytes.TrimRight(lines[i+1].text, "\r")
		switch {
		case len(bytes.TrimSpace(next)) == 0:
		case isHeaderLine(next):
			follows[i] = true
		default:
			follows[i] = follows[i+1]
		}
	}
	return follows
}

// lineSpan is one line of text (without its "\n") and where it starts.
type lineSpan struct {
	text  []byte
	start int
}

// maxHeaderLines bounds the lines read as headers; Apple writes four.
const maxHeaderLines = 64

// splitLines cuts up to max lines from data and says where the rest starts.
func splitLines(data []byte, max int) (lines []lineSpan, rest int) {
	for rest < len(data) && len(lines) < max {
		end := bytes.IndexByte(data[rest:], '\n')
		if end < 0 {
			lines = append(lines, lineSpan{data[rest:], rest})
			return lines, len(data)
		}
		lines = append(lines, lineSpan{data[rest : rest+end], rest})
		rest += end + 1
	}
	return lines, rest
}

// isPKCS7MediaType reports whether a media type is S/MIME PKCS#7.
func isPKCS7MediaType(mt string) bool {
	return mt == "application/pkcs7-mime" || mt == "application/x-pkcs7-mime"
}
