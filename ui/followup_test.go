package ui_test

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/mdmtoken/mdmtoken/practice"
	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/resume"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
	"github.com/mdmtoken/mdmtoken/ui"
)

// practiceNames are the practice folder's files in the picker's order.
var practiceNames = []string{
	"MDM_ Practice MDM Vendor_Certificate (1)", // push certificates first, by name
	"MDM_ Practice MDM Vendor_Certificate (2)",
	"MDM_ Practice MDM Vendor_Certificate.pem",
	"Other MDM Server_Token_",        // newest DEP token: made for another server
	"Practice MDM Server_Token_2025", // last year's
	"Practice MDM Server_Token_2026", // the right one
}

// walkPortal goes through the portal steps to the confirmation question.
func (h *driver) walkPortal(g steps.Guide) {
	h.t.Helper()
	h.menuChoose("Continue to the "+g.Portal.Name+" steps", g.Portal.Name+", step")
	h.walk(g.Portal.Name, g.PortalSteps)
	h.see(confirmQ, "Did "+g.Portal.Name+" accept the file?")
}

// TestPracticeRun is a trainee's run: PRACTICE on every screen; the
// Download Token step says not to click it in a real portal; the picker
// starts at the top of the list and shows no verdict until the trainee
// picks, or asks with the hint key, which counts; the trainee sets the
// token for another server aside, finds this year's token and finishes;
// the end shows the score and each trap, and nothing is written.
func TestPracticeRun(t *testing.T) {
	kit, err := practice.Make(filepath.Join(t.TempDir(), "Downloads"), fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	records := t.TempDir()
	g := guide(t, token.KindDEP, "abm", "relution")
	h := start(t, ui.Options{Practice: true, Kind: token.KindDEP, Apple: "abm", Portal: "relution",
		Dir: kit.Dir, Cert: kit.Cert, Key: kit.Key, Traps: kit.Traps, RecordDir: records})
	h.see("PRACTICE", caveats)
	h.pressSee("enter", g.Apple.Name+", step")
	h.walkSome(g.Apple.Name, g.AppleSteps, len(g.AppleSteps)-1)
	h.see("Practice: do not click Download Token in a real portal")
	h.press("y")
	v := h.pickerView()
	if !strings.Contains(cursorRow(v), practiceNames[0][:20]) || contains(v, "WRONG") || contains(v, "✓ OK") ||
		!contains(v, "v shows what this one is") {
		t.Fatalf("the practice picker gives the answer away or does not start at the top:\n%s", v)
	}
	t.Run("picker", func(t *testing.T) { golden.RequireEqual(t, strings.ReplaceAll(h.screen(), kit.Dir, "$PRACTICE")) })
	h.press("down", "down", "down")
	h.check("the token for another server highlighted", func(v string) bool { return strings.Contains(cursorRow(v), practiceNames[3][:20]) })
	h.pressSee("v", "✗ WRONG SERVER")
	h.pressSee("enter", "✗ WRONG SERVER", "different MDM server", "Pick another file")
	if v := h.view(); !strings.Contains(v, "PRACTICE") || strings.Contains(v, "Continue to the") {
		t.Errorf("wrong-server verdict:\n%s", v)
	}
	h.menuChoose("Pick another file", picker)
	h.pickerView()
	h.press("down", "down", "down", "down", "down")
	h.check("this year's token highlighted, its verdict hidden", func(v string) bool {
		return strings.Contains(cursorRow(v), practiceNames[5][:20]) && !contains(v, "✓ OK")
	})
	h.pressSee("enter", "✓ OK", "decrypted with the MDM's key")
	h.walkPortal(g)
	h.pressSee("y", "Practice renewal done with the right file",
		"Practice score: 2 files checked, 1 wrong, 1 set aside, 0 used anyway, 1 hint; renewal finished with the right file.",
		"a token for another MDM server: hinted", "last year's token: avoided", "the MDM's public key (.pem): avoided")
	if v := h.view(); !strings.Contains(v, "PRACTICE") || strings.Contains(v, "Record:") {
		t.Errorf("practice done screen:\n%s", v)
	}
	t.Run("done", func(t *testing.T) { golden.RequireEqual(t, h.screen()) })
	m := h.m
	score := m.Result().Practice
	if score == nil || score.Checked != 2 || score.Wrong != 1 || score.SetAside != 1 || score.Hints != 1 || !score.Finished {
		t.Errorf("Result().Practice = %+v", score)
	}
	if entries, _ := os.ReadDir(records); len(entries) != 0 {
		t.Errorf("practice wrote %d files into the record folder", len(entries))
	}
}

// TestRecordOnAccept: when the portal accepted the file, the renewal
// record and the reminder are written (mode 0600) and named on screen, and
// q leaves with them written.
func TestRecordOnAccept(t *testing.T) {
	records := t.TempDir()
	g := guide(t, token.KindDEP, "abm", "relution")
	h := start(t, ui.Options{Kind: token.KindDEP, Apple: "abm", Portal: "relution", RecordDir: records})
	h.see(caveats)
	h.toPicker(g)
	h.pick(freshDEPName, "✓ OK")
	h.walkPortal(g)
	h.pressSee("y", done)
	h.press("q")
	m := h.ended()
	res := m.Result()
	if res.RecordFile == "" || res.CalendarFile == "" {
		t.Fatalf("no record or reminder in the result: %+v", res)
	}
	for _, p := range []string{res.RecordFile, res.CalendarFile} {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Dir(p) != records || info.Mode().Perm() != 0o600 {
			t.Errorf("%s: in %s with mode %v, want %s and 0600", p, filepath.Dir(p), info.Mode().Perm(), records)
		}
	}
	md, err := os.ReadFile(res.RecordFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{freshDEPName, res.Report.SHA256, "Relution", "Campus MDM", "Previous expiry | 2026-06-12"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("record lacks %q:\n%s", want, md)
		}
	}
	if v := h.screen(); !strings.Contains(v, "Record:\n") || !strings.Contains(v, "Reminder (import into your calendar):\n") {
		t.Errorf("done screen does not name the files:\n%s", v)
	}
}

// TestResumeAtSavedStep: a saved place at the portal steps, with the file
// and the confirmed DEP download, is offered with the warning and resumed
// at the same step, with the screens before it behind esc.
func TestResumeAtSavedStep(t *testing.T) {
	fx := newFixture(t)
	file := fx.path(freshDEPName)
	content, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	sum := fmt.Sprintf("%x", sha256.Sum256(content)) // as the wizard saw it

	st := resume.State{Place: renewal.Place{Kind: "dep", Apple: "abm", Portal: "relution", Stage: renewal.StagePortalSteps, Step: 3,
		File: file, FileSHA256: sum, DownloadConfirmedAt: fixedNow.Add(-30 * time.Minute)}, SavedAt: fixedNow.Add(-10 * time.Minute)}
	store := resume.Store{Path: filepath.Join(t.TempDir(), "state.json")}
	h := start(t, ui.Options{Resume: &st, State: &store, Dir: fx.dir})
	h.see("Go on where you stopped?", "saved 10 minutes ago", "step 4 of 7 in the MDM portal", "already invalid")
	h.pressSee("enter", "Relution, step", resetNote)
	if v := flat(h.view()); !contains(v, "Relution, step 4 of") && !contains(v, "Relution, steps 4 to") {
		t.Fatalf("not resumed at step 4:\n%s", h.view())
	}
	for i := 0; i < 4 && !contains(h.view(), "Continue to the Relution steps"); i++ {
		h.press("esc")
	}
	h.see("✓ OK", "File: "+freshDEPName, "Continue to the Relution steps")

	// A file changed since it was checked is not trusted: back to the picker.
	if err := os.WriteFile(file, []byte("changed"), 0o600); err != nil {
		t.Fatal(err)
	}
	again := start(t, ui.Options{Resume: &st, State: &store, Dir: fx.dir})
	again.see("Go on where you stopped?")
	again.pressSee("enter", picker, resetNote)
}

// TestCheckAFile: "Check a file" opens the picker without expectations; a
// VPP token is OK there (no fresh download expected), the verdict offers to
// check another file, and "Back to the start" returns to the first screen.
func TestCheckAFile(t *testing.T) {
	h := start(t, ui.Options{})
	h.see(askTask)
	h.press(slices.Repeat([]string{"down"}, len(token.Renewable()))...) // Check a file, after the renewals
	h.pressSee("enter", checkPicker, "a .vpptoken, *_smime.p7m or .pem file")
	h.pick(vppName, "✓ OK")
	h.see("✓ OK", "Organization: Example School", "Check another file", "Back to the start")
	if v := h.view(); strings.Contains(v, "a fresh download") || strings.Contains(v, "Continue to the") {
		t.Errorf("checking a file judged freshness or offered portal steps:\n%s", v)
	}
	h.menuChoose("Check another file", checkPicker)
	h.pick(pemName, "✗ WRONG KIND")
	h.see("the MDM's public key", "never uploaded")
	h.menuChoose("Back to the start", askTask)
	if res := h.m.Result(); res.Kind != "" || res.Report != nil {
		t.Errorf("after going back to the start, Result() = %+v, want a fresh wizard", res)
	}
}

// TestCheckAReplacedToken: checking last year's DEP token beside the new
// one, the verdict says the new one replaced it and there is nothing to do
// with it; it offers no renewal, and the next pick starts on the new one.
func TestCheckAReplacedToken(t *testing.T) {
	h := start(t, ui.Options{})
	h.press(slices.Repeat([]string{"down"}, len(token.Renewable()))...)
	h.pressSee("enter", checkPicker)
	h.pick(oldDEPName, "A newer token for the MDM server")
	h.see("What to do: Nothing to do with this file", "Check another file")
	if v := h.view(); strings.Contains(v, "Renew this") {
		t.Errorf("offers to renew a replaced token:\n%s", v)
	}
	h.menuChoose("Check another file", checkPicker)
	h.check("the cursor on the new token", func(v string) bool { return strings.Contains(cursorRow(v), freshDEPName[:30]) })
}

// TestPortalWarningIsNotADownload: a portal step with a warning (as a local
// playbook may have) needs y too, but confirming it is not the DEP
// download: no reset banner, no pending reset.
func TestPortalWarningIsNotADownload(t *testing.T) {
	dir := t.TempDir()
	playbook := `id: careful
name: Careful MDM
kinds:
  vpp:
    steps:
      - text: "Open Settings > Apple > Apps and Books."
      - text: "Upload the new .vpptoken file."
        upload: true
        warning: "Uploading replaces the token for every location in this tenant."
    sources:
      - title: "Team wiki: VPP renewal"
        date: "2026-01-01"
`
	if err := os.WriteFile(filepath.Join(dir, "careful.yaml"), []byte(playbook), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := steps.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if errs := c.AddPlaybooks(dir); len(errs) > 0 {
		t.Fatalf("playbook: %v", errs)
	}
	g, err := c.Guide(token.KindVPP, "abm", "careful")
	if err != nil {
		t.Fatal(err)
	}
	h := start(t, ui.Options{Catalog: c, Kind: token.KindVPP, Apple: "abm", Portal: "careful"})
	h.see(caveats)
	h.toPicker(g)
	h.pick(vppName, "✓ OK")
	h.menuChoose("Continue to the Careful MDM steps", "Careful MDM, step 1 of 2")
	h.pressSee("enter", "Careful MDM, step 2 of 2", "Warning: Uploading replaces")
	h.pressSee("y", confirmQ)
	if v := h.view(); strings.Contains(v, resetNote) {
		t.Errorf("a VPP renewal shows the DEP reset banner:\n%s", v)
	}
	if res := h.m.Result(); !res.ResetAt.IsZero() || res.PendingReset() {
		t.Errorf("DownloadConfirmed %v, PendingReset %v after a portal warning in a VPP renewal", res.ResetAt, res.PendingReset())
	}
}

// TestResumeReset: a saved place days old with a confirmed DEP download is
// offered with how long ago the reset was; starting over asks first, n
// goes back to the offer, y forgets the place.
func TestResumeReset(t *testing.T) {
	st := resume.State{Place: renewal.Place{Kind: "dep", Apple: "abm", Portal: "relution", Stage: renewal.StagePicker,
		DownloadConfirmedAt: fixedNow.Add(-72*time.Hour - 30*time.Minute)}, SavedAt: fixedNow.Add(-72 * time.Hour)}
	store := resume.Store{Path: filepath.Join(t.TempDir(), "state.json")}
	if err := store.Save(st, st.SavedAt); err != nil {
		t.Fatal(err)
	}
	h := start(t, ui.Options{Resume: &st, State: &store})
	h.see("saved 3 days ago", "Download Token at 14:00 on 2026-05-30, 3 days ago", "already invalid")
	h.press("down")
	h.pressSee("enter", "Start over and forget the saved renewal?", "y: start over, n: go back")
	h.golden()
	h.pressSee("n", "Go on where you stopped?")
	h.press("enter") // still on "Start over"
	h.pressSee("y", askTask)
	if _, err := os.Stat(store.Path); !os.IsNotExist(err) {
		t.Errorf("the saved place is still there after starting over: %v", err)
	}
	// The reset is not forgotten with the place: the end says so.
	h.press("q")
	if res := h.ended().Result(); res.Forgotten == nil || res.Forgotten.Kind != token.KindDEP || res.ForgottenLeft() == "" {
		t.Errorf("the reset started over is not said at the end: %+v", res.Forgotten)
	}

	// Without a reset, start over does not ask.
	vpp := st
	vpp.Kind, vpp.DownloadConfirmedAt = "vpp", time.Time{}
	h = start(t, ui.Options{Resume: &vpp})
	h.press("down")
	h.pressSee("enter", askTask)
}

// TestTidyUp: after the upload, the wizard offers to move the used token
// and last year's beside it out of Downloads into a private folder; it
// does so only when asked, and the record says what was done.
func TestTidyUp(t *testing.T) {
	records := t.TempDir()
	g := guide(t, token.KindDEP, "abm", "relution")
	h := start(t, ui.Options{Kind: token.KindDEP, Apple: "abm", Portal: "relution", RecordDir: records})
	toConfirm(h, g)
	h.pressSee("y", done, "Clear the token files out of ~/Downloads?", "They are credentials", freshDEPName, oldDEPName)
	for _, name := range []string{freshDEPName, oldDEPName} {
		if _, err := os.Stat(h.fx.path(name)); err != nil {
			t.Fatalf("%s moved before being asked: %v", name, err)
		}
	}
	h.menuChoose("Move them to a private folder", "Moved 2 files to")
	used := filepath.Join(h.fx.home, "used-tokens")
	for _, name := range []string{freshDEPName, oldDEPName} {
		if _, err := os.Stat(filepath.Join(used, name)); err != nil {
			t.Errorf("%s not in the private folder: %v", name, err)
		}
		if _, err := os.Stat(h.fx.path(name)); !os.IsNotExist(err) {
			t.Errorf("%s still in Downloads", name)
		}
	}
	for _, name := range []string{vppName, pemName} {
		if _, err := os.Stat(h.fx.path(name)); err != nil {
			t.Errorf("%s, not a token of this server, was moved: %v", name, err)
		}
	}
	if info, err := os.Stat(used); err != nil || info.Mode().Perm() != 0o700 {
		t.Errorf("private folder %v, %v", info, err)
	}
	golden.RequireEqual(t, strings.ReplaceAll(h.screen(), records, "$RECORDS"))
	h.press("enter")
	res := h.ended().Result()
	md, err := os.ReadFile(res.RecordFile)
	if err != nil || !strings.Contains(string(md), "## Token files") || !strings.Contains(string(md), `Moved 2 files to \~/used-tokens`) {
		t.Errorf("the record does not say what was done (%v):\n%s", err, md)
	}
}

// TestFailedRecordKeepsPlace: when the renewal record cannot be written,
// the saved place is kept, so that the renewal can be resumed to write
// it, and the end says why; once a record is written, the place goes.
func TestFailedRecordKeepsPlace(t *testing.T) {
	g := guide(t, token.KindVPP, "abm", "relution")
	for _, c := range []struct {
		name      string
		writable  bool
		wantPlace bool
	}{{"record written", true, false}, {"record not written", false, true}} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			records := filepath.Join(dir, "records")
			if c.writable {
				if err := os.Mkdir(records, 0o700); err != nil {
					t.Fatal(err)
				}
			} else if err := os.WriteFile(records, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			store := resume.Store{Path: filepath.Join(dir, "state.json")}
			h := start(t, ui.Options{Kind: token.KindVPP, Apple: "abm", Portal: "relution", RecordDir: records, State: &store})
			h.see(caveats)
			h.toPicker(g)
			h.pick(vppName, "✓ OK")
			h.walkPortal(g)
			if _, err := os.Stat(store.Path); err != nil {
				t.Fatalf("no place saved at the confirmation: %v", err)
			}
			h.pressSee("y", done)
			if !c.writable {
				h.see("could not be saved")
			}
			_, err := os.Stat(store.Path)
			if kept := err == nil; kept != c.wantPlace {
				t.Errorf("place kept %v, want %v (%v)", kept, c.wantPlace, err)
			}
		})
	}
}
