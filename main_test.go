package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"
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
	}, nil)
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

func TestHelpColourOnlyWhenAskedFor(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	t.Setenv("CLICOLOR_FORCE", "1")
	t.Setenv("TERM", "xterm-256color")
	r := runArgs(t, "check", "--help")
	if !strings.Contains(r.stdout, "\x1b[1mUsage") {
		t.Errorf("forced colour: no bold heading in\n%q", r.stdout)
	}
	r = runArgs(t, "check")
	if !strings.Contains(r.stderr, "Error:") || !strings.Contains(r.stderr, "\x1b[") {
		t.Errorf("forced colour: error not styled: %q", r.stderr)
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
	r.want(t, 0, []string{"mdmtoken version "}, nil)
}
