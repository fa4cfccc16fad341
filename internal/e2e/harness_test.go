//go:build linux || darwin

// Package e2e drives the real mdmtoken binary in a pseudo-terminal: it
// builds the binary once, starts it on the slave side of a pty, feeds
// everything it writes into a virtual terminal emulator and types keys into
// the master side, like a person at a terminal would.
package e2e

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

const (
	// waitTimeout bounds every wait for the screen or the process. It is
	// generous on purpose: a loaded 2-core CI machine can be slow to start
	// the binary and to inspect files.
	waitTimeout = 10 * time.Second
	// pollInterval is how often the screen is read while waiting.
	pollInterval = 20 * time.Millisecond
)

var (
	buildOnce sync.Once
	buildDir  string // removed by TestMain
	binPath   string
	buildSkip string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		_ = os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// binary builds the mdmtoken command once per test run and returns its
// path. It skips the test when no go command is available.
func binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		// go test puts its own GOROOT/bin first in PATH.
		goTool, err := exec.LookPath("go")
		if err != nil {
			buildSkip = fmt.Sprintf("end-to-end tests need the go command to build mdmtoken: %v", err)
			return
		}
		buildDir, err = os.MkdirTemp("", "mdmtoken-e2e-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(buildDir, "mdmtoken")
		start := time.Now()
		cmd := exec.Command(goTool, "build", "-o", binPath, "github.com/mdmtoken/mdmtoken")
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		fmt.Fprintf(os.Stderr, "e2e: built %s in %v\n", binPath, time.Since(start).Round(time.Millisecond))
	})
	if buildSkip != "" {
		t.Skip(buildSkip)
	}
	if buildErr != nil {
		t.Fatalf("building mdmtoken: %v", buildErr)
	}
	return binPath
}

// env is a controlled environment for the binary: only what it needs, so
// the developer's or CI's settings (NO_COLOR, CI, LANG, …) do not leak in.
func env(home string, extra ...string) []string {
	e := []string{
		"HOME=" + home,
		"TERM=xterm-256color",
		"PATH=" + os.Getenv("PATH"),
		"TMPDIR=" + os.TempDir(),
		"LANG=C.UTF-8",
	}
	return append(e, extra...)
}

// defaultModes are the terminal modes the emulator starts with set; every
// other mode starts reset.
var defaultModes = map[ansi.Mode]bool{
	ansi.ModeAutoWrap:         true,
	ansi.ModeTextCursorEnable: true,
}

// session is one run of the binary in a pseudo-terminal.
type session struct {
	t    *testing.T
	cmd  *exec.Cmd
	ptmx *os.File // master: we read the program's output and type here
	tty  *os.File // slave: the program's controlling terminal, kept open to read its termios

	mu    sync.Mutex // guards emu, raw and modes
	emu   *vt.Emulator
	raw   bytes.Buffer       // everything the program wrote, escape sequences included
	modes map[ansi.Mode]bool // current setting of every mode the program touched

	pumpDone chan struct{} // the master side returned an error (EIO after the slave closed)
	waitDone chan struct{} // the process ended
	waitErr  error

	initial *unix.Termios // the slave's termios before the program started
	started time.Time
	closed  bool
}

// mark logs how long the session has run when it reached a point.
func (s *session) mark(what string) {
	s.t.Helper()
	s.t.Logf("%6.2fs %s", time.Since(s.started).Seconds(), what)
}

// startOptions describe a run.
type startOptions struct {
	args       []string
	env        []string
	cols, rows int
}

