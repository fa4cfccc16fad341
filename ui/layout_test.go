package ui_test

import (
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mdmtoken/mdmtoken/token"
	"github.com/mdmtoken/mdmtoken/ui"
)

// helpLine is the key help at the bottom of a screen: its last line, and
// the line before when the help wraps onto two.
func helpLine(screen string) string {
	rows := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	last := strings.TrimSpace(rows[len(rows)-1])
	if n := len(rows); n > 1 && strings.Contains(rows[n-2], " · ") {
		return strings.TrimSpace(rows[n-2]) + " · " + last
	}
	return last
}

// checkFits fails when the screen has more rows or wider rows than the
// terminal.
func checkFits(t *testing.T, screen string, w, h int) {
	t.Helper()
	rows := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	if len(rows) > h {
		t.Errorf("%dx%d: %d rows", w, h, len(rows))
	}
	widest, at := 0, 0
	for i, r := range rows {
		if n := ansi.StringWidth(strings.TrimRight(r, " ")); n > widest {
			widest, at = n, i
		}
	}
	if widest > w {
		t.Errorf("%dx%d: row %d is %d columns: %q", w, h, at+1, widest, strings.TrimRight(rows[at], " "))
	}
}

// drawnFor checks that the wizard has drawn for a terminal w columns wide:
// its rule, a run of w-2 underlined spaces, is in the view.
func (h *driver) drawnFor(w int) {
	h.t.Helper()
	rule := regexp.MustCompile(`\x1b\[(?:[0-9;]*;)?4m( *)\x1b\[m`)
	h.check("rule for width", func(string) bool {
		for _, m := range rule.FindAllStringSubmatch(h.m.View().Content, -1) {
			if len(m[1]) == max(1, w-2) {
				return true
			}
		}
		return false
	})
}

// TestPickerSmall is the picker on a 40x12 terminal during a VPP renewal:
// the details go under the list, and the help line stays.
func TestPickerSmall(t *testing.T) {
	h := start(t, ui.Options{Kind: token.KindVPP, Apple: "abm", Portal: "relution"}, 40, 12)
	h.see(caveats)
	v := h.toPicker(guide(t, token.KindVPP, "abm", "relution"))
	if got := rowFile(cursorRow(v)); got < 0 || listed()[got] != vppName {
		t.Fatalf("cursor not on the VPP token:\n%s", v)
	}
	h.golden()
	s := h.screen()
	if rows := strings.Count(strings.TrimRight(s, "\n"), "\n") + 1; rows > 12 {
		t.Errorf("%d rows on a 12-row terminal", rows)
	}
	if !strings.Contains(cursorRow(s), vppName[:20]) {
		t.Errorf("the highlighted file is not shown:\n%s", s)
	}
	if !strings.Contains(helpLine(s), "enter") {
		t.Errorf("help line missing at 40x12:\n%s", s)
	}
}

// TestResize sends a series of sizes to each screen: nothing panics, each
// size is drawn, and back at 80x24 the screen is as before, help line
// included.
func TestResize(t *testing.T) {
	sizes := [][2]int{{120, 40}, {40, 12}, {20, 5}, {80, 24}}
	cases := []struct {
		name string
		to   func(h *driver)
	}{
		{"task", func(h *driver) { h.see(askTask) }},
		{"caveats", func(h *driver) {
			h.chooseTask("dep")
			h.chooseApple("abm")
			h.choosePortal("dep", "relution")
		}},
		{"picker", func(h *driver) {
			h.chooseTask("dep")
			h.chooseApple("abm")
			h.choosePortal("dep", "relution")
			h.toPicker(guide(h.t, "dep", "abm", "relution"))
		}},
		{"verdict", func(h *driver) {
			h.chooseTask("dep")
			h.chooseApple("abm")
			h.choosePortal("dep", "relution")
			toVerdictOK(h, guide(h.t, "dep", "abm", "relution"))
		}},
		{"confirm", func(h *driver) {
			h.chooseTask("dep")
			h.chooseApple("abm")
			h.choosePortal("dep", "relution")
			toConfirm(h, guide(h.t, "dep", "abm", "relution"))
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := start(t, ui.Options{})
			c.to(h)
			before := h.view()
			for _, sz := range sizes {
				h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
				h.drawnFor(sz[0])
			}
			s := h.screen()
			if !strings.Contains(helpLine(s), "? more keys") {
				t.Errorf("no help line at 80x24 after resizing:\n%s", s)
			}
			checkFits(t, s, 80, 24)
			if s != h.screenText(before) {
				t.Errorf("80x24 after resizing differs from before:\nbefore:\n%s\nafter:\n%s", h.screenText(before), s)
			}
		})
	}
}

// TestPickerResizeKeepsList shrinks the terminal while the picker shows
// and grows it again: the list must show every file again, with the
// highlighted one visible at each size.
func TestPickerResizeKeepsList(t *testing.T) {
	h, g := depRelution(t)
	before := h.screenText(h.toPicker(g))
	for _, sz := range [][2]int{{80, 14}, {40, 12}, {20, 5}, {80, 24}} {
		h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		h.drawnFor(sz[0])
		// At 40 columns a DEP token's row keeps its server and its day.
		if v := h.view(); sz[1] >= 12 && !strings.Contains(cursorRow(v), freshDEPName[:10]) {
			t.Errorf("%dx%d: the highlighted file is not shown:\n%s", sz[0], sz[1], v)
		}
	}
	if s := h.screen(); s != before {
		t.Errorf("80x24 after resizing differs from before:\nbefore:\n%s\nafter:\n%s", before, s)
	}
}

// TestNarrowHeaderFits: at 40 columns no line of any screen may be wider
// than the terminal.
func TestNarrowHeaderFits(t *testing.T) {
	h := start(t, ui.Options{Kind: token.KindVPP, Apple: "abm", Portal: "relution"}, 40, 12)
	h.see(caveats)
	h.drawnFor(40)
	checkFits(t, h.view(), 40, 12)
	h.toPicker(guide(t, token.KindVPP, "abm", "relution"))
	checkFits(t, h.screen(), 40, 12)
}

// TestPickerNarrowShowsDetails: at 40 columns the details go under the
// list; at least their first line (the verdict) must show.
func TestPickerNarrowShowsDetails(t *testing.T) {
	h := start(t, ui.Options{Kind: token.KindVPP, Apple: "abm", Portal: "relution"}, 40, 12)
	h.see(caveats)
	h.toPicker(guide(t, token.KindVPP, "abm", "relution"))
	if s := h.screen(); !strings.Contains(s, "✓ OK") {
		t.Errorf("no details under the list:\n%s", s)
	}
}
