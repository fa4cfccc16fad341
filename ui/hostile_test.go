package ui_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/resume"
	"github.com/mdmtoken/mdmtoken/sample"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
	"github.com/mdmtoken/mdmtoken/ui"
)

// Names a terminal would act on if they reached it raw: a line feed that
// would draw a fake row, a color, an OSC 8 hyperlink, a bell and a
// right-to-left override.
const (
	hostileDir = "Down\x1b]8;;mailto:x@evil.example\x07loads\u202e\n > x"
	hostileVPP = "sToken_for_Evil\n > sToken_for_Main Campus.vpptoken\x1b[31m\u202e.vpptoken"
)

// hostileFolder makes, in a new folder, a Downloads folder named
// hostileDir holding a good VPP token named hostileVPP and a note, and a
// folder for records with a hostile name too.
func hostileFolder(t *testing.T) (dir, records string) {
	t.Helper()
	root := fixedLengthDir(t)
	dir, records = filepath.Join(root, hostileDir), filepath.Join(root, "rec\x1b[7mords\u202e")
	for _, d := range []string{dir, records} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string][]byte{hostileVPP: sample.VPP("Example School", fixedNow.AddDate(1, 0, 0)), "notes\x1b[2J.txt": []byte("notes\n")}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir, records
}

// TestHostileNames renews a VPP token from a folder and file whose names
// hold control characters, escape sequences and a bidirectional override,
// with the record written to such a folder: every screen shows them
// escaped (the driver fails on any raw control byte in any view), from the
// picker's Folder line to the upload step's folder and the paths of the
// record.
func TestHostileNames(t *testing.T) {
	dir, records := hostileFolder(t)
	h := start(t, ui.Options{Kind: token.KindVPP, Apple: "abm", Portal: "relution", Dir: dir, RecordDir: records})
	g := guide(t, token.KindVPP, "abm", "relution")
	h.see(caveats)
	h.pastCaveats("step 1 of")
	h.walk(g.Apple.Name, g.AppleSteps)
	h.see(picker, `Down\x1b]8;;`, `Evil\n > sToken`)
	h.press("enter")
	h.see("✓ OK", `File: sToken_for_Evil\n`)
	h.menuChoose("Continue to the Relution steps", "Relution, step")
	upload := slices.IndexFunc(g.PortalSteps, func(st steps.Step) bool { return st.Upload })
	h.walkSome("Relution", g.PortalSteps, upload)
	h.see("Choose this file: "+`sToken_for_Evil\n > sToken_for_Main`, "In the folder:", `\u202e\n > x`)
	h.walkRange("Relution", g.PortalSteps, upload, len(g.PortalSteps))
	h.see(confirmQ)
	h.pressSee("y", done, `\x1b]8;;mailto:x@evil.example\x07loads`)
	h.leaveFiles("Record:")
	h.see(`rec\x1b[7mords\u202e`)
}

// TestHostileErrors: a record that cannot be written and a place that
// cannot be saved, both in folders with hostile names, are reported with
// the names escaped.
func TestHostileErrors(t *testing.T) {
	blocked := filepath.Join(fixedLengthDir(t), "file\x1b[5m\u202e")
	if err := os.WriteFile(blocked, []byte("not a folder"), 0o600); err != nil {
		t.Fatal(err)
	}
	store := resume.Store{Path: filepath.Join(blocked, "state.json")}
	h := start(t, ui.Options{Kind: token.KindVPP, Apple: "abm", Portal: "relution", RecordDir: filepath.Join(blocked, "records"), State: &store})
	g := guide(t, token.KindVPP, "abm", "relution")
	h.see(caveats)
	h.pressSee("enter", "step 1 of", "cannot be saved for resuming", `file\x1b[5m\u202e`)
	h.toPickerFrom(g)
	h.pick(vppName, "✓ OK")
	h.walkPortal(g)
	h.pressSee("y", done)
	h.leaveFiles("could not be saved", `file\x1b[5m\u202e`)
}

// toPickerFrom walks the Apple steps from the first of them to the picker.
func (d *driver) toPickerFrom(g steps.Guide) {
	d.t.Helper()
	d.walk(g.Apple.Name, g.AppleSteps)
	d.pickerView()
}

// TestHostileStateWarnings: what was wrong with a saved place shows on the
// first screen, escaped: a damaged state, not offered, on the first
// question; a place reduced to a safe one with the offer to resume; and a
// step out of the guide's range is shown as the guide's last step.
func TestHostileStateWarnings(t *testing.T) {
	dir := t.TempDir()
	damaged := resume.Store{Path: filepath.Join(dir, "damaged.json")}
	if err := os.WriteFile(damaged.Path, []byte(`{"version": 1, "screen": "picker", "x\u001b[31m": 1}`), 0o600); err != nil {
		t.Fatal(err)
	}
	o := damaged.Open(fixedNow)
	if o.OK || len(o.Warnings) == 0 {
		t.Fatalf("damaged state: %+v", o)
	}
	h := start(t, ui.Options{StateWarnings: append(o.Warnings, "raw \x1b[2J\u202e from elsewhere")})
	h.see(askTask, "is damaged", `raw \x1b[2J\u202e from elsewhere`)

	for _, size := range [][2]int{{80, 24}, {40, 12}} {
		st := resume.State{Place: renewal.Place{Kind: "vpp", Apple: "abm", Portal: "relution", Stage: renewal.StageAppleSteps, Step: 99},
			SavedAt: fixedNow.Add(-time.Hour)}
		notes := []string{"The file of your saved place, /tmp/gone\\n > x, is no longer there: it is forgotten."}
		h = start(t, ui.Options{Resume: &st, StateWarnings: notes}, size[0], size[1])
		h.see("Go on where you stopped?", "is no longer there")
		if size[0] == 80 {
			n := len(guide(t, token.KindVPP, "abm", "relution").AppleSteps)
			h.see(fmt.Sprintf("step %d of %d", n, n))
		}
	}
}
