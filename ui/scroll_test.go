package ui_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/resume"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
	"github.com/mdmtoken/mdmtoken/ui"
)

// TestWarningShownBeforeY: on a terminal too small for the DEP download
// step, y is refused until the whole warning has been on screen; the
// refusal brings it into view, and y then goes on.
func TestWarningShownBeforeY(t *testing.T) {
	h, g := depRelution(t, 40, 9)
	h.pastCaveats("step 1 of")
	h.walkSome(g.Apple.Name, g.AppleSteps, len(g.AppleSteps)-1)
	h.see("step 4 of 4", "more below")
	if v := h.view(); strings.Contains(v, "finish the upload now.") {
		t.Fatalf("warning already in full on a 40x9 screen; the test needs a smaller one:\n%s", v)
	}
	refused := 0
	for ; refused < 5 && strings.Contains(h.view(), "step 4 of 4"); refused++ {
		h.press("y")
	}
	if refused < 2 {
		t.Fatalf("y taken after %d presses, before the warning's end was shown", refused)
	}
	h.see(picker, "The old token is reset")
}

// TestWarningScrolledThenY: a user who pages through the step and back
// to its top confirms with a single y.
func TestWarningScrolledThenY(t *testing.T) {
	h, g := depRelution(t, 40, 9)
	h.pastCaveats("step 1 of")
	h.walkSome(g.Apple.Name, g.AppleSteps, len(g.AppleSteps)-1)
	h.see("step 4 of 4", "more below")
	seen := ""
	for i := 0; i < 20 && !strings.Contains(h.view(), "more above"); i++ {
		h.press("pgdown")
		seen += flat(h.view())
	}
	if !strings.Contains(seen, "finish the upload now.") {
		t.Fatalf("paging down never showed the warning's end: %s", seen)
	}
	h.press("home")
	h.press("y")
	h.see(picker)
}

// TestSmallScreens: at 40x12 the step, verdict, caveats and confirm
// screens still show their title, their warning and their keys.
func TestSmallScreens(t *testing.T) {
	t.Run("caveats", func(t *testing.T) {
		h, _ := depRelution(t, 40, 12)
		// The token already downloaded is read to the end of its warning
		// before enter starts.
		h.see("Before you start", "more below", "enter more", "│ Already in ~/Downloads")
		h.golden()
		for n := 0; n < 5 && contains(h.view(), "enter more"); n++ {
			h.press("enter")
		}
		h.see("Before you start", "enter start", "│ Apple's steps.")
	})
	t.Run("step", func(t *testing.T) {
		h, _ := depRelution(t, 40, 12)
		h.pastCaveats("step 1 of", "enter more")
		h.golden()
	})
	t.Run("dep_warning", func(t *testing.T) {
		h, g := depRelution(t, 40, 12)
		h.pastCaveats("step 1 of")
		h.walkSome(g.Apple.Name, g.AppleSteps, len(g.AppleSteps)-1)
		h.see("step 4 of 4", "Warning:", "y confirm")
		h.golden()
	})
	// The picker is reached at 80x24 (its small layout has tests of its
	// own); the screens after it are then shown at 40x12.
	small := func(h *driver) { h.send(tea.WindowSizeMsg{Width: 40, Height: 12}) }
	t.Run("verdict", func(t *testing.T) {
		h, g := depRelution(t)
		h.toPicker(g)
		h.pick(oldDEPName, "! STALE")
		small(h)
		h.see("! STALE", "Pick another file", "enter choose")
		h.golden()
	})
	t.Run("confirm", func(t *testing.T) {
		h, g := depRelution(t)
		toConfirm(h, g)
		small(h)
		h.see("Did Relution accept the file?", "y yes")
		h.golden()
	})
	t.Run("vpp_verdict", func(t *testing.T) {
		h := start(t, ui.Options{Kind: token.KindVPP, Apple: "abm", Portal: "relution"})
		h.see(caveats)
		h.toPicker(guide(t, token.KindVPP, "abm", "relution"))
		h.pressSee("enter", "✓ OK", "Continue to the Relution steps")
		small(h)
		h.golden()
	})
}

// TestStartOverWarningBeforeY: on a terminal too small for the warning
// that the old DEP token is reset, y to start over is refused until its
// end has been on screen; the refusal brings it into view, and y then
// starts over.
func TestStartOverWarningBeforeY(t *testing.T) {
	st := resume.State{Place: renewal.Place{Kind: "dep", Apple: "abm", Portal: "relution", Stage: renewal.StagePicker,
		DownloadConfirmedAt: fixedNow.Add(-time.Hour)}, SavedAt: fixedNow.Add(-time.Hour)}
	h := start(t, ui.Options{Resume: &st}, 40, 12)
	h.see("Go on where you stopped?", "already invalid")
	h.press("down")
	h.pressSee("enter", "Start over and forget", "more below")
	if strings.Contains(flat(h.view()), "forgets where you were.") {
		t.Fatalf("the warning already shows in full at 40x12; the test needs a smaller screen:\n%s", h.view())
	}
	h.pressSee("y", "Start over and forget", "Read the whole warning", "forgets where you were.")
	h.pressSee("y", askTask)
}

