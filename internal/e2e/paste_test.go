//go:build linux || darwin

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
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

// TestHugePasteStaysBounded pastes 100 MB in one bracketed paste: the
// wizard keeps what a token file can be (1 MiB), says it stopped reading
// there, never holds the rest, and reads on: ctrl+d checks nothing, ctrl+u
// clears, a token's text pasted next is checked, ctrl+c ends it with the
// terminal restored. The process's peak memory is compared with that of
// the same run without the huge paste.
func TestHugePasteStaysBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("pastes 100 MB")
	}
	base := pasteRun(t, 0)
	peak := pasteRun(t, 100<<20)
	t.Logf("peak resident memory: %.1f MB, %.1f MB with a 100 MB paste", base, peak)
	if peak > base+64 {
		t.Errorf("a 100 MB paste took the peak resident memory from %.1f MB to %.1f MB", base, peak)
	}
}

// pasteRun pastes size bytes of base64 lines on the paste screen (none
// when 0), then a DEP token's text, checks it and quits; it returns the
// peak resident memory in MB.
func pasteRun(t *testing.T, size int) float64 {
	h := newHome(t)
	s := start(t, startOptions{args: depArgs, env: env(h.dir)})
	toPicker(t, s)
	s.waitForText(okBadge, waitTimeout)
	s.send("p")
	s.waitForText("Paste the token file's text", waitTimeout)

	if size > 0 {
		line := strings.Repeat("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo", 2) + "\r"
		s.mark(fmt.Sprintf("pasting %d MB", size>>20))
		pasted := make(chan error, 1)
		go func() {
			chunk := []byte(strings.Repeat(line, 64<<10/len(line)))
			_, err := s.ptmx.Write([]byte("\x1b[200~"))
			for n := 0; err == nil && n < size; n += len(chunk) {
				_, err = s.ptmx.Write(chunk)
			}
			if err == nil {
				_, err = s.ptmx.Write([]byte("\x1b[201~"))
			}
			pasted <- err
		}()
		select {
		case err := <-pasted:
			if err != nil {
				t.Fatalf("pasting: %v\n%s", err, s.dump())
			}
		case <-time.After(5 * time.Minute):
			t.Fatalf("the paste was not read within 5 minutes\n%s", s.dump())
		}
		s.mark("pasted")
		s.waitFor("the paste cut", func(scr string) bool {
			return strings.Contains(strings.Join(strings.Fields(scr), " "), "stopped reading there and did not keep the rest")
		}, waitTimeout)
		s.send("\x04") // ctrl+d: too much text is not checked
		s.waitStable(200*time.Millisecond, waitTimeout)
		if scr := s.screen(); !strings.Contains(scr, "Paste the token file's text") {
			t.Fatalf("ctrl+d checked the cut text\n%s", s.dump())
		}
		s.send("\x15") // ctrl+u
		s.waitForText("Waiting for pasted text", waitTimeout)
	}
	text, err := os.ReadFile(filepath.Join(h.downloads, h.fresh))
	if err != nil {
		t.Fatal(err)
	}
	s.send("\x1b[200~" + string(text) + "\x1b[201~")
	s.waitForText("Press ctrl+d to check it", waitTimeout)
	s.send("\x04")
	s.waitForText("File: pasted text", waitTimeout)
	s.waitForText(okBadge, waitTimeout)
	peak, ok := livePeak(s.cmd.Process.Pid)
	s.send("\x03")
	if code := s.waitExit(waitTimeout); code != 130 {
		t.Fatalf("exit status %d after ctrl+c, want 130\n%s", code, s.dump())
	}
	checkRestored(t, s, s.finish())
	if !ok {
		peak = maxRSS(s.cmd)
	}
	return peak
}

// livePeak is a running process's peak resident memory in MB, from
// /proc. Unlike the peak the kernel reports once it ended (maxRSS), it
// leaves out the memory of the test process that started it.
func livePeak(pid int) (float64, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, false
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) == 3 && f[0] == "VmHWM:" && f[2] == "kB" {
			kb, err := strconv.Atoi(f[1])
			return float64(kb) / (1 << 10), err == nil
		}
	}
	return 0, false
}

// TestPlainHugePasteStaysBounded pastes 32 MB in plain mode (lines, as a
// terminal in line mode passes them, then a period; a terminal's line
// discipline takes about 0.3 s per MB, so not 100 MB): the text kept is at
// most a byte over the largest token file, judged too large, and the
// process's peak memory stays near that of a small paste.
func TestPlainHugePasteStaysBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("pastes 32 MB")
	}
	base := plainPasteRun(t, 0)
	peak := plainPasteRun(t, 32<<20)
	t.Logf("plain mode, peak resident memory: %.1f MB, %.1f MB with a 32 MB paste", base, peak)
	if peak > base+32 {
		t.Errorf("a 32 MB paste took the peak resident memory from %.1f MB to %.1f MB", base, peak)
	}
}

func plainPasteRun(t *testing.T, size int) float64 {
	h := newHome(t)
	s := start(t, startOptions{args: depArgs, env: env(h.dir, "TERM=dumb")})
	p := &plainTerm{s: s}
	p.toPicker()
	s.send("p\r")
	s.waitFor("the paste prompt", func(string) bool { return strings.Contains(s.rawOutput(), "Paste the text now:") }, waitTimeout)
	text := "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo\r"
	if size > 0 {
		s.mark(fmt.Sprintf("pasting %d MB", size>>20))
		chunk := []byte(strings.Repeat(text, 64<<10/len(text)))
		for n := 0; n < size; n += len(chunk) {
			if _, err := s.ptmx.Write(chunk); err != nil {
				t.Fatalf("pasting: %v", err)
			}
		}
		s.mark("pasted")
	} else {
		s.send(text)
	}
	s.send(".\r")
	out := p.prompt()
	want := "Verdict: "
	if size > 0 {
		want = "too large"
	}
	if !strings.Contains(flatText(out), want) {
		t.Errorf("after the paste, no %q:\n%s", want, out)
	}
	peak, ok := livePeak(s.cmd.Process.Pid)
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := s.waitExit(waitTimeout); code != 143 {
		t.Errorf("exit status %d after SIGTERM, want 143", code)
	}
	s.finish()
	if !ok {
		peak = maxRSS(s.cmd)
	}
	return peak
}
