package ui_test

import (
	"slices"
	"strings"
	"testing"

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
// done" and leaves with enter, so the wizard ends by itself.
func finishOK(h *driver, g steps.Guide, file string) ui.Model {
	h.t.Helper()
	h.menuChoose("Continue to the "+g.Portal.Name+" steps", g.Portal.Name+", step 1 of")
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
	if r.kind == token.KindDEP && !res.DownloadConfirmed.Equal(fixedNow) {
		t.Errorf("DownloadConfirmed %v, want the test clock %v", res.DownloadConfirmed, fixedNow)
	}
	if r.kind == token.KindVPP && !res.DownloadConfirmed.IsZero() {
		t.Errorf("DownloadConfirmed %v for a VPP renewal", res.DownloadConfirmed)
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
		{"vpp_relution_abm", run{token.KindVPP, "abm", "relution"}, vppName, "Organisation: Example School"},
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
// WRONG KIND with the portal's "Invalid Token" and the *_smime.p7m hint;
// "Pick another file" returns to the picker, and the right file goes
// through.
func TestRunWrongFile(t *testing.T) {
	r := run{token.KindDEP, "abm", "relution"}
	h := start(t, ui.Options{})
	g, _ := r.toPicker(h)
	h.pick(vppName, "✗ WRONG KIND")
	h.see("✗ WRONG KIND", "Invalid Token", "*_smime.p7m", "Pick another file")
	v := h.view()
	if !strings.Contains(v, "VPP") {
		t.Errorf("the verdict does not say the file is a VPP token:\n%s", v)
	}
	if strings.Contains(v, "Continue to the") || strings.Contains(v, "Use this file anyway") {
		t.Errorf("the wrong kind of file can be used:\n%s", v)
	}
	h.menuChoose("Pick another file", picker)
	h.pick(freshDEPName, "✓ OK")
	h.see("✓ OK", "Continue to the Relution steps")
	m := finishOK(h, g, freshDEPName)
	h.golden()
	checkResult(t, h, r, m, freshDEPName)
}

// TestRunStaleFile picks last year's DEP token: the verdict is STALE, and
// "Go back to the download steps" lands on the Download Token step.
func TestRunStaleFile(t *testing.T) {
	r := run{token.KindDEP, "abm", "relution"}
	h := start(t, ui.Options{})
	g, _ := r.toPicker(h)
	h.pick(oldDEPName, "! STALE")
	h.see("! STALE", "355 days ago", "Go back to the download steps")
	last := len(g.AppleSteps)
	h.menuChoose("Go back to the download steps", g.Apple.Name+", step 4 of 4", "Click Download Token")
	if !g.AppleSteps[last-1].Download {
		t.Fatalf("step %d of %s is not the download step", last, g.Apple.Name)
	}
	m := h.golden()
	res := m.Result()
	if res.Report == nil || res.Report.Status != token.StatusStale || res.File != h.fx.path(oldDEPName) {
		t.Errorf("Report %+v File %q, want the stale file", res.Report, res.File)
	}
	if !res.PendingReset() {
		t.Error("the old token was reset and nothing uploaded, yet PendingReset is false")
	}
}
