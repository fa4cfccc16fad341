package plain

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mdmtoken/mdmtoken/history"
	"github.com/mdmtoken/mdmtoken/internal/downloadstest"
	"github.com/mdmtoken/mdmtoken/token"
)

// TestDueAndHistory: the first question offers what the history says is
// due; choosing it answers the portals as last time, and the accepted
// renewal is added to the history, which the end says.
func TestDueAndHistory(t *testing.T) {
	fx := newFixture(t)
	path := filepath.Join(t.TempDir(), "history.jsonl")
	fx.opts.History = path
	fx.opts.Due = history.Due([]history.Entry{{Kind: token.KindVPP, Org: downloadstest.Org, Location: downloadstest.Location,
		ApplePortal: "asm", ApplePortalName: "Apple School Manager", MDMPortal: "relution", MDMPortalName: "Relution",
		Expires: fixedNow.AddDate(0, 0, 42), Recorded: fixedNow.AddDate(-1, 0, 42)}}, fixedNow, token.DefaultWarnDays)
	d := run(t, fx.opts)
	scr := d.prompt()
	due := "VPP content token, " + downloadstest.Org + ", " + downloadstest.Location + " (Relution): renew by 2026-06-14, in 12 days"
	if !has(scr, "1. "+due) {
		t.Fatalf("the due token is not the first answer:\n%s", scr)
	}
	d.send("1")
	scr = d.answer("") // caveats: the portals are answered
	if !has(scr, "Apple School Manager") || !has(scr, "Relution") {
		t.Errorf("not the guide of last time:\n%s", scr)
	}
	scr, _ = d.walk()
	d.send(option(t, scr, fx.VPP))
	d.answer("") // verdict: continue
	d.walk()
	d.send("y")
	// What was done comes before what is asked.
	if scr := d.leaveFiles(); !has(scr, "Added to the renewal history") || strings.Index(scr, "Added to the renewal history") > strings.Index(scr, "Clear the ") {
		t.Errorf("the history is not said before the question about the token files:\n%s", scr)
	}
	if _, err := d.end(false); err != nil {
		t.Fatal(err)
	}
	entries, _, err := history.Load(context.Background(), path)
	if err != nil || len(entries) != 1 || entries[0].Location != downloadstest.Location || entries[0].ApplePortal != "asm" {
		t.Errorf("history %+v, %v", entries, err)
	}
}

// TestPracticeNoHistory: a practice renewal adds nothing to the history.
func TestPracticeNoHistory(t *testing.T) {
	fx := newFixture(t)
	path := filepath.Join(t.TempDir(), "history.jsonl")
	fx.opts.History, fx.opts.Practice = path, true
	fx.opts.Kind, fx.opts.Apple, fx.opts.Portal = token.KindVPP, "abm", "relution"
	d := run(t, fx.opts)
	d.answer("") // caveats
	scr, _ := d.walk()
	d.send(option(t, scr, fx.VPP))
	d.answer("")
	d.walk()
	d.send("y")
	if scr := d.leaveFiles(); scr != "" {
		t.Errorf("a practice run asks about the practice folder's files:\n%s", scr)
	}
	if _, err := d.end(false); err != nil {
		t.Fatal(err)
	}
	if out := d.out.String(); !has(out, "Not added to the renewal history: a practice run writes no history.") {
		t.Errorf("the end does not say practice adds nothing:\n%s", out)
	}
	if _, _, err := history.Load(context.Background(), path); err == nil {
		t.Error("practice wrote the history file")
	}
}

// TestResetUploads: a server reset during another renewal is the first
// choice; choosing it asks where to upload and goes to the file picker,
// without Apple's steps that would download yet another token.
func TestResetUploads(t *testing.T) {
	fx := newFixture(t)
	fx.opts.Due = history.Due([]history.Entry{{Kind: token.KindDEP, Server: "Staging", ApplePortal: "abm", File: "Staging_Token_x_smime.p7m",
		Expires: fixedNow.Add(-time.Hour), RenewBy: fixedNow.Add(-time.Hour), Recorded: fixedNow, Source: history.SourceReset}}, fixedNow, token.DefaultWarnDays)
	fx.opts.Warnings = []string{"broken.yaml: not a playbook"}
	d := run(t, fx.opts)
	scr := d.prompt()
	if !has(scr, "1. DEP server token, Staging: reset") || !has(scr, "without downloading again") || !has(scr, "Choice (Enter for 1)") {
		t.Errorf("the reset server is not the first choice:\n%s", scr)
	}
	if !has(scr, "local playbooks have 1 problem") {
		t.Errorf("the playbook warning gave way to the due list:\n%s", scr)
	}
	d.send("")
	if scr = d.prompt(); !has(scr, "Which MDM portal will you upload the DEP server token to?") {
		t.Fatalf("the MDM portal is not asked:\n%s", scr)
	}
	d.send("9") // Relution: no caveats and no Apple steps, the file picker at once
	if scr = d.prompt(); !has(scr, "Choose the token waiting to be uploaded") || !has(scr, "The old DEP token is already reset") {
		t.Errorf("after the MDM portal:\n%s", scr)
	}
	d.send("q") // its old token stopped working at the reset: quitting asks first
	if scr = d.prompt(); !has(scr, "Quit now? The old DEP token is already reset") {
		t.Errorf("quitting an upload:\n%s", scr)
	}
	d.send("y")
}
