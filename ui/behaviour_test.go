package ui_test

import (
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/mdmtoken/mdmtoken/token"
	"github.com/mdmtoken/mdmtoken/ui"
)

const quitQuestion = "Quit now? The old DEP token is already reset"

// TestQuitAsksAfterDEPDownload: once "Download Token" was confirmed, q
// asks before leaving; n stays where it was, y leaves with the reset still
// pending.
func TestQuitAsksAfterDEPDownload(t *testing.T) {
	h, g := depRelution(t)
	h.toPicker(g)
	h.waitText(resetNote)

	h.pressWait("q", quitQuestion, "y: quit, n: stay")
	if v := h.views.latest(); strings.Contains(helpLine(v), "? more keys") {
		t.Errorf("the question should replace the help line:\n%s", v)
	}
	h.press("n")
	h.waitFor("question gone", func(v string) bool {
		return !contains(v, quitQuestion) && strings.Contains(helpLine(v), "q quit") && strings.Contains(v, picker)
	})
	// The picker still works after "n".
	h.highlight(vppName, "✗ WRONG KIND")

	h.pressWait("q", quitQuestion)
	h.press("y")
	m := h.finalModel()
	res := m.Result()
	if !res.PendingReset() || !res.DownloadConfirmed.Equal(fixedNow) {
		t.Errorf("PendingReset %v, DownloadConfirmed %v; want true, %v", res.PendingReset(), res.DownloadConfirmed, fixedNow)
	}
	if res.Answered {
		t.Error("Answered without a confirmation screen")
	}
}

// TestQuitAskEscStays: esc answers the quit question like n.
func TestQuitAskEscStays(t *testing.T) {
	h, g := depRelution(t)
	h.toPicker(g)
	h.waitText(resetNote)
	h.pressWait("q", quitQuestion)
	h.press("esc")
	h.waitFor("question gone", func(v string) bool { return !contains(v, quitQuestion) })
	m := h.finish()
	if s := h.screen(m); !strings.Contains(s, picker) {
		t.Errorf("esc on the question left the picker:\n%s", s)
	}
}

// TestQuitBeforeDownload: before anything was reset, q leaves at once.
func TestQuitBeforeDownload(t *testing.T) {
	for _, c := range []struct {
		name string
		opts ui.Options
		wait string
	}{
		{"task", ui.Options{}, askTask},
		{"caveats", ui.Options{Kind: token.KindDEP, Apple: "abm", Portal: "relution"}, caveats},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := start(t, c.opts)
			h.waitText(c.wait)
			h.press("q")
			m := h.finalModel()
			if m.Result().PendingReset() {
				t.Error("PendingReset without a download")
			}
		})
	}
}

// TestCtrlCInterrupts: ctrl+c ends the program with tea.ErrInterrupted
// everywhere, also where letters are text and while the quit question is
// asked.
func TestCtrlCInterrupts(t *testing.T) {
	t.Run("task", func(t *testing.T) {
		h := startProgram(t, ui.Options{})
		h.waitText(askTask)
		h.press("ctrl+c")
		if err := h.wait(); !errors.Is(err, tea.ErrInterrupted) {
			t.Errorf("Run returned %v, want tea.ErrInterrupted", err)
		}
	})
	t.Run("paste", func(t *testing.T) {
		h := startProgram(t, ui.Options{Kind: token.KindDEP, Apple: "abm", Portal: "relution"})
		h.waitText(caveats)
		h.toPicker(guide(t, token.KindDEP, "abm", "relution"))
		h.pressWait("p", pasteHead)
		h.press("ctrl+c")
		if err := h.wait(); !errors.Is(err, tea.ErrInterrupted) {
			t.Errorf("Run returned %v, want tea.ErrInterrupted", err)
		}
	})
	t.Run("quit_question", func(t *testing.T) {
		h := startProgram(t, ui.Options{Kind: token.KindDEP, Apple: "abm", Portal: "relution"})
		h.waitText(caveats)
		h.toPicker(guide(t, token.KindDEP, "abm", "relution"))
		h.waitText(resetNote)
		h.pressWait("q", quitQuestion)
		h.press("ctrl+c")
		if err := h.wait(); !errors.Is(err, tea.ErrInterrupted) {
			t.Errorf("Run returned %v, want tea.ErrInterrupted", err)
		}
	})
}

