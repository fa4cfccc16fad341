package token

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// VPP (Apps and Books) content tokens: standard base64 of a JSON object
// with "token", "expDate" and "orgName".

var utf8BOM = []byte{0xef, 0xbb, 0xbf}

// repairBOM is the repair of a byte-order mark, in the words of the report.
const repairBOM = "it starts with a byte-order mark (an editor re-saved it)"

var (
	errNotBase64  = errors.New("not base64 text")
	errNotVPPJSON = errors.New("not a content token JSON object")
)

// vppFields are the fields of a content token; nil means absent.
type vppFields struct {
	Token   *string `json:"token"`
	ExpDate *string `json:"expDate"`
	OrgName *string `json:"orgName"`
}

// stripSpace removes a UTF-8 BOM and all ASCII whitespace.
func stripSpace(data []byte) []byte {
	data = bytes.TrimPrefix(data, utf8BOM)
	out := make([]byte, 0, len(data))
	for _, c := range data {
		switch c {
		case ' ', '\t', '\r', '\n', '\v', '\f':
			continue
		}
		out = append(out, c)
	}
	return out
}

// isBase64Text reports whether data (BOM and whitespace removed) consists
// only of standard base64 characters.
func isBase64Text(compact []byte) bool {
	if len(compact) == 0 {
		return false
	}
	pad := 0
	for i, c := range compact {
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '+', c == '/':
			if pad > 0 {
				return false
			}
		case c == '=' && i > 0:
			pad++
			if pad > 2 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// decodeBase64 decodes standard base64 with whitespace removed, with or
// without padding. When the text ends mid-group (a cut-off download) it
// decodes the complete groups and reports cut=true.
func decodeBase64(compact []byte) (out []byte, cut bool, err error) {
	if !isBase64Text(compact) {
		return nil, false, errNotBase64
	}
	s := string(compact)
	if out, err := base64.StdEncoding.DecodeString(s); err == nil {
		return out, false, nil
	}
	trimmed := strings.TrimRight(s, "=")
	if out, err := base64.RawStdEncoding.DecodeString(trimmed); err == nil {
		return out, false, nil
	}
	whole := len(trimmed) - len(trimmed)%4
	out, err = base64.RawStdEncoding.DecodeString(trimmed[:whole])
	if err != nil || len(out) == 0 {
		return nil, false, errNotBase64
	}
	return out, true, nil
}

// parseVPPJSON reads a content token's JSON. It fails with errNotVPPJSON
// when the data is not a JSON object naming at least two of the token's
// fields, or one when named (the file is named like a content token): a
// settings file with a "token" is no content token.
func parseVPPJSON(js []byte, named bool) (vppFields, error) {
	var f vppFields
	js = bytes.TrimSpace(bytes.TrimPrefix(js, utf8BOM))
	if len(js) == 0 || js[0] != '{' {
		return f, errNotVPPJSON
	}
	enough := func(n int) bool { return n >= 2 || named && n == 1 }
	if err := json.Unmarshal(js, &f); err != nil {
		// A JSON object that names the fields but is broken is still
		// recognisably a content token.
		n := 0
		for _, field := range []string{`"token"`, `"expDate"`, `"orgName"`} {
			if bytes.Contains(js, []byte(field)) {
				n++
			}
		}
		if enough(n) {
			return f, errors.New("the token's JSON is damaged")
		}
		return f, errNotVPPJSON
	}
	n := 0
	for _, v := range []*string{f.Token, f.ExpDate, f.OrgName} {
		if v != nil {
			n++
		}
	}
	if !enough(n) {
		return f, errNotVPPJSON
	}
	return f, nil
}

// appleExpDateLayout is how Apple Business Manager writes "expDate"
// (2027-03-25T03:47:21+0000), and the layout Fleet parses it with.
const appleExpDateLayout = "2006-01-02T15:04:05Z0700"

// expDateRepair says how an expDate differs from Apple Business Manager's.
func expDateRepair(v string) string {
	if _, err := time.Parse("2006-01-02T15:04:05Z07:00", strings.TrimSpace(v)); err == nil {
		return "its expDate " + quoteValue(v) + " has a colon in the time-zone offset, as Apple's VPP simulator writes it (Apple Business Manager writes +0000)"
	}
	return "its expDate " + quoteValue(v) + " is not in the form Apple Business Manager writes (2027-03-25T03:47:21+0000)"
}

// quoteValue quotes a value from a file for a message.
func quoteValue(v string) string { return `"` + clean(v) + `"` }

// expDateLayouts are the accepted forms of "expDate". Fractional seconds
// are accepted after the seconds by time.Parse in every layout.
var expDateLayouts = []string{
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04:05Z07",
}

// parseExpDate parses a content token's "expDate": ISO 8601 with an
// offset written as ±hhmm, ±hh:mm or Z, optionally with fractional seconds.
func parseExpDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range expDateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errors.New("unrecognised date")
}

// inspectVPP fills the report from a content token's JSON.
func inspectVPP(a *analysis, js []byte, encoding string) bool {
	f, err := parseVPPJSON(js, NamedKind(a.r.File) == KindVPP)
	if errors.Is(err, errNotVPPJSON) {
		return false
	}
	r := &a.r
	r.Kind = KindVPP
	r.Encoding = encoding
	r.Location = vppLocation(r.File)
	if err != nil {
		a.invalid = msgVPPDamaged("its JSON content is damaged")
		return true
	}
	if f.OrgName != nil {
		r.Org = clean(strings.TrimSpace(*f.OrgName))
	}
	if f.Token != nil && *f.Token != "" {
		r.Secrets = append(r.Secrets, Secret{Name: "token", Masked: Mask(*f.Token)})
	}
	var missing []string
	if f.Token == nil || strings.TrimSpace(*f.Token) == "" {
		missing = append(missing, "token")
	}
	if f.ExpDate == nil || strings.TrimSpace(*f.ExpDate) == "" {
		missing = append(missing, "expDate")
	} else if t, err := parseExpDate(*f.ExpDate); err != nil {
		a.invalid = msgVPPDamaged("its expiry date (expDate) is not a date")
		return true
	} else if p := dateProblem(t); p != "" {
		a.invalid = msgVPPDamaged("its " + notRealDate("expiry date (expDate)", strings.TrimSpace(*f.ExpDate), p))
		return true
	} else if now := a.opts.Now; !now.IsZero() && t.After(now.AddDate(1, 0, 0).Add(yearSlack)) {
		a.invalid = msgVPPDamaged("its expiry date (expDate) " + quoteValue(strings.TrimSpace(*f.ExpDate)) +
			" is more than a year away, and Apple's content tokens last one year: the date was changed, the file is not Apple's, or this computer's clock is behind")
		return true
	} else {
		r.Expires = t
		if _, err := time.Parse(appleExpDateLayout, *f.ExpDate); err != nil {
			a.repair(expDateRepair(*f.ExpDate))
		}
	}
	if f.OrgName == nil {
		missing = append(missing, "orgName")
	}
	if len(missing) > 0 {
		a.invalid = msgVPPDamaged("it lacks " + strings.Join(missing, ", "))
		return true
	}
	if r.Org == "" {
		r.Notes = append(r.Notes, "The token names no organization (orgName is empty).")
	}
	return true
}
