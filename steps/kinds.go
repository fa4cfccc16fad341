package steps

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mdmtoken/mdmtoken/token"
)

// Kinds lists the credentials the guides cover, in the order they are
// offered: the content token, the server token and the push certificate.
func Kinds() []token.Kind { return []token.Kind{token.KindVPP, token.KindDEP, token.KindPush} }

// kindIDs is Kinds as "vpp, dep, push".
func kindIDs() string {
	ids := make([]string, 0, len(Kinds()))
	for _, k := range Kinds() {
		ids = append(ids, string(k))
	}
	return strings.Join(ids, ", ")
}

// ParseKind reads a --kind value for a guide: vpp, dep or push, any case.
func ParseKind(s string) (token.Kind, error) {
	k := token.Kind(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(Kinds(), k) {
		return k, nil
	}
	return "", fmt.Errorf("unknown token kind %q (valid: %s)", s, kindIDs())
}
