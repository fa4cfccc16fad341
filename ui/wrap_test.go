package ui

import (
	"strings"
	"testing"
)

// TestWrapKeepsIdentifiers: a push topic's identifier, a date and a time
// are never broken at their hyphens, nor a date at its slashes; words
// joined by a hyphen or a slash may be.
func TestWrapKeepsIdentifiers(t *testing.T) {
	const topic = "com.apple.mgmt.External.8f2c1a7e-4b3d-4e59-9a61-2d7c5e0b9f14"
	got := wrap("This push certificate has the topic "+topic+", downloaded 2026-12-02 at 14-10-00Z.", 70)
	if dated := wrap("Microsoft Learn: Intune APNs certificate (ms.date 01/13/2026)", 54); !strings.Contains(dated, "01/13/2026") {
		t.Errorf("a date broken at its slashes:\n%s", dated)
	}
	if got := wrap("Settings/Payments/Billing/Apps", 20); !strings.Contains(got, "/\n") {
		t.Errorf("a path is not broken at a slash:\n%s", got)
	}
	for _, whole := range []string{topic, "2026-12-02", "14-10-00Z"} {
		if !strings.Contains(got, whole) {
			t.Errorf("%q broken:\n%s", whole, got)
		}
	}
	if got := wrap("a community-sourced guide", 16); !strings.Contains(got, "community-\n") {
		t.Errorf("a hyphenated word is not broken at its hyphen:\n%s", got)
	}
}

// TestAddressLines: an address too wide is cut after a separator, never
// shortened; without one in reach it is cut between characters.
func TestAddressLines(t *testing.T) {
	for _, c := range []struct {
		addr  string
		width int
		want  string
	}{
		{"~/.local/share/mdmtoken/records/mdmtoken-dep-renewal-2026-12-03-production.md", 70,
			"  ~/.local/share/mdmtoken/records/\n  mdmtoken-dep-renewal-2026-12-03-production.md"},
		{"https://example.com/a-very-long-article-name-about-tokens", 40, "  https://example.com/\n  a-very-long-article-name-about-tokens"},
		{"https://example.com/an-article-name-far-too-long-for-one-line-of-text", 40, "  https://example.com/\n  an-article-name-far-too-long-for-one-\n  line-of-text"},
		{"~/.local/share/mdmtoken/records/renewal.md", 40, "  ~/.local/share/mdmtoken/records/\n  renewal.md"},
		{"abcdefghijklmnopqrstuvwxyz", 10, "  abcdefghij\n  klmnopqrst\n  uvwxyz"},
		{"abcdefghijklmnopqrstuvw", 20, "  abcdefghijklmnopq\n  rstuvw"},
		{"short/path", 40, "  short/path"},
		// Never an extension alone on the last line.
		{"~/.local/share/mdmtoken/records/mdmtoken-dep-renewal-2026-12-03-production-1111-42.ics", 70,
			"  ~/.local/share/mdmtoken/records/\n  mdmtoken-dep-renewal-2026-12-03-production-1111-42.ics"},
		{"mdmtoken-dep-renewal-2026-12-03-production-1111-42.ics", 51, "  mdmtoken-dep-renewal-2026-12-03-production-1111-\n  42.ics"},
	} {
		got := addressLines(c.addr, c.width, "  ")
		if got != c.want {
			t.Errorf("addressLines(%q, %d) =\n%s\nwant\n%s", c.addr, c.width, got, c.want)
		}
		if strings.ReplaceAll(strings.ReplaceAll(got, "\n", ""), "  ", "") != c.addr {
			t.Errorf("%q is not whole in %q", c.addr, got)
		}
	}
}

// TestWrapKeepsMenuPathsOffTheMargin: a menu path ("Settings > Payments")
// is never broken before its ">": a line starting with ">" looks like the
// menu's cursor, also to a screen reader. The text is otherwise the same.
func TestWrapKeepsMenuPathsOffTheMargin(t *testing.T) {
	s := "Select your name at the bottom of the sidebar > Preferences (called Settings in some versions) > Payments and Billing > Apps and Books, then Download - 2026-03-27."
	for width := 16; width <= 80; width++ { // narrower, "versions) >" itself is broken
		for name, out := range map[string]string{"wrap": wrap(s, width), "wrapWords": wrapWords(s, width)} {
			for _, line := range strings.Split(out, "\n") {
				if strings.HasPrefix(strings.TrimLeft(line, " "), ">") {
					t.Fatalf("%s at %d: a line starts with >:\n%s", name, width, out)
				}
			}
			if got := strings.Join(strings.Fields(out), " "); got != s {
				t.Fatalf("%s at %d changed the text: %q", name, width, got)
			}
		}
	}
}

// TestPageKey: the short help names pgdn while there is more below, pgup
// once the end is in view.
func TestPageKey(t *testing.T) {
	s := newScroller(newKeyMap().Walk.Scroll)
	s.sync(20, 3, "1\n2\n3\n4\n5\n6")
	if k := s.pageKey().Help().Key; k != "pgdn" {
		t.Errorf("at the top: %q", k)
	}
	s.vp.GotoBottom()
	if k := s.pageKey().Help().Key; k != "pgup" {
		t.Errorf("at the end: %q", k)
	}
}
