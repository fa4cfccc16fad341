package main

import (
	"bytes"
	"errors"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
)

func TestHelpSections(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	r := runArgs(t, "--help")
	r.want(t, 0, []string{
		"Run it without arguments for the interactive wizard",
		"\nUsage\n  mdmtoken [flags]\n  mdmtoken [command]\n",
		"\nCommands\n",
		"  check ", "  guide ", "  portals ",
		"\nFlags\n", "--kind string", "--practice",
		"Use 'mdmtoken [command] --help' for more about a command.",
		"Exit status of the wizard:", "  129, 130, 143  stopped by a signal: HUP, INT (ctrl+c) or TERM",
	}, nil)
	runArgs(t, "due", "--help").want(t, 0, []string{"  129, 130, 143  stopped by a signal: HUP, INT (ctrl+c) or TERM"}, nil)
	r = runArgs(t, "check", "--help")
	r.want(t, 0, []string{
		"Exit status, as monitoring plugins",
		"\nUsage\n  mdmtoken check [flags] PATH...\n",
		"\nExamples\n  # A file just downloaded",
		"--warn-days int", "--format string",
	}, nil)
	if strings.Contains(r.stdout, "\x1b") {
		t.Errorf("help with NO_COLOR has escape sequences:\n%q", r.stdout)
	}
	if r.stderr != "" {
		t.Errorf("help wrote to stderr: %q", r.stderr)
	}
}

func TestHelpColorOnlyWhenAskedFor(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	t.Setenv("CLICOLOR_FORCE", "1")
	t.Setenv("TERM", "xterm-256color")
	r := runArgs(t, "check", "--help")
	if !strings.Contains(r.stdout, "\x1b[1mUsage") {
		t.Errorf("forced color: no bold heading in\n%q", r.stdout)
	}
	r = runArgs(t, "check")
	if !strings.Contains(r.stderr, "Error:") || !strings.Contains(r.stderr, "\x1b[") {
		t.Errorf("forced color: error not styled: %q", r.stderr)
	}
}

func TestErrorsNameTheCommandsHelp(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	r := runArgs(t, "check")
	r.want(t, 3, nil, []string{"Error: no PATH given", "Try 'mdmtoken check --help' for usage.\n"})
	r = runArgs(t, "chek")
	r.want(t, 3, nil, []string{"Error: unknown command \"chek\"", "Try 'mdmtoken --help' for usage.\n"})
	// A problem, not a usage error: no hint.
	r = runArgs(t, "check", "--cert", files(t).missing, files(t).vppOK)
	if r.code != 2 || strings.Contains(r.stderr, "Try ") {
		t.Errorf("exit %d, stderr %q; want 2 without a usage hint", r.code, r.stderr)
	}
}

func TestErrorTextCannotDriveTheTerminal(t *testing.T) {
	var b bytes.Buffer
	writeError(&b, errors.New("cannot read \x1b]52;c;aGk=\x07evil\x1b[2J: line one\nline two"), "", []string{"NO_COLOR=1"})
	got := b.String()
	if strings.ContainsAny(got, "\x1b\x07") {
		t.Errorf("control characters reached the output: %q", got)
	}
	if !strings.Contains(got, "\nline two\n") {
		t.Errorf("the message's own lines are lost: %q", got)
	}
}

func TestVersion(t *testing.T) {
	r := runArgs(t, "--version")
	info, _ := debug.ReadBuildInfo()
	r.want(t, 0, []string{"mdmtoken version " + versionFrom(info) + "\n"}, nil)
	if strings.Contains(r.stdout, "unknown") {
		t.Errorf("--version: %q", r.stdout)
	}
}

// allCommands is every command of the command line, the root first, with
// the commands cobra adds when it runs (help, completion and its shells).
func allCommands() []*cobra.Command {
	root := newRootCmd()
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	var out []*cobra.Command
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.InitDefaultHelpFlag()
		out = append(out, c)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return out
}

