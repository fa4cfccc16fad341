// Command minitea is the smallest Bubble Tea v2 program with a menu like
// mdmtoken's first screen: a title, four options and a "> " cursor, on the
// alternate screen. The start-up benchmarks run it as their anchor. With
// the argument "glyphs" it also draws a rule and a help line with
// characters past U+02FF (─ ↑ ↓ •), which the wizard's first screen
// leaves out.
package main

import (
	"fmt"
	"os"
	"strings"

	tea "charm.land/bubbletea/v2"
)

type model struct {
	cursor int
	glyphs bool
}

var options = []string{"Renew the VPP content token", "Renew the DEP server token", "Check a file", "Quit"}

func (m model) Init() tea.Cmd { return nil }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.String() {
		case "down":
			m.cursor = (m.cursor + 1) % len(options)
		case "q", "ctrl+c":
			return m, tea.Quit
		}
	}
	return m, nil
}

func (m model) View() tea.View {
	var b strings.Builder
	if m.glyphs {
		b.WriteString("mdmtoken\n" + strings.Repeat("─", 78) + "\n")
	}
	b.WriteString("What do you want to do?\n\n")
	for i, o := range options {
		if i == m.cursor {
			b.WriteString("> " + o + "\n")
		} else {
			b.WriteString("  " + o + "\n")
		}
	}
	if m.glyphs {
		b.WriteString("\n↑ up • ↓ down • enter choose • q quit\n")
	}
	v := tea.NewView(b.String())
	v.AltScreen = true
	return v
}

func main() {
	m := model{glyphs: len(os.Args) > 1 && os.Args[1] == "glyphs"}
	if _, err := tea.NewProgram(m).Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
