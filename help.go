package main

import (
	"cmp"
	"fmt"
	"io"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/cobra"

	"github.com/mdmtoken/mdmtoken/check"
	"github.com/mdmtoken/mdmtoken/internal/textwrap"
	"github.com/mdmtoken/mdmtoken/token"
)

// Help and errors use a fixed style: bold headings and a red error label
// in the terminal's own palette, readable on dark and light backgrounds
// alike, so the terminal is never asked for its background color (a query
// that waits for seconds when the terminal does not answer). Color follows
// the output: none when it is not a terminal or NO_COLOR is set.
var (
	styleHeading    = lipgloss.NewStyle().Bold(true)
	styleErrorLabel = lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Red)
)

// colorWriter writes to w with colors reduced to what w can show.
func colorWriter(w io.Writer, environ []string) *colorprofile.Writer {
	return &colorprofile.Writer{Forward: w, Profile: check.ColorProfile(w, environ)}
}

// Help is laid out at the terminal's width, at most maxHelpWidth columns
// (long lines are hard to read), or at defaultHelpWidth when it goes to a
// file or a pipe.
const (
	maxHelpWidth     = 100
	defaultHelpWidth = 80
)

// writeHelp prints the help of c: its description, usage, examples,
// subcommands and flags, laid out at the width of w.
func writeHelp(w io.Writer, c *cobra.Command, environ []string) {
	_, _ = io.WriteString(colorWriter(w, environ), renderHelp(c, helpWidth(w)))
}

// helpWidth is the width help written to w is laid out at.
func helpWidth(w io.Writer) int {
	if cols := check.TerminalWidth(w); cols > 0 {
		return min(cols, maxHelpWidth)
	}
	return defaultHelpWidth
}

// renderHelp is the help of c laid out at width columns: no line is wider
// and no word is broken, unless a single word is wider than that.
func renderHelp(c *cobra.Command, width int) string {
	var b strings.Builder
	section := func(title, body string) {
		b.WriteString("\n" + styleHeading.Render(title) + "\n" + strings.TrimRight(body, "\n") + "\n")
	}
	b.WriteString(textwrap.Text(strings.TrimRight(cmp.Or(c.Long, c.Short), "\n"), width) + "\n")

	var usage []string
	if c.Runnable() {
		usage = append(usage, usageLine(c.UseLine(), width))
	}
	if c.HasAvailableSubCommands() {
		usage = append(usage, usageLine(c.CommandPath()+" [command]", width))
	}
	section("Usage", strings.Join(usage, "\n"))
	if c.Example != "" {
		section("Examples", textwrap.Examples(c.Example, width))
	}
	if cmds := helpCommands(c); len(cmds) > 0 {
		col := 0
		for _, sub := range cmds {
			col = max(col, len(sub.Name()))
		}
		var list []string
		for _, sub := range cmds {
			list = append(list, textwrap.Line(fmt.Sprintf("  %-*s  %s", col, sub.Name(), sub.Short), width, col+4))
		}
		section("Commands", strings.Join(list, "\n"))
	}
	if c.HasAvailableLocalFlags() {
		section("Flags", textwrap.Text(c.LocalFlags().FlagUsagesWrapped(0), width))
	}
	if c.HasAvailableInheritedFlags() {
		section("Global flags", textwrap.Text(c.InheritedFlags().FlagUsagesWrapped(0), width))
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n" + textwrap.Line(fmt.Sprintf("Use '%s [command] --help' for more about a command.", c.CommandPath()), width, 0) + "\n")
	}
	return b.String()
}

// usageLine lays out a usage line at width, indented, never breaking
// inside an optional part ("[--apple business|abm|asm]").
func usageLine(use string, width int) string {
	var b strings.Builder
	depth := 0
	for _, r := range use {
		switch {
		case r == '[':
			depth++
		case r == ']':
			depth = max(depth-1, 0)
		case r == ' ' && depth > 0:
			b.WriteString(nbsp)
			continue
		}
		b.WriteRune(r)
	}
	return strings.ReplaceAll(textwrap.Line("  "+b.String(), width, 4), nbsp, " ")
}

// nbsp stands for a space that must not break a line.
const nbsp = "\u00a0"

// helpCommands are the subcommands the help of c lists.
func helpCommands(c *cobra.Command) []*cobra.Command {
	var cmds []*cobra.Command
	for _, sub := range c.Commands() {
		if sub.IsAvailableCommand() || sub.Name() == "help" {
			cmds = append(cmds, sub)
		}
	}
	return cmds
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
