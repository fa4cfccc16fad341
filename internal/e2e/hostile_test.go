//go:build linux || darwin

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/mdmtoken/mdmtoken/internal/downloadstest"
)

// hostile are pieces of file and folder names that would act on a
// terminal written raw: a hyperlink, a clipboard write, a colour, a
// right-to-left override, an isolate, a line break drawing a row of its
// own, and an 8-bit CSI that is no UTF-8.
var hostile = []string{
	"\x1b]8;;https:x.test\x07", "\x1b]52;c;aGk=\x07", "\x1b[31mEVIL", "\u202e", "\u2066",
	"\n > sToken_for_Main Campus.vpptoken", "\x9b",
}

// rawHostile names the first hostile piece found in what the program
// wrote, or "".
func rawHostile(raw string) string {
	for _, h := range hostile {
		if strings.Contains(raw, h) {
			return h
		}
	}
	if !utf8.ValidString(raw) {
		return "bytes that are not UTF-8"
	}
	return ""
}

// TestHostileNamesInTheWizard runs a DEP renewal from a Downloads folder
// whose own name and whose files' and folders' names hold escape
// sequences, bidirectional controls, a line break and a byte that is not
// UTF-8: the file list, its Folder line, the verdict and the upload step's
// In the folder line show them escaped, and not one reaches the terminal
// raw.
func TestHostileNamesInTheWizard(t *testing.T) {
	home := t.TempDir()
	downloads := filepath.Join(home, "Down"+strings.Join(hostile, "")+"loads")
	f := downloadstest.Make(t, downloads, time.Now(), mdmIdentity(t))
	for i, h := range hostile {
		name := "notes" + h + ".txt"
		if i%2 == 1 {
			name = "sToken_for_" + h + ".vpptoken"
		}
		if err := os.WriteFile(filepath.Join(downloads, name), []byte("not a token\n"), 0o600); err != nil {
			t.Skipf("this file system refuses the name %q: %v", name, err)
		}
	}
	if err := os.Mkdir(filepath.Join(downloads, "sub"+hostile[1]+hostile[3]), 0o700); err != nil {
		t.Fatal(err)
	}

	s := start(t, startOptions{args: append([]string{"--dir", downloads}, depArgs...), env: env(home)})
	toPicker(t, s)
	scr := s.waitForText(okBadge, waitTimeout)
	if !strings.Contains(scr, `\x1b]8;;http`) && !strings.Contains(scr, `\x1b]52`) {
		t.Errorf("no escaped name in the file list\n%s", scr)
	}
	for _, l := range strings.Split(scr, "\n") {
		if strings.HasPrefix(strings.TrimLeft(l, " │>!✓✗"), "sToken_for_Main Campus") {
			t.Errorf("a name draws a row of its own: %q", l)
		}
	}
	s.send("\r") // the fresh token, where the cursor starts
	s.waitForText("Continue to the Relution steps", waitTimeout)
	s.waitForText(f.FreshDEP, waitTimeout)
	s.send("\r")
	upload := false
	for range 20 {
		scr := s.waitFor("a Relution step", func(scr string) bool {
			return stepRe.MatchString(scr) || strings.Contains(scr, "Did Relution accept")
		}, waitTimeout)
		if strings.Contains(scr, "In the folder:") {
			upload = true
			break
		}
		if strings.Contains(scr, "Did Relution accept") {
			break
		}
		step := stepRe.FindString(scr)
		s.send("\r")
		s.waitFor("the next step", func(next string) bool { return stepRe.FindString(next) != step }, waitTimeout)
	}
	if !upload {
		t.Errorf("no upload step with In the folder seen\n%s", s.dump())
	}
	s.send("\x03")
	if code := s.waitExit(waitTimeout); code != 130 {
		t.Fatalf("exit status %d after ctrl+c, want 130\n%s", code, s.dump())
	}
	s.finish()
	if h := rawHostile(s.rawOutput()); h != "" {
		t.Errorf("%q reached the terminal raw", h)
	}
}
