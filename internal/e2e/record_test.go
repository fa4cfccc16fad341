//go:build linux || darwin

package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// badRecordDir is a record folder that cannot be made: its parent is a
// file.
func badRecordDir(t *testing.T) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(file, "records")
}

// savedScreen is the stage of the saved place in state, "" when none.
func savedScreen(t *testing.T, state string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(state, "mdmtoken", "state.json"))
	if os.IsNotExist(err) {
		return ""
	}
	var saved struct{ Kind, Screen string }
	if err == nil {
		err = json.Unmarshal(raw, &saved)
	}
	if err != nil {
		t.Fatalf("saved place: %v\n%s", err, raw)
	}
	return saved.Screen
}

// TestRecordFailureKeepsThePlace renews a DEP token with a record folder
// that cannot be made: the done screen says the record could not be
// saved and names the folder it should have gone to, the place stays
// saved, and the next start offers to go on, to write it. A renewal whose
// record is written leaves no place behind.
func TestRecordFailureKeepsThePlace(t *testing.T) {
	for _, fail := range []bool{true, false} {
		name := "written"
		if fail {
			name = "cannot be written"
		}
		t.Run(name, func(t *testing.T) {
			h := newHome(t)
			state := filepath.Join(h.dir, "state")
			records := filepath.Join(t.TempDir(), "records")
			if fail {
				records = badRecordDir(t)
			}
			environ := env(h.dir, "XDG_STATE_HOME="+state)
			s := start(t, startOptions{args: append([]string{"--record-dir", records}, depArgs...), env: environ})
			toPicker(t, s)
			s.waitForText(okBadge, waitTimeout)
			s.send("\r")
			s.waitForText("Continue to the Relution steps", waitTimeout)
			s.send("\r")
			s.walkSteps("Did Relution accept the file?")
			s.send("y")
			s.waitForText(renewalDone, waitTimeout)
			s.waitForText("Leave them where they are", waitTimeout)
			s.send("3")
			scr := s.waitForText("Press enter or q to leave", waitTimeout)
			flat := strings.ReplaceAll(scr, "\n", "")
			flat = strings.Join(strings.Fields(flat), "")
			said := strings.Join(strings.Fields("The renewal record could not be saved: cannot create the record folder "+records), "")
			if fail != strings.Contains(flat, said) {
				t.Errorf("the done screen does not say the record could not be saved in %s\n%s", records, scr)
			}
			s.send("\r")
			if code := s.waitExit(waitTimeout); code != 0 {
				t.Fatalf("exit status %d, want 0\n%s", code, s.dump())
			}
			s.finish()
			got := savedScreen(t, state)
			switch {
			case fail && got != "confirm":
				t.Fatalf("saved place after a record that failed: %q, want the confirmation", got)
			case !fail && got != "":
				t.Fatalf("a place is left after the record was written: %q", got)
			}
			if !fail {
				return
			}
			again := start(t, startOptions{env: environ})
			again.waitForText("Go on where you stopped?", waitTimeout)
			again.send("\x03")
			if code := again.waitExit(waitTimeout); code != 130 {
				t.Fatalf("exit status %d after ctrl+c, want 130", code)
			}
			again.finish()
		})
	}
}

// TestPlainRecordFailureKeepsThePlace: the same in plain mode.
func TestPlainRecordFailureKeepsThePlace(t *testing.T) {
	h := newHome(t)
	state := filepath.Join(h.dir, "state")
	records := badRecordDir(t)
	cert, key, _ := keyPair(t, t.TempDir())
	args := append(append([]string{}, depArgs...), "--cert", cert, "--key", key, "--record-dir", records)
	s := start(t, startOptions{args: args, env: env(h.dir, "TERM=dumb", "XDG_STATE_HOME="+state)})
	p := &plainTerm{s: s}
	p.toPicker()
	s.send("\r")
	p.answer("")
	out := p.walkSteps()
	if !strings.Contains(out, "Did Relution accept the file?") {
		t.Fatalf("no confirmation after Relution's steps:\n%s", out)
	}
	s.send("y\r")
	if code := s.waitExit(waitTimeout); code != 0 {
		t.Fatalf("exit status %d, want 0\n%s", code, s.dump())
	}
	s.finish()
	if raw := flatText(s.rawOutput()); !strings.Contains(raw, "The renewal record could not be saved: cannot create the record folder "+records) ||
		!strings.Contains(raw, "Your place is kept: run mdmtoken again to go on and write it.") {
		t.Errorf("plain mode does not say where the record should have gone:\n%s", raw[max(0, len(raw)-1500):])
	}
	if got := savedScreen(t, state); got != "confirm" {
		t.Errorf("saved place after a record that failed: %q, want the confirmation", got)
	}
}
