package ui_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/mdmtoken/mdmtoken/internal/downloadstest"
	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/resume"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
	"github.com/mdmtoken/mdmtoken/ui"
)

// screenCase is one state of the wizard for TestEveryScreen: how to reach
// it on an 80x24 terminal, and what must show on it at every size.
type screenCase struct {
	name  string
	reach func(t *testing.T) *driver
	see   []string // the title, the warning or the verdict: shown at any size
	keys  string   // in the help line; "q quit" when empty
	sizes [][2]int // the sizes it is drawn at, when not 80x24 and 40x12
}

// Push certificates of the repository's test data (see testdata/README.md).
const (
	pushNew      = "MDM_ Fixture_Certificate.pem"
	pushLastYear = "MDM_ Fixture_Certificate_2025.pem"
	pushCreated  = "MDM_ Fixture_Certificate (1).pem" // Create a Certificate: another topic
)

// addPush copies the push certificates and the request into the fake
// Downloads folder.
func (d *driver) addPush() {
	d.t.Helper()
	for _, n := range []string{pushNew, pushLastYear, pushCreated, "PushCertRequest.txt"} {
		data, err := os.ReadFile(filepath.Join("..", "testdata", "push", n))
		if err != nil {
			d.t.Fatal(err)
		}
		if err := os.WriteFile(d.fx.path(n), data, 0o600); err != nil {
			d.t.Fatal(err)
		}
	}
}

// push starts a push certificate renewal for Intune at its caveats, with
// the push files in Downloads.
func push(t *testing.T) (*driver, steps.Guide) {
	t.Helper()
	h := start(t, ui.Options{Kind: token.KindPush, Portal: "intune"})
	h.addPush()
	h.see(caveats)
	return h, guide(t, token.KindPush, "pushcert", "intune")
}

// toPushPicker walks the request steps and Apple's to the picker.
func toPushPicker(h *driver, g steps.Guide) {
	h.t.Helper()
	h.pastCaveats(g.Portal.Name + ", step")
	h.walk(g.Portal.Name, g.BeforeSteps)
	h.walk(g.Apple.Name, g.AppleSteps)
	h.see(picker)
}

// pickNamed moves the picker's cursor down to the row showing name (as
// far as the row shows it) and chooses it.
func (d *driver) pickNamed(name, detail string) {
	d.t.Helper()
	d.press("home")
	for i := 0; i < 30 && !strings.Contains(cursorRow(d.view()), name); i++ {
		d.press("down")
	}
	d.see(detail)
	d.pressSee("enter", "File: ")
}

// walkTo walks a guide's steps up to the first for which stop is true.
func (d *driver) walkTo(where string, list []steps.Step, stop func(steps.Step) bool) {
	d.t.Helper()
	d.walkSome(where, list, slices.IndexFunc(list, stop))
}

func isUpload(st steps.Step) bool { return st.Upload }

// repairedVPP writes a VPP token as an editor would resave it (a byte
// order mark and CR LF line ends) and returns its name.
func (d *driver) repairedVPP() string {
	d.t.Helper()
	name := "sToken_for_Main Campus (1).vpptoken"
	data := "\ufeff" + strings.ReplaceAll(strings.TrimSpace(d.read(vppName)), "\n", "\r\n") + "\r\n"
	if err := os.WriteFile(d.fx.path(name), []byte(data), 0o600); err != nil {
		d.t.Fatal(err)
	}
	return name
}

