package ui

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestCrumbKeepsThePortal: a crumb too long for the terminal cuts the
// Apple portal's name, never the MDM portal the file goes to.
func TestCrumbKeepsThePortal(t *testing.T) {
	for _, c := range []struct {
		apple, portal string
		width         int
		want          string
	}{
		{"Apple Business Manager (classic)", "Relution", 80, "Apple Business Manager (classic) → Relution"},
		{"Apple Push Certificates Portal", "Microsoft Intune", 38, "Apple Push Certifi… → Microsoft Intune"},
		{"Apple Business Manager (classic)", "ManageEngine MDM (Endpoint Central, MDM Plus)", 38, "Apple Business Manager (classic) → Ma…"},
	} {
		got := crumb(c.apple, c.portal, c.width)
		if got != c.want || ansi.StringWidth(got) > c.width {
			t.Errorf("crumb(%q, %q, %d) = %q, want %q", c.apple, c.portal, c.width, got, c.want)
		}
	}
}
