//go:build linux || darwin

package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/sys/unix"

	"github.com/mdmtoken/mdmtoken/internal/downloadstest"
	"github.com/mdmtoken/mdmtoken/sample"
)

// Phrases the tests wait for. They are kept few and short so that wording
// changes elsewhere on the screens do not break the tests.
const (
	pickerTitle = "Choose the file you just downloaded"
	helpQuit    = "q quit"
	renewalDone = "Renewal done"
	okBadge     = "✓ OK"
)

// depArgs answer the wizard's first screens: a DEP renewal in Apple
// Business Manager, uploaded to Relution.
var depArgs = []string{"--kind", "dep", "--apple", "abm", "--portal", "relution"}

var (
	identityOnce sync.Once
	identity     *sample.Identity
	identityErr  error
)

// mdmIdentity is the synthetic MDM key pair the DEP tokens are encrypted
// for, made once: RSA key generation is slow.
func mdmIdentity(t *testing.T) *sample.Identity {
	t.Helper()
	identityOnce.Do(func() { identity, identityErr = sample.NewIdentity("depserver", 1) })
	if identityErr != nil {
		t.Fatalf("making the MDM identity: %v", identityErr)
	}
	return identity
}

// home is a home folder whose Downloads hold what a help-desk PC has after
// a DEP renewal: last year's server token, the one just downloaded, a
// content token (the newest file of all) and more (see downloadstest).
type home struct {
	dir       string
	downloads string
	fresh     string // base name of the server token downloaded just now
	old       string // base name of an earlier server token
}

func newHome(t *testing.T) home {
	t.Helper()
	dir := t.TempDir()
	// The binary judges against the real clock, so the files are dated
	// relative to now.
	f := downloadstest.Make(t, filepath.Join(dir, "Downloads"), time.Now(), mdmIdentity(t))
	return home{dir: dir, downloads: f.Dir, fresh: f.FreshDEP, old: f.OldDEP}
}

// toPicker starts a DEP renewal and goes through the caveats and the Apple
// steps to the file picker.
func toPicker(t *testing.T, s *session) (confirms int) {
	t.Helper()
	// The caveats screen comes first; enter starts the Apple steps.
	s.waitFor("the caveats screen", func(scr string) bool {
		return strings.Contains(scr, helpQuit) && !stepRe.MatchString(scr)
	}, waitTimeout)
	s.waitForText("Relution", waitTimeout)
	before := s.screen()
	s.send("\r")
	s.waitForChange(before, waitTimeout)
	s.waitForText("step 1 of", waitTimeout)
	s.mark("Apple steps")
	_, confirms = s.walkSteps(pickerTitle)
	s.mark("file picker")
	return confirms
}

// TestRenewDEP goes through a whole DEP renewal as a person would and
// checks the outcome line left on the normal screen.
func TestRenewDEP(t *testing.T) {
	started := time.Now()
	h := newHome(t)
	s := start(t, startOptions{args: depArgs, env: env(h.dir)})

	if confirms := toPicker(t, s); confirms != 1 {
		t.Errorf("the Apple steps asked for y %d times, want once (the Download Token warning)", confirms)
	}
	if !s.isAltScreen() {
		t.Errorf("the wizard does not use the alternate screen\n%s", s.dump())
	}

	// The picker starts on the newest .p7m, not the newer .vpptoken, and
	// shows what it is beside the list.
	scr := s.waitForText(okBadge, waitTimeout)
	// The list is narrow: the name is cut after the download date.
	want := h.fresh[:len(downloadstest.Server+"_Token_2006-01-02")]
	if line := cursorLine(scr); !strings.Contains(line, want) {
		t.Errorf("the picker's cursor is on %q, want the server token just downloaded (%s…)\n%s", line, want, s.dump())
	}
	s.send("\r")

	// The verdict names the file: the fresh one.
	scr = s.waitForText("Continue to the Relution steps", waitTimeout)
	if !strings.Contains(scr, okBadge) {
		t.Errorf("the verdict is not %q\n%s", okBadge, s.dump())
	}
	if !strings.Contains(scr, h.fresh) {
		t.Errorf("the verdict does not name the fresh token %q\n%s", h.fresh, s.dump())
	}
	before := s.screen()
	s.send("\r")
	s.waitForChange(before, waitTimeout)

	screens, confirms := s.walkSteps("Did Relution accept the file?")
	if confirms != 0 {
		t.Errorf("the Relution steps asked for y %d times, want none", confirms)
	}
	named := false
	for _, scr := range screens {
		named = named || strings.Contains(scr, h.fresh)
	}
	if !named {
		t.Errorf("no Relution step names the file to choose, %q; steps seen:\n%s", h.fresh, strings.Join(screens, "\n---\n"))
	}

	s.mark("confirmation")
	code := acceptAndLeave(s)
	s.mark("renewal done")
	if code != 0 {
		t.Fatalf("exit status %d, want 0\n%s", code, s.dump())
	}
	after := s.finish()

	if s.isAltScreen() {
		t.Errorf("the alternate screen is still on after exit\n%s", s.dump())
	}
	// The outcome is one line; at 80 columns the emulator wraps it.
	scr = s.screen()
	if outcome := outcomeRe.FindString(strings.ReplaceAll(scr, "\n", "")); outcome == "" {
		t.Errorf("no \"Renewed the … in Relution\" outcome on the normal screen after exit\n%s", s.dump())
	} else {
		t.Logf("outcome: %s", outcome)
	}
	if strings.Contains(scr, "already reset") {
		t.Errorf("a finished renewal still warns about a reset token\n%s", s.dump())
	}
	checkRestored(t, s, after)
	t.Logf("full renewal in %v", time.Since(started).Round(time.Millisecond))
}

