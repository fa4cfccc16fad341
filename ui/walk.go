package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/mdmtoken/mdmtoken/steps"
)

// walkScreen shows a guide's steps one at a time, with where the user is
// and a progress bar. A step with a warning needs an explicit "y" first.
type walkScreen struct {
	sh        *shared
	where     string // e.g. "Apple Business Manager"
	steps     []steps.Step
	index     int
	confirmed map[int]bool // warning steps the user confirmed
	nag       bool         // enter was pressed on an unconfirmed warning
	file      string       // the validated file, named on upload steps
	folder    string       // where that file is, when it was picked from disk
	facts     string       // whom the file is for: organisation, location or server
	done      tea.Msg      // sent after the last step
	bar       progress.Model
}

func newWalkScreen(sh *shared, where string, list []steps.Step, done tea.Msg) walkScreen {
	bar := progress.New(progress.WithColors(lipgloss.Color(sh.styles.progress[0]), lipgloss.Color(sh.styles.progress[1])), progress.WithoutPercentage(), progress.WithFillCharacters('█', '░'))
	return walkScreen{sh: sh, where: where, steps: list, confirmed: map[int]bool{}, done: done, bar: bar}
}

func (s walkScreen) step() steps.Step { return s.steps[s.index] }

func (s walkScreen) needsConfirm() bool {
	return s.step().Warning != "" && !s.confirmed[s.index]
}

func (s walkScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return s, nil
	}
	keys := s.sh.keys
	switch {
	case key.Matches(k, keys.Confirm) && s.needsConfirm():
		s.confirmed[s.index] = true
		s.nag = false
		var cmd tea.Cmd
		if s.step().Download {
			cmd = send(downloadConfirmed{at: s.sh.now()})
		}
		return s.advance(cmd)
	case key.Matches(k, keys.Next):
		if s.needsConfirm() {
			s.nag = true
			return s, nil
		}
		return s.advance(nil)
	case key.Matches(k, keys.Back):
		s.nag = false
		if s.index == 0 {
			return s, send(backMsg{})
		}
		s.index--
	}
	return s, nil
}

// advance moves to the next step or reports the walk done.
func (s walkScreen) advance(cmd tea.Cmd) (screen, tea.Cmd) {
	if s.index == len(s.steps)-1 {
		return s, tea.Batch(cmd, send(s.done))
	}
	s.index++
	return s, cmd
}

func (s walkScreen) View() string {
	st, w := s.sh.styles, s.sh.width
	step := s.step()
	var b strings.Builder

	pos := fmt.Sprintf("%s, step %d of %d", s.where, s.index+1, len(s.steps))
	b.WriteString(st.label.Render(pos) + "\n")
	s.bar.SetWidth(min(w, 40))
	b.WriteString(s.bar.ViewAs(float64(s.index+1)/float64(len(s.steps))) + "\n\n")

	b.WriteString(st.heading.Render(wrap(step.Text, w)) + "\n")
	if step.Upload && s.file != "" {
		b.WriteString("\n" + st.label.Render("Choose this file: ") + st.selected.Render(s.file) + "\n")
		if s.folder != "" {
			b.WriteString(st.label.Render("In the folder: ") + shortenPath(s.folder, w-15) + "\n")
		}
		if s.facts != "" {
			b.WriteString(st.label.Render("It is for: ") + wrap(s.facts, max(10, w-12)) + "\n")
		}
	}
	if step.Detail != "" {
		b.WriteString("\n" + st.detail.Render(wrap(step.Detail, w)) + "\n")
	}
	if step.Note != "" {
		b.WriteString("\n" + st.note.Render(wrap("Note: "+step.Note, w)) + "\n")
	}
	if step.Warning != "" {
		b.WriteString("\n" + st.warning.Render(wrap("Warning: "+step.Warning, w-2)) + "\n")
		switch {
		case s.confirmed[s.index]:
			b.WriteString(st.dim.Render("Confirmed.") + "\n")
		case s.nag:
			b.WriteString(st.banner.Render(wrap("Press y to confirm you will finish the upload now, or esc to go back.", w)) + "\n")
		default:
			b.WriteString(st.text.Render(wrap("Press y to confirm you will finish the upload right after this download.", w)) + "\n")
		}
	}
	return clip(strings.TrimRight(b.String(), "\n"), w, s.sh.height)
}

func (s walkScreen) Help() bindings {
	k := s.sh.keys
	if s.needsConfirm() {
		confirm := key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "confirm"))
		return k.helpFor(confirm, k.Back)
	}
	next := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "done, next step"))
	return k.helpFor(next, k.Back)
}