// everyScreen is each screen of the wizard in the states worth a look.
var everyScreen = []screenCase{
	{name: "task", see: []string{askTask, "Renew the APNs push certificate", "Check a file"},
		reach: func(t *testing.T) *driver { return start(t, ui.Options{}) }},
	{name: "task_notes", see: []string{askTask, "is damaged"},
		reach: func(t *testing.T) *driver {
			return start(t, ui.Options{Warnings: []string{"a.yaml: bad", "b.yaml: bad"}, StateWarnings: damagedState(t)})
		}},
	{name: "task_due", see: []string{askTask, "Campus MDM: expired"},
		reach: func(t *testing.T) *driver { return start(t, ui.Options{Due: dueItems()}) }},
	{name: "resume", see: []string{"Go on where you stopped?", "Resume where I stopped"},
		reach: func(t *testing.T) *driver {
			st := savedAt(renewal.Place{Kind: "vpp", Apple: "abm", Portal: "relution", Stage: renewal.StageAppleSteps, Step: 1})
			return start(t, ui.Options{Resume: &st})
		}},
	{name: "resume_reset", see: []string{"Go on where you stopped?", "already invalid"},
		reach: func(t *testing.T) *driver {
			st := resetPlace()
			return start(t, ui.Options{Resume: &st})
		}},
	{name: "resume_warnings", see: []string{"Go on where you stopped?", "The file of your saved place"},
		reach: func(t *testing.T) *driver {
			st := savedAt(renewal.Place{Kind: "dep", Apple: "abm", Portal: "relution", Stage: renewal.StagePicker})
			return start(t, ui.Options{Resume: &st, StateWarnings: []string{
				"The file of your saved place, /Users/alex/Downloads/Campus MDM_Token_2026-06-02T14-10-00Z_smime.p7m, is no longer there: choose the file again; it is checked before you go on."}})
		}},
	{name: "start_over", see: []string{"Start over and forget the saved renewal?"}, keys: "y start over",
		reach: func(t *testing.T) *driver {
			st := resetPlace()
			h := start(t, ui.Options{Resume: &st})
			h.press("down")
			h.pressSee("enter", "Start over and forget")
			return h
		}},
	{name: "apple", see: []string{askApple},
		reach: func(t *testing.T) *driver {
			h := start(t, ui.Options{})
			h.chooseTask(token.KindDEP)
			return h
		}},
	{name: "portal_dep", see: []string{askPortal},
		reach: func(t *testing.T) *driver {
			h := start(t, ui.Options{})
			h.chooseTask(token.KindDEP)
			h.chooseApple("abm")
			return h
		}},
	{name: "portal_push", see: []string{askPortal},
		reach: func(t *testing.T) *driver {
			h := start(t, ui.Options{})
			h.pressSee("3", askPortal) // push has no Apple portal question
			return h
		}},
	{name: "caveats", see: []string{caveats, "You will download:"}, keys: "enter start",
		reach: func(t *testing.T) *driver { h, _ := depRelution(t); return h }},
	{name: "caveats_community", see: []string{caveats, "You will download:"}, keys: "enter start",
		reach: func(t *testing.T) *driver {
			h := start(t, ui.Options{Kind: token.KindDEP, Apple: "abm", Portal: "jamf"})
			h.see(caveats)
			return h
		}},
	{name: "caveats_push", see: []string{caveats, "You will download:"}, keys: "enter start",
		reach: func(t *testing.T) *driver { h, _ := push(t); return h }},
	{name: "apple_step", see: []string{"step 1 of 4"}, keys: "enter next step",
		reach: func(t *testing.T) *driver {
			h, g := depRelution(t)
			h.pastCaveats(g.Apple.Name + ", step 1 of 4")
			return h
		}},
	{name: "dep_warning", see: []string{"step 4 of 4", "Warning:"}, keys: "y confirm",
		reach: func(t *testing.T) *driver {
			h, g := depRelution(t)
			h.pastCaveats("step 1 of")
			h.walkSome(g.Apple.Name, g.AppleSteps, 3)
			return h
		}},
	{name: "dep_warning_refused", see: []string{"step 4 of 4", "Read the whole warning", "finish the upload now."}, keys: "y confirm",
		sizes: [][2]int{{40, 12}},
		reach: func(t *testing.T) *driver {
			h, g := depRelution(t, 40, 12)
			h.pastCaveats("step 1 of")
			h.walkSome(g.Apple.Name, g.AppleSteps, 3)
			h.pressSee("y", "Read the whole warning", "step 4 of 4")
			return h
		}},
	{name: "dep_warning_confirmed", see: []string{"step 4 of 4", "Click Download Token"}, keys: "enter next step",
		reach: func(t *testing.T) *driver {
			h, g := depRelution(t)
			h.toPicker(g)
			h.pressSee("esc", "step 4 of 4", "Confirmed.")
			return h
		}},
	{name: "quit_ask", see: []string{"Quit now?"}, keys: "y: quit, n: stay",
		reach: func(t *testing.T) *driver {
			h, g := depRelution(t)
			h.toPicker(g)
			h.pressSee("q", "Quit now?")
			return h
		}},
	{name: "picker", see: []string{picker, "✓ OK"}, keys: "enter open/select",
		reach: func(t *testing.T) *driver {
			h, g := depRelution(t)
			h.toPicker(g)
			return h
		}},
	{name: "picker_filter", see: []string{picker, "Filter: campus", "only .p7m files"}, keys: "enter open/select",
		reach: func(t *testing.T) *driver {
			h, g := depRelution(t)
			h.toPicker(g)
			h.press("t", "/", "c", "a", "m", "p", "u", "s", "enter")
			h.see("Filter: campus")
			return h
		}},
	{name: "picker_typing_filter", see: []string{picker, "Filter: camp"}, keys: "enter keep filter",
		reach: func(t *testing.T) *driver {
			h, g := depRelution(t)
			h.toPicker(g)
			h.press("/", "c", "a", "m", "p")
			return h
		}},
	{name: "picker_push", see: []string{picker, "✓ OK"}, keys: "enter open/select",
		reach: func(t *testing.T) *driver {
			h, g := push(t)
			toPushPicker(h, g)
			return h
		}},
	{name: "picker_check", see: []string{checkPicker}, keys: "enter open/select",
		reach: func(t *testing.T) *driver {
			h := start(t, ui.Options{})
			h.press("4")
			h.see(checkPicker)
			return h
		}},
	{name: "cert_picker", see: []string{"Choose the MDM's certificate"}, keys: "enter open/select",
		reach: func(t *testing.T) *driver {
			h := start(t, ui.Options{Kind: token.KindDEP, Apple: "abm", Portal: "relution"})
			if err := os.Remove(h.fx.path(pemName)); err != nil {
				t.Fatal(err)
			}
			g := guide(t, token.KindDEP, "abm", "relution")
			h.see(caveats)
			h.toPicker(g)
			h.pick(freshDEPName, "✓ OK")
			h.menuChoose("Check the server: choose the MDM's certificate", "Choose the MDM's certificate")
			return h
		}},
	{name: "paste_empty", see: []string{pasteHead, "Waiting for pasted text"}, keys: "ctrl+d",
		reach: func(t *testing.T) *driver {
			h, g := depRelution(t)
			h.toPicker(g)
			h.pressSee("p", pasteHead)
			return h
		}},
	{name: "paste_received", see: []string{pasteHead, "Received "}, keys: "ctrl+d",
		reach: func(t *testing.T) *driver {
			h, g := depRelution(t)
			h.toPicker(g)
			h.pressSee("p", pasteHead)
			h.send(tea.PasteMsg{Content: h.read(freshDEPName)})
			h.see("Received ")
			return h
		}},
	{name: "verdict_ok", see: []string{"✓ OK", "Continue to the Relution steps"}, keys: "enter choose",
		reach: func(t *testing.T) *driver {
			h, g := depRelution(t)
			toVerdictOK(h, g)
			return h
		}},
	{name: "verdict_repaired", see: []string{"! REPAIRED"}, keys: "enter choose",
		reach: func(t *testing.T) *driver {
			h := start(t, ui.Options{Kind: token.KindVPP, Apple: "abm", Portal: "relution"})
			name := h.repairedVPP()
			h.see(caveats)
			h.toPicker(guide(t, token.KindVPP, "abm", "relution"))
			h.pickNamed("(1)", "REPAIRED")
			h.see("File: " + name)
			return h
		}},
	{name: "verdict_wrong_kind", see: []string{"✗ WRONG KIND", "Pick another file"}, keys: "enter choose",
		reach: func(t *testing.T) *driver {
			h, g := depRelution(t)
			h.toPicker(g)
			h.pick(vppName, "✗ WRONG KIND")
			return h
		}},
	{name: "verdict_stale", see: []string{"! STALE", "Pick another file"}, keys: "enter choose",
		reach: func(t *testing.T) *driver {
			h, g := depRelution(t)
			h.toPicker(g)
			h.pick(oldDEPName, "! STALE")
			return h
		}},
	{name: "verdict_wrong_server", see: []string{"✗ WRONG SERVER", "This token belongs to a different MDM server"}, keys: "enter choose",
		reach: func(t *testing.T) *driver {
			h := start(t, ui.Options{Kind: token.KindDEP, Apple: "abm", Portal: "relution", Cert: downloadstest.Identity(t, "..").Cert})
			downloadstest.At(h.fx.dir, fixedNow).AddOtherServer(t, fixedNow, downloadstest.OtherIdentity(t, ".."))
			h.see(caveats)
			h.toPicker(guide(t, token.KindDEP, "abm", "relution"))
			h.pickNamed("Other MDM", "WRONG SERVER")
			return h
		}},
	{name: "verdict_push_ok", see: []string{"✓ OK", "Continue to the Microsoft Intune steps"}, keys: "enter choose",
		reach: func(t *testing.T) *driver {
			h, g := push(t)
			toPushPicker(h, g)
			h.pickNamed("Certificate.pem", "✓ OK")
			return h
		}},
	{name: "verdict_push_new_topic", see: []string{"✗ MISMATCH", "This push certificate has the topic", "renew the certificate your MDM"}, keys: "enter choose",
		reach: func(t *testing.T) *driver {
			h, g := push(t)
			toPushPicker(h, g)
			h.pickNamed("(1)", "MISMATCH")
			return h
		}},
	{name: "verdict_check", see: []string{"✓ OK", "File: Campus"}, keys: "enter choose",
		reach: func(t *testing.T) *driver {
			h := start(t, ui.Options{})
			h.press("4")
			h.see(checkPicker)
			h.pick(freshDEPName, "✓ OK")
			return h
		}},
	{name: "portal_steps_run", see: []string{"Relution, steps 1 to"}, keys: "enter next step",
		reach: func(t *testing.T) *driver {
			h, g := depRelution(t)
			toVerdictOK(h, g)
			h.menuChoose("Continue to the Relution steps", "Relution, steps 1 to")
			return h
		}},
	{name: "upload_step", see: []string{"Relution, step", "Choose this file:"}, keys: "enter next step",
		reach: func(t *testing.T) *driver {
			h, g := depRelution(t)
			toVerdictOK(h, g)
			h.menuChoose("Continue to the Relution steps", "Relution, step")
			h.walkTo("Relution", g.PortalSteps, isUpload)
			return h
		}},
	{name: "push_request_step", see: []string{"Microsoft Intune, step"}, keys: "enter next step",
		reach: func(t *testing.T) *driver {
			h, g := push(t)
			h.pastCaveats(g.Portal.Name + ", step")
			return h
		}},
	{name: "push_renew_warning", see: []string{"step 3 of 5", "Warning: Renew, never Create"}, keys: "y confirm",
		reach: func(t *testing.T) *driver {
			h, g := push(t)
			h.pastCaveats(g.Portal.Name + ", step")
			h.walk(g.Portal.Name, g.BeforeSteps)
			h.walkTo(g.Apple.Name, g.AppleSteps, func(s steps.Step) bool { return s.ID == "renew" })
			return h
		}},
	{name: "push_upload_step", see: []string{"Microsoft Intune, step", "Choose this file:"}, keys: "enter next step",
		reach: func(t *testing.T) *driver {
			h, g := push(t)
			toPushPicker(h, g)
			h.pickNamed("Certificate.pem", "✓ OK")
			h.menuChoose("Continue to the Microsoft Intune steps", "Microsoft Intune, step")
			h.walkTo(g.Portal.Name, g.PortalSteps, isUpload)
			return h
		}},
	{name: "confirm", see: []string{confirmQ, "Did Relution accept the file?"}, keys: "y yes",
		reach: func(t *testing.T) *driver {
			h, g := depRelution(t)
			toConfirm(h, g)
			return h
		}},
	{name: "troubleshooting", see: []string{"did not accept the file"}, keys: "p pick another file",
		reach: func(t *testing.T) *driver {
			h, g := depRelution(t)
			toConfirm(h, g)
			h.pressSee("n", "did not accept the file")
			return h
		}},
	{name: "done", see: []string{done, "Clear the token files", "Leave them where they are"}, keys: "up/down move · enter ", // choose, or at 40x12 read on (TestDoneNamesBeforeChoice)
		reach: func(t *testing.T) *driver {
			h, g := depRelution(t)
			toConfirm(h, g)
			h.pressSee("y", done)
			return h
		}},
	{name: "done_tidied", see: []string{done, "Press enter or q to leave."}, keys: "enter leave",
		reach: func(t *testing.T) *driver {
			h, g := depRelution(t)
			toConfirm(h, g)
			h.pressSee("y", done)
			h.leaveFiles("Left 2 files")
			return h
		}},
	{name: "push_confirm", see: []string{confirmQ, "Did Microsoft Intune accept the file?"}, keys: "y yes",
		reach: func(t *testing.T) *driver {
			h, g := push(t)
			toPushPicker(h, g)
			h.pickNamed("Certificate.pem", "✓ OK")
			h.walkPortal(g)
			return h
		}},
	{name: "push_done", see: []string{done, "Clear the push certificates"}, keys: "enter",
		reach: func(t *testing.T) *driver {
			h, g := push(t)
			toPushPicker(h, g)
			h.pickNamed("Certificate.pem", "✓ OK")
			h.walkPortal(g)
			h.pressSee("y", done)
			return h
		}},
}

