package ui

import (
	"image/color"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"github.com/mdmtoken/mdmtoken/steps"
)

// TestFirstFrameLaidOutOnce feeds the wizard what Bubble Tea sends it at
// start, in that order, asking for the view after each message as a
// program does: the frame is laid out once, at the terminal's size, unless
// the terminal's background calls for the light styles, which is a second
// frame that looks different.
func TestFirstFrameLaidOutOnce(t *testing.T) {
	catalog, err := steps.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		w, h    int
		bg      color.Color
		layouts int
	}{
		{"80x24 dark", 80, 24, color.Black, 1},
		{"120x40 dark", 120, 40, color.Black, 1},
		{"40x12 dark", 40, 12, color.Black, 1},
		{"80x24 light", 80, 24, color.White, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			var model tea.Model = New(Options{Catalog: catalog, Dir: t.TempDir(), Now: func() time.Time { return time.Date(2026, 6, 2, 14, 30, 0, 0, time.UTC) }})
			_ = model.Init()
			var frames []string
			view := func() { frames = append(frames, model.View().Content) }
			view() // a program draws once before any message
			for _, msg := range []tea.Msg{
				tea.ColorProfileMsg{Profile: colorprofile.TrueColor},
				tea.WindowSizeMsg{Width: c.w, Height: c.h},
				tea.EnvMsg{"TERM=xterm-256color"},
				tea.RequestBackgroundColor(), // Bubble Tea's own request passes through Update
				tea.ModeReportMsg{Mode: ansi.ModeSynchronizedOutput, Value: ansi.ModeNotRecognized},
				tea.ModeReportMsg{Mode: ansi.ModeUnicodeCore, Value: ansi.ModeNotRecognized},
				tea.BackgroundColorMsg{Color: c.bg},
			} {
				model, _ = model.Update(msg)
				view()
			}
			if got := model.(Model).frame.layouts; got != c.layouts {
				t.Errorf("%d layouts before the first frame, want %d", got, c.layouts)
			}
			if frames[0] != "" {
				t.Errorf("a frame was laid out before the terminal's size was known:\n%s", frames[0])
			}
			last := frames[len(frames)-1]
			if !strings.Contains(ansi.Strip(last), "Check a file") || strings.Count(last, "\n")+1 > c.h {
				t.Errorf("the first frame is not the first screen at %dx%d:\n%s", c.w, c.h, ansi.Strip(last))
			}
			// Bubble Tea's renderer fills go-runewidth's 2 MB width table
			// at the first character past U+02FF on a terminal without
			// Unicode core mode: the first screen draws none.
			if i := strings.IndexFunc(ansi.Strip(last), func(r rune) bool { return r >= 0x300 }); i >= 0 {
				r, _ := utf8.DecodeRuneInString(ansi.Strip(last)[i:])
				t.Errorf("the first frame at %dx%d draws %q (U+%04X), past U+02FF", c.w, c.h, r, r)
			}
			if c.layouts == 2 && frames[len(frames)-2] == last {
				t.Error("the light background did not change the frame")
			}
		})
	}
}

// TestFrameFollowsChanges: a frame kept for unchanged messages is drawn
// again once something changes: a key, or a new size.
func TestFrameFollowsChanges(t *testing.T) {
	catalog, err := steps.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var model tea.Model = New(Options{Catalog: catalog, Dir: t.TempDir(), Now: time.Now})
	_ = model.Init()
	model, _ = model.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	before := model.View().Content
	model, _ = model.Update(tea.EnvMsg{})
	if model.View().Content != before {
		t.Error("an unchanged message changed the frame")
	}
	model, _ = model.Update(tea.KeyPressMsg{Code: tea.KeyDown})
	moved := model.View().Content
	if moved == before {
		t.Error("the cursor move did not change the frame")
	}
	model, _ = model.Update(tea.WindowSizeMsg{Width: 60, Height: 20})
	if v := ansi.Strip(model.View().Content); strings.Count(v, "\n")+1 > 20 || v == ansi.Strip(moved) {
		t.Errorf("the frame did not follow the new size:\n%s", v)
	}
}
