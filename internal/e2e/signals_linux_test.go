package e2e

import (
	"encoding/json"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// lockedFile makes path a regular file that another program holds a write
// lease on, as a file on a network share or one held by a backup tool can
// be: an open that waits would hang until the lease is given up (the
// kernel's lease-break time, 45 s by default). The lease ends with the
// test.
func lockedFile(t *testing.T, path string, content []byte) {
	t.Helper()
	if err := os.WriteFile(path, content, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	broken := make(chan os.Signal, 1)
	signal.Notify(broken, syscall.SIGIO) // the kernel asks the lease holder to give way
	if _, err := unix.FcntlInt(f.Fd(), unix.F_SETLEASE, unix.F_WRLCK); err != nil {
		signal.Stop(broken)
		f.Close()
		t.Skipf("no file leases here (%v)", err)
	}
	t.Cleanup(func() {
		signal.Stop(broken)
		f.Close()
	})
}

var stopSignals = []struct {
	sig  syscall.Signal
	code int
}{
	{syscall.SIGINT, 130},
	{syscall.SIGTERM, 143},
	{syscall.SIGHUP, 129},
}

// A token or --cert file that another program holds a lease on never makes
// check wait: it ends at once, saying why the file cannot be read.
func TestCheckDoesNotWaitForALockedFile(t *testing.T) {
	dir := t.TempDir()
	cert, _, dep := keyPair(t, dir)
	certPEM, err := os.ReadFile(cert)
	if err != nil {
		t.Fatal(err)
	}
	for _, what := range []string{"token", "cert"} {
		t.Run(what, func(t *testing.T) {
			var args []string
			var want, where string
			if what == "token" {
				locked := filepath.Join(t.TempDir(), filepath.Base(dep))
				lockedFile(t, locked, []byte("a token"))
				args = []string{"check", "--cert", cert, locked}
				want, where = "another program holds a lease on it", "stdout"
			} else {
				locked := filepath.Join(t.TempDir(), "cert.pem")
				lockedFile(t, locked, certPEM)
				args = []string{"check", "--cert", locked, dep}
				want, where = "cannot read the MDM certificate (--cert): certificate "+locked+": another program holds a lease on it", "stderr"
			}
			r := startPlain(t, args, nil)
			if code := r.wait(t); code != 2 {
				t.Errorf("exit status %d, want 2\nstderr: %s", code, r.stderr.String())
			}
			out := r.stderr.String()
			if where == "stdout" {
				out = r.stdout.String()
			}
			if !strings.Contains(out, want) {
				t.Errorf("%s lacks %q:\n%s", where, want, out)
			}
		})
	}
}

// The wizard reads --cert before it takes the screen; a locked certificate
// ends it at once with the reason and the terminal as it was.
func TestWizardDoesNotWaitForALockedCert(t *testing.T) {
	dir := t.TempDir()
	cert, _, _ := keyPair(t, dir)
	certPEM, err := os.ReadFile(cert)
	if err != nil {
		t.Fatal(err)
	}
	locked := filepath.Join(t.TempDir(), "cert.pem")
	lockedFile(t, locked, certPEM)
	h := newHome(t)
	s := start(t, startOptions{args: append([]string{"--cert", locked}, depArgs...), env: env(h.dir)})
	if code := s.waitExit(waitTimeout); code != 2 {
		t.Errorf("exit status %d, want 2\n%s", code, s.dump())
	}
	after := s.finish()
	if *after != *s.initial {
		t.Errorf("terminal settings changed:\nbefore %+v\nafter  %+v", *s.initial, *after)
	}
	if scr := s.screen(); !strings.Contains(strings.ReplaceAll(scr, "\n", ""), "another program holds a lease on it") {
		t.Errorf("no reason on the screen:\n%s", scr)
	}
}

// INT, TERM and HUP end the wizard with the signal's own status, the
// terminal restored and the place saved.
func TestSignalsEndTheWizard(t *testing.T) {
	for _, sig := range stopSignals {
		t.Run(sig.sig.String(), func(t *testing.T) {
			h := newHome(t)
			state := t.TempDir()
			s := start(t, startOptions{args: depArgs, env: env(h.dir, "XDG_STATE_HOME="+state)})
			s.waitForText(helpQuit, waitTimeout)
			// Settled: the start-up query for the background color is
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
			raw, err := os.ReadFile(filepath.Join(state, "mdmtoken", "state.json"))
			var saved struct{ Kind, Portal, Screen string }
			if err == nil {
				err = json.Unmarshal(raw, &saved)
			}
			if err != nil || saved.Kind != "dep" || saved.Portal != "relution" || saved.Screen != "caveats" {
				t.Errorf("the place is not saved after %v: %v\n%s", sig.sig, err, raw)
			}
		})
	}
}
