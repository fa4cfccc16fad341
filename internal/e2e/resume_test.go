//go:build linux || darwin

package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestHangUpResumes hangs up (SIGHUP, as a dropped SSH connection does)
// right after the DEP download was confirmed. The program saves its place
// and exits; started again, it offers to resume at the file picker and says
// the old token is already invalid.
func TestHangUpResumes(t *testing.T) {
	h := newHome(t)
	state := filepath.Join(h.dir, "state")
	environ := env(h.dir, "XDG_STATE_HOME="+state)

	s := start(t, startOptions{args: depArgs, env: environ})
	if confirms := toPicker(t, s); confirms != 1 {
		t.Fatalf("%d warning steps confirmed on the way to the picker, want 1", confirms)
	}
	s.waitForText(okBadge, waitTimeout)
	if err := s.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatalf("hanging up: %v", err)
	}
	s.mark("SIGHUP")
	if code := s.waitExit(waitTimeout); code != 129 {
		t.Fatalf("exit status %d after SIGHUP, want 129 (128 + SIGHUP)\n%s", code, s.dump())
	}
	checkRestored(t, s, s.finish())

	path := filepath.Join(state, "mdmtoken", "state.json")
	info, err := os.Stat(path)
	if err != nil {
		t.Fatalf("no saved place after the hang-up: %v", err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("saved place has mode %v, want 0600", info.Mode().Perm())
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var saved struct {
		Kind, Apple, Portal, Screen string
		Confirmed                   time.Time `json:"download_confirmed_at"`
	}
	if err := json.Unmarshal(raw, &saved); err != nil {
		t.Fatalf("saved place is not JSON: %v\n%s", err, raw)
	}
	if saved.Kind != "dep" || saved.Apple != "abm" || saved.Portal != "relution" || saved.Screen != "picker" || saved.Confirmed.IsZero() {
		t.Errorf("saved place = %+v, want dep/abm/relution at the picker with the download confirmed", saved)
	}

	again := start(t, startOptions{env: environ})
	offer := again.waitForText("Go on where you stopped?", waitTimeout)
	offer = strings.Join(strings.Fields(offer), " ") // words wrap across lines
	for _, want := range []string{"Relution", "already invalid", "Resume where I stopped"} {
		if !strings.Contains(offer, want) {
			t.Errorf("resume offer lacks %q\n%s", want, again.dump())
		}
	}
	again.send("\r")
	picker := again.waitForText(pickerTitle, waitTimeout)
	if !warnsReset(picker) {
		t.Errorf("resumed picker does not warn that the old token is reset\n%s", again.dump())
	}
	again.send("\x03")
	if code := again.waitExit(waitTimeout); code != 130 {
		t.Fatalf("exit status %d after ctrl+c, want 130", code)
	}
	again.finish()
}

// TestResumeNeverSkipsTheVerdict starts the wizard on saved places that
// stand past the verdict, as a tampered or an old state.json can: one
// without the file's SHA-256 goes back to the file picker; one whose file
// is last year's token shows its verdict again instead of asking whether
// Relution accepted it.
func TestResumeNeverSkipsTheVerdict(t *testing.T) {
	h := newHome(t)
	now := time.Now().UTC()
	for _, c := range []struct {
		name, file, want string
		sha              bool
	}{
		{"no sha256", h.fresh, pickerTitle, false},
		{"last year's token", h.old, "File: " + h.old, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			state := filepath.Join(t.TempDir(), "state")
			path := filepath.Join(h.downloads, c.file)
			place := map[string]any{"version": 1, "kind": "dep", "apple": "abm", "portal": "relution", "screen": "confirm",
				"file": path, "download_confirmed_at": now.Add(-10 * time.Minute), "saved_at": now.Add(-5 * time.Minute)}
			if c.sha {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				sum := sha256.Sum256(data)
				place["sha256"] = hex.EncodeToString(sum[:])
			}
			raw, err := json.Marshal(place)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Join(state, "mdmtoken"), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(state, "mdmtoken", "state.json"), raw, 0o600); err != nil {
				t.Fatal(err)
			}
			s := start(t, startOptions{env: env(h.dir, "XDG_STATE_HOME="+state)})
			s.waitForText("Go on where you stopped?", waitTimeout)
			s.send("\r")
			scr := s.waitFor(fmt.Sprintf("%q or the confirmation", c.want), func(scr string) bool {
				return strings.Contains(strings.ReplaceAll(scr, "\n", " "), c.want) || strings.Contains(scr, "Did Relution accept")
			}, waitTimeout)
			if strings.Contains(scr, "Did Relution accept") {
				t.Errorf("resumed at the confirmation past the verdict\n%s", s.dump())
			}
			s.send("\x03")
			if code := s.waitExit(waitTimeout); code != 130 {
				t.Fatalf("exit status %d after ctrl+c, want 130", code)
			}
			s.finish()
		})
	}
}

// TestStateThatCannotBeRead: a state.json that is a pipe (or a link to a
// device) never makes the wizard wait: it starts on its first screen,
// which says why the saved place is not offered, and ends at TERM with
// 143.
func TestStateThatCannotBeRead(t *testing.T) {
	for name, build := range map[string]func(path string) error{
		"named pipe": func(p string) error { return syscall.Mkfifo(p, 0o600) },
		"device":     func(p string) error { return os.Symlink("/dev/zero", p) },
	} {
		t.Run(name, func(t *testing.T) {
			h := newHome(t)
			state := filepath.Join(h.dir, "state")
			if err := os.MkdirAll(filepath.Join(state, "mdmtoken"), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := build(filepath.Join(state, "mdmtoken", "state.json")); err != nil {
				t.Skip("cannot make it here:", err)
			}
			s := start(t, startOptions{env: env(h.dir, "XDG_STATE_HOME="+state)})
			scr := s.waitForText("What do you want to do?", waitTimeout)
			if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			if code := s.waitExit(waitTimeout); code != 143 {
				t.Fatalf("exit status %d after TERM, want 143\n%s", code, s.dump())
			}
			checkRestored(t, s, s.finish())
			// Words wrap anywhere on the emulator's screen.
			said := strings.Join(strings.Fields("could not be read (is a "+name), "")
			if !strings.Contains(strings.Join(strings.Fields(scr), ""), said) {
				t.Errorf("the first screen does not say why the saved place was not offered:\n%s", scr)
			}
		})
	}
}