// savedAt is a place saved an hour before the test clock.
func savedAt(p renewal.Place) resume.State {
	return resume.State{Place: p, SavedAt: fixedNow.Add(-time.Hour)}
}

// resetPlace is a DEP renewal saved at the picker after Download Token.
func resetPlace() resume.State {
	return savedAt(renewal.Place{Kind: "dep", Apple: "abm", Portal: "relution", Stage: renewal.StagePicker,
		DownloadConfirmedAt: fixedNow.Add(-90 * time.Minute)})
}

// damagedState is what resume says of a damaged state.json.
func damagedState(t *testing.T) []string {
	t.Helper()
	store := resume.Store{Path: filepath.Join(t.TempDir(), "state.json")}
	if err := os.WriteFile(store.Path, []byte(`{"version": 1, "screen": "picker", "stage": 3}`), 0o600); err != nil {
		t.Fatal(err)
	}
	o := store.Open(fixedNow)
	if o.OK || len(o.Warnings) == 0 {
		t.Fatalf("a damaged state opened as %+v", o)
	}
	// The state's own path differs in every run: the goldens name it so.
	for i, w := range o.Warnings {
		o.Warnings[i] = strings.ReplaceAll(w, store.Path, "~/.local/state/mdmtoken/state.json")
	}
	return o.Warnings
}

