package steps

import (
	"fmt"
	"strings"
)

// Kinds lists the token kinds in the order they are offered.
func Kinds() []Kind { return []Kind{VPP, DEP} }

// ParseKind reads a --kind value ("vpp" or "dep", any case).
func ParseKind(s string) (Kind, error) {
	k := Kind(strings.ToLower(strings.TrimSpace(s)))
	if k.Valid() {
		return k, nil
	}
	return "", fmt.Errorf("unknown token kind %q (valid: vpp, dep)", s)
}

// Valid reports whether k is one of the two token kinds.
func (k Kind) Valid() bool { return k == VPP || k == DEP }

// Title names the token for people.
func (k Kind) Title() string {
	switch k {
	case VPP:
		return "Apps and Books content token (VPP)"
	case DEP:
		return "Automated Device Enrollment server token (DEP)"
	}
	return string(k)
}

// FileName is the name Apple gives the downloaded file, with placeholders.
func (k Kind) FileName() string {
	switch k {
	case VPP:
		return "sToken_for_<Location>.vpptoken"
	case DEP:
		return "<Server>_Token_<timestamp>_smime.p7m"
	}
	return ""
}

// FileAbout says in one or two sentences what the file is and what it is not.
func (k Kind) FileAbout() string {
	switch k {
	case VPP:
		return "The content token of one location (or organizational unit), a small text file " +
			"ending in .vpptoken. Not the *_smime.p7m server token and not a .pem key."
	case DEP:
		return "The MDM server token of one server, an encrypted file ending in _smime.p7m, " +
			"downloaded just now. Not a .vpptoken, and never the .pem public key."
	}
	return ""
}
