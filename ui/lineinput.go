package ui

import (
	"unicode"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// lineInput is a one-line text field for a short value typed or pasted
// from a portal: text goes in at the cursor, which the arrow keys, home and
// end (and ctrl+b, ctrl+f, ctrl+a, ctrl+e) move; backspace and delete
// remove a character, ctrl+w a word, ctrl+u all before the cursor and
// ctrl+k all after it. It takes at most limit characters, and none that
// token.Printable would escape. A paste comes through the terminal
// (bracketed paste): no clipboard program is ever looked for or run. The
// cursor does not blink, so nothing is redrawn while the field waits.
type lineInput struct {
	value       []rune
	pos         int // the cursor, before value[pos]
	limit       int
	placeholder string
}

// Value is the text in the field.
func (f *lineInput) Value() string { return string(f.value) }

// insert puts text in at the cursor, without its control characters and
// up to the limit.
func (f *lineInput) insert(text string) {
	var add []rune
	for _, r := range text {
		if len(f.value)+len(add) >= f.limit {
			break
		}
		if r != '\uFFFD' && !unicode.IsControl(r) && !unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp) {
			add = append(add, r)
		}
	}
	f.value = append(f.value[:f.pos], append(add, f.value[f.pos:]...)...)
	f.pos += len(add)
}

// update edits the field with a key or a paste.
func (f *lineInput) update(msg tea.Msg) {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		f.insert(msg.Content)
	case tea.KeyPressMsg:
		switch msg.String() {
		case "left", "ctrl+b":
			f.pos = max(0, f.pos-1)
		case "right", "ctrl+f":
			f.pos = min(len(f.value), f.pos+1)
		case "home", "ctrl+a":
			f.pos = 0
		case "end", "ctrl+e":
			f.pos = len(f.value)
		case "backspace", "ctrl+h":
			if f.pos > 0 {
				f.value = append(f.value[:f.pos-1], f.value[f.pos:]...)
				f.pos--
			}
		case "delete", "ctrl+d":
			if f.pos < len(f.value) {
				f.value = append(f.value[:f.pos], f.value[f.pos+1:]...)
			}
		case "ctrl+u":
			f.value, f.pos = f.value[f.pos:], 0
		case "ctrl+k":
			f.value = f.value[:f.pos]
		case "ctrl+w", "alt+backspace":
			start := f.pos
			for start > 0 && f.value[start-1] == ' ' {
				start--
			}
			for start > 0 && f.value[start-1] != ' ' {
				start--
			}
			f.value, f.pos = append(f.value[:start], f.value[f.pos:]...), start
		default:
			if msg.Text != "" {
				f.insert(msg.Text)
			}
		}
	}
}

// view draws "> " and the field in width columns: the placeholder while it
// is empty, else the text around the cursor, scrolled sideways when it is
// longer than the field.
func (f *lineInput) view(st styles, width int) string {
	cursor := lipgloss.NewStyle().Reverse(true)
	prompt := st.label.Render("> ")
	room := max(1, width-2)
	if len(f.value) == 0 {
		ph := []rune(ansi.Truncate(f.placeholder, room, ""))
		if len(ph) == 0 {
			return prompt + cursor.Render(" ")
		}
		return prompt + cursor.Render(string(ph[:1])) + st.dim.Render(string(ph[1:]))
	}
	// The cursor's cell is in view: with the cursor at the end, the text
	// keeps room-1 characters before it.
	from := max(0, f.pos-(room-1))
	to := min(len(f.value), from+room)
	at, after := " ", ""
	if f.pos < len(f.value) {
		at, after = string(f.value[f.pos]), string(f.value[f.pos+1:to])
	}
	line := string(f.value[from:f.pos]) + cursor.Render(at) + after
	return prompt + ansi.Truncate(line, room, "")
}
