package ui_test

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/mdmtoken/mdmtoken/token"
	"github.com/mdmtoken/mdmtoken/ui"
)

// reachScreen is the state of TestEveryScreen named name, at 40x12.
func reachScreen(t *testing.T, name string) *driver {
	t.Helper()
	for _, c := range everyScreen {
		if c.name == name {
			h := c.reach(t)
			h.send(tea.WindowSizeMsg{Width: 40, Height: 12})
			return h
		}
	}
	t.Fatalf("no screen %s", name)
	return nil
}

// bodyRows is the lines of a verdict between its badge and the "more"
// mark.
func bodyRows(t *testing.T, v, badge string) []string {
	t.Helper()
	rows := strings.Split(v, "\n")
	for i, r := range rows {
		if strings.Contains(r, badge) {
			for j := i + 1; j < len(rows); j++ {
				if strings.Contains(rows[j], "more ") {
					return rows[i+1 : j]
				}
			}
		}
	}
	t.Fatalf("no body under %q:\n%s", badge, v)
	return nil
}

// TestVerdictSmallShowsWhy: at 40x12 a verdict shows, beside its badge,
// the file's name cut to fit, then what is wrong (or, for a good file, the
// file and its facts) above the menu, which shows
// the option highlighted and how many there are; the arrows go through
// the others, and pgdn turns a page of the details.
func TestVerdictSmallShowsWhy(t *testing.T) {
	for _, c := range []struct {
		name, badge string
		see         []string
	}{
		{"verdict_wrong_server", "✗ WRONG SERVER", []string{"This token belongs to a different MDM", "> 1. Pick another file", "1 of 3"}},
		{"verdict_push_new_topic", "✗ MISMATCH", []string{"This push certificate has the topic", "1 of 3"}},
		{"verdict_stale", "! STALE", []string{"! STALE  Campus MDM…2025-06-12…", "This DEP server token was downloaded", "1 of 2"}},
		{"verdict_ok", "✓ OK", []string{"File: Campus", "> 1. Continue to the Relution steps", "1 of 2, ↑/↓"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := reachScreen(t, c.name)
			h.see(c.see...)
			before := bodyRows(t, h.view(), c.badge)
			if len(before) < 2 {
				t.Fatalf("%d lines of the details in view:\n%s", len(before), h.view())
			}
			h.press("pgdown")
			after := bodyRows(t, h.view(), c.badge)
			for _, r := range after {
				for _, b := range before {
					if r == b {
						t.Errorf("pgdn moved less than a page: %q still shows:\n%s", r, h.view())
					}
				}
			}
		})
	}
	t.Run("arrows", func(t *testing.T) {
		h := reachScreen(t, "verdict_wrong_server")
		h.pressSee("down", "> 2. Go back to choosing the MDM", "2 of 3", "✗ WRONG SERVER", "This token belongs")
		h.pressSee("down", "> 3. Quit", "3 of 3")
		h.pressSee("down", "> 1. Pick another file", "1 of 3")
	})
}

// TestVPPVerdictSmall: at 40x12 the file and the location of a good VPP
// token show above the choice to go on.
func TestVPPVerdictSmall(t *testing.T) {
	h := start(t, ui.Options{Kind: token.KindVPP, Apple: "abm", Portal: "relution"})
	h.see(caveats)
	h.toPicker(guide(t, token.KindVPP, "abm", "relution"))
	h.pressSee("enter", "✓ OK", "Continue to the Relution steps")
	h.send(tea.WindowSizeMsg{Width: 40, Height: 12})
	// The name whole beside the badge: no File line repeats it.
	h.see("✓ OK  sToken_for_Main Campus.vpptoken", "Location: Main Campus", "> 1. Continue to the Relution steps")
	if strings.Contains(h.view(), "File:") {
		t.Errorf("the name shows twice:\n%s", h.view())
	}
}
