package runbook

import (
	"bytes"
	"strings"
	"testing"
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
	for _, want := range []string{"# Renew the Automated Device Enrollment server token (DEP)", "`<Server>_Token_<timestamp>_smime.p7m`",
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

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"a\x1b]52;c;eA==\x07b":  "a ]52;c;eA== b",
		"line\r\nbreak":         "line  break",
		"sep\u2028par\u2029x":   "sep par x",
		"mark\u061cx\u202ey":    "mark x y",
		"Café: Settings > Apps": "Café: Settings > Apps",
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}
