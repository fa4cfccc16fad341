//go:build linux || darwin

package e2e

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// silentRun is one run of the binary on a pseudo-terminal that never
// answers: nothing is ever typed or replied, as on an SSH link or a
// multiplexer that swallows terminal queries.
type silentRun struct {
	code    int           // exit status
	output  string        // everything written to the terminal
	elapsed time.Duration // from start to exit
}

// runSilent runs the binary with args on a silent pseudo-terminal (stdin,
// stdout and stderr) and waits at most waitTimeout for it to end.
func runSilent(tb testing.TB, bin string, args []string, environ []string) silentRun {
	tb.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		tb.Skipf("cannot open a pseudo-terminal here (%v)", err)
	}
	defer ptmx.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Cols: 80, Rows: 24}); err != nil {
		tty.Close()
		tb.Skipf("cannot size the pseudo-terminal (%v)", err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = environ
	cmd.Dir = os.TempDir()
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		tty.Close()
		tb.Fatalf("starting %s: %v", bin, err)
	}
	// The slave stays open in the child only: the master then reads EOF
	// (EIO) once the program has ended and its output is all read.
	tty.Close()
	var out bytes.Buffer
	read := make(chan struct{})
	go func() {
		defer close(read)
		buf := make([]byte, 32*1024)
		for {
			n, err := ptmx.Read(buf)
			out.Write(buf[:n])
			if err != nil {
				return
			}
		}
	}()
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	var werr error
	select {
	case werr = <-waited:
	case <-time.After(waitTimeout):
		_ = cmd.Process.Kill()
		<-waited
		tb.Fatalf("%v did not end within %v on a silent terminal", args, waitTimeout)
	}
	elapsed := time.Since(start)
	select {
	case <-read:
	case <-time.After(waitTimeout):
		tb.Fatalf("the output of %v did not end after it exited", args)
	}
	code := 0
	var ee *exec.ExitError
	if errors.As(werr, &ee) {
		code = ee.ExitCode()
	} else if werr != nil {
		tb.Fatalf("waiting for %v: %v", args, werr)
	}
	return silentRun{code: code, output: out.String(), elapsed: elapsed}
}

// terminalQueries are requests a program sends when it wants the terminal
// to answer: the background color (OSC 11), primary device attributes
// (DA1) and the cursor position (DSR).
var terminalQueries = []string{"\x1b]11;?", "\x1b[c", "\x1b[6n"}

// silentCases are the help and error paths: none may wait on the terminal.
func silentCases(tb testing.TB) []struct {
	name string
	args []string
	code int
	want string
} {
	dir := tb.TempDir()
	notCert := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notCert, []byte("not a certificate\n"), 0o600); err != nil {
		tb.Fatal(err)
	}
	return []struct {
		name string
		args []string
		code int
		want string
	}{
		{"help", []string{"--help"}, 0, "mdmtoken check"},
		{"check-help", []string{"check", "--help"}, 0, "--warn-days"},
		{"usage-error", []string{"check"}, 3, "no PATH given"},
		{"bad-flag", []string{"check", "--warn-days", "soon", dir}, 3, "--warn-days"},
		{"cert-error", []string{"check", "--cert", notCert, dir}, 2, "--cert"},
	}
}

// TestHelpAndErrorsDoNotQueryTheTerminal runs help and every kind of error
// on a terminal that never answers: each ends with its message and status,
// and sends the terminal no query it would wait for.
func TestHelpAndErrorsDoNotQueryTheTerminal(t *testing.T) {
	bin := binary(t)
	for _, tc := range silentCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			r := runSilent(t, bin, tc.args, env(t.TempDir()))
			t.Logf("%v ended in %v", tc.args, r.elapsed.Round(time.Millisecond))
			if r.code != tc.code {
				t.Errorf("exit status %d, want %d\n%s", r.code, tc.code, r.output)
			}
			if !strings.Contains(strings.ToLower(r.output), strings.ToLower(tc.want)) {
				t.Errorf("output lacks %q:\n%s", tc.want, r.output)
			}
			for _, q := range terminalQueries {
				if strings.Contains(r.output, q) {
					t.Errorf("the program sent the terminal the query %q", q)
				}
			}
		})
	}
}

// BenchmarkHelpAndErrorsSilentTerminal is the time from start to exit of
// help and error paths on a terminal that never answers, next to the
// binary's quickest path (--version) as the anchor.
func BenchmarkHelpAndErrorsSilentTerminal(b *testing.B) {
	bin := binary(b)
	cases := append([]struct {
		name string
		args []string
		code int
		want string
	}{{"version", []string{"--version"}, 0, "mdmtoken"}}, silentCases(b)...)
	environ := env(b.TempDir())
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				if r := runSilent(b, bin, tc.args, environ); r.code != tc.code {
					b.Fatalf("exit status %d, want %d\n%s", r.code, tc.code, r.output)
				}
			}
		})
	}
}
