package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestMenuNumbers: a menu of two to nine options shows their numbers, and
// a number key chooses the option showing it; a longer menu shows none,
// and the number keys do nothing there, nor does its help name them.
func TestMenuNumbers(t *testing.T) {
	keys := newKeyMap().Menu
	st := newStyles(true)
	options := func(n int) []option {
		var o []option
		for i := range n {
			o = append(o, option{title: fmt.Sprintf("Option %c", 'A'+i), desc: "What it does.", act: choseApple{id: fmt.Sprint(i)}})
		}
		return o
	}

	m := newMenu(options(3))
	view := ansi.Strip(m.view(st, 60, 20))
	for i, want := range []string{"> 1. Option A", "  2. Option B", "  3. Option C", "A\n     What it does.\n  2."} {
		if !strings.Contains(view, want) {
			t.Errorf("line %d: %q not in the menu:\n%s", i, want, view)
		}
	}
	if got := m.update(press("2"), keys); got == nil || got.title != "Option B" {
		t.Errorf("2 chose %v, want Option B", got)
	}
	if got := m.update(press("4"), keys); got != nil {
		t.Errorf("4 chose %q in a menu of three", got.title)
	}
	if h := m.numberKey(keys.Number); !h.Enabled() || h.Help().Key != "1-3" {
		t.Errorf("help for the number keys: %q, enabled %v", h.Help().Key, h.Enabled())
	}

	long := newMenu(options(10))
	view = ansi.Strip(long.view(st, 60, 40))
	if strings.Contains(view, "1. ") || !strings.Contains(view, "> Option A") {
		t.Errorf("a menu of ten shows numbers the keys cannot reach:\n%s", view)
	}
	if got := long.update(press("2"), keys); got != nil || long.cursor != 0 {
		t.Errorf("2 chose %v, cursor %d, in a menu without numbers", got, long.cursor)
	}
	if long.numberKey(keys.Number).Enabled() {
		t.Error("the help names the number keys for a menu without numbers")
	}
}
