//go:build linux || darwin

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// plainTerm types answers into the plain wizard: it waits for each prompt
// in everything the program wrote (the screen scrolls), then types a line.
type plainTerm struct {
	s   *session
	pos int // how much of the raw output was read
}

// prompt waits until the output ends in a prompt (": ") after what was
// read before, and returns the text since, line ends as the program wrote
// them.
func (p *plainTerm) prompt() string {
	p.s.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		raw := p.s.rawOutput()
		if len(raw) > p.pos && strings.HasSuffix(raw, ": ") {
			out := raw[p.pos:]
			p.pos = len(raw)
			return strings.ReplaceAll(out, "\r\n", "\n")
		}
		if p.s.exited() || time.Now().After(deadline) {
			p.s.t.Fatalf("no prompt; output since the last one:\n%s\n%s", raw[p.pos:], p.s.dump())
		}
		time.Sleep(pollInterval)
	}
}

// answer waits for a prompt, types line and Enter, and returns the text
// before the prompt.
func (p *plainTerm) answer(line string) string {
	p.s.t.Helper()
	out := p.prompt()
	p.s.send(line + "\r")
	return out
}

// leaveFiles answers the question about the token files left in the
// folder, once the portal accepted the file, with leaving them there.
func (p *plainTerm) leaveFiles() {
	p.s.t.Helper()
	out := p.prompt()
	if !strings.Contains(out, "Clear the ") {
		p.s.t.Fatalf("no question about the token files:\n%s", out)
	}
	p.s.send(numberOf(p.s.t, out, "Leave them where they are") + "\r")
}

// toPicker answers the caveats and each step up to the file list, y where
// a step asks for it.
func (p *plainTerm) toPicker() {
	p.s.t.Helper()
	p.answer("")
	for range 20 {
		out := p.prompt()
		if strings.Contains(out, pickerTitle) {
			return
		}
		if strings.HasSuffix(out, "Type y to confirm: ") {
			p.s.send("y\r")
		} else {
			p.s.send("\r")
		}
	}
}

// walkSteps answers Enter on each step and returns the first screen that
// is not a step.
func (p *plainTerm) walkSteps() string {
	p.s.t.Helper()
	var out string
	for range 20 {
		out = p.prompt()
		if !stepRe.MatchString(out) {
			break
		}
		p.s.send("\r")
	}
	return out
}

// flatText joins lines and runs of spaces, as text wraps.
func flatText(s string) string { return strings.Join(strings.Fields(s), " ") }

var plainOption = regexp.MustCompile(`(?m)^ +(\d+)\. (.*)$`)

// firstOption is the label of answer 1 in a menu.
func firstOption(out string) string {
	for _, m := range plainOption.FindAllStringSubmatch(out, -1) {
		if m[1] == "1" {
			return m[2]
		}
	}
	return ""
}