var outcomeRe = regexp.MustCompile(`Renewed the [^\n]*? in Relution[^\n]*?\.`)

// cursorLine is the file picker's line with the cursor (">").
func cursorLine(scr string) string {
	for _, line := range strings.Split(scr, "\n") {
		if strings.HasPrefix(strings.TrimLeft(line, " │"), ">") {
			return line
		}
	}
	return ""
}

// TestResize changes the window size while the file picker shows, down to
// a size too small for anything useful and back; the program keeps
// running and redraws in full.
func TestResize(t *testing.T) {
	h := newHome(t)
	s := start(t, startOptions{args: depArgs, env: env(h.dir, "NO_COLOR=1")})
	toPicker(t, s)
	s.waitForText(okBadge, waitTimeout)

	for _, size := range []struct{ cols, rows int }{{120, 40}, {40, 12}, {20, 6}, {80, 24}} {
		before := s.resize(size.cols, size.rows)
		// The emulator only crops or extends what it shows; the program
		// redraws for the new size.
		deadline := time.Now().Add(3 * time.Second)
		for s.screen() == before && time.Now().Before(deadline) {
			time.Sleep(pollInterval)
		}
		scr := s.waitStable(300*time.Millisecond, waitTimeout)
		if s.exited() {
			t.Fatalf("the program ended after resizing to %dx%d\n%s", size.cols, size.rows, s.dump())
		}
		if hasPanic(scr) {
			t.Fatalf("panic on screen at %dx%d\n%s", size.cols, size.rows, s.dump())
		}
		if size.cols >= 40 && !strings.Contains(scr, "mdmtoken") {
			t.Errorf("no title at %dx%d\n%s", size.cols, size.rows, s.dump())
		}
		if size.cols > 80 {
			// The program uses the new width, not the one it started with.
			s.waitFor(fmt.Sprintf("a line wider than 80 columns at %dx%d", size.cols, size.rows), func(scr string) bool {
				return widest(scr) > 80
			}, waitTimeout)
		}
	}
	s.waitForText(helpQuit, waitTimeout)
	s.waitForText(pickerTitle, waitTimeout)

	// The old token is already reset, so q asks first; y quits.
	before := s.screen()
	s.send("q")
	s.waitFor("the quit question", func(scr string) bool {
		return scr != before && !strings.Contains(scr, helpQuit)
	}, waitTimeout)
	s.send("y")
	if code := s.waitExit(waitTimeout); code != 1 {
		t.Errorf("exit status %d after q, y with the old token reset; want 1\n%s", code, s.dump())
	}
	after := s.finish()
	if raw := s.rawOutput(); hasPanic(raw) {
		t.Errorf("panic in the output: %q", raw)
	}
	// Leaving before the upload warns that the old token is gone.
	if !warnsReset(s.screen()) {
		t.Errorf("no warning about the reset token after quitting before the upload\n%s", s.dump())
	}
	checkRestored(t, s, after)
}

// widest is the width of the screen's longest line, in runes.
func widest(scr string) int {
	w := 0
	for _, line := range strings.Split(scr, "\n") {
		w = max(w, utf8.RuneCountInString(line))
	}
	return w
}

