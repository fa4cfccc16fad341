package main

import (
	"bytes"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

// manRequests are the requests the page may use; any other line starting
// with a dot or an apostrophe would be text read as a request.
var manRequests = regexp.MustCompile(`^\.(TH|SH|SS|PP|TP|PD|RS|RE|EX|EE|br|nh|ad|nr)( |$)`)

func TestManPageHeaderAndStructure(t *testing.T) {
	page := manPage(newRootCmd(), time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC))
	lines := strings.Split(page, "\n")
	th := regexp.MustCompile(`^\.TH "MDMTOKEN" 1 "2026-11-30" "mdmtoken [^"]+" "User Commands"$`)
	if !th.MatchString(lines[0]) {
		t.Errorf("header %q: want the title MDMTOKEN, section 1, the date, the version and the manual", lines[0])
	}
	if strings.Count(page, ".TH ") != 1 {
		t.Error("the page has more than one header")
	}
	for i, l := range lines {
		if (strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'")) && !manRequests.MatchString(l) {
			t.Errorf("line %d is read as an unknown request: %q", i+1, l)
		}
	}
	for _, want := range []string{
		".SH NAME\nmdmtoken \\- Renew Apple's",
		".SH SYNOPSIS\n\\fBmdmtoken\\fR [flags]\n",
		".SS \"check\"\n\\fBmdmtoken check\\fR [flags] PATH...\n",
		".SS \"due add\"\n", ".SS \"guide\"\n", ".SS \"portals\"\n", ".SS \"man\"\n",
		"\\fB\\-\\-warn\\-days\\fR \\fIint\\fR\n", // a flag in bold, its value in italics, dashes as dashes
		"\\fB\\-v,\\fR \\fB\\-\\-version\\fR\n",
		".TP 3\n0\nevery file judged is fine, or replaced by a newer one beside it\n", // check's exit statuses as a list
		".EX\n# A file just downloaded from Apple Business Manager\nmdmtoken check ~/Downloads/sToken_for_Main\\e Campus.vpptoken\n",
		".SH SHELL COMPLETION\n", ".SH ENVIRONMENT\n",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	for _, unwanted := range []string{".SS \"help\"", ".SS \"completion", "\\-\\-help\\fR"} {
		if strings.Contains(page, unwanted) {
			t.Errorf("the page has %q", unwanted)
		}
	}
	// No date recorded in the build: the field is empty, not made up.
	if h := strings.SplitN(manPage(newRootCmd(), time.Time{}), "\n", 2)[0]; !strings.HasPrefix(h, `.TH "MDMTOKEN" 1 "" `) {
		t.Errorf("header without a date: %q", h)
	}
}

func TestManEscape(t *testing.T) {
	for in, want := range map[string]string{
		"--kind":               `\-\-kind`,
		`C:\path`:              `C:\epath`,
		".hidden files":        `\&.hidden files`,
		"'quoted' first":       `\&'quoted' first`,
		"mid 'quote' and .dot": `mid 'quote' and .dot`,
	} {
		if got := manEscape(in); got != want {
			t.Errorf("manEscape(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestManPageRendersCleanly formats the page with man (and groff's own
// warnings) when they are installed: no warning, the header names
// mdmtoken in section 1, and every flag reads with ASCII dashes.
func TestManPageRendersCleanly(t *testing.T) {
	r := runArgs(t, "man")
	if r.code != 0 || !strings.HasPrefix(r.stdout, ".TH ") {
		t.Fatalf("mdmtoken man: exit %d, %q", r.code, r.stderr)
	}
	if groff, err := exec.LookPath("groff"); err == nil {
		cmd := exec.Command(groff, "-ww", "-z", "-man", "-Tutf8")
		cmd.Stdin = strings.NewReader(r.stdout)
		if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
			t.Errorf("groff -ww: %v\n%s", err, out)
		}
	}
	man, err := exec.LookPath("man")
	if err != nil {
		t.Skip("man is not installed here")
	}
	for _, width := range []string{"80", "60"} {
		cmd := exec.Command(man, "--warnings", "-E", "UTF-8", "-l", "-")
		cmd.Env = []string{"MANWIDTH=" + width, "MANPAGER=cat", "PAGER=cat", "LANG=C.UTF-8", "PATH=/usr/bin:/bin"}
		cmd.Stdin = strings.NewReader(r.stdout)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil || stderr.Len() > 0 {
			t.Fatalf("man -l at %s columns: %v\n%s", width, err, stderr.String())
		}
		text := stdout.String()
		first := strings.SplitN(text, "\n", 2)[0]
		if !regexp.MustCompile(`^MDMTOKEN\(1\) +User Commands +MDMTOKEN\(1\)$`).MatchString(first) {
			t.Errorf("rendered header %q", first)
		}
		for _, want := range []string{"NAME\n       mdmtoken - Renew", "--warn-days int", "COMMANDS", "   due add\n", "0  every file judged is fine"} {
			if !strings.Contains(text, want) {
				t.Errorf("at %s columns the page lacks %q", width, want)
			}
		}
		if strings.ContainsRune(text, '\u2010') || strings.ContainsRune(text, '\u2212') {
			t.Errorf("at %s columns a dash renders as a hyphen or minus sign, which a shell does not take", width)
		}
	}
}
