package e2e

import (
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// stuckFile makes path a regular file that nobody else can open: this test
// holds a write lease on it, so another process's open waits until the
// lease is given up (the kernel's lease-break time, 45 s by default), like
// a file on a network share that stopped answering. The returned channel
// receives a value when some process has started to open the file and
// waits. The lease ends with the test.
func stuckFile(t *testing.T, path string, content []byte) <-chan os.Signal {
	t.Helper()
	if err := os.WriteFile(path, content, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	opened := make(chan os.Signal, 1)
	signal.Notify(opened, syscall.SIGIO) // the kernel asks the lease holder to give way
	if _, err := unix.FcntlInt(f.Fd(), unix.F_SETLEASE, unix.F_WRLCK); err != nil {
		signal.Stop(opened)
		f.Close()
		t.Skipf("no file leases here (%v); they stand in for a file system that does not answer", err)
	}
	t.Cleanup(func() {
		signal.Stop(opened)
		f.Close()
	})
	return opened
}

// waitOpened waits until the program is stuck opening the file.
func waitOpened(t *testing.T, opened <-chan os.Signal) {
	t.Helper()
	select {
	case <-opened:
	case <-time.After(waitTimeout):
		t.Fatalf("the program did not try to open the stuck file within %v", waitTimeout)
	}
}

var stopSignals = []struct {
	sig  syscall.Signal
	code int
}{
	{syscall.SIGINT, 130},
	{syscall.SIGTERM, 143},
	{syscall.SIGHUP, 129},
}

// INT, TERM and HUP end check with the signal's status while it waits on a
// file that does not open, whether that is a token or the --cert file.
func TestSignalsEndACheckStuckOnAFile(t *testing.T) {
	dir := t.TempDir()
	cert, _, dep := keyPair(t, dir)
	certPEM, err := os.ReadFile(cert)
	if err != nil {
		t.Fatal(err)
	}
	for _, what := range []string{"token", "cert"} {
		for _, s := range stopSignals {
			t.Run(what+"/"+s.sig.String(), func(t *testing.T) {
				var args []string
				var opened <-chan os.Signal
				want := "check stopped before all files were checked: stopped by a signal (" + s.sig.String() + ")"
				if what == "token" {
					stuck := filepath.Join(t.TempDir(), filepath.Base(dep))
					opened = stuckFile(t, stuck, []byte("a token"))
					args = []string{"check", "--cert", cert, stuck}
				} else {
					stuck := filepath.Join(t.TempDir(), "cert.pem")
					opened = stuckFile(t, stuck, certPEM)
					args = []string{"check", "--cert", stuck, dep}
					want = "stopped while reading --cert or --key: stopped by a signal (" + s.sig.String() + ")"
				}
				r := startPlain(t, args, nil)
				waitOpened(t, opened)
				sent := time.Now()
				if err := r.cmd.Process.Signal(s.sig); err != nil {
					t.Fatal(err)
				}
				code := r.wait(t)
				t.Logf("ended %v after %v", s.sig, time.Since(sent).Round(time.Millisecond))
				if code != s.code {
					t.Errorf("exit status %d after %v, want %d\nstderr: %s", code, s.sig, s.code, r.stderr.String())
				}
				if !strings.Contains(r.stderr.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, r.stderr.String())
				}
			})
		}
	}
}

// The wizard reads --cert before it takes the screen; stuck there, a
// signal still ends it with the signal's status and the terminal as it was.
func TestSignalEndsTheWizardStuckOnTheCert(t *testing.T) {
	dir := t.TempDir()
	cert, _, _ := keyPair(t, dir)
	certPEM, err := os.ReadFile(cert)
	if err != nil {
		t.Fatal(err)
	}
	stuck := filepath.Join(t.TempDir(), "cert.pem")
	opened := stuckFile(t, stuck, certPEM)
	h := newHome(t)
	s := start(t, startOptions{args: append([]string{"--cert", stuck}, depArgs...), env: env(h.dir)})
	waitOpened(t, opened)
	sent := time.Now()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	code := s.waitExit(waitTimeout)
	t.Logf("ended after %v", time.Since(sent).Round(time.Millisecond))
	if code != 143 {
		t.Errorf("exit status %d, want 143\n%s", code, s.dump())
	}
	after := s.finish()
	if *after != *s.initial {
		t.Errorf("terminal settings changed:\nbefore %+v\nafter  %+v", *s.initial, *after)
	}
	if scr := s.screen(); !strings.Contains(scr, "mdmtoken: stopped by a signal (terminated)") {
		t.Errorf("no message on the screen:\n%s", scr)
	}
}

// INT, TERM and HUP end the wizard with the signal's own status and the
// terminal restored.
func TestSignalsEndTheWizard(t *testing.T) {
	for _, sig := range stopSignals {
		t.Run(sig.sig.String(), func(t *testing.T) {
			h := newHome(t)
			s := start(t, startOptions{args: depArgs, env: env(h.dir, "XDG_STATE_HOME="+t.TempDir())})
			s.waitForText(helpQuit, waitTimeout)
			// Settled: the start-up query for the background colour is
			// answered. A signal before that can leave the query to be sent
			// after the terminal is restored (a race in the wizard's start-up,
			// not what this test is about).
			s.waitStable(300*time.Millisecond, waitTimeout)
			sent := time.Now()
			if err := s.cmd.Process.Signal(sig.sig); err != nil {
				t.Fatal(err)
			}
			code := s.waitExit(waitTimeout)
			t.Logf("ended %v after %v", sig.sig, time.Since(sent).Round(time.Millisecond))
			if code != sig.code {
				t.Errorf("exit status %d after %v, want %d\n%s", code, sig.sig, sig.code, s.dump())
			}
			checkRestored(t, s, s.finish())
		})
	}
}
