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
	mark   renewal.Mark  // the verdict's badge
	menu   menu
	body   scroller // the details, scrolled with the page keys; the arrows move the menu
}

func newVerdictScreen(sh *shared, c renewal.Checked, portal string, choices []renewal.Choice, checks []string, checking bool, match renewal.Match, mark renewal.Mark) *verdictScreen {
	var opts []option
	for _, ch := range choices {
		title := renewal.ChoiceLabel(ch, portal, checking, renewal.Matched(choices), c.Report.Kind)
		opts = append(opts, option{title: title, act: decided{choice: ch}})
	}
	return &verdictScreen{sh: sh, report: c.Report, source: c.Name(), checks: checks, match: match, mark: mark, menu: newMenu(opts),
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

// heading is the verdict itself, always in view; on a short screen the
// verdict alone, what the file is going first into the details.
func (s *verdictScreen) heading() string {
	st := s.sh.styles
	if s.compact() {
		return wrap(markBadge(st, s.mark), s.width)
	}
	return wrap(markBadge(st, s.mark)+"  "+st.heading.Render(s.report.Kind.Label()), s.width)
}

// compact is true on short screens: the blank lines go, and so does what
// the file is from the heading.
func (s *verdictScreen) compact() bool { return s.height < 12 }

// details is everything the verdict says below its heading, in order of
// reading.
func (s *verdictScreen) details() string {
	st, w, r := s.sh.styles, min(s.width, readWidth), s.report
	// What the checks say can quote names and fields: made safe here too.
	verdict := []string{token.Printable(r.Message)}
	if r.Action != "" {
		verdict = append(verdict, st.heading.Render("What to do: "+token.Printable(r.Action)))
	}
	// The minor facts come last, so that what to do shows first; on a
	// short screen the verdict comes before the facts too, under what
	// the file is.
	var parts, minor []string
	if s.compact() {
		parts = append([]string{st.heading.Render(r.Kind.Label())}, verdict...)
	}
	parts = append(parts, st.label.Render("File: ")+token.Printable(s.source))
	for _, f := range renewal.Facts(r, s.sh.now()) {
		if f.Minor {
			minor = append(minor, renderFact(st, f))
			continue
		}
		parts = append(parts, renderFact(st, f))
	}
	if !s.compact() {
		parts = append(append(parts, ""), verdict...)
	}
	if s.match.Text != "" {
		parts = append(parts, st.label.Render(s.match.Label+": ")+token.Printable(s.match.Text))
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

// sync lays the details out in the room the heading and the menu leave:
// the menu shows all its choices where at least two lines of the details
// still fit beside them.
func (s *verdictScreen) sync() string {
	st := s.sh.styles
	avail := s.height - lines(s.heading()) - s.gap()
	titles := lines(s.menu.render(st, s.width, 0, len(s.menu.options), false))
	menu := s.menu.view(st, s.width, max(1, min(titles, avail-2)))
	s.body.sync(s.width, avail-lines(menu), s.details())
	return menu
}

// gap is the blank line between the details and the menu, dropped on
// short screens.
func (s *verdictScreen) gap() int {
	if s.compact() {
		return 0
	}
	return 1
}

func (s *verdictScreen) View() string {
	menu := s.sync()
	return s.heading() + "\n" + s.body.view(s.sh.styles) + "\n" + strings.Repeat("\n", s.gap()) + menu
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