// TestPasteTypesText: on the paste screen q, y, n, p and ? are text, not
// commands, and esc still goes back.
func TestPasteTypesText(t *testing.T) {
	h, g := depRelution(t)
	h.toPicker(g)
	h.pressWait("p", pasteHead, "Waiting for pasted text")
	h.press("q")
	h.waitText("Received 1 byte in 1 line.")
	h.press("?", "y", "n", "p")
	h.waitText("Received 5 bytes in 1 line.")
	h.press("ctrl+u")
	h.waitText("Waiting for pasted text")
	h.pressWait("esc", picker)
	m := h.finish()
	if res := m.Result(); res.Report != nil {
		t.Errorf("a report without a check: %+v", res.Report)
	}
}

// TestPasteChecksText: pasted text is checked like a picked file.
func TestPasteChecksText(t *testing.T) {
	h, g := depRelution(t)
	h.toPicker(g)
	h.pressWait("p", pasteHead)
	h.press("enter")
	h.waitText("Nothing pasted yet.")
	files, _ := downloads()
	h.send(tea.PasteMsg{Content: string(files[vppName])})
	h.waitText("Received ")
	h.pressWait("enter", "✗ WRONG KIND", "File: pasted text")
	m := h.finish()
	res := m.Result()
	if res.File != "" || res.Report == nil || res.Report.Kind != "vpp" {
		t.Errorf("File %q Report %+v, want pasted VPP text", res.File, res.Report)
	}
}

// TestPickerHighlightsNewestLikely: the picker opens on the newest file
// with the extension of the expected kind, not on the first file nor on
// the newest file of all (the VPP token here), also when it is entered a
// second time.
func TestPickerHighlightsNewestLikely(t *testing.T) {
	cursorOn := func(t *testing.T, v, want string) {
		t.Helper()
		if got := rowFile(cursorRow(v)); got < 0 || listed()[got] != want {
			t.Errorf("cursor not on %s:\n%s", want, v)
		}
	}
	t.Run("dep", func(t *testing.T) {
		h, g := depRelution(t)
		cursorOn(t, h.toPicker(g), freshDEPName)
	})
	t.Run("vpp", func(t *testing.T) {
		h := start(t, ui.Options{Kind: token.KindVPP, Apple: "abm", Portal: "relution"})
		h.waitText(caveats)
		cursorOn(t, h.toPicker(guide(t, token.KindVPP, "abm", "relution")), vppName)
	})
	t.Run("entered_again", func(t *testing.T) {
		h, g := depRelution(t)
		h.toPicker(g)
		h.highlight(pemName, "Certificate")
		h.pressWait("esc", "step 4 of 4", "Confirmed.")
		h.press("enter")
		cursorOn(t, h.settledPicker(), freshDEPName)
	})
	t.Run("after_pick_another", func(t *testing.T) {
		h, g := depRelution(t)
		h.toPicker(g)
		h.pick(vppName, "✗ WRONG KIND")
		h.menuChoose("Pick another file", picker)
		cursorOn(t, h.settledPicker(), freshDEPName)
	})
}

// TestPresetsStartAtCaveats: kind, Apple and MDM portal given in advance
// start on the caveats screen; esc there has nowhere to go back to and
// must not crash.
func TestPresetsStartAtCaveats(t *testing.T) {
	opts := ui.Options{Kind: token.KindDEP, Apple: "abm", Portal: "relution", Catalog: builtin(t), Dir: t.TempDir()}
	if v := ui.New(opts).View().Content; !strings.Contains(v, caveats) {
		t.Fatalf("the first screen is not the caveats:\n%s", v)
	}

	h := start(t, ui.Options{Kind: token.KindDEP, Apple: "abm", Portal: "relution"})
	h.waitText(caveats)
	h.pressUpdates("esc", 1)
	if v := h.views.latest(); !strings.Contains(v, caveats) {
		t.Errorf("esc on the first screen left it:\n%s", v)
	}
	// Still alive and navigable: into the steps and back.
	h.pressWait("enter", "step 1 of 4")
	h.pressWait("esc", caveats)
	m := h.golden()
	if res := m.Result(); res.Kind != token.KindDEP || res.Guide == nil || res.Guide.Portal.ID != "relution" {
		t.Errorf("Result %+v", res)
	}
}
