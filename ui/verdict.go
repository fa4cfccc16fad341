package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mdmtoken/mdmtoken/token"
)

// verdictChoice is what the user does after seeing the verdict.
type verdictChoice string

const (
	choiceContinue   verdictChoice = "continue"
	choicePickAgain  verdictChoice = "pick"
	choiceRedownload verdictChoice = "redownload"
	choiceRestart    verdictChoice = "restart"
	choiceQuit       verdictChoice = "quit"
)

// verdictScreen says what the chosen file is, what was checked, and what to
// do, and offers the way forward that fits.
type verdictScreen struct {
	sh     *shared
	report token.Report
	source string // file name, or "pasted text"
	checks []string
	menu   menu
}

func newVerdictScreen(sh *shared, r token.Report, source, portal string, checkOnly bool) verdictScreen {
	var opts []option
	switch {
	case checkOnly:
		opts = []option{
			{title: "Check another file", value: string(choicePickAgain)},
			{title: "Back to the start", value: string(choiceRestart)},
			{title: "Quit", value: string(choiceQuit)},
		}
	case r.Status.Severity() == token.SeverityOK:
		opts = []option{
			{title: "Continue to the " + portal + " steps", value: string(choiceContinue)},
			{title: "Pick another file", value: string(choicePickAgain)},
		}
	case r.Status.Severity() == token.SeverityWarning:
		opts = []option{
			{title: "Pick another file", value: string(choicePickAgain)},
			{title: "Go back to the download steps", value: string(choiceRedownload)},
			{title: "Use this file anyway", value: string(choiceContinue)},
			{title: "Quit", value: string(choiceQuit)},
		}
	default:
		opts = []option{
			{title: "Pick another file", value: string(choicePickAgain)},
			{title: "Go back to the download steps", value: string(choiceRedownload)},
			{title: "Quit", value: string(choiceQuit)},
		}
	}
	return verdictScreen{sh: sh, report: r, source: source, checks: passedChecks(r, !checkOnly), menu: newMenu(opts)}
}

func (s verdictScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, s.sh.keys.Back) {
		return s, send(verdictChoiceMsg{choice: choicePickAgain})
	}
	var chosen *option
	s.menu, chosen = s.menu.update(msg, s.sh.keys)
	if chosen != nil {
		return s, send(verdictChoiceMsg{choice: verdictChoice(chosen.value)})
	}
	return s, nil
}

func (s verdictScreen) View() string {
	st, w, r := s.sh.styles, s.sh.width, s.report
	menu := s.menu.view(s.sh, len(s.menu.options))
	room := s.sh.height - lines(menu) - 1

	// Parts in order of reading; when space is short the optional ones go
	// first, so the verdict and what to do always show.
	type part struct {
		text     string
		optional bool
	}
	parts := []part{
		{statusBadge(st, r.Status) + "  " + st.heading.Render(r.Kind.Label()), false},
		{st.label.Render("File: ") + s.source, false},
	}
	for _, f := range facts(r, s.sh.now()) {
		parts = append(parts, part{f.render(st), f.minor})
	}
	parts = append(parts, part{"", true}, part{r.Message, false})
	if r.Action != "" {
		parts = append(parts, part{st.heading.Render("What to do: " + r.Action), false})
	}
	for _, n := range r.Notes {
		parts = append(parts, part{st.note.Render("Note: " + n), true})
	}
	if len(s.checks) > 0 && r.Status.Severity() != token.SeverityProblem {
		parts = append(parts, part{st.label.Render("Checked: ") + strings.Join(s.checks, "; "), true})
	}
	render := func(withOptional bool) string {
		var out []string
		for _, p := range parts {
			if withOptional || !p.optional {
				out = append(out, wrap(p.text, w))
			}
		}
		return strings.Join(out, "\n")
	}
	details := render(true)
	if lines(details) > room {
		details = render(false)
	}
	return clip(details, w, room) + "\n\n" + menu
}

func (s verdictScreen) Help() bindings {
	k := s.sh.keys
	choose := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose"))
	return k.helpFor(k.Up, k.Down, choose, k.Back)
}

// passedChecks lists, in words, what the report shows to be right; fresh
// says whether the file was judged as a new download.
func passedChecks(r token.Report, fresh bool) []string {
	var out []string
	switch r.Kind {
	case token.KindVPP, token.KindDEP:
		if r.Status != token.StatusWrongKind && r.Status != token.StatusInvalid {
			out = append(out, "content: "+r.Kind.Label())
		}
	default:
		return nil
	}
	if r.Decrypted {
		out = append(out, "decrypted with the MDM's key")
	} else if len(r.Recipients) > 0 && r.Status != token.StatusWrongServer && r.Status != token.StatusInvalid {
		out = append(out, "the envelope is intact")
	}
	if r.HasExpiry() && r.DaysLeft >= 0 {
		out = append(out, "not expired")
	}
	if fresh && (r.Status == token.StatusOK || r.Status == token.StatusExpiring) {
		out = append(out, "a fresh download")
	}
	return out
}
