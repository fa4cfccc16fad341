package sample

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"time"
)

// VPPOptions vary the layout of a synthetic content token.
type VPPOptions struct {
	ColonOffset bool // expDate offset as ±hh:mm (Apple's simulator) instead of ±hhmm
	Fraction    bool // expDate with milliseconds
	Wrap        bool // base64 in 76-column lines
	CRLF        bool // CRLF line ends (with Wrap or TrailingNewline)
	BOM         bool // a UTF-8 byte order mark first, as Notepad writes
	Newline     bool // end with a line break
}

// VPP makes a content token file for org expiring at expires as Apple
// Business Manager writes it: one line of standard base64, no final line
// break, of {"expDate","token","orgName"} with a random-looking fake token
// derived from the inputs. The expiry keeps the offset of expires' location
// (Apple writes +0000).
func VPP(org string, expires time.Time) []byte {
	return VPPWith(org, expires, VPPOptions{})
}

// VPPWith is VPP with layout options.
func VPPWith(org string, expires time.Time, o VPPOptions) []byte {
	layout := "2006-01-02T15:04:05"
	if o.Fraction {
		layout += ".000"
	}
	if o.ColonOffset {
		layout += "-07:00"
	} else {
		layout += "-0700"
	}
	body := struct {
		ExpDate string `json:"expDate"`
		Token   string `json:"token"`
		OrgName string `json:"orgName"`
	}{expires.Format(layout), VPPTokenValue(org, expires), org}
	js, _ := json.Marshal(body)
	b64 := base64.StdEncoding.EncodeToString(js)
	eol := "\n"
	if o.CRLF {
		eol = "\r\n"
	}
	if o.Wrap {
		b64 = wrap(b64, 76, eol)
	} else if o.Newline {
		b64 += eol
	}
	if o.BOM {
		b64 = "\ufeff" + b64
	}
	return []byte(b64)
}

// VPPTokenValue is the fake "token" value VPP puts in a file for org and
// expires.
func VPPTokenValue(org string, expires time.Time) string {
	seed := sha256.Sum256([]byte("vpp|" + org + "|" + expires.UTC().Format(time.RFC3339Nano)))
	r := rand.NewChaCha8(seed)
	buf := make([]byte, 129)
	_, _ = r.Read(buf)
	return base64.StdEncoding.EncodeToString(buf)
}

// VPPFileName is Apple's name for a location's content token.
func VPPFileName(location string) string {
	return "sToken_for_" + location + ".vpptoken"
}

// wrap cuts s into lines of n characters, each ended by eol.
func wrap(s string, n int, eol string) string {
	var b strings.Builder
	for len(s) > n {
		b.WriteString(s[:n])
		b.WriteString(eol)
		s = s[n:]
	}
	if s != "" {
		b.WriteString(s)
		b.WriteString(eol)
	}
	return b.String()
}
