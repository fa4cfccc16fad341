package ui_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mdmtoken/mdmtoken/internal/downloadstest"
	"github.com/mdmtoken/mdmtoken/mdmcerts"
	"github.com/mdmtoken/mdmtoken/sample"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
	"github.com/mdmtoken/mdmtoken/ui"
)

// run is a complete renewal through the menus, as a user would click it.
type run struct {
	kind          token.Kind
	apple, portal string
}

func (r run) guide(t *testing.T) steps.Guide { return guide(t, r.kind, r.apple, r.portal) }

// toPicker clicks through the menus, the caveats and the Apple steps.
func (r run) toPicker(h *driver) (steps.Guide, string) {
	h.t.Helper()
	g := r.guide(h.t)
	h.chooseTask(r.kind)
	h.chooseApple(r.apple)
	h.choosePortal(r.kind, r.portal)
	return g, h.toPicker(g)
}

// finishOK goes from an OK verdict through the portal steps to "Renewal
// done", checks that each text of shows is on one of its pages,
// and leaves with enter, so the wizard ends by itself.
func finishOK(h *driver, g steps.Guide, file string, shows ...string) ui.Model {
	h.t.Helper()
	h.menuChoose("Continue to the "+g.Portal.Name+" steps", g.Portal.Name+", step")
	upload := slices.IndexFunc(g.PortalSteps, func(s steps.Step) bool { return s.Upload })
	if upload < 0 {
		h.t.Fatalf("%s has no upload step", g.Portal.Name)
	}
	h.walkSome(g.Portal.Name, g.PortalSteps, upload)
	h.see("Choose this file: "+file, "In the folder: ~/Downloads")
	h.walkRange(g.Portal.Name, g.PortalSteps, upload, len(g.PortalSteps))
	h.see(confirmQ, "Did "+g.Portal.Name+" accept the file?")
	h.press("y")
	h.check("renewal done, no banner", func(v string) bool {
		return strings.Contains(v, done) && !strings.Contains(v, resetNote)
	})
	for _, text := range shows {
		h.press("home")
		for i := 0; i < 10 && !contains(h.view(), text); i++ {
			h.press("pgdown")
		}
		h.see(text)
	}
	if v := h.view(); contains(v, "Delete ") && !contains(v, "Move ") && !contains(v, "> 2. Leave") {
		t := h.t
		t.Errorf("with no private folder, enter alone would delete the token files:\n%s", v)
	}
	h.leaveFiles("Left ")
	h.press("enter")
	return h.ended()
}

// checkResult checks how a successful renewal of file ended.
func checkResult(t *testing.T, h *driver, r run, m ui.Model, file string) {
	t.Helper()
	res := m.Result()
	if res.Kind != r.kind {
		t.Errorf("Kind %q, want %q", res.Kind, r.kind)
	}
	if res.Guide == nil || res.Guide.Kind != r.kind || res.Guide.Apple.ID != r.apple || res.Guide.Portal.ID != r.portal {
		t.Errorf("Guide %+v, want %s/%s/%s", res.Guide, r.kind, r.apple, r.portal)
	}
	if res.Report == nil || res.Report.Kind != token.Kind(r.kind) || res.Report.Status != token.StatusOK {
		t.Errorf("Report %+v, want an OK %s token", res.Report, r.kind)
	}
	if res.File != h.fx.path(file) {
		t.Errorf("File %q, want %q", res.File, h.fx.path(file))
	}
	if !res.Answered || !res.Accepted {
		t.Errorf("Answered %v, Accepted %v; want both", res.Answered, res.Accepted)
	}
	if r.kind == token.KindDEP && !res.ResetAt.Equal(fixedNow) {
		t.Errorf("DownloadConfirmed %v, want the test clock %v", res.ResetAt, fixedNow)
	}
	if r.kind == token.KindVPP && !res.ResetAt.IsZero() {
		t.Errorf("DownloadConfirmed %v for a VPP renewal", res.ResetAt)
	}
	if res.PendingReset() {
		t.Error("PendingReset after an accepted upload")
	}
}

