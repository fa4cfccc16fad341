package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

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

// heading is the verdict itself, always in view, with what the file is;
// on a short screen what the file is goes into the details when the two
// do not fit on one line, and the file's name, cut to the room left,
// takes its place: the reason below may name another file.
func (s *verdictScreen) heading() string {
	st := s.sh.styles
	if s.compact() && !s.kindInHeading() {
		badge := markBadge(st, s.mark)
		if name, _ := s.headingName(); name != "" {
			return badge + "  " + name
		}
		return wrap(badge, s.width)
	}
	return wrap(markBadge(st, s.mark)+"  "+st.heading.Render(s.report.Kind.Label()), s.width)
}

// headingName is the file's name as the heading of a short screen shows
// it beside the badge, cut to the room left, and whether it is whole; ""
// when it has no room.
func (s *verdictScreen) headingName() (string, bool) {
	name := token.Printable(s.source)
	room := s.width - ansi.StringWidth(markBadge(s.sh.styles, s.mark)) - 2
	if room < minHeadingName {
		return "", false
	}
	cut := cutName(name, room, false)
	return cut, cut == name
}

// minHeadingName is the fewest columns a file's name is cut to beside
// the verdict's badge; with less room the badge stands alone.
const minHeadingName = 10

// kindInHeading reports whether what the file is fits on the verdict's
// line.
func (s *verdictScreen) kindInHeading() bool {
	st := s.sh.styles
	return ansi.StringWidth(markBadge(st, s.mark)+"  "+s.report.Kind.Label()) <= s.width
}

// compact is true on short screens: the blank lines go, and so does what
// the file is from the heading.
func (s *verdictScreen) compact() bool { return s.height < 12 }

// details is everything the verdict says below its heading, in order of
// reading.
func (s *verdictScreen) details() string {
	first, rest := s.detailParts()
	return strings.Join(append(first, rest...), "\n")
}

// detailParts is the details, each part wrapped: first is what must be
// in view above the menu on a short screen (what is wrong and what to do
// for a problem or a warning, the file and its facts for a good file),
// rest the others.
func (s *verdictScreen) detailParts() (first, rest []string) {
	st, w, r := s.sh.styles, min(s.width, readWidth), s.report
	// What the checks say can quote names and fields: made safe here too.
	verdict := []string{token.Printable(r.Message)}
	if r.Action != "" {
		verdict = append(verdict, st.heading.Render("What to do: "+token.Printable(r.Action)))
	}
	// The minor facts come last, so that what to do shows first.
	var facts, minor []string
	if _, whole := s.headingName(); !s.compact() || s.kindInHeading() || !whole {
		facts = append(facts, st.label.Render("File: ")+token.Printable(s.source))
	}
	for _, f := range renewal.Facts(r, s.sh.now()) {
		if f.Minor {
			minor = append(minor, renderFact(st, f))
			continue
		}
		facts = append(facts, renderFact(st, f))
	}
	switch {
	case !s.compact():
		first, rest = append(append(facts, ""), verdict...), nil
	case s.mark.Severity == token.SeverityOK:
		// A short screen: the file and its facts before all else.
		first, rest = facts, verdict
	default:
		// A short screen: what is wrong before all else.
		first, rest = verdict, facts
	}
	if s.compact() && !s.kindInHeading() {
		rest = append([]string{st.heading.Render(r.Kind.Label())}, rest...)
	}
	if s.match.Text != "" {
		rest = append(rest, st.label.Render(s.match.Label+": ")+token.Printable(s.match.Text))
	}
	rest = append(rest, minor...)
	for _, n := range r.Notes {
		rest = append(rest, st.note.Render("Note: "+token.Printable(n)))
	}
	if len(s.checks) > 0 && r.Status.Severity() != token.SeverityProblem {
		rest = append(rest, st.label.Render("Checked: ")+token.Printable(strings.Join(s.checks, "; ")))
	}
	for i, p := range first {
		first[i] = wrap(p, w)
	}
	for i, p := range rest {
		rest[i] = wrap(p, w)
	}
	return first, rest
}

// sync lays the details out in the room the heading and the menu leave:
// the menu shows all its choices where at least two lines of the details
// still fit beside them. On a short screen, where the whole menu would
// push what must be read first below it, the menu shows only the option
// highlighted.
func (s *verdictScreen) sync() string {
	st := s.sh.styles
	avail := s.height - lines(s.heading()) - s.gap()
	titles := lines(s.menu.render(st, s.width, 0, len(s.menu.options), false))
	menu := s.menu.view(st, s.width, max(1, min(titles, avail-2)))
	if first, _ := s.detailParts(); s.compact() && titles+lines(strings.Join(first, "\n"))+1 > avail {
		menu = oneOption(st, s.menu, s.width)
	}
	s.body.sync(s.width, avail-lines(menu), s.details())
	return menu
}

// oneOption is the menu cut down to the option highlighted, for a screen
// short of room: its title, and on its last line (or under it) which of
// how many it is and the keys to the others, shortened where the
// title leaves little room beside it, in full on a line of its own.
func oneOption(st styles, m menu, width int) string {
	opt := m.render(st, width, m.cursor, m.cursor+1, false)
	if len(m.options) < 2 {
		return opt
	}
	long := fmt.Sprintf("%d of %d, ↑/↓", m.cursor+1, len(m.options))
	rows := strings.Split(opt, "\n")
	last := rows[len(rows)-1]
	for _, count := range []string{long, fmt.Sprintf("%d/%d ↑↓", m.cursor+1, len(m.options))} {
		if gap := width - ansi.StringWidth(last) - ansi.StringWidth(count); gap >= 2 {
			rows[len(rows)-1] = last + strings.Repeat(" ", gap) + st.more.Render(count)
			return strings.Join(rows, "\n")
		}
	}
	// A line of its own: room for the words.
	rows = append(rows, strings.Repeat(" ", max(0, width-ansi.StringWidth(long)))+st.more.Render(long))
	return strings.Join(rows, "\n")
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
	short := []key.Binding{k.Move, k.Choose}
	if s.body.scrolls() {
		short = []key.Binding{k.Choose, k.Scroll.PageDown}
	}
	b := s.sh.keys.helpFor(append(short, k.Back)...)
	b.full[0] = append([]key.Binding{k.Up, k.Down, k.Choose, s.menu.numberKey(k.Number), k.Letter, k.Back}, s.body.help()...)
	return b
}
