package ui_test

import (
	"strings"
	"testing"
)

// TestDoneNamesBeforeChoice: at 40x12, where the question about the token
// files scrolls, a choice is not taken before every line of the question,
// the files it names, has been in view: enter (or a number) first brings
// the rest into view a page at a time, then takes the choice.
func TestDoneNamesBeforeChoice(t *testing.T) {
	// The names as they wrap at 40 columns: the parts without a space.
	names := map[string][]string{
		"done":      {"MDM_Token_2026-06-02T14-10-00Z", "MDM_Token_2025-06-12T09-00-00Z"},
		"push_done": {"Fixture_Certificate.pem", "Fixture_Certificate_2025.pem"},
	}
	for _, c := range []struct{ name, key string }{{"done", "enter"}, {"push_done", "3"}} {
		t.Run(c.name, func(t *testing.T) {
			h := reachScreen(t, c.name)
			h.see("Renewal done", "Clear the ", "more below")
			if strings.Contains(flat(h.view()), "you can open.") {
				t.Fatalf("the question shows in full at 40x12; the test needs a smaller screen:\n%s", h.view())
			}
			if c.key == "enter" {
				h.press("down", "down") // Leave them where they are
			}
			seen := h.view()
			// Until then the key reads on, and the help line says so, for
			// the numbers too.
			h.see("enter read on")
			h.pressSee("?", "1-3 read on")
			h.press("?")
			for i := 0; i < 20 && !strings.Contains(flat(h.view()), "you can open."); i++ {
				h.press(c.key)
				if strings.Contains(h.view(), "Left ") {
					t.Fatalf("the choice was taken before the files were in view:\n%s", seen)
				}
				seen += h.view()
			}
			for _, name := range names[c.name] {
				if !strings.Contains(seen, name) {
					t.Errorf("%q never came into view before the choice:\n%s", name, seen)
				}
			}
			h.see("enter choose")
			h.pressSee(c.key, "Left ")
		})
	}
}