// TestRuns are complete renewals: menus, caveats, Apple steps, the picker
// on the newest likely file, the verdict, the portal steps and "Renewal
// done", ending with the golden of the last screen.
func TestRuns(t *testing.T) {
	for _, c := range []struct {
		name string
		r    run
		file string
		ok   string
	}{
		{"vpp_relution_abm", run{token.KindVPP, "abm", "relution"}, vppName, "Organization: Example School"},
		{"dep_relution_asm", run{token.KindDEP, "asm", "relution"}, freshDEPName, "Downloaded: 2026-06-02 (today)"},
		{"dep_hexnode_business", run{token.KindDEP, "business", "hexnode"}, freshDEPName, "Downloaded: 2026-06-02 (today)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := start(t, ui.Options{})
			g, v := c.r.toPicker(h)
			if got := rowFile(cursorRow(v)); got < 0 || listed()[got] != c.file {
				t.Errorf("picker cursor not on %s:\n%s", c.file, v)
			}
			h.pick(c.file, c.ok)
			h.see("✓ OK", "Continue to the "+g.Portal.Name+" steps")
			m := finishOK(h, g, c.file)
			golden := h.screen()
			if !strings.Contains(golden, "✓ Renewal done") || !strings.Contains(golden, g.Portal.Name) {
				t.Errorf("last screen:\n%s", golden)
			}
			h.golden()
			checkResult(t, h, c.r, m, c.file)
		})
	}
}

// TestRunWrongFile picks the VPP token while renewing DEP: the verdict is
// WRONG KIND with the portal's "Invalid Token", and the advice points to
// the token just downloaded; "Pick another file" returns to the picker, and
// the right file goes through.
func TestRunWrongFile(t *testing.T) {
	r := run{token.KindDEP, "abm", "relution"}
	h := start(t, ui.Options{})
	g, _ := r.toPicker(h)
	h.pick(vppName, "✗ WRONG KIND")
	h.see("✗ WRONG KIND", "Invalid Token", "Pick "+freshDEPName+" instead", "it is the DEP server token beside this one", "Do not download", "Pick another file")
	v := h.view()
	if !strings.Contains(v, "VPP") {
		t.Errorf("the verdict does not say the file is a VPP token:\n%s", v)
	}
	if strings.Contains(v, "Continue to the") || strings.Contains(v, "Use this file anyway") || strings.Contains(v, "download steps") {
		t.Errorf("the wrong kind of file can be used, or a new download is offered after the reset:\n%s", v)
	}
	h.menuChoose("Pick another file", picker)
	h.pick(freshDEPName, "✓ OK")
	h.see("✓ OK", "Continue to the Relution steps")
	m := finishOK(h, g, freshDEPName)
	h.golden()
	checkResult(t, h, r, m, freshDEPName)
}

// TestRunStaleFile picks last year's DEP token after Download Token was
// confirmed: the verdict says a newer download replaced it and offers no
// way to use it nor to download once more; the file just downloaded goes
// through.
func TestRunStaleFile(t *testing.T) {
	r := run{token.KindDEP, "abm", "relution"}
	h := start(t, ui.Options{})
	g, _ := r.toPicker(h)
	h.pick(oldDEPName, "! STALE")
	h.see("! STALE", "downloaded on 2025-06-12 09:00", "before the Download Token you confirmed on 2026-06-02 at 14:30", "no longer valid",
		"Pick "+freshDEPName[:30], "instead (Pick", "Do not download again", "Pick another file")
	if v := h.view(); strings.Contains(v, "Use this file anyway") || strings.Contains(v, "Go back to the download steps") {
		t.Errorf("last year's token can be used, or a new download is offered, after the reset:\n%s", v)
	}
	h.golden()
	h.menuChoose("Pick another file", picker)
	h.pick(freshDEPName, "✓ OK")
	m := finishOK(h, g, freshDEPName)
	checkResult(t, h, r, m, freshDEPName)
}

