package ui

import "charm.land/bubbles/v2/key"

// keyMap is every key binding of the wizard. Screens pick the ones they use
// for the help line, so the help always tells what works on that screen.
type keyMap struct {
	Up        key.Binding
	Down      key.Binding
	Next      key.Binding
	Back      key.Binding
	Confirm   key.Binding
	Decline   key.Binding
	Paste     key.Binding
	Parent    key.Binding
	Open      key.Binding
	Hidden    key.Binding
	ScrollUp  key.Binding
	ScrollDn  key.Binding
	Help      key.Binding
	Quit      key.Binding
	Interrupt key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:      key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Next:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Confirm:   key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "yes")),
		Decline:   key.NewBinding(key.WithKeys("n", "N"), key.WithHelp("n", "no")),
		Paste:     key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "paste text instead")),
		Parent:    key.NewBinding(key.WithKeys("h", "left", "backspace"), key.WithHelp("←/h", "parent folder")),
		Open:      key.NewBinding(key.WithKeys("l", "right", "enter"), key.WithHelp("enter", "open/select")),
		Hidden:    key.NewBinding(key.WithKeys("."), key.WithHelp(".", "hidden files")),
		ScrollUp:  key.NewBinding(key.WithKeys("pgup", "K"), key.WithHelp("pgup", "scroll up")),
		ScrollDn:  key.NewBinding(key.WithKeys("pgdown", "J", "space"), key.WithHelp("pgdn", "scroll down")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		Interrupt: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit now")),
	}
}

// bindings is a screen's help: a short line and the full list for "?".
type bindings struct {
	short []key.Binding
	full  [][]key.Binding
}

// ShortHelp implements help.KeyMap.
func (b bindings) ShortHelp() []key.Binding { return b.short }

// FullHelp implements help.KeyMap.
func (b bindings) FullHelp() [][]key.Binding { return b.full }

// helpFor builds a screen's help from its own keys plus the global ones.
func (k keyMap) helpFor(screenKeys ...key.Binding) bindings {
	short := append(append([]key.Binding{}, screenKeys...), k.Help, k.Quit)
	return bindings{
		short: short,
		full:  [][]key.Binding{screenKeys, {k.Help, k.Quit, k.Interrupt}},
	}
}
