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
	body   scroller // the details, scrolled with the page keys; the arrows move the menu
}

// choiceTitle words a way on from the verdict.
func choiceTitle(c renewal.Choice, portal string, checking, serverChecked bool, kind token.Kind) string {
	switch c {
	case renewal.RenewThis:
		return "Renew this " + kind.Noun() + " now"
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
		title := choiceTitle(ch, portal, checking, !slices.Contains(choices, renewal.ChooseCert), c.Report.Kind)
		opts = append(opts, option{title: title, act: decided{choice: ch}})
	}
	return &verdictScreen{sh: sh, report: c.Report, source: c.Name(), checks: checks, server: server, menu: newMenu(opts),
		body: newScrollerArrows(sh.keys.Verdict.Scroll, false)}
}

func (s *verdictScreen) Init() tea.Cmd { return nil }

// Update: esc means picking another file.
func (s *verdictScreen) Update(msg tea.Msg) (tea.Cmd, action) {
	keys := s.sh.keys.Verdict
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, keys.Back) {
		return nil, decided{choice: renewal.PickAgain}
	}
	if o := s.menu.update(msg, keys.menuKeys); o != nil {
		return nil, o.act
	}
	s.sync()
	return s.body.update(msg), nil
}

// heading is the verdict itself, always in view.
func (s *verdictScreen) heading() string {
	st := s.sh.styles
	return wrap(statusBadge(st, s.report.Status)+"  "+st.heading.Render(s.report.Kind.Label()), s.width)
}

// details is everything the verdict says below its heading, in order of
// reading.
func (s *verdictScreen) details() string {
	st, w, r := s.sh.styles, min(s.width, readWidth), s.report
	// The minor facts come last, so that what to do shows first.
	parts := []string{st.label.Render("File: ") + token.Printable(s.source)}
	var minor []string
	for _, f := range facts(r, s.sh.now()) {
		if f.minor {
			minor = append(minor, f.render(st))
			continue
		}
		parts = append(parts, f.render(st))
	}
	// What the checks say can quote names and fields: made safe here too.
	parts = append(parts, "", token.Printable(r.Message))
	if r.Action != "" {
		parts = append(parts, st.heading.Render("What to do: "+token.Printable(r.Action)))
	}
	if s.server != "" {
		parts = append(parts, st.label.Render("Server check: ")+token.Printable(s.server))
	}
	parts = append(parts, minor...)
	for _, n := range r.Notes {
		parts = append(parts, st.note.Render("Note: "+token.Printable(n)))
	}
	if len(s.checks) > 0 && r.Status.Severity() != token.SeverityProblem {
		parts = append(parts, st.label.Render("Checked: ")+token.Printable(strings.Join(s.checks, "; ")))
	}
	for i, p := range parts {
		parts[i] = wrap(p, w)
	}
	return strings.Join(parts, "\n")
}

// sync lays the details out in the room the heading and the menu leave.
func (s *verdictScreen) sync() string {
	menu := s.menu.view(s.sh.styles, s.width, max(3, s.height/2))
	gap := 1
	if s.height < 12 {
		gap = 0
	}
	room := s.height - lines(s.heading()) - lines(menu) - gap
	s.body.sync(s.width, room, s.details())
	return menu
}

func (s *verdictScreen) View() string {
	menu := s.sync()
	gap := "\n\n"
	if s.height < 12 {
		gap = "\n"
	}
	return s.heading() + "\n" + s.body.view(s.sh.styles) + gap + menu
}

func (s *verdictScreen) Help() bindings {
	k := s.sh.keys.Verdict
	short := []key.Binding{k.Up, k.Down, k.Choose}
	if s.body.scrolls() {
		short = []key.Binding{k.Choose, k.Scroll.PageDown}
	}
	b := s.sh.keys.helpFor(append(short, k.Back)...)
	b.full[0] = append([]key.Binding{k.Up, k.Down, k.Choose, k.Number, k.Letter, k.Back}, s.body.help()...)
	return b
}
