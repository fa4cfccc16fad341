//go:build linux || darwin

package e2e

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestPasteAsKeystrokes pastes a DEP token's text the way a terminal
// without bracketed paste delivers it: as keystrokes, each line break an
// enter. The text stays on the paste screen (its q, y and line breaks are
// not commands), the wizard keeps running, and only ctrl+d checks it.
func TestPasteAsKeystrokes(t *testing.T) {
	h := newHome(t)
	s := start(t, startOptions{args: depArgs, env: env(h.dir)})
	toPicker(t, s)
	s.waitForText(okBadge, waitTimeout)
	s.send("p")
	s.waitForText("Paste the token file's text", waitTimeout)

	text, err := os.ReadFile(filepath.Join(h.downloads, h.fresh))
	if err != nil {
		t.Fatal(err)
	}
	typed := strings.ReplaceAll(strings.ReplaceAll(string(text), "\r\n", "\n"), "\n", "\r")
	if !strings.ContainsAny(typed, "qy") {
		t.Fatal("the token's text holds no q or y to test with")
	}
	s.mark("pasting as keystrokes")
	s.send(typed)
	lines := strings.Count(strings.TrimRight(typed, "\r"), "\r") + 1
	scr := s.waitFor("the whole text received", func(scr string) bool {
		return strings.Contains(strings.Join(strings.Fields(scr), " "), "bytes in "+strconv.Itoa(lines)+" lines")
	}, waitTimeout)
	if s.exited() || !strings.Contains(scr, "Paste the token file's text") {
		t.Fatalf("the pasted keystrokes left the paste screen or ended the wizard\n%s", s.dump())
	}
	s.send("\x04") // ctrl+d
	s.waitForText("File: pasted text", waitTimeout)
	s.waitForText(okBadge, waitTimeout)
	s.send("\x03")
	if code := s.waitExit(waitTimeout); code != 130 {
		t.Fatalf("exit status %d after ctrl+c, want 130\n%s", code, s.dump())
	}
	s.finish()
}
