package ui_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/mdmtoken/mdmtoken/internal/downloadstest"
	"github.com/mdmtoken/mdmtoken/steps"
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
	h.see(resetNote)

	h.pressSee("q", quitQuestion, "y: quit, n: stay")
	if v := h.view(); strings.Contains(helpLine(v), "? more keys") {
		t.Errorf("the question should replace the help line:\n%s", v)
	}
	h.press("n")
	h.check("question gone", func(v string) bool {
		return !contains(v, quitQuestion) && strings.Contains(helpLine(v), "q quit") && strings.Contains(v, picker)
	})
	// The picker still works after "n".
	h.highlight(vppName, "✗ WRONG KIND")

	h.pressSee("q", quitQuestion)
	h.press("y")
	m := h.ended()
	res := m.Result()
	if !res.PendingReset() || !res.ResetAt.Equal(fixedNow) {
		t.Errorf("PendingReset %v, DownloadConfirmed %v; want true, %v", res.PendingReset(), res.ResetAt, fixedNow)
	}
	if res.Answered {
		t.Error("Answered without a confirmation screen")
	}
}

// TestQuitAskEscStays: esc answers the quit question like n.
func TestQuitAskEscStays(t *testing.T) {
	h, g := depRelution(t)
	h.toPicker(g)
	h.see(resetNote)
	h.pressSee("q", quitQuestion)
	h.press("esc")
	h.check("question gone", func(v string) bool { return !contains(v, quitQuestion) })
	if s := h.screen(); !strings.Contains(s, picker) {
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
			h.see(c.wait)
			h.press("q")
			m := h.ended()
			if m.Result().PendingReset() {
				t.Error("PendingReset without a download")
			}
		})
	}
}

// TestCtrlCInterrupts: ctrl+c interrupts the wizard everywhere, also where
// letters are text and while the quit question is asked.
func TestCtrlCInterrupts(t *testing.T) {
	dep := ui.Options{Kind: token.KindDEP, Apple: "abm", Portal: "relution"}
	for _, c := range []struct {
		name string
		opts ui.Options
		to   func(h *driver)
	}{
		{"task", ui.Options{}, func(h *driver) { h.see(askTask) }},
		{"paste", dep, func(h *driver) {
			h.toPicker(guide(t, token.KindDEP, "abm", "relution"))
			h.pressSee("p", pasteHead)
		}},
		{"quit_question", dep, func(h *driver) {
			h.toPicker(guide(t, token.KindDEP, "abm", "relution"))
			h.pressSee("q", quitQuestion)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := start(t, c.opts)
			c.to(h)
			h.press("ctrl+c")
			if h.ended(); !h.interrupted {
				t.Error("ctrl+c ended the wizard without interrupting it")
			}
		})
	}
}

// TestPasteTypesText: on the paste screen q, y, n, p and ? are text, not
// commands, and esc still goes back.
func TestPasteTypesText(t *testing.T) {
	h, g := depRelution(t)
	h.toPicker(g)
	h.pressSee("p", pasteHead, "Waiting for pasted text")
	h.press("q")
	h.see("Received 1 byte in 1 line.")
	h.press("?", "y", "n", "p")
	h.see("Received 5 bytes in 1 line.")
	h.press("ctrl+u")
	h.see("Waiting for pasted text")
	h.pressSee("esc", picker)
	m := h.m
	if res := m.Result(); res.Report != nil {
		t.Errorf("a report without a check: %+v", res.Report)
	}
}

// TestPasteChecksText: pasted text is checked like a picked file.
func TestPasteChecksText(t *testing.T) {
	h, g := depRelution(t)
	h.toPicker(g)
	h.pressSee("p", pasteHead)
	h.press("ctrl+d")
	h.see("Nothing pasted yet.")
	h.send(tea.PasteMsg{Content: h.read(vppName)})
	h.see("Received ")
	h.pressSee("ctrl+d", "✗ WRONG KIND", "File: pasted text")
	m := h.m
	res := m.Result()
	if res.File != "" || res.Report == nil || res.Report.Kind != "vpp" {
		t.Errorf("File %q Report %+v, want pasted VPP text", res.File, res.Report)
	}
}