// TestConfirmScrolls: at 40x12 the confirmation keeps its heading, its
// question and its keys in view, and the summary under them scrolls to
// its end.
func TestConfirmScrolls(t *testing.T) {
	h, g := depRelution(t)
	toConfirm(h, g)
	h.send(tea.WindowSizeMsg{Width: 40, Height: 12})
	h.see(confirmQ, "Did Relution accept the file?", "more below", "y yes")
	seen := ""
	for i := 0; i < 30 && !strings.Contains(h.view(), "more above"); i++ {
		h.press("pgdown")
		seen += h.view()
	}
	if !strings.Contains(seen, "Server check") {
		t.Errorf("scrolling never showed the server check:\n%s", seen)
	}
	h.see(confirmQ, "Did Relution accept the file?", "y yes")
	checkFits(t, h.view(), 40, 12)
}

// TestDoneScrolls: at 40x12 the end of a renewal keeps the choices for
// the token files in view, with their question first in the part that
// scrolls, and the summary and where the record went below it.
func TestDoneScrolls(t *testing.T) {
	h := start(t, ui.Options{Kind: token.KindDEP, Apple: "abm", Portal: "relution", RecordDir: t.TempDir()})
	g := guide(t, token.KindDEP, "abm", "relution")
	h.see(caveats)
	h.toPicker(g)
	h.pick(freshDEPName, "✓ OK")
	h.walkPortal(g)
	h.pressSee("y", done)
	h.send(tea.WindowSizeMsg{Width: 40, Height: 12})
	h.see(done, "Clear the token files", "> 1. Move them to", "Leave them where", "more below")
	seen := ""
	for i := 0; i < 30 && !strings.Contains(h.view(), "more above"); i++ {
		h.press("pgdown")
		seen += h.view()
	}
	for _, want := range []string{"Record:", "Reminder (import into your calendar):", "Server check"} {
		if !strings.Contains(seen, want) {
			t.Errorf("scrolling never showed %q:\n%s", want, seen)
		}
	}
	h.see("> 1. Move them to", "Leave them where")
	checkFits(t, h.view(), 40, 12)
}

// TestPushRenewWarningBeforeY: at 40x12 the push certificate's "Renew,
// never Create" warning is taken with y only once its end has been on
// screen: the first y brings it into view.
func TestPushRenewWarningBeforeY(t *testing.T) {
	h, g := push(t)
	h.send(tea.WindowSizeMsg{Width: 40, Height: 12})
	h.pastCaveats(g.Portal.Name + ", step")
	h.walk(g.Portal.Name, g.BeforeSteps)
	h.walkTo(g.Apple.Name, g.AppleSteps, func(s steps.Step) bool { return s.ID == "renew" })
	h.see("Warning: Renew, never Create", "more below")
	if strings.Contains(flat(h.view()), "enroll again.") {
		t.Fatalf("the warning already shows in full at 40x12:\n%s", h.view())
	}
	h.pressSee("y", "Read the whole warning", "enroll again.")
	h.press("y")
	h.check("the next step", func(v string) bool { return !strings.Contains(v, "Warning: Renew") })
}

// TestEnterReadsTheStepFirst: on a short screen, enter on a step whose
// note is below the fold brings it into view before the next step.
func TestEnterReadsTheStepFirst(t *testing.T) {
	h := start(t, ui.Options{Kind: token.KindDEP, Apple: "abm", Portal: "relution"}, 40, 12)
	g := guide(t, token.KindDEP, "abm", "relution")
	h.pastCaveats("step 1 of 4", "more below", "enter more")
	h.pressSee("enter", "step 1 of 4", "ask an Administrator.", "enter next step")
	h.pressSee("enter", g.Apple.Name[:10], "step 2 of 4")
}

// TestEnterReadsTheWarningFirst: on a 40x12 screen, enter on a step whose
// warning waits for y reads on as well as saying that y confirms it; it
// never confirms.
func TestEnterReadsTheWarningFirst(t *testing.T) {
	h := start(t, ui.Options{Kind: token.KindDEP, Apple: "abm", Portal: "relution"}, 40, 12)
	g := guide(t, token.KindDEP, "abm", "relution")
	last := len(g.AppleSteps) - 1
	if g.AppleSteps[last].Warning == "" {
		t.Fatalf("the download step has no warning")
	}
	h.pastCaveats()
	h.walkSome(g.Apple.Name, g.AppleSteps, last)
	one := fmt.Sprintf("step %d of %d", last+1, len(g.AppleSteps))
	h.see(one, "more below")
	before := h.view()
	h.press("enter")
	if after := h.view(); after == before || !contains(after, one) || contains(after, "Confirmed.") {
		t.Errorf("enter on the warning step:\n%s", after)
	}
	for n := 0; n < 10 && contains(h.view(), "more below"); n++ {
		h.press("enter")
	}
	if v := h.view(); contains(v, "more below") || !contains(v, one) {
		t.Errorf("enter did not read the warning to its end, or left the step:\n%s", v)
	}
}
