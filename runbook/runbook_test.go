package runbook

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
)

func catalog(t *testing.T) *steps.Catalog {
	t.Helper()
	c, err := steps.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestGuideGolden renders every built-in portal and kind in both formats.
// Run with -update to rewrite the files after a deliberate change.
func TestGuideGolden(t *testing.T) {
	c := catalog(t)
	type combo struct {
		kind          token.Kind
		apple, portal string
	}
	var combos []combo
	for _, p := range c.AllPortals() {
		for _, k := range p.KindList() {
			apple := "abm"
			if a, ok := c.KindApple(k); ok {
				apple = a.ID
			}
			combos = append(combos, combo{k, apple, p.ID})
		}
	}
	// The other Apple variants, with the generic guide.
	for _, a := range []string{"business", "asm"} {
		for _, k := range token.Renewable() {
			if _, own := c.KindApple(k); own {
				continue // one Apple portal for every variant: covered above
			}
			combos = append(combos, combo{k, a, steps.GenericID})
		}
	}
	for _, cb := range combos {
		g, err := c.Guide(cb.kind, cb.apple, cb.portal)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range Formats() {
			t.Run(cb.portal+"_"+string(cb.kind)+"_"+cb.apple+"."+string(f), func(t *testing.T) {
				var b bytes.Buffer
				if err := Render(&b, g, f); err != nil {
					t.Fatal(err)
				}
				golden.RequireEqual(t, b.Bytes())
			})
		}
	}
}

func TestTextFits80Columns(t *testing.T) {
	c := catalog(t)
	for _, p := range c.AllPortals() {
		for _, k := range p.KindList() {
			for _, a := range c.ApplePortals() {
				g, err := c.Guide(k, a.ID, p.ID)
				if err != nil {
					t.Fatal(err)
				}
				var b bytes.Buffer
				_ = Render(&b, g, Text)
				for _, l := range strings.Split(b.String(), "\n") {
					if utf8.RuneCountInString(l) > 80 && !strings.Contains(strings.TrimSpace(l), " ") {
						continue // one long word (a URL) cannot wrap
					}
					if utf8.RuneCountInString(l) > 80 {
						t.Errorf("%s/%s/%s: line longer than 80 columns: %q", k, a.ID, p.ID, l)
					}
				}
			}
		}
	}
}

func TestRunbookContents(t *testing.T) {
	c := catalog(t)
	g, err := c.Guide(token.KindDEP, "business", "relution")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	_ = Render(&b, g, Text)
	out := b.String()
	// In order: caveats, Apple steps, the file, portal steps, errors, sources.
	order := []string{"BEFORE YOU START", "IN APPLE BUSINESS (NEW DESIGN)", "WARNING: Downloading a new server token immediately invalidates",
		"THE FILE MUST BE", "<Server>_Token_<timestamp>_smime.p7m", "IN RELUTION", "5. Log in to the Relution Portal.",
		"-> Choose the file here", "IF SOMETHING GOES WRONG", "Invalid file uploaded", "SOURCES", "Relution 5.33+"}
	at := 0
	for _, want := range order {
		i := strings.Index(out[at:], want)
		if i < 0 {
			t.Fatalf("%q missing or out of order in:\n%s", want, out)
		}
		at += i
	}
	b.Reset()
	_ = Render(&b, g, Markdown)
	md := b.String()
	for _, want := range []string{"# Renew the Automated Device Enrollment (DEP) server token", "`<Server>_Token_<timestamp>_smime.p7m`",
		"> **Warning:**", "| Symptom | Cause | Fix |", "[Relution: Renew DEP / VPP Tokens](https://hub.relution.io/"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	if strings.Contains(md, " <Server>") {
		t.Error("placeholders must not be raw HTML-like text in Markdown")
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"text": Text, "MD": Markdown, "markdown": Markdown} {
		if f, err := ParseFormat(in); err != nil || f != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, f, err)
		}
	}
	if _, err := ParseFormat("html"); err == nil || !strings.Contains(err.Error(), "text, markdown") {
		t.Errorf("ParseFormat(html) error = %v", err)
	}
}

// hostile is text a playbook or a file could hold to drive the terminal:
// a clipboard write (OSC 52), a hyperlink, a fake line, a bidi override,
// a line separator.
const hostile = "a\x1b]52;c;eA==\x07b \x1b]8;;https://x.example\x07l\x1b]8;;\x07 \n > fake row\r\u202eevil\u2028sep\u0085nel\u061c\u009b2J"

// unsafeOutput reports the first character of out that a terminal would
// act on: anything but a line feed (the runbook's own lines) among the C0
// and C1 controls, DEL, bidi controls and the line and paragraph
// separators.
func unsafeOutput(out string) (rune, bool) {
	for _, c := range out {
		switch {
		case c == '\n':
		case c < 0x20, c == 0x7f, c >= 0x80 && c < 0xa0, c == '\u2028', c == '\u2029', unicode.Is(unicode.Bidi_Control, c):
			return c, true
		}
	}
	return 0, false
}

func TestRenderEscapesHostileText(t *testing.T) {
	g, err := catalog(t).Guide(token.KindDEP, "abm", "relution")
	if err != nil {
		t.Fatal(err)
	}
	g.Portal.Name = "Relution" + hostile
	g.Caveats = append(g.Caveats, "caveat "+hostile)
	g.PortalSteps[0].Text += hostile
	g.PortalSteps[0].Detail = hostile
	g.Errors = append(g.Errors, steps.CommonError{Symptom: hostile, Cause: hostile, Fix: hostile})
	g.Sources[0].Title += hostile
	for _, f := range Formats() {
		var b bytes.Buffer
		if err := Render(&b, g, f); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if c, bad := unsafeOutput(out); bad {
			t.Errorf("%s: %U reaches the terminal", f, c)
		}
		for _, want := range []string{`\x1b]52;c;eA==\x07b`, `\x1b]8;;https://x.example\x07l\x1b]8;;\x07`, `\n`, `row\r\u202eevil\u2028sep\u0085nel\u061c\u009b2J`} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: the escape %s is not shown", f, want)
			}
		}
	}
}

func TestListEscapesLocalPlaybook(t *testing.T) {
	dir := t.TempDir()
	yaml := `id: evil
name: "Evil\e]52;c;eA==\a\nMDM\u202e"
kinds:
  vpp:
    steps:
      - text: "Upload it."
        upload: true
    sources:
      - title: "Wiki\e[2J\r\u2028page"
        url: "https://wiki.example.com/a"
        date: "2026-02-01"
`
	if err := os.WriteFile(filepath.Join(dir, "evil\x1b[31m.yaml"), []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	c := catalog(t)
	if errs := c.AddPlaybooks(dir); len(errs) > 0 {
		t.Fatal(errs)
	}
	var b bytes.Buffer
	if err := List(&b, c); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if ch, bad := unsafeOutput(out); bad {
		t.Errorf("%U reaches the terminal:\n%s", ch, out)
	}
	for _, want := range []string{`Evil\x1b]52;c;eA==\x07\nMDM\u202e [vpp]`, `evil\x1b[31m.yaml`, `Wiki\x1b[2J\r\u2028page (2026-02-01)`} {
		if !strings.Contains(out, want) {
			t.Errorf("the list lacks %s:\n%s", want, out)
		}
	}
}