// TestEveryScreen has a golden file for every screen of the wizard, at
// 80x24 and 40x12, and one more scrolled to its end where its text does
// not fit. On each, at each size: nothing wider or taller than the
// terminal, what must show (title, warning, verdict) shows, the help line
// shows, and no line is a bare cut mark.
func TestEveryScreen(t *testing.T) {
	for _, c := range everyScreen {
		sizes := c.sizes
		if sizes == nil {
			sizes = [][2]int{{80, 24}, {40, 12}}
		}
		for _, sz := range sizes {
			w, hgt := sz[0], sz[1]
			t.Run(fmt.Sprintf("%s_%dx%d", c.name, w, hgt), func(t *testing.T) {
				h := c.reach(t)
				h.send(tea.WindowSizeMsg{Width: w, Height: hgt})
				h.drawnFor(w)
				checkScreen(t, h, c, w, hgt)
				h.golden()
				if !strings.Contains(h.view(), "more below") {
					return
				}
				t.Run("end", func(t *testing.T) {
					h.press("end")
					if v := h.view(); strings.Contains(v, "more below") && !strings.Contains(v, "more above") {
						t.Errorf("end did not scroll:\n%s", v)
					}
					checkScreen(t, h, screenCase{see: c.see[:1], keys: c.keys}, w, hgt) // the title stays
					golden.RequireEqual(t, h.screen())                                  // under this test's name
				})
			})
		}
	}
}

// checkScreen checks what every screen must do at any size.
func checkScreen(t *testing.T, h *driver, c screenCase, w, hgt int) {
	t.Helper()
	v := h.view()
	checkFits(t, v, w, hgt)
	for _, s := range c.see {
		if !contains(v, s) {
			t.Errorf("%dx%d: %q not shown:\n%s", w, hgt, s, v)
		}
	}
	keys := c.keys
	if keys == "" {
		keys = "q quit"
	}
	rows := strings.Split(strings.TrimRight(v, "\n"), "\n")
	foot := flat(strings.Join(rows[max(0, len(rows)-4):], " "))
	// A step, or the caveats' warning, with more below the fold: enter
	// shows it first.
	more := (keys == "enter next step" || keys == "enter start") && strings.Contains(foot, "enter more") && contains(v, "more below")
	if !strings.Contains(foot, keys) && !more {
		t.Errorf("%dx%d: the help line lacks %q:\n%s", w, hgt, keys, v)
	}
	for _, r := range rows {
		if strings.TrimSpace(r) == "…" {
			t.Errorf("%dx%d: a line is only a cut mark:\n%s", w, hgt, v)
		}
	}
}
