package token

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestPrintable(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"sToken_for_Main Campus.vpptoken", "sToken_for_Main Campus.vpptoken"},
		{"Café: Settings > Apps", "Café: Settings > Apps"},
		{"", ""},
		// A name that would draw a fake row of the file list.
		{"a.p7m\n > sToken_for_Main Campus.vpptoken", `a.p7m\n > sToken_for_Main Campus.vpptoken`},
		{"line\r\nbreak\ttab", `line\r\nbreak\ttab`},
		// ESC: colors, screen clearing, OSC 8 links and OSC 52 clipboard writes.
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"\x1b]8;;https://evil.example\x07click\x1b]8;;\x07", `\x1b]8;;https://evil.example\x07click\x1b]8;;\x07`},
		{"a\x1b]52;c;eA==\x07b", `a\x1b]52;c;eA==\x07b`},
		{"nul\x00del\x7f", `nul\x00del\x7f`},
		// C1: NEL is a line break, CSI (U+009B) starts a sequence on its own.
		{"next\u0085line\u009b2J", `next\u0085line\u009b2J`},
		// Bidirectional controls, the Arabic letter mark, the line and paragraph separators.
		{"invoice\u202egpj.exe", `invoice\u202egpj.exe`},
		{"\u2066iso\u2069 \u200emark\u200f \u061c", `\u2066iso\u2069 \u200emark\u200f \u061c`},
		{"sep\u2028par\u2029x", `sep\u2028par\u2029x`},
		// Invisible format characters: zero width space, word joiner, BOM, a tag character.
		{"Main\u200bCampus\u2060\ufeff\U000e0041", `Main\u200bCampus\u2060\ufeff\U000e0041`},
		// Kept: joiners that scripts and emoji need, marks, wide characters, U+FFFD itself.
		{"می\u200cخواهم 👩\u200d💻 é 東京 \uFFFD", "می\u200cخواهم 👩\u200d💻 é 東京 \uFFFD"},
		// Bytes that are not UTF-8 are named, each one.
		{"Main\xff\xfe.vpptoken", `Main\xff\xfe.vpptoken`},
		{"cut \xe2\x80", `cut \xe2\x80`},
		// A backslash stays: the result is read, not unescaped.
		{`C:\Users\n`, `C:\Users\n`},
	} {
		if got := Printable(c.in); got != c.want {
			t.Errorf("Printable(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestPrintableDistinct: names that differ only in what is escaped stay
// different on the screen.
func TestPrintableDistinct(t *testing.T) {
	names := []string{"a\xff.p7m", "a\xfe.p7m", "a\u202e.p7m", "a\u202d.p7m", "a\n.p7m", "a\r.p7m", "a.p7m"}
	seen := map[string]string{}
	for _, n := range names {
		p := Printable(n)
		if prev, ok := seen[p]; ok {
			t.Errorf("%q and %q are both shown as %q", prev, n, p)
		}
		seen[p] = n
	}
}

func TestCleanCuts(t *testing.T) {
	got := clean(strings.Repeat("\x1b", 100))
	if utf8.RuneCountInString(got) != 121 || !strings.HasSuffix(got, "…") || strings.Contains(got, "\x1b") {
		t.Errorf("clean of 100 ESC = %q", got)
	}
}

// unshown reports whether c must never reach the terminal as it is.
func unshown(c rune) bool {
	return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) ||
		unicode.Is(unicode.Bidi_Control, c) || c == '\u2028' || c == '\u2029' ||
		(unicode.Is(unicode.Cf, c) && c != '\u200c' && c != '\u200d')
}

func FuzzPrintable(f *testing.F) {
	for _, s := range []string{"plain", "a\n > sToken_for_Main Campus.vpptoken", "\x1b]52;c;eA==\x07", "\u202e\u2066\u2028\u0085\x9b",
		"\xff\xfe", "\xe2\x80\xae", "\U000e0041\ufeff", `\x1b`, "\uFFFD"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := Printable(s)
		if !utf8.ValidString(p) {
			t.Fatalf("Printable(%q) = %q: not UTF-8", s, p)
		}
		for _, c := range p {
			if unshown(c) {
				t.Fatalf("Printable(%q) = %q holds %U", s, p, c)
			}
		}
		if again := Printable(p); again != p {
			t.Fatalf("not idempotent: Printable(%q) = %q, then %q", s, p, again)
		}
		if utf8.ValidString(s) && strings.IndexFunc(s, unshown) < 0 && p != s {
			t.Fatalf("Printable(%q) = %q changed printable text", s, p)
		}
	})
}

// SafeJSON keeps the value and lets no control, bidirectional or invisible
// character through: each becomes a JSON escape; the layout's line breaks
// and tabs stay.
func TestSafeJSON(t *testing.T) {
	name := "csi\u009b2J rtl\u202egpj.p7m del\x7f emoji😀 tag\U000e0041"
	js, err := json.MarshalIndent(map[string]string{"file": name}, "", "\t")
	if err != nil {
		t.Fatal(err)
	}
	safe := SafeJSON(js)
	for _, c := range string(safe) {
		if c != '\n' && c != '\t' && needsEscape(c) {
			t.Fatalf("%U left in %s", c, safe)
		}
	}
	if !strings.Contains(string(safe), `csi\u009b2J rtl\u202egpj.p7m del\u007f emoji😀 tag\udb40\udc41`) || !strings.Contains(string(safe), "{\n\t\"file\"") {
		t.Errorf("escaped as %s", safe)
	}
	var back map[string]string
	if err := json.Unmarshal(safe, &back); err != nil || back["file"] != name {
		t.Errorf("round trip: %q, %v", back["file"], err)
	}
	if plain := []byte(`{"file": "sToken_for_Main Campus.vpptoken"}`); string(SafeJSON(plain)) != string(plain) {
		t.Error("plain JSON changed")
	}
}
