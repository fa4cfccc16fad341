package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/token"
)

// verdictScreen says what the chosen file is, what was checked, and what to
// do, and offers the ways on the renewal allows.
type verdictScreen struct {
	frame
	sh     *shared
	report token.Report
	source string // file name, or "pasted text"
	checks []string
	server string // how the DEP token's server was checked; empty for other files
	menu   menu
}

// choiceTitle words a way on from the verdict.
func choiceTitle(c renewal.Choice, portal string, checking, serverChecked bool) string {
	switch c {
	case renewal.Continue:
		if !serverChecked {
			return "Continue to the " + portal + " steps without checking the server"
		}
		return "Continue to the " + portal + " steps"
	case renewal.ChooseCert:
		return "Check the server: choose the MDM's certificate"
	case renewal.UseAnyway:
		return "Use this file anyway"
	case renewal.PickAgain:
		if checking {
			return "Check another file"
		}
		return "Pick another file"
	case renewal.Redownload:
		return "Go back to the download steps"
	case renewal.ChooseServer:
		return "Go back to choosing the MDM server"
	case renewal.Restart:
		return "Back to the start"
	case renewal.RenewInstead:
		return "Go back to the Push Certificates Portal: renew the right certificate"
	}
	return "Quit"
}

func newVerdictScreen(sh *shared, c renewal.Checked, portal string, choices []renewal.Choice, checks []string, checking bool, server string) *verdictScreen {
	var opts []option
	for _, ch := range choices {
		title := choiceTitle(ch, portal, checking, !slices.Contains(choices, renewal.ChooseCert))
		opts = append(opts, option{title: title, act: decided{choice: ch}})
	}
	return &verdictScreen{sh: sh, report: c.Report, source: c.Name(), checks: checks, server: server, menu: newMenu(opts)}
}

func (s *verdictScreen) Init() tea.Cmd { return nil }

// Update: esc means picking another file.
func (s *verdictScreen) Update(msg tea.Msg) (tea.Cmd, action) {
	keys := s.sh.keys.Verdict
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, keys.Back) {
		return nil, decided{choice: renewal.PickAgain}
	}
	if o := s.menu.update(msg, keys); o != nil {
		return nil, o.act
	}
	return nil, nil
}

func (s *verdictScreen) View() string {
	st, w, r := s.sh.styles, s.width, s.report
	menu := s.menu.view(st, w, len(s.menu.options))
	room := s.height - lines(menu) - 1

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
	if s.server != "" {
		// A token for another server says so in its badge already.
		parts = append(parts, part{st.label.Render("Server check: ") + s.server, r.Status == token.StatusWrongServer})
	}
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

func (s *verdictScreen) Help() bindings {
	k := s.sh.keys.Verdict
	return s.sh.keys.helpFor(k.Up, k.Down, k.Choose, k.Back)
}
