package main

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/mdmtoken/mdmtoken/internal/textwrap"
)

func newManCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "man",
		Short: "Print the manual page (read it with: mdmtoken man | man -l -)",
		Long: "man prints mdmtoken's manual page in the man format: every command, its flags and\n" +
			"examples on one page. Read it with 'mdmtoken man | man -l -', or install it with\n" +
			"'mdmtoken man > /usr/local/share/man/man1/mdmtoken.1'.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := io.WriteString(cmd.OutOrStdout(), manPage(cmd.Root(), buildDate()))
			if err != nil {
				return &exitError{code: exitProblem, err: fmt.Errorf("cannot write the manual page: %w", err)}
			}
			return nil
		},
	}
}

// buildDate is the time of the commit the program was built from, or the
// zero time when the build does not record it.
func buildDate() time.Time {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return time.Time{}
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.time" {
			t, _ := time.Parse(time.RFC3339, s.Value)
			return t
		}
	}
	return time.Time{}
}

// manPage is the manual page of root in section 1, written from the same
// texts as the help: the description, options, every command with its
// flags and examples, shell completion and the environment. date is the
// page's date; zero leaves it out.
func manPage(root *cobra.Command, date time.Time) string {
	var m manWriter
	day := ""
	if !date.IsZero() {
		day = date.UTC().Format("2006-01-02")
	}
	m.request(".TH %s 1 %s %s %s", manQuote(strings.ToUpper(root.Name())), manQuote(day),
		manQuote(root.Name()+" "+buildVersion()), manQuote("User Commands"))
	// Words are never hyphenated nor lines stretched: flags, paths and
	// commands read as typed.
	m.request(".nh")
	m.request(".nr HY 0")
	m.request(".ad l")
	m.request(".SH NAME")
	m.text(root.Name() + " - " + root.Short)

	m.request(".SH SYNOPSIS")
	cmds := manCommands(root)
	for i, c := range append([]*cobra.Command{root}, cmds...) {
		if i > 0 {
			m.request(".br")
		}
		m.synopsis(c)
	}
	m.request(".SH DESCRIPTION")
	m.blocks(root.Long)
	m.request(".SH OPTIONS")
	root.InitDefaultVersionFlag()
	m.flags(root)
	m.request(".SH COMMANDS")
	for _, c := range cmds {
		m.request(".SS %s", manQuote(strings.TrimPrefix(c.CommandPath(), root.Name()+" ")))
		m.synopsis(c)
		m.blocks(c.Long)
		if hasFlags(c) {
			m.request(".PP")
			m.text("Flags:")
			m.flags(c)
		}
		if c.Example != "" {
			m.request(".PP")
			m.text("Examples:")
			m.verbatim(strings.Split(strings.TrimRight(c.Example, "\n"), "\n"))
		}
	}
	m.request(".SH SHELL COMPLETION")
	m.text("'" + root.Name() + " completion SHELL' prints a script that completes commands, flags and their values " +
		"(--kind, --apple, --portal, --format, --expect) in bash, zsh, fish or powershell; '" +
		root.Name() + " completion SHELL --help' says how to load it.")
	m.request(".SH ENVIRONMENT")
	for _, e := range [][2]string{
		{"NO_COLOR", "When set to any value, no output is colored."},
		{"CLICOLOR_FORCE", "When set, output is colored even when it is not a terminal."},
		{"TERM", "With TERM=dumb the wizard runs in plain mode, as with --plain."},
		{"MDMTOKEN_HISTORY", "The renewal history file of 'mdmtoken due', when --history is not given."},
	} {
		m.request(".TP")
		m.bold(e[0])
		m.text(e[1])
	}
	return m.String()
}

// manCommands are the commands the page describes, subcommands after
// their parent: all but help and completion, which the page covers in its
// own words.
func manCommands(c *cobra.Command) []*cobra.Command {
	var out []*cobra.Command
	for _, sub := range c.Commands() {
		if !sub.IsAvailableCommand() || sub.Name() == "help" || sub.Name() == "completion" {
			continue
		}
		out = append(out, sub)
		out = append(out, manCommands(sub)...)
	}
	return out
}