// warnsReset reports whether the normal screen, after exit, warns that the
// old DEP token is already reset and names the portal to upload to.
func warnsReset(scr string) bool {
	flat := strings.ToLower(strings.ReplaceAll(scr, "\n", ""))
	return strings.Contains(flat, "reset") && strings.Contains(flat, "relution")
}

func hasPanic(s string) bool {
	return strings.Contains(s, "panic:") || strings.Contains(s, "goroutine ") || strings.Contains(s, "runtime error")
}

// TestInterrupt presses ctrl+c in the file picker: the program ends with
// status 130 and gives the terminal back as it found it.
func TestInterrupt(t *testing.T) {
	h := newHome(t)
	s := start(t, startOptions{args: depArgs, env: env(h.dir)})
	toPicker(t, s)
	s.waitForText(okBadge, waitTimeout)

	running, err := getTermios(s.tty)
	if err != nil {
		t.Fatalf("reading the terminal settings while the wizard runs: %v", err)
	}
	if running.Lflag&(unix.ECHO|unix.ICANON) != 0 {
		t.Errorf("the wizard runs with ECHO or ICANON on (lflag %#x): not in raw mode", running.Lflag)
	}
	if !s.cursorHidden() {
		t.Errorf("the cursor is visible while the wizard runs")
	}

	s.send("\x03")
	s.mark("ctrl+c")
	pressed := time.Now()
	if code := s.waitExit(waitTimeout); code != 130 {
		t.Fatalf("exit status %d after ctrl+c, want 130\n%s", code, s.dump())
	}
	s.mark("exited")
	if took := time.Since(pressed); took > time.Second {
		// Timing is logged, not asserted: a loaded machine can be slow.
		t.Logf("ctrl+c took %v to end the program", took.Round(time.Millisecond))
	}
	after := s.finish()
	checkRestored(t, s, after)

	// The new token was downloaded but not uploaded: the program says so
	// and how to continue.
	scr := s.screen()
	if !warnsReset(scr) {
		t.Errorf("no warning about the reset token after ctrl+c before the upload\n%s", s.dump())
	}
	if strings.Contains(scr, "Renewed the") {
		t.Errorf("an interrupted renewal reports success\n%s", s.dump())
	}
}

// checkRestored checks that the program gave the terminal back: the
// emulator is on the normal screen with a visible cursor and every mode
// the program set is reset, the keyboard enhancements it pushed are popped,
// and the pty's line discipline is back to the settings from before the
// start (cooked mode: echo, canonical input, signals).
func checkRestored(t *testing.T, s *session, after *unix.Termios) {
	t.Helper()
	if s.isAltScreen() {
		t.Errorf("still in the alternate screen after exit\n%s", s.dump())
	}
	if s.cursorHidden() {
		t.Errorf("the cursor is still hidden after exit")
	}
	if left := s.leftModes(); len(left) > 0 {
		t.Errorf("terminal modes not restored after exit: %s", strings.Join(left, ", "))
	}
	t.Logf("modes the program changed: %s", strings.Join(s.touchedModes(), ", "))
	raw := s.rawOutput()
	// Kitty keyboard flags pushed (CSI > flags u) must be popped (CSI < u),
	// and modifyOtherKeys (CSI > 4 ; n m) must be set back (CSI > 4 m or
	// CSI > 4 ; 0 m).
	if pushes, pops := countKittyPush(raw), strings.Count(raw, "\x1b[<u")+strings.Count(raw, "\x1b[<1u"); pushes > pops {
		t.Errorf("kitty keyboard flags pushed %d times, popped %d times", pushes, pops)
	}
	for _, on := range []string{"\x1b[>4;1m", "\x1b[>4;2m"} {
		if i := strings.LastIndex(raw, on); i >= 0 {
			rest := raw[i:]
			if !strings.Contains(rest, "\x1b[>4m") && !strings.Contains(rest, "\x1b[>4;0m") {
				t.Errorf("modifyOtherKeys enabled (%q) and never reset", on)
			}
		}
	}

	// Unread terminal replies echoed as "^[]11;rgb:…" or "^[[?62c" would
	// land at the user's shell prompt.
	if scr := s.screen(); strings.Contains(scr, "^[") {
		t.Errorf("terminal replies left unread, echoed after exit\n%s", s.dump())
	}

	before := s.initial
	if after.Lflag&unix.ECHO == 0 || after.Lflag&unix.ICANON == 0 {
		t.Errorf("the terminal is left without ECHO or ICANON (lflag %#x, was %#x)", after.Lflag, before.Lflag)
	}
	if after.Iflag != before.Iflag || after.Oflag != before.Oflag || after.Cflag != before.Cflag || after.Lflag != before.Lflag {
		t.Errorf("terminal settings not restored:\n before iflag %#x oflag %#x cflag %#x lflag %#x\n after  iflag %#x oflag %#x cflag %#x lflag %#x",
			before.Iflag, before.Oflag, before.Cflag, before.Lflag, after.Iflag, after.Oflag, after.Cflag, after.Lflag)
	}
	if after.Cc[unix.VMIN] != before.Cc[unix.VMIN] || after.Cc[unix.VTIME] != before.Cc[unix.VTIME] {
		t.Errorf("VMIN/VTIME not restored: %d/%d, were %d/%d",
			after.Cc[unix.VMIN], after.Cc[unix.VTIME], before.Cc[unix.VMIN], before.Cc[unix.VTIME])
	}
}

