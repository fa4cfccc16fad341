package ui

import (
	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/token"
)

// statusBadge is a status in words with a symbol, so that it reads without
// color too.
func statusBadge(st styles, s token.Status) string { return markBadge(st, renewal.MarkOf(s)) }

// markBadge draws a verdict's mark in the color of its severity.
func markBadge(st styles, m renewal.Mark) string {
	switch m.Severity {
	case token.SeverityOK:
		return st.statusOK.Render(m.Badge)
	case token.SeverityWarning:
		return st.statusWrn.Render(m.Badge)
	default:
		return st.statusBad.Render(m.Badge)
	}
}

// renderFact draws one "Label: value" line about a file.
func renderFact(st styles, f renewal.Fact) string {
	return st.label.Render(f.Label+": ") + token.Printable(f.Value)
}