// TestRunWrongServer picks, after the reset, the token just downloaded for
// another MDM server: the verdict says that download reset that server too,
// and going back leads to choosing the server.
func TestRunWrongServer(t *testing.T) {
	g := guide(t, token.KindDEP, "abm", "relution")
	h := start(t, ui.Options{Kind: token.KindDEP, Apple: "abm", Portal: "relution", Cert: downloadstest.Identity(t, "..").Cert})
	other := downloadstest.At(h.fx.dir, fixedNow).AddOtherServer(t, fixedNow, downloadstest.OtherIdentity(t, ".."))
	h.toPicker(g)
	h.press("/", "O", "t", "h", "e", "r") // filter by name
	h.pressSee("enter", other[:20], "✗ WRONG SERVER")
	h.pressSee("enter", "File: "+other, `reset the token of the MDM server "Other MDM" too`,
		"Pick "+freshDEPName+" instead", "Go back to choosing the MDM server")
	h.golden()
	server := slices.IndexFunc(g.AppleSteps, func(s steps.Step) bool { return s.ID == "server" })
	h.menuChoose("Go back to choosing the MDM server", fmt.Sprintf("%s, step %d of 4", g.Apple.Name, server+1), resetNote)
}

// TestRunWrongServerThenThisServer: after picking another server's token
// downloaded in this run, the verdict points to this server's token
// beside it; that one goes on, its verdict (in view, in what to do) and
// the summary both say the other file must still go to the other server's
// MDM, and so does the record.
func TestRunWrongServerThenThisServer(t *testing.T) {
	g := guide(t, token.KindDEP, "abm", "relution")
	records := t.TempDir()
	h := start(t, ui.Options{Kind: token.KindDEP, Apple: "abm", Portal: "relution", Cert: downloadstest.Identity(t, "..").Cert, RecordDir: records})
	other := downloadstest.At(h.fx.dir, fixedNow).AddOtherServer(t, fixedNow, downloadstest.OtherIdentity(t, ".."))
	h.toPicker(g)
	h.press("/", "O", "t", "h", "e", "r")
	h.pressSee("enter", other[:20], "✗ WRONG SERVER")
	h.pressSee("enter", "File: "+other, "Pick "+freshDEPName+" instead")
	h.menuChoose("Pick another file", "Choose the file you just downloaded")
	// What is left to do with the other file is in view, above the fold.
	h.pick(freshDEPName, "✓ OK")
	h.see("What to do: Upload it", `the server "Other MDM" too, unless it was uploaded since: downloading it reset that server's token.`)
	m := finishOK(h, g, freshDEPName, "Still to do: Upload "+other)
	if todo := m.Result().AlsoToDo; len(todo) != 1 || !strings.HasPrefix(todo[0], "Upload "+other) {
		t.Errorf("left to do: %q", todo)
	}
	rec, err := os.ReadFile(m.Result().RecordFile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(rec), "## Also to do\n\n- [ ] Upload Other MDM") || !strings.Contains(string(rec), `to the MDM of the server "Other MDM" too`) {
		t.Errorf("the record does not say what is left to do:\n%s", rec)
	}
}

// TestDoneStillToDoSmall: on a 40x12 screen what is left to do with the
// other server's token leads the done screen, before the question about
// the token files, which still asks to be read before it is answered.
func TestDoneStillToDoSmall(t *testing.T) {
	g := guide(t, token.KindDEP, "abm", "relution")
	h := start(t, ui.Options{Kind: token.KindDEP, Apple: "abm", Portal: "relution", Cert: downloadstest.Identity(t, "..").Cert, RecordDir: t.TempDir()}, 40, 12)
	downloadstest.At(h.fx.dir, fixedNow).AddOtherServer(t, fixedNow, downloadstest.OtherIdentity(t, ".."))
	h.toPicker(g)
	h.pressSee("enter", "✓ OK") // the new token is preselected
	h.menuChoose("Continue to the "+g.Portal.Name+" steps", g.Portal.Name+",")
	for i := 0; i < 30 && !contains(h.view(), "accept the file?"); i++ {
		h.press("enter")
	}
	h.pressSee("y", done, "Still to do: Upload")
	v := h.view()
	if strings.Contains(v, "Clear the token files") {
		t.Errorf("the question comes before what is still to do:\n%s", v)
	}
	// enter before the question was read brings it into view, answering
	// nothing.
	h.pressSee("enter", "Clear the token files")
	if contains(h.view(), "Left ") || contains(h.view(), "Moved ") {
		t.Errorf("enter answered the question before it was read:\n%s", h.view())
	}
}