// TestPlainRenewDEP goes through one whole DEP renewal in plain mode at
// 80x24, chosen by TERM=dumb and by --plain: not one escape sequence is
// written, the alternate screen is never used, Enter does not get past the
// reset warning, the file list starts on the fresh token, and the renewal
// ends with its record and the outcome line.
func TestPlainRenewDEP(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		term string
	}{
		{"TERM=dumb", nil, "TERM=dumb"},
		{"--plain", []string{"--plain"}, "TERM=xterm-256color"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHome(t)
			cert, key, _ := keyPair(t, t.TempDir())
			records := t.TempDir()
			args := append(append(append([]string{}, depArgs...), tc.args...), "--cert", cert, "--key", key, "--record-dir", records)
			s := start(t, startOptions{args: args, env: env(h.dir, tc.term)})
			p := &plainTerm{s: s}

			out := p.answer("")
			if !strings.Contains(flatText(out), "Before you start: DEP server token, Apple Business Manager (classic) and Relution") {
				t.Fatalf("the first screen is not the caveats:\n%s", out)
			}
			confirms := 0
			for range 20 {
				out = p.prompt()
				if !stepRe.MatchString(out) {
					break
				}
				if strings.HasSuffix(out, "Type y to confirm: ") {
					confirms++
					s.send("\r")
					again := p.prompt()
					if stepRe.MatchString(again) || !strings.Contains(again, "Enter alone does not confirm") {
						t.Fatalf("Enter on the reset warning did not ask for y:\n%s", again)
					}
					s.send("y\r")
					continue
				}
				s.send("\r")
			}
			if confirms != 1 {
				t.Errorf("%d steps asked for y, want 1 (Download Token)", confirms)
			}
			if !strings.Contains(out, pickerTitle) || !strings.Contains(flatText(out), "The old DEP token is already reset") {
				t.Fatalf("no file list saying the old token is reset after Apple's steps:\n%s", out)
			}
			if first := firstOption(out); first != h.fresh || !strings.Contains(out, "(Enter for 1)") {
				t.Errorf("answer 1 (and Enter) is %q, want the fresh token %q:\n%s", first, h.fresh, out)
			}
			s.send("\r")
			out = p.answer("")
			if !strings.Contains(out, "Verdict: "+okBadge) || !strings.Contains(out, "File: "+h.fresh) {
				t.Errorf("the verdict is not OK for the fresh token:\n%s", out)
			}
			out = p.walkSteps()
			if !strings.Contains(out, "Did Relution accept the file?") {
				t.Fatalf("no confirmation after Relution's steps:\n%s", out)
			}
			s.send("y\r")
			p.leaveFiles()
			if code := s.waitExit(waitTimeout); code != 0 {
				t.Fatalf("exit status %d, want 0\n%s", code, s.dump())
			}
			after := s.finish()

			raw := s.rawOutput()
			if i := strings.IndexByte(raw, 0x1b); i >= 0 {
				t.Errorf("an escape sequence in plain mode at byte %d: %q", i, raw[max(0, i-40):min(len(raw), i+20)])
			}
			if !strings.Contains(raw, renewalDone) || outcomeRe.FindString(strings.ReplaceAll(raw, "\r\n", " ")) == "" {
				t.Errorf("the end and the outcome line are not shown:\n%s", raw[max(0, len(raw)-1500):])
			}
			if s.touchedModes() != nil {
				t.Errorf("terminal modes changed in plain mode: %v", s.touchedModes())
			}
			checkRestored(t, s, after)
			if md, _ := filepath.Glob(filepath.Join(records, "*.md")); len(md) != 1 {
				t.Errorf("records written: %v, want one", md)
			}
		})
	}
}

// TestPlainPasteHidesToken pastes the token's text in plain mode: the
// terminal does not echo it, the text is judged, and echo is back on
// afterwards and at exit.
func TestPlainPasteHidesToken(t *testing.T) {
	h := newHome(t)
	content, err := os.ReadFile(filepath.Join(h.downloads, h.fresh))
	if err != nil {
		t.Fatal(err)
	}
	cert, key, _ := keyPair(t, t.TempDir())
	args := append(append([]string{}, depArgs...), "--cert", cert, "--key", key)
	s := start(t, startOptions{args: args, env: env(h.dir, "TERM=dumb")})
	p := &plainTerm{s: s}
	p.toPicker()
	s.send("p\r")
	s.waitFor("the paste prompt", func(string) bool { return strings.Contains(s.rawOutput(), "Paste the text now:") }, waitTimeout)
	// As pasted from an editor: no line end after the last line, and the
	// period typed right after it.
	body := strings.ReplaceAll(string(content), "\r\n", "\n")
	s.send(strings.ReplaceAll(body, "\n", "\r") + ".\r")
	out := p.prompt()
	if !strings.Contains(out, "Verdict: "+okBadge) || !strings.Contains(out, "File: pasted text") {
		t.Errorf("the pasted token is not judged OK:\n%s", out)
	}
	lines := strings.Split(strings.TrimSpace(body), "\n")
	if raw := s.rawOutput(); strings.Contains(raw, lines[len(lines)/2]) || strings.Contains(raw, "application/pkcs7-mime; name") {
		t.Errorf("the pasted token was echoed to the terminal")
	}
	if firstOption(out) != "Continue to the Relution steps" {
		t.Fatalf("answer 1 is not to continue:\n%s", out)
	}
	s.send("2\r") // pick another file: what is typed shows again
	if out := p.prompt(); !strings.Contains(out, pickerTitle) {
		t.Errorf("not back at the file list:\n%s", out)
	}
	if raw := s.rawOutput(); !strings.Contains(raw, "(Enter for 1): 2\r\n") {
		t.Errorf("what is typed after the paste is not echoed")
	}
	// Quitting with the old token reset asks first, and ends with 1.
	s.send("q\r")
	if out := p.prompt(); !strings.Contains(flatText(out), "Quit now? The old DEP token is already reset") {
		t.Errorf("q after the reset did not ask first:\n%s", out)
	}
	s.send("y\r")
	if code := s.waitExit(waitTimeout); code != 1 {
		t.Fatalf("exit status %d after quitting with the reset pending, want 1\n%s", code, s.dump())
	}
	checkRestored(t, s, s.finish())
	if raw := s.rawOutput(); !strings.Contains(flatText(raw), "Warning: the old DEP server token is already reset") {
		t.Errorf("no warning at exit that the upload is still to do")
	}
}