// start runs the binary in a fresh pseudo-terminal. It skips the test when
// no pseudo-terminal can be opened here, and ends the process at cleanup
// whatever happened.
func start(t *testing.T, o startOptions) *session {
	t.Helper()
	bin := binary(t)
	if o.cols == 0 {
		o.cols, o.rows = 80, 24
	}
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("cannot open a pseudo-terminal here (%v); end-to-end tests need one", err)
	}
	if err := pty.Setsize(ptmx, &pty.Winsize{Cols: uint16(o.cols), Rows: uint16(o.rows)}); err != nil {
		ptmx.Close()
		tty.Close()
		t.Skipf("cannot size the pseudo-terminal (%v)", err)
	}
	initial, err := getTermios(tty)
	if err != nil {
		ptmx.Close()
		tty.Close()
		t.Skipf("cannot read the pseudo-terminal's settings (%v)", err)
	}

	s := &session{
		t:        t,
		ptmx:     ptmx,
		tty:      tty,
		emu:      vt.NewEmulator(o.cols, o.rows),
		modes:    map[ansi.Mode]bool{},
		pumpDone: make(chan struct{}),
		waitDone: make(chan struct{}),
		initial:  initial,
	}
	// Called from emu.Write, with s.mu held by the pump.
	s.emu.SetCallbacks(vt.Callbacks{
		EnableMode:  func(m ansi.Mode) { s.modes[m] = true },
		DisableMode: func(m ansi.Mode) { s.modes[m] = false },
	})

	cmd := exec.Command(bin, o.args...)
	cmd.Env = o.env
	cmd.Dir = os.TempDir()
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	// A new session with the pty slave as controlling terminal, as a login
	// shell would have: ctrl+c and window size changes reach the program.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		ptmx.Close()
		tty.Close()
		t.Fatalf("starting %s: %v", bin, err)
	}
	s.cmd = cmd
	s.started = time.Now()
	go func() {
		s.waitErr = cmd.Wait()
		close(s.waitDone)
	}()
	go s.pump()
	go s.answer()
	t.Cleanup(s.close)
	return s
}

// pump copies the program's output into the emulator until the master side
// fails, which happens once every slave descriptor is closed.
func (s *session) pump() {
	defer close(s.pumpDone)
	buf := make([]byte, 32*1024)
	for {
		n, err := s.ptmx.Read(buf)
		if n > 0 {
			s.mu.Lock()
			s.raw.Write(buf[:n])
			_, _ = s.emu.Write(buf[:n])
			s.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// answer sends the emulator's replies to the program's queries (background
// color, cursor position, mode reports) back through the pty, as a real
// terminal would. The emulator writes its replies synchronously, so they
// are read without delay and handed to a writer that may block.
func (s *session) answer() {
	replies := make(chan []byte, 256)
	go func() {
		for r := range replies {
			_, _ = s.ptmx.Write(r)
		}
	}()
	defer close(replies)
	buf := make([]byte, 4096)
	for {
		n, err := s.emu.Read(buf)
		if n > 0 {
			select {
			case replies <- bytes.Clone(buf[:n]):
			default: // the program stopped reading; drop the reply
			}
		}
		if err != nil {
			return
		}
	}
}

// close ends the process if it still runs and releases the pty.
func (s *session) close() {
	if s.closed {
		return
	}
	s.closed = true
	select {
	case <-s.waitDone:
	default:
		_ = s.cmd.Process.Kill()
		select {
		case <-s.waitDone:
		case <-time.After(waitTimeout):
			s.t.Errorf("the process did not end after being killed")
		}
	}
	_ = s.tty.Close()
	select {
	case <-s.pumpDone:
	case <-time.After(waitTimeout):
		s.t.Errorf("reading the pseudo-terminal did not stop after the program ended")
	}
	_ = s.ptmx.Close()
	if c, ok := s.emu.InputPipe().(io.Closer); ok {
		_ = c.Close() // ends answer
	}
}

// send types keys, e.g. "\r" for enter or "\x03" for ctrl+c.
func (s *session) send(keys string) {
	s.t.Helper()
	if _, err := s.ptmx.Write([]byte(keys)); err != nil {
		s.t.Fatalf("typing %q: %v\n%s", keys, err, s.dump())
	}
}

// screen is the text of the emulator's current screen (the alternate one
// while the wizard runs), trailing spaces trimmed.
func (s *session) screen() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.screenLocked()
}

func (s *session) screenLocked() string {
	rows := strings.Split(s.emu.String(), "\n")
	for i, r := range rows {
		rows[i] = strings.TrimRight(r, " ")
	}
	return strings.Join(rows, "\n")
}

// dump describes the session for a failure message: the screen, the
// process state and the end of the raw output.
func (s *session) dump() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "--- screen (%dx%d, alternate screen %v) ---\n", s.emu.Width(), s.emu.Height(), s.emu.IsAltScreen())
	b.WriteString(s.screenLocked())
	b.WriteString("\n--- end of screen ---\n")
	select {
	case <-s.waitDone:
		fmt.Fprintf(&b, "process ended: %v\n", s.waitErr)
	default:
		b.WriteString("process still running\n")
	}
	raw := s.raw.Bytes()
	if len(raw) > 1500 {
		raw = raw[len(raw)-1500:]
	}
	fmt.Fprintf(&b, "last raw output: %q\n", raw)
	return b.String()
}

