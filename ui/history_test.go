package ui_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mdmtoken/mdmtoken/history"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
	"github.com/mdmtoken/mdmtoken/ui"
)

// dueItems are two credentials the history says are due at fixedNow: a
// VPP token to renew in 12 days and a DEP token that expired 3 days ago.
func dueItems() []history.Item {
	entries := []history.Entry{
		{Kind: token.KindVPP, Org: "Example School", Location: "Main Campus", ApplePortal: "abm",
			ApplePortalName: "Apple Business Manager (classic)", MDMPortal: "relution", MDMPortalName: "Relution",
			Expires: fixedNow.AddDate(0, 0, 42), User: "alice", Recorded: fixedNow.AddDate(-1, 0, 42)},
		{Kind: token.KindDEP, Server: "Campus MDM", ApplePortal: "asm", ApplePortalName: "Apple School Manager",
			MDMPortal: "intune", MDMPortalName: "Microsoft Intune",
			Expires: fixedNow.AddDate(0, 0, -3), User: "bob", Recorded: fixedNow.AddDate(-1, 0, -3)},
	}
	return history.Due(entries, fixedNow, token.DefaultWarnDays)
}

// TestDueFirstScreen: what is due comes first on the first screen, soonest
// first, with its date and the portals of last time.
func TestDueFirstScreen(t *testing.T) {
	h := start(t, ui.Options{Due: dueItems()})
	h.see("DEP server token, Campus MDM: expired 2026-05-30, 3 days ago",
		"VPP content token, Main Campus (Relution): renew by 2026-06-14, in 12 days",
		"Renew the "+token.KindVPP.Noun(), "Check a file")
	h.golden()
}

// TestDueResetFirstScreen: a DEP server reset during another server's
// renewal comes first, said to be reset, with the file that waits to be
// uploaded instead of an offer to renew it as last time; choosing it goes
// to that file without Apple's steps.
func TestDueResetFirstScreen(t *testing.T) {
	file := "Staging_Token_2026-06-02T09-00-00Z_smime.p7m"
	reset := history.Entry{Kind: token.KindDEP, Server: "Staging", ApplePortal: "abm", File: file,
		Expires: fixedNow.Add(-time.Hour), RenewBy: fixedNow.Add(-time.Hour), Recorded: fixedNow, Source: history.SourceReset}
	h := start(t, ui.Options{Due: append(history.Due([]history.Entry{reset}, fixedNow, token.DefaultWarnDays), dueItems()...)})
	// Its new token is already downloaded: choosing it checks and uploads
	// that file, so it is where the cursor starts.
	h.see("> 1. DEP server token, Staging: reset 2026-06-02, today", "upload that new token, "+file[:20])
	if strings.Contains(h.view(), "as last time:") {
		t.Errorf("a reset server offered to renew as last time:\n%s", h.view())
	}
	h.golden()
	// The MDM portal is asked (the other MDM may not be last time's), then
	// the file picker: no caveats and no Apple steps, which would download
	// yet another token.
	h.pressSee("enter", askPortal)
	i := slices.IndexFunc(builtin(t).Portals(token.KindDEP), func(p steps.Portal) bool { return p.ID == "relution" })
	h.press(slices.Repeat([]string{"down"}, i)...)
	h.pressSee("enter", "Choose the token waiting to be uploaded", "Upload the DEP server token", "The old DEP token is already reset")
	// Its old token stopped working at the reset: quitting asks first.
	h.pressSee("q", "Quit now? The old DEP token is already reset")
	h.pressSee("n", "Choose the token waiting to be uploaded")
	h.pressSee("esc", askPortal)

	// At 40x12 the advice is brief, and in view whole with its option.
	small := start(t, ui.Options{Due: append(history.Due([]history.Entry{reset}, fixedNow, token.DefaultWarnDays), dueItems()...)}, 40, 12)
	small.see("> 1. DEP server token, Staging:", "upload that new token, without", "downloading again.")
	checkFits(t, small.view(), 40, 12)
}

// TestDueStartsAsLastTime: choosing a due credential skips the task and
// portal questions, answered as last time; esc goes back to the Apple
// portal question.
func TestDueStartsAsLastTime(t *testing.T) {
	h := start(t, ui.Options{Due: dueItems()})
	h.press("down") // the VPP token, second
	h.pressSee("enter", caveats, "Apple Business Manager (classic)", "Relution", `Renewing: location "Main Campus", as in the renewal history`)
	h.pressSee("esc", askApple)
}

// TestDueOtherLocationMismatch: renewing a location again from the
// history, another location's content token is marked as a mismatch in
// the file list and its verdict points to the location renewed.
func TestDueOtherLocationMismatch(t *testing.T) {
	due := dueItems()
	due[1].Location = "Annex" // the VPP entry: a location the Downloads folder has no token for
	h := start(t, ui.Options{Due: due})
	h.press("down")
	h.pressSee("enter", `Renewing: location "Annex"`)
	g := guide(t, token.KindVPP, "abm", "relution")
	h.toPicker(g)
	h.pick(vppName, "✗ MISMATCH")
	h.see("✗ MISMATCH", `but you are renewing "Annex"`, `Pick the token of "Annex"`)
}

// TestHistoryOnAccept: a renewal the portal accepted is added to the
// history and the end says so; until then nothing is written.
func TestHistoryOnAccept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.jsonl")
	r := run{token.KindVPP, "abm", "relution"}
	h := start(t, ui.Options{History: path})
	g, _ := r.toPicker(h)
	h.pick(vppName, "Organization: Example School")
	if _, _, err := history.Load(context.Background(), path); err == nil {
		t.Fatal("history written before the portal accepted the file")
	}
	finishOK(h, g, vppName, "Clear the token file out of ~/Downloads? It is a credential", "Move it to a private folder", "Leave it where it is")
	if !strings.Contains(flat(h.view()), "Added to the renewal history") {
		t.Errorf("the end does not say the renewal was added:\n%s", h.view())
	}
	entries, _, err := history.Load(context.Background(), path)
	if err != nil || len(entries) != 1 {
		t.Fatalf("history %v, %v", entries, err)
	}
	e := entries[0]
	if e.Kind != token.KindVPP || e.Location != "Main Campus" || e.MDMPortal != "relution" || e.ApplePortal != "abm" || e.File != vppName || e.Source != history.SourceRenewal {
		t.Errorf("entry %+v", e)
	}
}

// TestPracticeWritesNoHistory: a practice renewal, even with a history
// file named, adds nothing and says so.
func TestPracticeWritesNoHistory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.jsonl")
	r := run{token.KindVPP, "abm", "relution"}
	h := start(t, ui.Options{History: path, Practice: true})
	g, _ := r.toPicker(h)
	h.press("down", "down", "down", "down")
	h.check("the cursor on the VPP token", func(v string) bool { return strings.Contains(cursorRow(v), vppName) })
	h.pressSee("enter", "File: "+vppName)
	h.menuChoose("Continue to the "+g.Portal.Name+" steps", g.Portal.Name+", step")
	h.walk(g.Portal.Name, g.PortalSteps)
	h.pressSee("y", "Practice")
	h.see("Not added to the renewal history: a practice run writes no history.")
	if _, _, err := history.Load(context.Background(), path); err == nil {
		t.Error("practice wrote the history file")
	}
}
