package token

import (
	"fmt"
	"strings"
)

// Renewable lists the credentials a renewal is for, in the order they are
// offered: the kinds a guide, a record or a saved place can name.
func Renewable() []Kind { return []Kind{KindVPP, KindDEP, KindPush} }

// IsRenewable reports whether k is one of the credentials renewed each year.
func (k Kind) IsRenewable() bool {
	for _, r := range Renewable() {
		if k == r {
			return true
		}
	}
	return false
}

// ParseRenewable reads a --kind value ("vpp", "dep" or "push", any case).
func ParseRenewable(s string) (Kind, error) {
	k := Kind(strings.ToLower(strings.TrimSpace(s)))
	if k.IsRenewable() {
		return k, nil
	}
	ids := make([]string, 0, len(Renewable()))
	for _, r := range Renewable() {
		ids = append(ids, string(r))
	}
	return "", fmt.Errorf("unknown token kind %q (valid: %s)", s, strings.Join(ids, ", "))
}

// Noun names the credential in running text: "the VPP content token".
func (k Kind) Noun() string {
	switch k {
	case KindVPP:
		return "VPP content token"
	case KindDEP:
		return "DEP server token"
	case KindPush:
		return "APNs push certificate"
	}
	return string(k)
}

// FileName is the name Apple gives the downloaded file, with placeholders.
func (k Kind) FileName() string {
	switch k {
	case KindVPP:
		return "sToken_for_<Location>.vpptoken"
	case KindDEP:
		return "<Server>_Token_<timestamp>_smime.p7m"
	case KindPush:
		return "MDM_ <Vendor>_Certificate.pem"
	}
	return ""
}

// FileAbout says in one or two sentences what the file is and what it is not.
func (k Kind) FileAbout() string {
	switch k {
	case KindVPP:
		return "The content token of one location (or organizational unit), a small text file " +
			"ending in .vpptoken. Not the *_smime.p7m server token and not a .pem key."
	case KindDEP:
		return "The MDM server token of one server, an encrypted file ending in _smime.p7m, " +
			"downloaded just now. Not a .vpptoken, and never the .pem public key."
	case KindPush:
		return "The renewed push certificate from Apple's Push Certificates Portal, a .pem file. " +
			"Not the request file the MDM gave you (.csr, .plist, CSR.txt), and not the DEP public key."
	}
	return ""
}