// TestPasteAsKeys: a token's text arriving as keystrokes (no bracketed
// paste), line breaks as enter, stays text: the wizard does not move on
// nor quit, and only ctrl+d checks it. The pasted DEP token is taken as
// the download just confirmed, so it gets an estimated expiry, and the
// upload step says which file to choose though its name is unknown.
func TestPasteAsKeys(t *testing.T) {
	records := t.TempDir()
	h := start(t, ui.Options{Kind: token.KindDEP, Apple: "abm", Portal: "relution", RecordDir: records})
	g := guide(t, token.KindDEP, "abm", "relution")
	h.toPicker(g)
	h.pressSee("p", pasteHead)
	text := h.read(freshDEPName)
	for _, r := range strings.ReplaceAll(text, "\r\n", "\n") {
		switch r {
		case '\n':
			h.send(tea.KeyPressMsg{Code: tea.KeyEnter})
		default:
			h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
	if h.quit {
		t.Fatal("the pasted text quit the wizard")
	}
	lines := strings.Count(strings.TrimRight(strings.ReplaceAll(text, "\r\n", "\n"), "\n"), "\n") + 1
	h.see(pasteHead, fmt.Sprintf("in %d lines", lines), "Press ctrl+d to check it")
	h.pressSee("ctrl+d", "✓ OK", "File: pasted text", "taken to be the one downloaded when you confirmed", "Download Token at 14:30",
		"Expires: 2027-06-02", "Server check: not checked")
	if v := h.view(); strings.Contains(v, "Cannot tell") || strings.Contains(v, "a fresh download") {
		t.Errorf("the verdict on pasted text contradicts itself:\n%s", v)
	}
	h.menuChoose("Continue to the Relution steps without checking the server", "Relution, step")
	upload := slices.IndexFunc(g.PortalSteps, func(s steps.Step) bool { return s.Upload })
	h.walkSome("Relution", g.PortalSteps, upload)
	h.see("Choose this file: the file you copied the text from", "Apple names it: <Server>_Token_<timestamp>_smime.p7m")
	h.golden()
	h.walkRange("Relution", g.PortalSteps, upload, len(g.PortalSteps))
	h.pressSee("y", done, "Renew next by")
	if res := h.m.Result(); res.CalendarFile == "" {
		t.Errorf("no reminder for the pasted token: %+v", res)
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
		h.see(caveats)
		cursorOn(t, h.toPicker(guide(t, token.KindVPP, "abm", "relution")), vppName)
	})
	t.Run("entered_again", func(t *testing.T) {
		h, g := depRelution(t)
		h.toPicker(g)
		h.highlight(pemName, "Certificate")
		h.pressSee("esc", "step 4 of 4", "Confirmed.")
		h.press("enter")
		cursorOn(t, h.pickerView(), freshDEPName)
	})
	t.Run("after_pick_another", func(t *testing.T) {
		h, g := depRelution(t)
		h.toPicker(g)
		h.pick(vppName, "✗ WRONG KIND")
		h.menuChoose("Pick another file", picker)
		cursorOn(t, h.pickerView(), freshDEPName)
	})
}

// TestPickerStartsOnBest: the picker starts on the best file, never on
// one it knows to be wrong, and says so above the list when no file is
// good.
func TestPickerStartsOnBest(t *testing.T) {
	dep := guide(t, token.KindDEP, "abm", "relution")
	startDEP := func(t *testing.T, change func(fx fixture)) *driver {
		h := start(t, ui.Options{Kind: token.KindDEP, Apple: "abm", Portal: "relution", Cert: downloadstest.Identity(t, "..").Cert})
		change(h.fx)
		h.toPicker(dep)
		return h
	}
	t.Run("not_the_newer_token_for_another_server", func(t *testing.T) {
		var other string
		h := startDEP(t, func(fx fixture) {
			other = downloadstest.At(fx.dir, fixedNow).AddOtherServer(t, fixedNow, downloadstest.OtherIdentity(t, ".."))
		})
		v := h.view()
		if row := cursorRow(v); !strings.Contains(row, freshDEPName[:30]) || strings.Contains(v, "No fresh") {
			t.Errorf("the picker does not start on the fresh token for this server:\n%s", v)
		}
		h.press("/", "O", "t", "h", "e", "r", "enter") // filter by name
		h.see(other[:20], "✗ WRONG SERVER")
	})
	t.Run("only_last_years_token", func(t *testing.T) {
		h := startDEP(t, func(fx fixture) { remove(t, fx.path(freshDEPName)) })
		h.see("No fresh DEP server token for this renewal in ~/Downloads: the likeliest was downloaded 2025-06-12.", "! STALE")
		if row := cursorRow(h.view()); !strings.Contains(row, oldDEPName[:30]) {
			t.Errorf("cursor on %q, want last year's token", row)
		}
		h.golden()
	})
	t.Run("nothing_usable", func(t *testing.T) {
		h := startDEP(t, func(fx fixture) {
			remove(t, fx.path(freshDEPName))
			remove(t, fx.path(oldDEPName))
		})
		h.see("No DEP server token file in ~/Downloads.")
	})
	t.Run("only_another_servers_token", func(t *testing.T) {
		h := startDEP(t, func(fx fixture) {
			remove(t, fx.path(freshDEPName))
			remove(t, fx.path(oldDEPName))
			downloadstest.At(fx.dir, fixedNow).AddOtherServer(t, fixedNow, downloadstest.OtherIdentity(t, ".."))
		})
		h.see("No usable DEP server token in ~/Downloads: the marks in the list say what each file is (move onto one for more).")
	})
	t.Run("checking_a_file_says_nothing", func(t *testing.T) {
		h := start(t, ui.Options{})
		remove(t, h.fx.path(freshDEPName))
		h.press(fmt.Sprint(len(token.Renewable()) + 1)) // Check a file, after the renewals
		if v := h.pickerView(); strings.Contains(v, "No fresh") || strings.Contains(v, "No usable") {
			t.Errorf("checking a file warns about the folder:\n%s", v)
		}
	})
}

// remove deletes a file of the fake Downloads folder.
func remove(t *testing.T, path string) {
	t.Helper()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
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
	h.see(caveats)
	h.press("esc")
	if v := h.view(); !strings.Contains(v, caveats) {
		t.Errorf("esc on the first screen left it:\n%s", v)
	}
	// Still alive and navigable: into the steps and back.
	h.pressSee("enter", "step 1 of 4")
	h.pressSee("esc", caveats)
	m := h.golden()
	if res := m.Result(); res.Kind != token.KindDEP || res.Guide == nil || res.Guide.Portal.ID != "relution" {
		t.Errorf("Result %+v", res)
	}
}

// TestSlowBackgroundWork: work done in the background may finish after
// the user moved on. q while the record is written leaves once it is; a
// file checked after the user went back does not pull the wizard forward.
func TestSlowBackgroundWork(t *testing.T) {
	t.Run("record", func(t *testing.T) {
		records := t.TempDir()
		h := start(t, ui.Options{Kind: token.KindDEP, Apple: "abm", Portal: "relution", RecordDir: records})
		toConfirm(h, guide(t, token.KindDEP, "abm", "relution"))
		h.holding = true
		h.pressSee("y", done, "Saving the renewal record…")
		h.press("q")
		if h.quit {
			t.Fatal("q left before the record was written")
		}
		h.release()
		if res := h.ended().Result(); res.RecordFile == "" || filepath.Dir(res.RecordFile) != records {
			t.Errorf("record %q, want one in %s", res.RecordFile, records)
		}
	})
	t.Run("check", func(t *testing.T) {
		h, g := depRelution(t)
		h.toPicker(g)
		h.holding = true
		h.press("enter") // choose the highlighted file
		h.pressSee("esc", "step 4 of 4")
		h.release()
		h.see("step 4 of 4", "Confirmed.")
		if res := h.m.Result(); res.Report != nil {
			t.Errorf("a file checked after going back was taken: %+v", res.Report)
		}
	})
}

// TestUploadAlreadyDownloaded: on the caveats, u uploads the token already
// in Downloads instead of walking Apple's steps (which would download and
// reset it again); esc goes back to the caveats as they were.
func TestUploadAlreadyDownloaded(t *testing.T) {
	h, _ := depRelution(t)
	h.see("│ Already in ~/Downloads", "u upload it instead")
	h.pressSee("u", "Choose the token waiting to be uploaded", "The old DEP token is already reset: finish the upload now.")
	h.pressSee("esc", caveats, "Press u", "u upload it instead")
	if strings.Contains(h.view(), "already reset") {
		t.Errorf("back on the caveats, still reset:\n%s", h.view())
	}
}
