package runbook

import (
	"strings"

	"github.com/mdmtoken/mdmtoken/token"
)

// Printable makes text from a guide, a playbook or a file name safe to print
// on a terminal: token.Printable (control characters, escape sequences,
// line breaks and bidirectional overrides become spaces), and also the
// Unicode line and paragraph separators and the Arabic letter mark, which it
// leaves. Everything the runbook and the portal list print goes through it.
func Printable(s string) string {
	return strings.Map(func(c rune) rune {
		switch c {
		case '\u2028', '\u2029', '\u061c':
			return ' '
		}
		return c
	}, token.Printable(s))
}