// helpWords are the words of a help text, without the marks that wrapping
// adds (a command's continuation backslash, a wrapped comment's "#").
func helpWords(s string) []string {
	return slices.DeleteFunc(strings.Fields(ansi.Strip(s)), func(w string) bool { return w == `\` || w == "#" })
}

// TestHelpFitsTheWidth lays out the help of every command at 80 and 60
// columns: no line is wider, and no word is broken (the words are those
// of the help laid out without a limit).
func TestHelpFitsTheWidth(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/home/alice/.config") // the --playbooks default, as a user sees it
	for _, c := range allCommands() {
		whole := renderHelp(c, 10000)
		for _, width := range []int{80, 60} {
			got := renderHelp(c, width)
			for _, l := range strings.Split(got, "\n") {
				if w := ansi.StringWidth(l); w > width {
					t.Errorf("%s at %d columns: a line of %d: %q", c.CommandPath(), width, w, l)
				}
			}
			if g, w := helpWords(got), helpWords(whole); !slices.Equal(g, w) {
				t.Errorf("%s at %d columns: words differ from the unwrapped help:\n%s", c.CommandPath(), width, got)
			}
		}
	}
}

// TestHelpWidthFollowsTheOutput: a terminal's width up to 100 columns; 80
// for a file or a pipe.
func TestHelpWidthFollowsTheOutput(t *testing.T) {
	var b bytes.Buffer
	if got := helpWidth(&b); got != defaultHelpWidth {
		t.Errorf("help width for a buffer = %d, want %d", got, defaultHelpWidth)
	}
	r := runArgs(t, "check", "--help")
	for _, l := range strings.Split(r.stdout, "\n") {
		if len(l) > defaultHelpWidth {
			t.Errorf("help to a pipe has a line over %d columns: %q", defaultHelpWidth, l)
		}
	}
}

// TestHelpListsEveryCommand, man included.
func TestHelpListsEveryCommand(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	r := runArgs(t, "--help")
	for _, name := range []string{"check", "completion", "due", "guide", "help", "man", "portals"} {
		if !regexp.MustCompile(`(?m)^  ` + name + ` +\S`).MatchString(r.stdout) {
			t.Errorf("--help does not list %s:\n%s", name, r.stdout)
		}
	}
}

func TestVersionFrom(t *testing.T) {
	settings := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	const rev = "ea0ac7d9223ef2e9f9d13b106ac3db656d9a796e"
	for _, tc := range []struct {
		name string
		info *debug.BuildInfo
		want string
	}{
		{"release", &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}}, "v1.4.0"},
		{"release with its commit", &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}, Settings: settings("vcs.revision", rev)}, "v1.4.0 (ea0ac7d9223e)"},
		{"pseudo-version names its commit", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261202074438-ea0ac7d9223e"},
			Settings: settings("vcs.revision", rev)}, "v0.0.0-20261202074438-ea0ac7d9223e"},
		{"commit only", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: settings("vcs.revision", rev, "vcs.modified", "false")}, "devel ea0ac7d9223e"},
		{"modified", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: settings("vcs.revision", rev, "vcs.modified", "true")}, "devel ea0ac7d9223e (modified)"},
		{"nothing recorded", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "devel (built without version control information)"},
		{"no build information", nil, "devel (no build information)"},
	} {
		if got := versionFrom(tc.info); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestVersionSetAtBuildTime(t *testing.T) {
	defer func(v string) { version = v }(version)
	version = "v2.0.0"
	r := runArgs(t, "--version")
	r.want(t, 0, []string{"mdmtoken version v2.0.0\n"}, nil)
}

// TestAfterRegistered: output that is not a terminal is written only once
// the signals are registered, so that a signal while a write blocks still
// ends the command with its status.
func TestAfterRegistered(t *testing.T) {
	var b strings.Builder
	registered := make(chan struct{})
	w := afterRegistered(&b, registered)
	wrote := make(chan struct{})
	go func() {
		_, _ = w.Write([]byte("x"))
		close(wrote)
	}()
	select {
	case <-wrote:
		t.Fatal("written before the signals were registered")
	case <-time.After(20 * time.Millisecond):
	}
	close(registered)
	select {
	case <-wrote:
	case <-time.After(5 * time.Second):
		t.Fatal("not written once the signals were registered")
	}
	if b.String() != "x" {
		t.Errorf("wrote %q", b.String())
	}
}
