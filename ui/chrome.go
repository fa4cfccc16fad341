package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/token"
)

// resize gives the screens the body's size: the terminal less the header,
// the rule and the help line.
//
// The help line depends on the body's size (a screen whose text scrolls
// offers the page keys), and the body's size on the help line: the size is
// set again until the two agree (a smaller body never takes a shorter
// help line, so a few rounds do).
func (m *Model) resize() {
	w := max(20, m.termWidth-2)
	m.help.SetWidth(w)
	for range 3 {
		chrome := lines(m.header()) + 1 + lines(m.footer())
		h := max(3, m.termHeight-chrome)
		if w == m.bodyWidth && h == m.bodyHeight {
			break
		}
		m.bodyWidth, m.bodyHeight = w, h
		if m.offer != nil {
			m.offer.SetSize(w, h)
		}
		for _, s := range m.screens {
			s.SetSize(w, h)
		}
	}
}

func (m Model) header() string {
	st := m.sh.styles
	width := max(10, m.termWidth-2)
	title := func(task string) string {
		t := st.title.Render("mdmtoken")
		if task != "" {
			t += st.crumb.Render(" · " + task)
		}
		if m.opts.Practice {
			t = st.practice.Render("PRACTICE") + " " + t
		}
		return t
	}
	head := title("")
	switch {
	case m.r.Checking():
		head = title("Check a file")
	case m.r.Kind() != "":
		// On a narrow terminal the credential's name alone.
		verb := "Renew the "
		if m.r.Uploading() {
			verb = "Upload the " // downloaded during another renewal
		}
		if head = title(verb + m.r.Kind().Noun()); ansi.StringWidth(head) > width {
			head = title(m.r.Kind().Noun())
		}
	}
	head = ansi.Truncate(head, width, "…")
	if g := m.r.Guide(); g != nil {
		head += "\n" + st.crumb.Render(crumb(g.Apple.Name, g.Portal.Name, width))
	}
	if m.r.PendingReset() {
		reset := renewal.ResetBanner(m.r.Kind(), m.termWidth < 62) // one line on a narrow terminal
		head += "\n" + st.banner.Render(wrap(reset, m.termWidth-2))
	}
	if m.stateErr != nil {
		head += "\n" + st.note.Render(wrap("Your place cannot be saved for resuming: "+token.Printable(m.stateErr.Error()), m.termWidth-2))
	}
	for _, n := range m.openingNotes {
		note := wrap(token.Printable(n), m.termWidth-2)
		if rows, room := strings.Split(note, "\n"), max(1, m.termHeight/4); len(rows) > room {
			// On a short terminal the note gives way to the screen: it is
			// said in full again when the wizard ends.
			const more = "… (said again at exit)"
			rows = rows[:room]
			rows[room-1] = ansi.Truncate(rows[room-1], max(1, m.termWidth-2-len([]rune(more))), "") + more
			note = strings.Join(rows, "\n")
		}
		head += "\n" + st.note.Render(note)
	}
	return head
}

// crumb is "Apple portal → MDM portal" in width columns: when it is too
// long, the Apple portal's name is cut first, so that the MDM portal the
// file goes to stays readable.
func crumb(apple, portal string, width int) string {
	full := apple + " → " + portal
	if ansi.StringWidth(full) <= width {
		return full
	}
	if room := width - ansi.StringWidth(" → "+portal); room >= 8 {
		return ansi.Truncate(apple, room, "…") + " → " + portal
	}
	return ansi.Truncate(full, width, "…")
}

func (m Model) footer() string {
	if m.quitAsk {
		return m.sh.styles.banner.Render(wrap(renewal.QuitWarning(m.r.Kind())+" y: quit, n: stay", m.termWidth-2))
	}
	s := m.current()
	if s == nil {
		return ""
	}
	b := s.Help()
	if m.help.ShowAll {
		closeHelp := m.sh.keys.Global.Help
		closeHelp.SetHelp("?", "close help")
		for _, col := range b.full {
			for i := range col {
				if sameKeys(col[i], closeHelp) {
					col[i] = closeHelp
				}
			}
		}
		// In columns where they fit with a few lines of the screen, else
		// one after the other, wrapped, as the short help line is.
		if full := m.help.View(b); lines(full) <= m.termHeight-lines(m.header())-1-3 && showsAll(full, b.full) {
			return full
		}
		var all []key.Binding
		for _, col := range b.full {
			all = append(all, col...)
		}
		return shortHelp(m.help.Styles, all, m.termWidth-2)
	}
	// At most two lines: the screen's last keys give way first; "?"
	// lists them all.
	short := b.short
	line := shortHelp(m.help.Styles, short, m.termWidth-2)
	for lines(line) > 2 && len(short) > 3 {
		short = append(short[:len(short)-3:len(short)-3], short[len(short)-2:]...)
		line = shortHelp(m.help.Styles, short, m.termWidth-2)
	}
	return line
}

// helpSeparator goes between the keys of the help line: a middle dot, as
// between the title and the task above.
const helpSeparator = " · "

// newHelp is the key help, its entries separated as the help line's.
func newHelp() help.Model {
	h := help.New()
	h.ShortSeparator = helpSeparator
	return h
}

// shortHelp is the help line: every key with what it does, wrapped onto a
// second line rather than cut when the terminal is narrow.
func shortHelp(st help.Styles, keys []key.Binding, width int) string {
	sep := st.ShortSeparator.Render(helpSeparator)
	var rows []string
	row, rowWidth := "", 0
	for _, k := range keys {
		if !k.Enabled() {
			continue
		}
		item := st.ShortKey.Render(k.Help().Key) + " " + st.ShortDesc.Render(k.Help().Desc)
		w := ansi.StringWidth(item)
		switch {
		case row == "":
			row, rowWidth = item, w
		case rowWidth+3+w > width:
			rows = append(rows, row)
			row, rowWidth = item, w
		default:
			row, rowWidth = row+sep+item, rowWidth+3+w
		}
	}
	return strings.Join(append(rows, row), "\n")
}

// showsAll reports whether a rendered full help names every key of the
// columns (the help cuts the columns that are too wide for it).
func showsAll(view string, cols [][]key.Binding) bool {
	view = ansi.Strip(view)
	for _, col := range cols {
		for _, k := range col {
			if k.Enabled() && !strings.Contains(view, k.Help().Desc) {
				return false
			}
		}
	}
	return true
}

// sameKeys reports whether two bindings are for the same keys.
func sameKeys(a, b key.Binding) bool { return slices.Equal(a.Keys(), b.Keys()) }

// draw lays out the header, the current screen and the help line.
func (m Model) draw() tea.View {
	var content string
	if s := m.current(); s != nil {
		// The rule under the header is a row of underlined spaces, not of
		// box-drawing lines: a screen reader has nothing to read out, and
		// the first frame draws no character past U+02FF. On a terminal
		// that does not report Unicode core mode, Bubble Tea's renderer
		// measures such characters with go-runewidth, which fills its
		// 2 MB width table at the first one.
		rule := m.sh.styles.rule.Styled(strings.Repeat(" ", max(1, m.termWidth-2)))
		body := lipgloss.NewStyle().Width(m.bodyWidth).MaxWidth(m.bodyWidth).Height(m.bodyHeight).MaxHeight(m.bodyHeight).Render(s.View())
		content = m.sh.styles.app.Render(lipgloss.JoinVertical(lipgloss.Left, m.header(), rule, body, m.footer()))
	}
	v := tea.NewView(content)
	// No window title: Bubble Tea empties it at exit, and the terminal
	// keeps no earlier one to restore, so the title is left alone.
	v.AltScreen = true
	return v
}