// exited reports whether the process has ended.
func (s *session) exited() bool {
	select {
	case <-s.waitDone:
		return true
	default:
		return false
	}
}

// waitFor polls the screen until ok accepts it and returns that screen. It
// fails the test with the screen after timeout, or shortly after the
// process ends without the screen ever matching.
func (s *session) waitFor(what string, ok func(screen string) bool, timeout time.Duration) string {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	var endedAt time.Time
	for {
		scr := s.screen()
		if ok(scr) {
			return scr
		}
		now := time.Now()
		if s.exited() {
			if endedAt.IsZero() {
				endedAt = now
			} else if now.Sub(endedAt) > 500*time.Millisecond {
				s.t.Fatalf("the program ended while waiting for %s\n%s", what, s.dump())
			}
		}
		if now.After(deadline) {
			s.t.Fatalf("timed out after %v waiting for %s\n%s", timeout, what, s.dump())
		}
		time.Sleep(pollInterval)
	}
}

// waitForText waits until the screen shows text.
func (s *session) waitForText(text string, timeout time.Duration) string {
	s.t.Helper()
	return s.waitFor(fmt.Sprintf("%q", text), func(scr string) bool { return strings.Contains(scr, text) }, timeout)
}

// waitForChange waits until the screen differs from before.
func (s *session) waitForChange(before string, timeout time.Duration) string {
	s.t.Helper()
	return s.waitFor("the screen to change", func(scr string) bool { return scr != before }, timeout)
}

// waitStable waits until the screen has stayed the same for quiet and
// returns it: the program has finished redrawing.
func (s *session) waitStable(quiet, timeout time.Duration) string {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	last, since := s.screen(), time.Now()
	for {
		time.Sleep(pollInterval)
		scr := s.screen()
		if scr != last {
			last, since = scr, time.Now()
		} else if time.Since(since) >= quiet {
			return scr
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the screen kept changing for %v\n%s", timeout, s.dump())
		}
	}
}

// resize changes the terminal size: the emulator first, then the pty,
// which sends SIGWINCH to the program. It returns the screen as the
// emulator shows it before the program redraws.
func (s *session) resize(cols, rows int) (before string) {
	s.t.Helper()
	s.mu.Lock()
	s.emu.Resize(cols, rows)
	before = s.screenLocked()
	s.mu.Unlock()
	if err := pty.Setsize(s.ptmx, &pty.Winsize{Cols: uint16(cols), Rows: uint16(rows)}); err != nil {
		s.t.Fatalf("resizing the pty to %dx%d: %v", cols, rows, err)
	}
	return before
}

// waitExit waits for the process to end and returns its exit status.
func (s *session) waitExit(timeout time.Duration) int {
	s.t.Helper()
	select {
	case <-s.waitDone:
	case <-time.After(timeout):
		s.t.Fatalf("the program did not exit within %v\n%s", timeout, s.dump())
	}
	if s.waitErr == nil {
		return 0
	}
	var ee *exec.ExitError
	if errors.As(s.waitErr, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			s.t.Fatalf("the program was killed by %v\n%s", ws.Signal(), s.dump())
		}
		return ee.ExitCode()
	}
	s.t.Fatalf("waiting for the program: %v", s.waitErr)
	return -1
}

