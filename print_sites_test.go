//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// drawsOnTerminal reports the first character of out that a terminal would
// act on, other than the line feeds the program writes itself.
func drawsOnTerminal(out string) (rune, bool) {
	for _, c := range out {
		switch {
		case c == '\n':
		case c < 0x20, c == 0x7f, c >= 0x80 && c < 0xa0, c == '\u2028', c == '\u2029', c >= 0x202a && c <= 0x202e, c >= 0x2066 && c <= 0x2069:
			return c, true
		}
	}
	return 0, false
}

// TestHostilePathsInMessages: a path named on the command line, holding a
// line break and escape sequences, is shown escaped in every message about
// it: it draws no line of its own and drives nothing. A pipe given as any
// of the files is refused at once, never opened.
func TestHostilePathsInMessages(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	f := files(t)
	dir := t.TempDir()
	evil := filepath.Join(dir, "x\n> sToken_for_Main Campus.vpptoken\x1b]52;c;aGk=\x07\u202e")
	shown := `x\n> sToken_for_Main Campus.vpptoken\x1b]52;c;aGk=\x07\u202e`
	fifo := evil + ".fifo"
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFO here:", err)
	}
	if err := os.WriteFile(evil, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"check", "--cert", evil + ".missing", f.depOK},
		{"check", "--cert", fifo, f.depOK},
		{"check", "--cert", f.cert, "--key", fifo, f.depOK},
		{"check", "--cert", f.cert, "--key", evil, f.depOK},
		{"check", "--push-key", evil, f.depOK},
		{"check", "--push-key", fifo, f.depOK},
		{"check", "--replaces", evil, f.depOK},
		{"check", "--replaces", fifo, f.depOK},
		{"check", evil, fifo},
		{"due", "--history", evil + ".missing"},
		{"due", "add", "--history", filepath.Join(dir, "h.jsonl"), evil},
	} {
		done := make(chan result, 1)
		go func() { done <- runArgs(t, args...) }()
		var r result
		select {
		case r = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("%q: still running after 10 s (blocked on the pipe?)", args)
		}
		out := r.stdout + r.stderr
		if c, bad := drawsOnTerminal(out); bad {
			t.Errorf("%q: %U reaches the terminal:\n%q", args, c, out)
		}
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, "> sToken") {
				t.Errorf("%q: the name drew a line of its own:\n%s", args, out)
			}
		}
		if !strings.Contains(out, shown) && !strings.Contains(out, strconv.Quote(evil)) {
			t.Errorf("%q: the name is not shown escaped (%s):\n%s", args, shown, out)
		}
	}
}