// hasFlags reports whether c has flags besides --help.
func hasFlags(c *cobra.Command) bool {
	found := false
	for _, set := range []*pflag.FlagSet{c.LocalFlags(), c.InheritedFlags()} {
		set.VisitAll(func(f *pflag.Flag) { found = found || (f.Name != "help" && !f.Hidden) })
	}
	return found
}

// manWriter writes roff for the man macros.
type manWriter struct{ strings.Builder }

// request writes one roff request line, such as ".SH NAME".
func (m *manWriter) request(format string, args ...any) {
	fmt.Fprintf(m, format+"\n", args...)
}

// text writes s as filled text.
func (m *manWriter) text(s string) { m.WriteString(manEscape(s) + "\n") }

// bold writes s in bold on a line of its own.
func (m *manWriter) bold(s string) { m.WriteString(`\fB` + manEscape(s) + `\fR` + "\n") }

// synopsis writes the usage line of c: the command in bold, the rest as
// written.
func (m *manWriter) synopsis(c *cobra.Command) {
	path := c.CommandPath()
	rest := strings.TrimPrefix(c.UseLine(), path)
	m.WriteString(`\fB` + manEscape(path) + `\fR` + manEscape(rest) + "\n")
}

// blocks writes help text: paragraphs, lists of terms (the exit statuses,
// the output formats) as tagged paragraphs, and lines kept as written.
func (m *manWriter) blocks(text string) {
	blocks := textwrap.Parse(text)
	for i := 0; i < len(blocks); i++ {
		switch b := blocks[i]; b.Kind {
		case textwrap.Paragraph:
			m.request(".PP")
			m.text(b.Text)
		case textwrap.Item:
			j := i
			for j < len(blocks) && blocks[j].Kind == textwrap.Item {
				j++
			}
			m.items(blocks[i:j], b.Hang-b.Indent)
			i = j - 1
		case textwrap.Verbatim:
			var lines []string
			for ; i < len(blocks) && blocks[i].Kind == textwrap.Verbatim; i++ {
				lines = append(lines, blocks[i].Text)
			}
			i--
			m.verbatim(lines)
		}
	}
}

// items writes a list of terms and their descriptions, without space
// between them, the descriptions indent columns in.
func (m *manWriter) items(items []textwrap.Block, indent int) {
	m.request(".PD 0")
	for _, it := range items {
		m.request(".TP %d", indent)
		m.text(it.Term)
		m.text(it.Text)
	}
	m.request(".PD")
}

// flags writes the flags of c as tagged paragraphs: the flag in bold, its
// value's name in italics, then what it does. --help, which every command
// has, is left out.
func (m *manWriter) flags(c *cobra.Command) {
	for _, b := range textwrap.Parse(c.LocalFlags().FlagUsagesWrapped(0) + c.InheritedFlags().FlagUsagesWrapped(0)) {
		if b.Kind != textwrap.Item || strings.HasSuffix(b.Term, "--help") {
			continue
		}
		var term []string
		for _, w := range strings.Fields(b.Term) {
			if strings.HasPrefix(w, "-") {
				term = append(term, `\fB`+manEscape(w)+`\fR`)
			} else {
				term = append(term, `\fI`+manEscape(w)+`\fR`)
			}
		}
		m.request(".TP")
		m.WriteString(strings.Join(term, " ") + "\n")
		m.text(b.Text)
	}
}

// verbatim writes lines as they are, in an indented example block.
func (m *manWriter) verbatim(lines []string) {
	m.request(".PP")
	m.request(".RS 4")
	m.request(".EX")
	for _, l := range lines {
		m.text(strings.TrimLeft(l, " "))
	}
	m.request(".EE")
	m.request(".RE")
}

// manEscape makes s safe as roff text: backslashes and hyphens are
// escaped (a plain "-" may print as a hyphen, which a shell does not take
// for a dash), and a line cannot start a request.
func manEscape(s string) string {
	s = strings.NewReplacer(`\`, `\e`, "-", `\-`).Replace(s)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}

// manQuote is s as one argument of a request, such as a field of the
// header.
func manQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\e`, `"`, `\(dq`).Replace(s) + `"`
}