// finish is called after the process ended: it reads the terminal settings
// the program left behind, closes our side of the slave and waits until
// all output has reached the emulator. It returns the settings.
func (s *session) finish() *unix.Termios {
	s.t.Helper()
	if !s.exited() {
		s.t.Fatalf("finish called while the program runs")
	}
	after, err := getTermios(s.tty)
	if err != nil {
		s.t.Fatalf("reading the terminal settings after exit: %v", err)
	}
	// A terminal reply to a query the program sent but did not read would
	// now reach the shell, and the line discipline, back in cooked mode,
	// echoes it. Give such replies a moment to arrive and show.
	time.Sleep(150 * time.Millisecond)
	// With the last slave descriptor closed, the master reads what is left
	// and then fails: every byte the program wrote is in the emulator.
	_ = s.tty.Close()
	select {
	case <-s.pumpDone:
	case <-time.After(waitTimeout):
		s.t.Fatalf("the program's output did not end after it exited\n%s", s.dump())
	}
	return after
}

// leftModes lists the terminal modes the program changed and did not put
// back to their defaults.
func (s *session) leftModes() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for m, on := range s.modes {
		if on != defaultModes[m] {
			out = append(out, fmt.Sprintf("%s left %s", modeName(m), onOff(on)))
		}
	}
	return out
}

// touchedModes lists the modes the program changed during the run.
func (s *session) touchedModes() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for m := range s.modes {
		out = append(out, modeName(m))
	}
	return out
}

func modeName(m ansi.Mode) string {
	switch m := m.(type) {
	case ansi.DECMode:
		return fmt.Sprintf("DEC mode ?%d", int(m))
	case ansi.ANSIMode:
		return fmt.Sprintf("ANSI mode %d", int(m))
	}
	return fmt.Sprint(m)
}

func onOff(on bool) string {
	if on {
		return "set"
	}
	return "reset"
}

// rawOutput is everything the program wrote, escape sequences included.
func (s *session) rawOutput() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.raw.String()
}

// isAltScreen and cursorHidden read the emulator's state.
func (s *session) isAltScreen() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.emu.IsAltScreen()
}

func (s *session) cursorHidden() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.emu.CursorHidden()
}

var stepRe = regexp.MustCompile(`steps? (\d+)(?: to \d+)? of (\d+)`)

// confirmRe finds a step that wants an explicit "y": its prompt or its
// help line.
var confirmRe = regexp.MustCompile(`(?i)\bpress y\b|\by confirm\b`)

// walkSteps presses through a walk screen ("…, step N of M") until done
// appears on the screen. A step that asks for "y" gets enter first, which
// must not advance it, and then y. It returns every distinct screen seen on
// the way, and how many steps asked for y.
func (s *session) walkSteps(done string) (screens []string, confirms int) {
	s.t.Helper()
	for range 100 {
		scr := s.waitFor(fmt.Sprintf("a step or %q", done), func(scr string) bool {
			return strings.Contains(scr, done) || stepRe.MatchString(scr)
		}, waitTimeout)
		screens = append(screens, scr)
		if strings.Contains(scr, done) {
			return screens, confirms
		}
		step := stepRe.FindString(scr)
		if confirmRe.MatchString(scr) {
			// enter must not get past a warning: the step stays.
			s.send("\r")
			after := s.screen()
			deadline := time.Now().Add(2 * time.Second)
			for after == scr && time.Now().Before(deadline) {
				time.Sleep(pollInterval)
				after = s.screen()
			}
			if !strings.Contains(after, step) || strings.Contains(after, done) {
				s.t.Fatalf("enter got past a step that needs y (was at %q)\n%s", step, s.dump())
			}
			confirms++
			before := s.screen()
			s.send("y")
			s.waitForChange(before, waitTimeout)
		} else {
			s.send("\r")
		}
		s.waitFor(fmt.Sprintf("the step after %q", step), func(next string) bool {
			return strings.Contains(next, done) || stepRe.FindString(next) != step
		}, waitTimeout)
	}
	s.t.Fatalf("more than 100 steps before %q\n%s", done, s.dump())
	return nil, 0
}
