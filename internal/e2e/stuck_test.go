//go:build linux || darwin

package e2e

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mdmtoken/mdmtoken/sample"
)

// plainRun is a run of the binary without a terminal.
type plainRun struct {
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer
	done           chan struct{}
	err            error
}

// startPlain starts the binary with args, stdin from stdin (nil: none),
// output captured.
func startPlain(t *testing.T, args []string, stdin io.Reader) *plainRun {
	t.Helper()
	r := &plainRun{done: make(chan struct{})}
	r.cmd = exec.Command(binary(t), args...)
	r.cmd.Env = env(t.TempDir())
	r.cmd.Dir = t.TempDir()
	r.cmd.Stdin = stdin
	r.cmd.Stdout, r.cmd.Stderr = &r.stdout, &r.stderr
	if err := r.cmd.Start(); err != nil {
		t.Fatalf("starting mdmtoken: %v", err)
	}
	go func() {
		r.err = r.cmd.Wait()
		close(r.done)
	}()
	t.Cleanup(func() {
		select {
		case <-r.done:
		default:
			_ = r.cmd.Process.Kill()
			<-r.done
		}
	})
	return r
}

// wait waits for the run to end, at most waitTimeout (a guard against a
// hang, not a speed limit), and returns its exit status.
func (r *plainRun) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-r.done:
	case <-time.After(waitTimeout):
		t.Fatalf("%v still runs after %v\nstderr: %s", r.cmd.Args[1:], waitTimeout, r.stderr.String())
	}
	var ee *exec.ExitError
	if errors.As(r.err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			t.Fatalf("%v was killed by %v instead of ending with a status", r.cmd.Args[1:], ws.Signal())
		}
		return ee.ExitCode()
	}
	if r.err != nil {
		t.Fatalf("waiting for %v: %v", r.cmd.Args[1:], r.err)
	}
	return 0
}

func mkfifo(t *testing.T, path string) string {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	return path
}

// keyPair writes an MDM certificate and key and a DEP token made for them.
func keyPair(t *testing.T, dir string) (cert, key, dep string) {
	t.Helper()
	id := mdmIdentity(t)
	cert, key = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	dep = filepath.Join(dir, sample.DEPFileName("Help Desk MDM", time.Now().Add(-time.Hour)))
	token, err := sample.DEP(id, time.Now().AddDate(1, 0, 0), sample.DEPOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for p, data := range map[string][]byte{cert: id.CertPEM(), key: id.KeyPEM(), dep: token} {
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return cert, key, dep
}

// A pipe, a device or a kernel file is never opened, wherever it is named:
// each ends the command at once with a message naming it.
func TestSpecialFilesEndWithAMessage(t *testing.T) {
	dir := t.TempDir()
	cert, _, dep := keyPair(t, dir)
	fifo := mkfifo(t, filepath.Join(dir, "pipe"))
	cases := []struct {
		name  string
		args  []string
		stdin io.Reader
		code  int
		want  string
	}{
		{"fifo-cert", []string{"check", "--cert", fifo, dep}, nil, 2, "--cert): " + fifo + " is a named pipe, not a file"},
		{"fifo-key", []string{"check", "--cert", cert, "--key", fifo, dep}, nil, 2, "--key): " + fifo + " is a named pipe, not a file"},
		{"fifo-path", []string{"check", fifo}, nil, 2, "Not a regular file (a named pipe); not read"},
		{"stdin-pipe-cert", []string{"check", "--cert", "/dev/stdin", dep}, strings.NewReader("not read"), 2, "/dev/stdin is a named pipe"},
		{"proc-cert", []string{"check", "--cert", "/proc/self/status", dep}, nil, 2, "kernel's proc file system"},
		{"proc-kmsg", []string{"check", "/proc/kmsg"}, nil, 2, "A file of the kernel's proc file system, not a stored file; not read"},
		{"proc-folder", []string{"check", "/proc"}, nil, 2, "A folder of the kernel's proc file system"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if strings.Contains(strings.Join(tc.args, " "), "/proc/") || tc.name == "proc-folder" {
				if _, err := os.Stat("/proc/self/status"); err != nil {
					t.Skip("no /proc here")
				}
				if tc.name == "proc-kmsg" {
					if _, err := os.Stat("/proc/kmsg"); err != nil {
						t.Skip("no /proc/kmsg here")
					}
				}
			}
			r := startPlain(t, tc.args, tc.stdin)
			if code := r.wait(t); code != tc.code {
				t.Errorf("exit status %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, r.stdout.String(), r.stderr.String())
			}
			if out := r.stdout.String() + r.stderr.String(); !strings.Contains(out, tc.want) {
				t.Errorf("output lacks %q:\n%s", tc.want, out)
			}
		})
	}
}

// On a terminal, --cert /dev/stdin is a device and a pipe is a pipe, in
// check and in the wizard alike: refused, not read (reading would wait for
// typing or for a writer).
func TestCertFromATerminalOrPipeEndsWithAMessage(t *testing.T) {
	dir := t.TempDir()
	_, _, dep := keyPair(t, dir)
	fifo := mkfifo(t, filepath.Join(dir, "pipe"))
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"check", "--cert", "/dev/stdin", dep}, "/dev/stdin is a device, not a file"},
		{[]string{"--cert", "/dev/stdin"}, "/dev/stdin is a device, not a file"},
		{[]string{"--cert", fifo}, fifo + " is a named pipe, not a file"},
	} {
		r := runSilent(t, binary(t), tc.args, env(t.TempDir()))
		if r.code != 2 || !strings.Contains(r.output, tc.want) {
			t.Errorf("%v: exit status %d, want 2 and %q\n%s", tc.args, r.code, tc.want, r.output)
		}
	}
}
