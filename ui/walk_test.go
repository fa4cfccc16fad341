package ui_test

import (
	"regexp"
	"strings"
	"testing"
)

// TestRunIndented: a screen showing a run of short steps numbers each,
// and the lines a step's text or detail wraps onto start under its text,
// past the number, not at the margin.
func TestRunIndented(t *testing.T) {
	for _, w := range []int{80, 60} {
		h, g := depRelution(t, w, 40)
		toVerdictOK(h, g)
		h.menuChoose("Continue to the Relution steps", "Relution, steps 1 to")
		number := regexp.MustCompile(`^ ?(\d+)\. `)
		rows := strings.Split(h.view(), "\n")
		in, runs := false, 0
		for _, r := range rows {
			r = strings.TrimPrefix(r, " ") // the screen's margin
			switch {
			case number.MatchString(r):
				in, runs = true, runs+1
			case strings.TrimSpace(r) == "" || strings.HasPrefix(r, "─"):
				in = false
			case in && !strings.HasPrefix(r, "   "):
				t.Errorf("%d columns: %q goes on at the margin, not under its step's text:\n%s", w, r, h.view())
			}
		}
		if runs < 2 {
			t.Fatalf("%d columns: %d numbered steps on the screen, want a run:\n%s", w, runs, h.view())
		}
	}
}
