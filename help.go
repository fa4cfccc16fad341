package main

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/mdmtoken/mdmtoken/check"
	"github.com/mdmtoken/mdmtoken/token"
)

// Help and errors use a fixed style: bold headings and a red error label
// in the terminal's own palette, readable on dark and light backgrounds
// alike, so the terminal is never asked for its background colour (a query
// that waits for seconds when the terminal does not answer). Colour follows
// the output: none when it is not a terminal or NO_COLOR is set.
var (
	styleHeading    = lipgloss.NewStyle().Bold(true)
	styleErrorLabel = lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Red)
)

// colorWriter writes to w with colours reduced to what w can show.
func colorWriter(w io.Writer, environ []string) *colorprofile.Writer {
	return &colorprofile.Writer{Forward: w, Profile: check.ColorProfile(w, environ)}
}

// writeHelp prints the help of c: its description, usage, examples,
// subcommands and flags.
func writeHelp(w io.Writer, c *cobra.Command, environ []string) {
	var b strings.Builder
	section := func(title, body string) {
		b.WriteString("\n" + styleHeading.Render(title) + "\n" + strings.TrimRight(body, "\n") + "\n")
	}
	b.WriteString(strings.TrimRight(cmp.Or(c.Long, c.Short), "\n") + "\n")

	usage := ""
	if c.Runnable() {
		usage += "  " + c.UseLine() + "\n"
	}
	if c.HasAvailableSubCommands() {
		usage += "  " + c.CommandPath() + " [command]\n"
	}
	section("Usage", usage)
	if c.Example != "" {
		section("Examples", c.Example)
	}
	if c.HasAvailableSubCommands() {
		var cmds []*cobra.Command
		width := 0
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() || sub.Name() == "help" {
				cmds = append(cmds, sub)
				width = max(width, len(sub.Name()))
			}
		}
		var list strings.Builder
		for _, sub := range cmds {
			fmt.Fprintf(&list, "  %-*s  %s\n", width, sub.Name(), sub.Short)
		}
		section("Commands", list.String())
	}
	cols := terminalWidth(w)
	if c.HasAvailableLocalFlags() {
		section("Flags", c.LocalFlags().FlagUsagesWrapped(cols))
	}
	if c.HasAvailableInheritedFlags() {
		section("Global flags", c.InheritedFlags().FlagUsagesWrapped(cols))
	}
	if c.HasAvailableSubCommands() {
		b.WriteString(fmt.Sprintf("\nUse '%s [command] --help' for more about a command.\n", c.CommandPath()))
	}
	_, _ = io.WriteString(colorWriter(w, environ), b.String())
}

// terminalWidth is the width to wrap help at: the terminal's, at most 100
// columns, or 0 (no wrapping) when w is not a terminal.
func terminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok {
		return 0
	}
	cols, _, err := term.GetSize(int(f.Fd()))
	if err != nil || cols <= 0 {
		return 0
	}
	return min(cols, 100)
}

// writeError prints err, with hint (what to try) on a line of its own when
// given. Text from outside (file names in the message) cannot drive the
// terminal: each line is made printable.
func writeError(w io.Writer, err error, hint string, environ []string) {
	lines := strings.Split(err.Error(), "\n")
	for i, l := range lines {
		lines[i] = token.Printable(l)
	}
	msg := styleErrorLabel.Render("Error:") + " " + strings.Join(lines, "\n") + "\n"
	if hint != "" {
		msg += hint + "\n"
	}
	_, _ = io.WriteString(colorWriter(w, environ), msg)
}
