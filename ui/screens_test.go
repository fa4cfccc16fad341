package ui_test

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
	"github.com/mdmtoken/mdmtoken/ui"
)

// depRelution starts the wizard on the caveats screen of the DEP renewal
// for Apple Business Manager (classic) and Relution, as the flags
// --kind dep --apple abm --portal relution do.
func depRelution(t *testing.T, size ...int) (*driver, steps.Guide) {
	t.Helper()
	h := start(t, ui.Options{Kind: token.KindDEP, Apple: "abm", Portal: "relution"}, size...)
	h.see(caveats)
	return h, guide(t, token.KindDEP, "abm", "relution")
}

// toVerdict goes from the caveats screen to the verdict on the fresh DEP
// token.
func toVerdictOK(h *driver, g steps.Guide) {
	h.t.Helper()
	h.toPicker(g)
	h.pick(freshDEPName, "✓ OK")
	h.see("Continue to the Relution steps")
}

// toConfirm goes from the caveats screen to the confirmation question.
func toConfirm(h *driver, g steps.Guide) {
	h.t.Helper()
	toVerdictOK(h, g)
	h.menuChoose("Continue to the Relution steps", "Relution, step")
	h.walk("Relution", g.PortalSteps)
	h.see(confirmQ, "Did Relution accept the file?")
}

// TestScreens has one golden file per wizard screen, at 80x24.
func TestScreens(t *testing.T) {
	t.Run("task", func(t *testing.T) {
		h := start(t, ui.Options{})
		h.see(askTask)
		h.golden()
	})
	t.Run("apple", func(t *testing.T) {
		h := start(t, ui.Options{})
		h.chooseTask(token.KindDEP)
		h.golden()
	})
	t.Run("portal_long_list", func(t *testing.T) {
		// The DEP list has more portals than fit with their descriptions:
		// only the highlighted one's is shown, under the list.
		h := start(t, ui.Options{})
		h.chooseTask(token.KindDEP)
		h.chooseApple("abm")
		h.golden()
		s := h.screen()
		if n := strings.Count(s, "Follows:"); n != 1 {
			t.Errorf("want only the highlighted portal's description, have %d:\n%s", n, s)
		}
		for _, p := range builtin(t).Portals(token.KindDEP) {
			if !strings.Contains(s, p.Name) {
				t.Errorf("portal %s is not listed", p.Name)
			}
		}
	})
	t.Run("portal_long_list_scrolled", func(t *testing.T) {
		// On a short terminal the list scrolls with the cursor.
		h := start(t, ui.Options{}, 80, 14)
		h.chooseTask(token.KindDEP)
		h.chooseApple("abm")
		portals := builtin(t).Portals(token.KindDEP)
		for range portals[1:] {
			h.press("down")
		}
		last := portals[len(portals)-1].Name
		h.see("> " + last)
		h.golden()
		if s := h.screen(); strings.Contains(s, "> "+portals[0].Name) || !strings.Contains(s, "q quit") {
			t.Errorf("scrolled list or help line wrong:\n%s", s)
		}
	})
	t.Run("caveats", func(t *testing.T) {
		h, _ := depRelution(t)
		h.golden()
	})
	t.Run("apple_step", func(t *testing.T) {
		h, g := depRelution(t)
		h.pastCaveats(g.Apple.Name + ", step 1 of 4")
		h.golden()
	})
	t.Run("dep_warning", func(t *testing.T) {
		h, g := depRelution(t)
		h.pressSee("enter", g.Apple.Name+", step")
		h.walkSome(g.Apple.Name, g.AppleSteps, 3)
		h.see("step 4 of 4", "Warning:", "Press y to confirm")
		h.golden()
		if s := h.screen(); strings.Contains(s, resetNote) {
			t.Errorf("reset banner before the download was confirmed:\n%s", s)
		}
	})
	t.Run("dep_warning_confirmed", func(t *testing.T) {
		// y moves on to the picker; back on the step it reads "Confirmed."
		// and the banner says the old token is reset.
		h, g := depRelution(t)
		h.toPicker(g)
		h.see(resetNote)
		h.pressSee("esc", "step 4 of 4", "Confirmed.", resetNote)
		h.golden()
	})
	t.Run("picker", func(t *testing.T) {
		h, g := depRelution(t)
		v := h.toPicker(g)
		if got := rowFile(cursorRow(v)); got < 0 || listed()[got] != freshDEPName {
			t.Fatalf("cursor not on the fresh DEP token:\n%s", v)
		}
		h.see("✓ OK", "Downloaded: 2026-06-02 (today)")
		h.golden()
	})
	t.Run("paste_empty", func(t *testing.T) {
		h, g := depRelution(t)
		h.toPicker(g)
		h.pressSee("p", pasteHead, "Waiting for pasted text")
		h.golden()
	})
	t.Run("paste_received", func(t *testing.T) {
		h, g := depRelution(t)
		h.toPicker(g)
		h.pressSee("p", pasteHead)
		h.send(tea.PasteMsg{Content: h.read(freshDEPName)})
		h.see("Received ")
		h.golden()
	})
	t.Run("verdict_ok", func(t *testing.T) {
		h, g := depRelution(t)
		toVerdictOK(h, g)
		h.golden()
	})
	t.Run("verdict_stale", func(t *testing.T) {
		h, g := depRelution(t)
		h.toPicker(g)
		h.pick(oldDEPName, "! STALE")
		h.see("! STALE", "no longer valid", "Pick another file")
		h.golden()
	})
	t.Run("verdict_wrong_kind", func(t *testing.T) {
		h, g := depRelution(t)
		h.toPicker(g)
		h.pick(vppName, "✗ WRONG KIND")
		h.see("✗ WRONG KIND", "Pick another file")
		h.golden()
		s := h.screen()
		for _, want := range []string{"Invalid Token", "_smime.p7m"} {
			if !strings.Contains(s, want) {
				t.Errorf("wrong-kind verdict lacks %q", want)
			}
		}
	})
	t.Run("upload_step", func(t *testing.T) {
		h, g := depRelution(t)
		toVerdictOK(h, g)
		h.menuChoose("Continue to the Relution steps", "Relution, step")
		upload := -1
		for i, st := range g.PortalSteps {
			if st.Upload {
				upload = i
				break
			}
		}
		if upload < 0 {
			t.Fatal("the Relution DEP guide has no upload step")
		}
		h.walkSome("Relution", g.PortalSteps, upload)
		h.see("Choose this file: "+freshDEPName, "In the folder: ~/Downloads")
		h.golden()
	})
	t.Run("confirm", func(t *testing.T) {
		h, g := depRelution(t)
		toConfirm(h, g)
		h.golden()
	})
	t.Run("troubleshooting", func(t *testing.T) {
		h, g := depRelution(t)
		toConfirm(h, g)
		h.press("n")
		h.see("Relution did not accept the file: common causes", "Invalid Token")
		m := h.golden()
		if r := m.Result(); !r.Answered || r.Accepted {
			t.Errorf("after n: Answered %v, Accepted %v; want true, false", r.Answered, r.Accepted)
		}
	})
	t.Run("done", func(t *testing.T) {
		h, g := depRelution(t)
		toConfirm(h, g)
		h.press("y")
		h.check("renewal done, banner gone", func(v string) bool {
			return strings.Contains(v, done) && !strings.Contains(v, resetNote)
		})
		h.golden()
	})
}
