package ui

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// screen is one page of the wizard. Screens render only their body; the
// root model draws the header, banners and help line around it and routes
// messages. A screen reports what the user decided by returning a command
// that yields one of the navigation messages below.
type screen interface {
	Update(msg tea.Msg) (screen, tea.Cmd)
	View() string
	Help() bindings
}

// shared is the state every screen reads: size, styles, keys and the clock.
type shared struct {
	width, height int // body size, inside the header and help line
	styles        styles
	keys          keyMap
	now           func() time.Time
}

// Navigation messages, sent by screens to the root model.
type (
	backMsg           struct{}
	taskChosenMsg     struct{ task task }
	appleChosenMsg    struct{ id string }
	portalChosenMsg   struct{ id string }
	caveatsReadMsg    struct{}
	appleStepsDoneMsg struct{}
	portalStepsDone   struct{}
	downloadConfirmed struct{ at time.Time }
	pasteRequestedMsg struct{}
	verdictChoiceMsg  struct{ choice verdictChoice }
	acceptedMsg       struct{ accepted bool }
	quitMsg           struct{} // leave, once pending work is done
)

// send wraps a message in a command.
func send(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

// wrap word-wraps s to width columns, keeping at least a few columns.
func wrap(s string, width int) string {
	if width < 10 {
		width = 10
	}
	return lipgloss.Wrap(s, width, " -/")
}

// clip wraps a block to width columns and cuts it to at most height
// lines, marking the cut.
func clip(s string, width, height int) string {
	if height < 1 {
		return ""
	}
	lines := strings.Split(lipgloss.Wrap(s, max(1, width), " -/"), "\n")
	if len(lines) <= height {
		return strings.Join(lines, "\n")
	}
	lines = lines[:height]
	if height > 1 {
		lines[height-1] = "…"
	}
	return strings.Join(lines, "\n")
}

// dateOnly formats a time as a calendar date in local time.
func dateOnly(t time.Time) string { return t.Local().Format("2006-01-02") }
