package ui

import (
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
	match  renewal.Match // how the file was matched to the MDM's server or topic; zero for other files
	menu   menu
	body   scroller // the details, scrolled with the page keys; the arrows move the menu
}

func newVerdictScreen(sh *shared, c renewal.Checked, portal string, choices []renewal.Choice, checks []string, checking bool, match renewal.Match) *verdictScreen {
	var opts []option
	for _, ch := range choices {
		title := renewal.ChoiceLabel(ch, portal, checking, renewal.Matched(choices), c.Report.Kind)
		opts = append(opts, option{title: title, act: decided{choice: ch}})
	}
	return &verdictScreen{sh: sh, report: c.Report, source: c.Name(), checks: checks, match: match, menu: newMenu(opts),
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
	parts := []string{st.label.Render("File: ") + s.source}
	var minor []string
	for _, f := range facts(r, s.sh.now()) {
		if f.minor {
			minor = append(minor, f.render(st))
			continue
		}
		parts = append(parts, f.render(st))
	}
	parts = append(parts, "", r.Message)
	if r.Action != "" {
		parts = append(parts, st.heading.Render("What to do: "+r.Action))
	}
	if s.match.Text != "" {
		parts = append(parts, st.label.Render(s.match.Label+": ")+s.match.Text)
	}
	parts = append(parts, minor...)
	for _, n := range r.Notes {
		parts = append(parts, st.note.Render("Note: "+n))
	}
	if len(s.checks) > 0 && r.Status.Severity() != token.SeverityProblem {
		parts = append(parts, st.label.Render("Checked: ")+strings.Join(s.checks, "; "))
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