// countKittyPush counts "CSI > flags u" sequences.
func countKittyPush(raw string) int {
	n := 0
	for rest := raw; ; {
		i := strings.Index(rest, "\x1b[>")
		if i < 0 {
			return n
		}
		rest = rest[i+3:]
		j := 0
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		if j > 0 && j < len(rest) && rest[j] == 'u' {
			n++
		}
	}
}

// TestNoTerminal runs the wizard with pipes instead of a terminal, as in a
// script or CI job: it refuses and points to the check command.
func TestNoTerminal(t *testing.T) {
	bin := binary(t)
	h := newHome(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*waitTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, depArgs...)
	cmd.Env = env(h.dir, "CI=true")
	cmd.Stdin = strings.NewReader("") // a pipe
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("run without a terminal: %v, want a non-zero exit\nstdout: %s\nstderr: %s", err, stdout.String(), stderr.String())
	}
	if ee.ExitCode() <= 0 {
		t.Fatalf("exit: %v, want a non-zero exit status", err)
	}
	t.Logf("exit status %d", ee.ExitCode())
	out := strings.Join(strings.Fields(stdout.String()+" "+stderr.String()), " ")
	if !strings.Contains(out, "mdmtoken check") {
		t.Errorf("the refusal does not point to mdmtoken check\nstdout: %s\nstderr: %s", stdout.String(), stderr.String())
	}
	if strings.Contains(stdout.String()+stderr.String(), "\x1b[?1049h") {
		t.Errorf("the alternate screen was switched on without a terminal")
	}
}

// acceptAndLeave answers the confirmation with yes, leaves the token files
// in Downloads and the done screen, and returns the exit status.
func acceptAndLeave(s *session) int {
	s.t.Helper()
	s.send("y")
	s.waitForText(renewalDone, waitTimeout)
	s.waitForText("Leave them where they are", waitTimeout)
	s.send("3") // leave the token files in Downloads
	s.waitForText("Press enter or q to leave", waitTimeout)
	s.send("\r")
	return s.waitExit(waitTimeout)
}

// TestRenewDEPOtherServerStillToDo: a DEP renewal done while another
// server's new token waits in Downloads ends with exit status 1 and says
// what is still to do on the normal screen.
func TestRenewDEPOtherServerStillToDo(t *testing.T) {
	h := newHome(t)
	downloadstest.At(h.downloads, time.Now()).AddOtherServer(t, time.Now(), downloadstest.OtherIdentity(t, filepath.Join("..", "..")))
	s := start(t, startOptions{args: depArgs, env: env(h.dir)})
	toPicker(t, s)
	s.waitForText(okBadge, waitTimeout)
	s.send("\r")
	s.waitForText("Continue to the Relution steps", waitTimeout)
	before := s.screen()
	s.send("\r")
	s.waitForChange(before, waitTimeout)
	s.walkSteps("Did Relution accept the file?")
	if code := acceptAndLeave(s); code != 1 {
		t.Fatalf("exit status %d, want 1: another server's token is still to upload\n%s", code, s.dump())
	}
	s.finish()
	if scr := strings.ReplaceAll(s.screen(), "\n", " "); !strings.Contains(scr, "Still to do: Upload") {
		t.Errorf("what is still to do is not left on the screen\n%s", s.dump())
	}
}
