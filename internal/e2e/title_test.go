//go:build linux || darwin

package e2e

import (
	"regexp"
	"testing"
)

// titleOps finds what sets or saves the window title: OSC 0 and 2 (set),
// XTWINOPS 22 (push) and 23 (pop), in the order written.
var titleOps = regexp.MustCompile(`\x1b\](?:0|2);([^\x07\x1b]*)(?:\x07|\x1b\\)|\x1b\[(22|23)(?:;\d*)*t`)

// titleAfter is the window title a terminal with a title stack shows after
// raw, starting from title.
func titleAfter(title, raw string) string {
	var stack []string
	for _, m := range titleOps.FindAllStringSubmatch(raw, -1) {
		switch m[2] {
		case "22":
			stack = append(stack, title)
		case "23":
			if len(stack) > 0 {
				title, stack = stack[len(stack)-1], stack[:len(stack)-1]
			}
		default:
			title = m[1]
		}
	}
	return title
}

// The window keeps its title: the wizard neither names the window nor
// empties its title at exit (as Bubble Tea does when a view set one), so
// the shell's title is there after it.
func TestWindowTitleComesBack(t *testing.T) {
	h := newHome(t)
	s := start(t, startOptions{args: depArgs, env: env(h.dir)})
	s.waitForText(helpQuit, waitTimeout)
	s.send("q")
	if code := s.waitExit(waitTimeout); code != 0 {
		t.Fatalf("exit status %d after q, want 0\n%s", code, s.dump())
	}
	s.finish()
	if got := titleAfter("shell", s.rawOutput()); got != "shell" {
		t.Errorf("window title after the wizard: %q, want the one from before, shell", got)
	}
}