// TestRunVPPUsedAnyway uses a VPP token with 20 days left: the
// confirmation says it is not new and gives no renew-by date in the past.
func TestRunVPPUsedAnyway(t *testing.T) {
	g := guide(t, token.KindVPP, "abm", "relution")
	h := start(t, ui.Options{Kind: token.KindVPP, Apple: "abm", Portal: "relution"})
	name := "sToken_for_Main Campus (old).vpptoken"
	if err := os.WriteFile(h.fx.path(name), sample.VPP("Example School", fixedNow.AddDate(0, 0, 20)), 0o600); err != nil {
		t.Fatal(err)
	}
	h.toPicker(g)
	h.pressSee("up", "Expires: 2026-06-22")
	h.pressSee("enter", "File: "+name, "Use this file anyway")
	h.menuChoose("Use this file anyway", g.Portal.Name+", step")
	h.walk(g.Portal.Name, g.PortalSteps)
	h.see(confirmQ, "Used anyway    It is not a new download (stale): renew it again soon.", "Renew next by  now: it expires in less than 30 days")
	h.golden()
}

// TestRunChooseCert: with no MDM certificate known, the verdict says the
// server was not checked and offers to choose the certificate; a file
// that is not one is refused, the right one checks the token, and after
// the renewal it is remembered, so the next renewal finds it by itself.
func TestRunChooseCert(t *testing.T) {
	g := guide(t, token.KindDEP, "abm", "relution")
	certs := &mdmcerts.Store{Path: filepath.Join(t.TempDir(), "mdm-certificates.json")}
	h := start(t, ui.Options{Kind: token.KindDEP, Apple: "abm", Portal: "relution", Certs: certs})
	pem, err := os.ReadFile(h.fx.path(pemName))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(h.fx.path(pemName)); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(h.fx.dir, "MDM certificate")
	if err := os.Mkdir(sub, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(sub, "mdm.pem"), pem, 0o600); err != nil {
		t.Fatal(err)
	}
	h.toPicker(g)
	h.pick(freshDEPName, "✓ OK")
	h.see("Server check: not checked: no certificate of the MDM is known", "Continue to the Relution steps without checking the server")
	h.golden()
	h.menuChoose("Check the server: choose the MDM's certificate", "Choose the MDM's certificate", "a .pem, .cer or .crt file")
	if v := h.view(); strings.Contains(v, "p paste") {
		t.Errorf("the certificate picker offers to paste:\n%s", v)
	}
	// The token itself is not a certificate.
	h.press("down", "down")
	h.pressSee("enter", "cannot be read")
	h.press("up", "up", "enter") // into the folder
	h.pressSee("enter", "Server check: matched by issuer and serial only (mdm.pem, chosen by you)", "Continue to the Relution steps")
	finishOK(h, g, freshDEPName)
	if p, ok := certs.Lookup("relution", "Campus MDM"); !ok || p.Cert != filepath.Join(sub, "mdm.pem") {
		t.Fatalf("remembered %+v, %v", p, ok)
	}

	again := start(t, ui.Options{Kind: token.KindDEP, Apple: "abm", Portal: "relution", Certs: certs, Dir: h.fx.dir})
	again.toPicker(g)
	again.pick(freshDEPName, "✓ OK")
	again.see("Server check: matched by issuer and serial only (mdm.pem, remembered for this server)")
}

// TestDoneNoFolderLeaves: with no private folder to move them to, the
// done screen's question starts on leaving the token files, so enter
// alone never deletes them (finishOK checks it).
func TestDoneNoFolderLeaves(t *testing.T) {
	r := run{token.KindVPP, "abm", "relution"}
	h := start(t, ui.Options{UsedTokens: noUsedTokens})
	g, _ := r.toPicker(h)
	h.pick(vppName, "✓ OK")
	finishOK(h, g, vppName, "Delete it")
}
