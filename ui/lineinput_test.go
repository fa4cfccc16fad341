package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// TestLineInput: text goes in at the cursor, the editing keys do what the
// field's doc says, control characters and text past the limit are left
// out, and a long value scrolls so that the cursor stays in view.
func TestLineInput(t *testing.T) {
	f := lineInput{limit: 20, placeholder: "type here"}
	st := newStyles(true)
	if v := ansi.Strip(f.view(st, 30)); v != "> type here" {
		t.Errorf("empty field: %q", v)
	}
	typ := func(keys ...string) {
		for _, k := range keys {
			f.update(press(k))
		}
	}
	typ("a", "b", "c", "left", "left", "X") // aXbc
	f.update(tea.PasteMsg{Content: "\x1b[31m1\u202e2\n"})
	if got := f.Value(); got != "aX[31m12bc" {
		t.Errorf("after typing and a paste: %q", got)
	}
	typ("home", "delete", "end", "backspace")
	if got := f.Value(); got != "X[31m12b" {
		t.Errorf("after home delete end backspace: %q", got)
	}
	typ("left", "ctrl+k")
	if got := f.Value(); got != "X[31m12" {
		t.Errorf("after ctrl+k: %q", got)
	}
	f.update(tea.PasteMsg{Content: " two words"})
	typ("ctrl+w")
	if got := f.Value(); got != "X[31m12 two " {
		t.Errorf("after ctrl+w: %q", got)
	}
	typ("ctrl+u")
	if got := f.Value(); got != "" {
		t.Errorf("after ctrl+u: %q", got)
	}
	f.update(tea.PasteMsg{Content: strings.Repeat("0123456789", 5)})
	if got := f.Value(); got != "01234567890123456789" {
		t.Errorf("past the limit of 20: %q", got)
	}
	// Eight columns: the prompt and six of the text, the cursor's cell at
	// the end.
	if v := ansi.Strip(f.view(st, 8)); v != "> 56789 " {
		t.Errorf("scrolled to the cursor at the end: %q", v)
	}
	typ("home")
	if v := ansi.Strip(f.view(st, 8)); v != "> 012345" {
		t.Errorf("scrolled to the cursor at the start: %q", v)
	}
}
