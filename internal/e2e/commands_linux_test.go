package e2e

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// fullPipe is a pipe whose buffer is already full: a program writing to
// it waits, as one whose output nobody reads does (a paused terminal, a
// stuck pager).
func fullPipe(t *testing.T) *os.File {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close(); w.Close() })
	fd := int(w.Fd()) // Fd makes the file blocking: take it once
	if err := unix.SetNonblock(fd, true); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4096)
	for {
		if _, err := unix.Write(fd, buf); err != nil {
			if !errors.Is(err, unix.EAGAIN) {
				t.Fatal(err)
			}
			break
		}
	}
	if err := unix.SetNonblock(fd, false); err != nil {
		t.Fatal(err)
	}
	return w
}

// waitWriting waits until one of the process's threads waits to write to a
// pipe.
func waitWriting(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for time.Now().Before(deadline) {
		tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/wchan", cmd.Process.Pid))
		for _, task := range tasks {
			if b, err := os.ReadFile(task); err == nil && strings.Contains(string(b), "pipe_write") {
				return
			}
		}
		if cmd.ProcessState != nil {
			t.Fatalf("%v ended before writing", cmd.Args[1:])
		}
		time.Sleep(pollInterval)
	}
	t.Skipf("cannot tell from /proc that %v waits to write", cmd.Args[1:])
}

// endsAfter sends sig to cmd and returns the exit status and how long it
// took; it fails the test if the process is killed by the signal or still
// runs after waitTimeout (a guard, not a speed limit).
func endsAfter(t *testing.T, cmd *exec.Cmd, done <-chan error, sig syscall.Signal) (int, time.Duration) {
	t.Helper()
	sent := time.Now()
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	var err error
	select {
	case err = <-done:
	case <-time.After(waitTimeout):
		t.Fatalf("%v still runs %v after %v", cmd.Args[1:], waitTimeout, sig)
	}
	took := time.Since(sent)
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, took
	case errors.As(err, &ee):
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			t.Fatalf("%v was killed by %v instead of ending with a status", cmd.Args[1:], ws.Signal())
		}
		return ee.ExitCode(), took
	}
	t.Fatal(err)
	return 0, 0
}

// TestSignalsEndEveryCommand stops each command with INT, TERM and HUP
// while it waits to write to an output nobody reads, which no context
// reaches: each ends with the signal's status (130, 143, 129), says why on
// stderr, and does so within the grace mdmtoken gives a command to wind
// up. The time from the signal to the end is logged.
func TestSignalsEndEveryCommand(t *testing.T) {
	dir := t.TempDir()
	_, _, dep := keyPair(t, dir)
	hist := filepath.Join(dir, "history.jsonl")
	add := exec.Command(binary(t), "due", "add", "--history", hist, dep)
	add.Env = env(t.TempDir())
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("due add: %v\n%s", err, out)
	}
	commands := map[string][]string{
		"check":   {"check", dep},
		"guide":   {"guide", "--kind", "dep", "--apple", "abm", "--portal", "relution"},
		"portals": {"portals"},
		"due":     {"due", "--history", hist},
		"man":     {"man"},
		"help":    {"--help"},
	}
	for name, args := range commands {
		for _, sig := range stopSignals {
			t.Run(name+"/"+sig.sig.String(), func(t *testing.T) {
				t.Parallel()
				cmd := exec.Command(binary(t), args...)
				cmd.Env = env(t.TempDir())
				cmd.Stdout = fullPipe(t)
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				done := make(chan error, 1)
				go func() { done <- cmd.Wait() }()
				t.Cleanup(func() { _ = cmd.Process.Kill() })
				waitWriting(t, cmd)
				code, took := endsAfter(t, cmd, done, sig.sig)
				t.Logf("%s ended %v after %v", name, took.Round(time.Millisecond), sig.sig)
				if code != sig.code {
					t.Errorf("exit status %d after %v, want %d\nstderr: %s", code, sig.sig, sig.code, stderr.String())
				}
				if !strings.Contains(stderr.String(), "mdmtoken: stopped by a signal") {
					t.Errorf("stderr does not say a signal stopped it:\n%s", stderr.String())
				}
			})
		}
	}
}

// TestSignalsEndDueWaitingForALock: due add waits for another process to
// give up the history file's lock; INT, TERM and HUP end the wait at once,
// through the command's context, with the signal's status.
func TestSignalsEndDueWaitingForALock(t *testing.T) {
	for _, sig := range stopSignals {
		t.Run(sig.sig.String(), func(t *testing.T) {
			t.Parallel()
			hist := filepath.Join(t.TempDir(), "history.jsonl")
			f, err := os.OpenFile(hist, os.O_RDWR|os.O_CREATE, 0o600)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
				t.Skipf("no flock here: %v", err)
			}
			_, _, dep := keyPair(t, t.TempDir())
			r := startPlain(t, []string{"due", "add", "--history", hist, dep}, nil)
			// A due add that does not wait ends in a few milliseconds.
			time.Sleep(500 * time.Millisecond)
			select {
			case <-r.done:
				t.Fatalf("due add did not wait for the lock: %v\n%s", r.err, r.stderr.String())
			default:
			}
			sent := time.Now()
			if err := r.cmd.Process.Signal(sig.sig); err != nil {
				t.Fatal(err)
			}
			code := r.wait(t)
			t.Logf("due add ended %v after %v", time.Since(sent).Round(time.Millisecond), sig.sig)
			if code != sig.code {
				t.Errorf("exit status %d after %v, want %d\nstderr: %s", code, sig.sig, sig.code, r.stderr.String())
			}
			if strings.Contains(r.stderr.String(), "mdmtoken: stopped by a signal") {
				t.Errorf("the wait was left behind instead of ended:\n%s", r.stderr.String())
			}
		})
	}
}
