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

// upload is what the upload step says about the checked file.
type upload struct {
	file    string // its name, or what it is when the name is unknown
	pattern string // Apple's name for such a file, when the name is unknown
	folder  string // where it is, when it was picked from disk
	facts   string // whom it is for: organisation, location or server
}

// walkScreen shows a guide's steps one at a time, with where the user is
// and a progress bar. A step with a warning needs an explicit "y" first.
type walkScreen struct {
	frame
	sh        *shared
	where     string // e.g. "Apple Business Manager"
	steps     []steps.Step
	index     int
	confirmed map[int]bool // warning steps the user confirmed
	nag       bool         // enter was pressed on an unconfirmed warning
	upload    upload       // named on the upload step
	practice  bool         // a training run: the download step says not to click it for real
	bar       progress.Model
}

// newWalkScreen starts a walk at step index; confirmed tells which warning
// steps were confirmed before; practice marks a training run.
func newWalkScreen(sh *shared, where string, list []steps.Step, index int, confirmed func(int) bool, up upload, practice bool) *walkScreen {
	bar := progress.New(progress.WithColors(lipgloss.Color(sh.styles.progress[0]), lipgloss.Color(sh.styles.progress[1])), progress.WithoutPercentage(), progress.WithFillCharacters('█', '░'))
	s := &walkScreen{sh: sh, where: where, steps: list, index: index, confirmed: map[int]bool{}, upload: up, practice: practice, bar: bar}
	for i := range list {
		if confirmed(i) {
			s.confirmed[i] = true
		}
	}
	return s
}

func (s *walkScreen) step() steps.Step { return s.steps[s.index] }

func (s *walkScreen) needsConfirm() bool {
	return s.step().Warning != "" && !s.confirmed[s.index]
}

func (s *walkScreen) Init() tea.Cmd { return nil }

func (s *walkScreen) Update(msg tea.Msg) (tea.Cmd, action) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil, nil
	}
	keys := s.sh.keys.Walk
	switch {
	case key.Matches(k, keys.Confirm) && s.needsConfirm():
		s.confirmed[s.index] = true
		s.nag = false
		return nil, s.advance(s.index)
	case key.Matches(k, keys.Next):
		if s.needsConfirm() {
			s.nag = true
			return nil, nil
		}
		return nil, s.advance(-1)
	case key.Matches(k, keys.Back):
		s.nag = false
		if s.index == 0 {
			return nil, goBack{}
		}
		s.index--
		return nil, walked{step: s.index, confirmed: -1}
	}
	return nil, nil
}

// advance moves to the next step, or past the last; confirmed is the step
// whose warning was just confirmed, or -1.
func (s *walkScreen) advance(confirmed int) action {
	if s.index == len(s.steps)-1 {
		return walked{step: s.index, confirmed: confirmed, done: true}
	}
	s.index++
	return walked{step: s.index, confirmed: confirmed}
}

func (s *walkScreen) View() string {
	st, w := s.sh.styles, s.width
	step := s.step()
	var b strings.Builder

	pos := fmt.Sprintf("%s, step %d of %d", s.where, s.index+1, len(s.steps))
	b.WriteString(st.label.Render(pos) + "\n")
	s.bar.SetWidth(min(w, 40))
	b.WriteString(s.bar.ViewAs(float64(s.index+1)/float64(len(s.steps))) + "\n\n")

	if step.Download && s.practice {
		// First, so that it shows on the smallest screen.
		b.WriteString(st.banner.Render(wrap("Practice: do not click Download Token in a real portal now: it would reset your organization's real token at once. Here, pressing y only goes on.", w)) + "\n")
	}
	b.WriteString(st.heading.Render(wrap(step.Text, w)) + "\n")
	if up := s.upload; step.Upload && up.file != "" {
		b.WriteString("\n" + st.label.Render("Choose this file: ") + st.selected.Render(up.file) + "\n")
		if up.pattern != "" {
			b.WriteString(st.label.Render("Apple names it: ") + up.pattern + "\n")
		}
		if up.folder != "" {
			b.WriteString(st.label.Render("In the folder: ") + shortenPath(up.folder, w-15) + "\n")
		}
		if up.facts != "" {
			b.WriteString(st.label.Render("It is for: ") + wrap(up.facts, max(10, w-12)) + "\n")
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
		case step.Download:
			b.WriteString(st.text.Render(wrap("Press y to confirm you will finish the upload right after this download.", w)) + "\n")
		default:
			b.WriteString(st.text.Render(wrap(confirmPrompt(step), w)) + "\n")
		}
	}
	return clip(strings.TrimRight(b.String(), "\n"), w, s.height)
}

func (s *walkScreen) Help() bindings {
	k := s.sh.keys.Walk
	if s.needsConfirm() {
		return s.sh.keys.helpFor(k.Confirm, k.Back)
	}
	return s.sh.keys.helpFor(k.Next, k.Back)
}

// confirmPrompt asks to confirm a warning that is not a download's: for
// the push certificate's Renew step, that Renew is what will be clicked.
func confirmPrompt(step steps.Step) string {
	if step.ID == "renew" {
		return "Press y to confirm you will click Renew for the certificate your MDM uses, not Create a Certificate or Revoke."
	}
	return "Press y to confirm you have read the warning and will do as it says."
}
