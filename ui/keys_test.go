package ui_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
	"github.com/mdmtoken/mdmtoken/ui"
)

// TestHelpLineIsHonest: esc is offered on Before you start only when it
// goes back, and "?" opens a full list labelled "close help" and closes it.
func TestHelpLineIsHonest(t *testing.T) {
	h, _ := depRelution(t)
	if l := helpLine(h.view()); strings.Contains(l, "esc") {
		t.Errorf("esc offered with nowhere to go back to: %q", l)
	}
	h.press("esc")
	h.see(caveats)

	h.press("?")
	h.see("close help", "home", "end", "pgup")
	if strings.Contains(h.view(), "more keys") {
		t.Errorf("the open help still says more keys:\n%s", h.view())
	}
	h.press("?")
	h.check("help closed", func(v string) bool {
		return strings.Contains(helpLine(v), "? more keys") && !strings.Contains(v, "close help")
	})

	// Reached through the menus, esc goes back and says so.
	m := start(t, ui.Options{})
	m.chooseTask(token.KindDEP)
	m.chooseApple("abm")
	m.choosePortal(token.KindDEP, "relution")
	if l := helpLine(m.view()); !strings.Contains(l, "esc back") {
		t.Errorf("esc not offered though it goes back: %q", l)
	}
	m.pressSee("esc", askPortal)
}

// finishByHelp renews by pressing, on every screen, the key its help line
// names first for going on (y where a y is asked, else enter), until the
// renewal is done; it returns the keys that took.
func finishByHelp(t *testing.T, h *driver) int {
	t.Helper()
	for i := 0; i < 40 && !strings.Contains(h.view(), done); i++ {
		if l := helpLine(h.view()); strings.HasPrefix(l, "y ") {
			h.press("y")
		} else {
			h.press("enter")
		}
	}
	h.see(done)
	if r := h.m.Result(); !r.Accepted || filepath.Base(r.File) != vppName {
		t.Errorf("renewal ended accepted %v with %q, want %s", r.Accepted, r.File, vppName)
	}
	return h.keys
}

// TestKeystrokes counts the keys of a full VPP renewal: at most 10 with
// --kind/--apple/--portal, at most 16 without, the right file taken from
// the picker as it opens.
func TestKeystrokes(t *testing.T) {
	const kind, apple, portal = token.KindVPP, "abm", "relution"
	digit := func(i int) string { return fmt.Sprint(i + 1) }

	flags := start(t, ui.Options{Kind: kind, Apple: apple, Portal: portal})
	flags.see(caveats)
	if n := finishByHelp(t, flags); n > 10 {
		t.Errorf("with flags: %d keys, want at most 10", n)
	} else {
		t.Logf("with flags: %d keys", n)
	}

	menus := start(t, ui.Options{})
	menus.see(askTask)
	menus.pressSee(digit(slices.Index(token.Renewable(), kind)), askApple)
	menus.pressSee(digit(slices.IndexFunc(builtin(t).ApplePortals(), func(a steps.Apple) bool { return a.ID == apple })), askPortal)
	// Relution is past the ninth: r jumps to it.
	if i := slices.IndexFunc(builtin(t).Portals(kind), func(p steps.Portal) bool { return p.ID == portal }); i < 9 {
		menus.pressSee(digit(i), caveats)
	} else {
		menus.pressSee("r", "> Relution")
		menus.pressSee("enter", caveats)
	}
	if n := finishByHelp(t, menus); n > 16 {
		t.Errorf("without flags: %d keys, want at most 16", n)
	} else {
		t.Logf("without flags: %d keys", n)
	}
}

// TestCheckThenRenew: a token checked from "Check a file" can be renewed
// from its verdict; a file that is no token offers no renewal.
func TestCheckThenRenew(t *testing.T) {
	h := start(t, ui.Options{})
	h.see(askTask)
	h.press("down", "down", "down")
	h.pressSee("enter", checkPicker)
	h.pick(pemName, "✗ WRONG KIND")
	if strings.Contains(h.view(), "Renew this") {
		t.Errorf("a certificate offers a renewal:\n%s", h.view())
	}
	h.menuChoose("Check another file", checkPicker)
	h.pick(vppName, "✓ OK")
	h.menuChoose("Renew this VPP content token now", askApple)
	h.chooseApple("abm")
	h.choosePortal(token.KindVPP, "relution")
	if k := h.m.Result().Kind; k != token.KindVPP {
		t.Errorf("renewing %q, want the VPP token checked", k)
	}
	h.pressSee("esc", askPortal)
}

// TestFullHelpFits: at 40x12 the full list of keys ("?") names every key
// of the screen and fits the terminal, as columns or, where they do not
// fit, one after the other.
func TestFullHelpFits(t *testing.T) {
	h, _ := depRelution(t, 40, 12)
	h.press("?")
	h.see("close help", "end bottom", "home top", "pgup scroll up", "ctrl+c quit now")
	checkFits(t, h.view(), 40, 12)

	m := start(t, ui.Options{}, 40, 12)
	m.press("?")
	m.see("close help", "1-5 choose by number", "letter jump to it (not j, k, q)", "ctrl+c quit now")
	checkFits(t, m.view(), 40, 12)
}

// TestEscClosesHelp: with the full key list open, esc closes it and stays
// on the screen; only the next esc goes back.
func TestEscClosesHelp(t *testing.T) {
	h := start(t, ui.Options{Kind: token.KindDEP, Apple: "abm", Portal: "relution"})
	h.pastCaveats("step 1 of")
	h.pressSee("?", "close help")
	h.press("esc")
	h.check("esc closed the help and stayed on the step", func(v string) bool {
		return strings.Contains(v, "step 1 of") && !strings.Contains(v, "close help")
	})
	h.pressSee("esc", "Before you start")
}

// TestOpeningNotes: with every question answered by flags, the saved
// place's warnings show above the first screen until a key is pressed; on
// a short terminal they take one line.
func TestOpeningNotes(t *testing.T) {
	note := "An unfinished VPP content token renewal in Apple Business Manager (classic) and Relution is saved; it is not offered because the flags ask for a DEP server token renewal."
	for _, size := range [][2]int{{80, 24}, {40, 12}} {
		h := start(t, ui.Options{Kind: token.KindDEP, Apple: "abm", Portal: "relution", StateWarnings: []string{note}}, size[0], size[1])
		v := h.view()
		if !strings.Contains(flat(v), "An unfinished VPP content token renewal") || !strings.Contains(v, "Before you start") {
			t.Errorf("%dx%d: the note does not show above the first screen:\n%s", size[0], size[1], v)
		}
		if rows := strings.Count(v, "\n") + 1; rows > size[1] {
			t.Errorf("%dx%d: %d rows", size[0], size[1], rows)
		}
		h.press("pgdown")
		if strings.Contains(h.view(), "An unfinished VPP") {
			t.Errorf("%dx%d: the note stays after a key", size[0], size[1])
		}
	}
}
