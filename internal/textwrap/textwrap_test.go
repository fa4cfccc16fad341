package textwrap

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// checkWidth fails when a line of s is wider than width.
func checkWidth(t *testing.T, s string, width int) {
	t.Helper()
	for _, l := range strings.Split(s, "\n") {
		if w := ansi.StringWidth(l); w > width {
			t.Errorf("line %d columns wide, over %d: %q", w, width, l)
		}
	}
}

// sameWords fails unless got holds the words of want in order, ignoring
// the marks a wrap adds (a continuation's backslash, a comment's "#").
func sameWords(t *testing.T, got, want string) {
	t.Helper()
	fields := func(s string) []string {
		return slices.DeleteFunc(strings.Fields(ansi.Strip(s)), func(w string) bool { return w == `\` || w == "#" })
	}
	if g, w := fields(got), fields(want); !slices.Equal(g, w) {
		t.Errorf("words changed:\n got %q\nwant %q", g, w)
	}
}

func TestLineHangsUnderItsText(t *testing.T) {
	in := "      --record-dir string   folder for the renewal record and calendar reminder (default \".\")"
	got := Line(in, 60, Hang(in))
	want := "      --record-dir string   folder for the renewal record\n" +
		"                            and calendar reminder (default\n" +
		"                            \".\")"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestLineNeverBreaksAWord(t *testing.T) {
	in := "  1  warning: a token expires within --warn-days, is an old download where --fresh asked for a new one"
	for width := 20; width <= 80; width++ {
		got := Line(in, width, Hang(in))
		checkWidth(t, got, width)
		sameWords(t, got, in)
		// Hyphens are not break points: "--warn-days" stays whole.
		if !strings.Contains(got, "--warn-days") || !strings.Contains(got, "--fresh") {
			t.Fatalf("width %d: a flag was broken:\n%s", width, got)
		}
	}
}

func TestLineFitsAsItIs(t *testing.T) {
	in := "  text        one block  per file" // its own spacing kept
	if got := Line(in, 40, Hang(in)); got != in {
		t.Errorf("a line that fits changed: %q", got)
	}
	if got := Line(in, 0, 4); got != in {
		t.Errorf("width 0 changed the line: %q", got)
	}
}

func TestALongWordMovesLeftToFit(t *testing.T) {
	in := `      --playbooks string    folder with local portal playbooks (*.yaml) (default "/home/alice/.config/mdmtoken/portals")`
	got := Line(in, 60, Hang(in))
	checkWidth(t, got, 60)
	sameWords(t, got, in)
	if !strings.Contains(got, "\n      \"/home/alice/.config/mdmtoken/portals\")") {
		t.Errorf("the path should start at the line's indent:\n%s", got)
	}
	// Longer than the whole width: on a line of its own, whole.
	word := strings.Repeat("x", 30)
	got = Line("  label  a "+word+" b", 20, 9)
	if !strings.Contains(got, "\n"+word+"\n") {
		t.Errorf("an overlong word is not alone on its line:\n%s", got)
	}
}

func TestHangingCountsCellsNotBytes(t *testing.T) {
	head := "  \x1b[2mStatus       \x1b[m "
	body := "\x1b[1;31mWRONG MDM SERVER (made for another server's key)\x1b[m and more words after it"
	got := Hanging(head, body, 40, 16)
	checkWidth(t, got, 40)
	sameWords(t, got, head+body)
	if !strings.HasPrefix(got, head) {
		t.Errorf("the head is not kept as written: %q", got)
	}
	for _, l := range strings.Split(got, "\n")[1:] {
		if !strings.HasPrefix(l, strings.Repeat(" ", 16)) || l[16] == ' ' {
			t.Errorf("a continuation does not start at column 16: %q", l)
		}
	}
	// Wide characters take two cells.
	got = Hanging("", strings.Repeat("日本 ", 10), 12, 0)
	checkWidth(t, got, 12)
}

func TestEscapedSpacesDoNotBreak(t *testing.T) {
	got := Line(`  mdmtoken check ~/Downloads/sToken_for_Main\ Campus.vpptoken`, 30, 6)
	if !strings.Contains(got, `sToken_for_Main\ Campus.vpptoken`) {
		t.Errorf("an escaped space was broken:\n%s", got)
	}
}

func TestParseJoinsWhatContinues(t *testing.T) {
	text := "Tell what token files are and\nwhether they are valid.\n\n" +
		"Exit status:\n" +
		"  0  every file is fine\n" +
		"  1  warning: a token expires\n" +
		"     soon\n" +
		"\tsource <(mdmtoken completion bash)\n" +
		"  mdmtoken check a\n" +
		"  mdmtoken check b"
	got := Parse(text)
	want := []Block{
		{Kind: Paragraph, Text: "Tell what token files are and whether they are valid."},
		{Kind: Blank},
		{Kind: Paragraph, Text: "Exit status:"},
		{Kind: Item, Indent: 2, Hang: 5, Term: "0", Text: "every file is fine"},
		{Kind: Item, Indent: 2, Hang: 5, Term: "1", Text: "warning: a token expires soon"},
		{Kind: Verbatim, Indent: 8, Text: "source <(mdmtoken completion bash)"},
		{Kind: Verbatim, Indent: 2, Text: "mdmtoken check a"},
		{Kind: Verbatim, Indent: 2, Text: "mdmtoken check b"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%+v\nwant\n%+v", got, want)
	}
}

func TestTextReflowsAtAnyWidth(t *testing.T) {
	text := "Each PATH is a file or a folder. Folders are searched recursively; hidden\n" +
		"entries inside them are skipped.\n\n" +
		"Output (--format):\n" +
		"  text        one block per file and a summary line; colored only on a\n" +
		"              terminal, never when NO_COLOR is set\n" +
		"  json        an array with one object per file"
	for _, width := range []int{40, 60, 80} {
		got := Text(text, width)
		checkWidth(t, got, width)
		sameWords(t, got, text)
		if !strings.Contains(got, "\n  json        an array") {
			t.Errorf("width %d: list item lost its alignment:\n%s", width, got)
		}
	}
	// Joined, a paragraph fills the lines: no short line left over from
	// the width it was written for.
	if got := Text(text, 100); !strings.HasPrefix(got, "Each PATH is a file or a folder. Folders are searched recursively; hidden entries inside them are\nskipped.") {
		t.Errorf("paragraph not reflowed:\n%s", got)
	}
}

func TestExamplesStayPasteable(t *testing.T) {
	text := "  # A renewed push certificate: the same topic as last year's, for the MDM's push key\n" +
		"  mdmtoken check --expect push --replaces last-year.pem --push-key push-key.pem ~/Downloads/MDM_*_Certificate.pem\n" +
		"\n" +
		"  mdmtoken due --history /srv/mdm/history.jsonl --format prometheus"
	for _, width := range []int{50, 60, 80} {
		got := Examples(text, width)
		checkWidth(t, got, width)
		sameWords(t, got, text)
		lines := strings.Split(got, "\n")
		inCommand, inComment := false, false
		for i, l := range lines {
			switch {
			case inCommand && !strings.HasPrefix(l, "      "):
				t.Errorf("width %d: continuation %d not indented: %q", width, i, l)
			case inComment && !strings.HasPrefix(l, "  # "):
				t.Errorf("width %d: a wrapped comment goes on as a command: %q", width, l)
			}
			inComment = strings.HasPrefix(l, "  # ") && i+1 < len(lines) && !strings.HasPrefix(lines[i+1], "  mdmtoken") && lines[i+1] != ""
			inCommand = strings.HasSuffix(l, ` \`)
		}
		// An option keeps its value on its line.
		for _, pair := range []string{"--expect push", "--replaces last-year.pem", "--push-key push-key.pem", "--format prometheus"} {
			if !strings.Contains(got, pair) {
				t.Errorf("width %d: %q was split:\n%s", width, pair, got)
			}
		}
	}
	if got := Examples(text, 200); got != text {
		t.Errorf("examples that fit changed:\n%s", got)
	}
}