// TestPlainSignals: ctrl+c, a hang-up and TERM end plain mode while it
// waits for an answer, with 130, 129 and 143, the place saved and the
// terminal as it was.
func TestPlainSignals(t *testing.T) {
	for _, tc := range []struct {
		name string
		stop func(s *session)
		code int
	}{
		{"ctrl+c", func(s *session) { s.send("\x03") }, 130},
		{"hang-up", func(s *session) { _ = s.cmd.Process.Signal(syscall.SIGHUP) }, 129},
		{"TERM", func(s *session) { _ = s.cmd.Process.Signal(syscall.SIGTERM) }, 143},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHome(t)
			state := filepath.Join(h.dir, "state")
			s := start(t, startOptions{args: depArgs, env: env(h.dir, "TERM=dumb", "XDG_STATE_HOME="+state)})
			p := &plainTerm{s: s}
			p.answer("")
			p.prompt() // Apple's first step
			sent := time.Now()
			tc.stop(s)
			code := s.waitExit(waitTimeout)
			t.Logf("ended %v after %s", time.Since(sent).Round(time.Millisecond), tc.name)
			if code != tc.code {
				t.Fatalf("exit status %d, want %d\n%s", code, tc.code, s.dump())
			}
			checkRestored(t, s, s.finish())
			raw, err := os.ReadFile(filepath.Join(state, "mdmtoken", "state.json"))
			var saved struct{ Kind, Screen string }
			if err == nil {
				err = json.Unmarshal(raw, &saved)
			}
			if err != nil || saved.Kind != "dep" || saved.Screen != "apple-steps" {
				t.Errorf("the place at Apple's steps is not saved: %v\n%s", err, raw)
			}
		})
	}
}

// TestPlainNoTerminal: plain mode needs a terminal too; without one it
// refuses and points to the check command.
func TestPlainNoTerminal(t *testing.T) {
	bin := binary(t)
	h := newHome(t)
	for _, tc := range []struct {
		args []string
		term string
	}{
		{append([]string{"--plain"}, depArgs...), "TERM=xterm-256color"},
		{depArgs, "TERM=dumb"},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 3*waitTimeout)
		cmd := exec.CommandContext(ctx, bin, tc.args...)
		cmd.Env = env(h.dir, tc.term)
		cmd.Stdin = strings.NewReader("\n\n")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		cancel()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 3 {
			t.Errorf("%s %v without a terminal: %v, want exit status 3\n%s", tc.term, tc.args, err, out.String())
		}
		if !strings.Contains(flatText(out.String()), "mdmtoken check") {
			t.Errorf("%s %v: the refusal does not point to mdmtoken check:\n%s", tc.term, tc.args, out.String())
		}
	}
}
