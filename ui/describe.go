package ui

import (
	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/token"
)

// statusBadge is a status in words with a symbol, so that it reads without
// color too.
func statusBadge(st styles, s token.Status) string {
	switch s.Severity() {
	case token.SeverityOK:
		return st.statusOK.Render(renewal.Badge(s))
	case token.SeverityWarning:
		return st.statusWrn.Render(renewal.Badge(s))
	default:
		return st.statusBad.Render(renewal.Badge(s))
	}
}

// renderFact draws one "Label: value" line about a file.
func renderFact(st styles, f renewal.Fact) string {
	return st.label.Render(f.Label+": ") + token.Printable(f.Value)
}
