package ui

import (
	"strconv"
	"strings"

	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// option is one choice of a menu and what choosing it means.
type option struct {
	title string
	desc  string
	act   action
	// vital: its description stays in view on a short screen, with fewer
	// options around it (e.g. "upload it without downloading again"), in
	// its short words when they are given.
	vital bool
	short string
}

// menu is a vertical list of options with a one-line description each,
// chosen with the arrows or j/k and enter, or with the option's number.
type menu struct {
	options []option
	cursor  int
}

func newMenu(options []option) menu { return menu{options: options} }

// update moves the cursor; it reports the option chosen, if one was.
func (m *menu) update(msg tea.Msg, keys menuKeys) *option {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || len(m.options) == 0 {
		return nil
	}
	switch {
	case key.Matches(k, keys.Up):
		m.cursor = (m.cursor - 1 + len(m.options)) % len(m.options)
	case key.Matches(k, keys.Down):
		m.cursor = (m.cursor + 1) % len(m.options)
	case key.Matches(k, keys.Choose):
		return &m.options[m.cursor]
	default:
		if len(k.Text) == 1 && k.Text[0] >= '1' && k.Text[0] <= '9' && m.numbered() {
			if i := int(k.Text[0] - '1'); i < len(m.options) {
				m.cursor = i
				return &m.options[i]
			}
		}
		if len(k.Text) == 1 {
			m.jump(rune(k.Text[0]))
		}
	}
	return nil
}

// jump moves the cursor to the next option whose title starts with the
// letter typed, after the cursor and round again.
func (m *menu) jump(letter rune) {
	letter = unicode.ToLower(letter)
	if !unicode.IsLetter(letter) {
		return
	}
	for n := 1; n <= len(m.options); n++ {
		i := (m.cursor + n) % len(m.options)
		if first, _ := utf8.DecodeRuneInString(m.options[i].title); unicode.ToLower(first) == letter {
			m.cursor = i
			return
		}
	}
}

// view renders the options in at most height lines of width columns. When
// the descriptions do not fit under every option, only the highlighted
// one's is shown, below the list, and a long list scrolls with the cursor.
func (m menu) view(st styles, width, height int) string {
	if full := m.render(st, width, 0, len(m.options), true); lines(full) <= height {
		return full
	}
	room, gap, desc := m.descLayout(st, width, height)
	from, to := m.window(width, room)
	list := markMore(st, m.render(st, width, from, to, false), width, from > 0, to < len(m.options))
	if desc == "" {
		return list
	}
	return list + gap + desc
}

// markMore marks a list that shows only some of its options: an arrow at
// the end of its first line when more are above, of its last when more
// are below.
func markMore(st styles, list string, width int, above, below bool) string {
	rows := strings.Split(list, "\n")
	mark := func(i int, arrow string) {
		rows[i] = ansi.Truncate(rows[i], width-2, "…")
		rows[i] += strings.Repeat(" ", max(0, width-2-ansi.StringWidth(rows[i]))) + " " + st.more.Render(arrow)
	}
	if above {
		mark(0, "↑")
	}
	if below {
		mark(len(rows)-1, "↓")
	}
	return strings.Join(rows, "\n")
}

// shows is how many options fit in room lines around the cursor.
func (m menu) shows(width, room int) int {
	if room < 1 {
		return 0
	}
	from, to := m.window(width, room)
	return to - from
}

// window is the options [from, to) shown in room lines: the highlighted
// one and as many as fit around it, as many above as below.
func (m menu) window(width, room int) (from, to int) {
	rows := func(i int) int { return lines(m.title(i, width)) }
	from, to = m.cursor, m.cursor+1
	used := rows(m.cursor)
	for grew := true; grew; {
		grew = false
		if from > 0 && used+rows(from-1) <= room {
			from--
			used += rows(from)
			grew = true
		}
		if to < len(m.options) && used+rows(to) <= room {
			used += rows(to)
			to++
			grew = true
		}
	}
	return from, to
}

// descLayout is how view lays out a menu whose descriptions do not all
// fit: the rows for the titles, the gap below them and the highlighted
// option's description, empty when it does not fit either. A vital
// option's description shows in its short words rather than not at all,
// with fewer options around it if need be.
func (m menu) descLayout(st styles, width, height int) (room int, gap, desc string) {
	o := m.options[m.cursor]
	titles := lines(m.render(st, width, 0, len(m.options), false))
	fits := func(d string) (room int, gap string, ok bool) {
		n := lines(d)
		switch {
		case titles+1+n <= height:
			return titles, "\n\n", true
		case titles+n <= height:
			return titles, "\n", true
		case m.shows(width, height-1-n) >= min(3, len(m.options)):
			return height - 1 - n, "\n\n", true
		}
		return 0, "", false
	}
	for _, d := range []string{o.desc, o.short} {
		if d == "" {
			continue
		}
		desc = st.detail.Render(wrap(d, width))
		if room, gap, ok := fits(desc); ok {
			return room, gap, desc
		}
	}
	if o.vital && desc != "" && lines(m.title(m.cursor, width))+lines(desc) <= height {
		return height - lines(desc), "\n", desc
	}
	return height, "\n\n", ""
}

// describesAll reports whether view in height lines shows the
// description of whichever option is highlighted.
func (m menu) describesAll(st styles, width, height int) bool {
	for i := range m.options {
		m.cursor = i
		if !m.describes(st, width, height) {
			return false
		}
	}
	return true
}

// describes reports whether view in height lines shows what the
// highlighted option is (its description), when it has one.
func (m menu) describes(st styles, width, height int) bool {
	if m.options[m.cursor].desc == "" || lines(m.render(st, width, 0, len(m.options), true)) <= height {
		return true
	}
	_, _, desc := m.descLayout(st, width, height)
	return desc != ""
}

// render draws options [from, to), with or without their descriptions. A
// title too long for the width goes on under itself, indented.
func (m menu) render(st styles, width, from, to int, withDesc bool) string {
	var b strings.Builder
	for i := from; i < to; i++ {
		o := m.options[i]
		// Only the marker is styled, so that a move redraws two markers
		// and not two whole rows.
		marker := "  "
		if i == m.cursor {
			marker = st.cursor.Render(">") + " "
		}
		b.WriteString(marker + st.option.Render(m.title(i, width)) + "\n")
		if withDesc && o.desc != "" {
			indent := "    " // under the title, two in
			if n := m.number(i); n != "" {
				indent = strings.Repeat(" ", 2+len(n)) // under the title's first letter
			}
			for _, line := range strings.Split(wrap(o.desc, width-len(indent)), "\n") {
				b.WriteString(indent + st.detail.Render(line) + "\n")
			}
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// numbered reports whether the options show their numbers, which choose
// them: when there are two to nine, as many as the number keys.
func (m menu) numbered() bool { return len(m.options) > 1 && len(m.options) <= 9 }

// numberKey is the help's entry for the number keys, "1-3 choose by
// number" for three options, turned off when the menu is not numbered.
func (m menu) numberKey(k key.Binding) key.Binding {
	k.SetEnabled(m.numbered())
	k.SetHelp("1-"+strconv.Itoa(len(m.options)), k.Help().Desc)
	return k
}

// number is the option's number as it is shown before its title ("2. "),
// or "" when the menu is not numbered.
func (m menu) number(i int) string {
	if !m.numbered() {
		return ""
	}
	return strconv.Itoa(i+1) + ". "
}

// title is option i's number and title, wrapped to width less the marker,
// its lines after the first under the title's first letter.
func (m menu) title(i, width int) string {
	n := m.number(i)
	indent := "\n  " + strings.Repeat(" ", len(n))
	return n + strings.ReplaceAll(wrap(m.options[i].title, width-2-len(n)), "\n", indent)
}
