// Package textwrap lays out help text for a terminal of a given width:
// words are never broken, and a wrapped line continues under its own text
// (a hanging indent), so that lists, flag tables and labelled values stay
// aligned. Parse reads the same text as blocks (paragraphs, terms with
// their descriptions, lines kept as written) for other renderers, such as
// a manual page.
package textwrap

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// minBody is the narrowest column worth wrapping text into beside a hanging
// indent; below it, continuation lines start at the line's indent instead.
const minBody = 20

// Line lays out one line (without line breaks) at width columns; the lines
// it wraps onto start at column hang. When the line has text before column
// hang that ends with a space (a term and its gap, as in a flag table),
// that head stays as written. Width is counted in terminal cells, escape
// sequences excluded. Width 0 or less leaves s as it is.
func Line(s string, width, hang int) string {
	if width <= 0 || ansi.StringWidth(s) <= width {
		return s
	}
	indent := leadingSpaces(s)
	if cut := byteIndexOfColumn(s, hang); indent < hang && cut > indent && s[cut-1] == ' ' {
		return Hanging(s[:cut], s[cut:], width, hang)
	}
	return Hanging(s[:indent], s[indent:], width, hang)
}

// Hanging lays out head followed by body at width columns: head as
// written, then the words of body, on lines that start at column hang.
// Words are split at spaces only, never at a space escaped with a
// backslash (as in a shell command). A word too long for the room beside
// hang starts further left, at head's indent or else the margin; one
// longer than the whole width is kept whole on a line of its own. When
// fewer than minBody columns are left beside hang, continuation lines
// start at head's indent instead. Width 0 or less, or a line that fits,
// leaves the text as it is.
func Hanging(head, body string, width, hang int) string {
	if width <= 0 || ansi.StringWidth(head)+ansi.StringWidth(body) <= width {
		return head + body
	}
	indent := leadingSpaces(head)
	hang = min(max(hang, 0), width)
	if width-hang < minBody {
		hang = min(indent, width/2)
	}
	var b strings.Builder
	b.WriteString(head)
	col := ansi.StringWidth(head)
	start := true // nothing on this line yet but its indent or head
	for _, w := range words(body) {
		n := ansi.StringWidth(w)
		at := 0 // where a line for w starts: as far in as w fits
		switch {
		case hang+n <= width:
			at = hang
		case indent+n <= width:
			at = indent
		}
		sep := 1
		if start {
			sep = 0
		}
		if col+sep+n > width && (!start || col > at) {
			b.WriteString("\n" + strings.Repeat(" ", at))
			col, start, sep = at, true, 0
		}
		if sep > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		col += sep + n
		start = false
	}
	return b.String()
}

// words splits s at runs of spaces that are not escaped with a backslash.
func words(s string) []string {
	var out []string
	startAt := -1
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' && (i == 0 || s[i-1] != '\\') {
			if startAt >= 0 {
				out = append(out, s[startAt:i])
				startAt = -1
			}
			continue
		}
		if startAt < 0 {
			startAt = i
		}
	}
	if startAt >= 0 {
		out = append(out, s[startAt:])
	}
	return out
}

// Hang is the column where a line's text continues when it is wrapped: in
// an indented line, after a term and a gap of two or more spaces, as in
// "  --kind string   credential to renew" or "  2  problem: ..."; else the
// line's indent.
func Hang(s string) int {
	indent := leadingSpaces(s)
	if _, _, hang, ok := item(s); ok {
		return hang
	}
	return indent
}

// item splits an indented line into its term and text at the first gap of
// two or more spaces; hang is the column where the text starts.
func item(s string) (term, text string, hang int, ok bool) {
	indent := leadingSpaces(s)
	if indent == 0 {
		return "", "", 0, false
	}
	gap := strings.Index(s[indent:], "  ")
	if gap < 0 {
		return "", "", 0, false
	}
	term = s[indent : indent+gap]
	text = strings.TrimLeft(s[indent+gap:], " ")
	if text == "" {
		return "", "", 0, false
	}
	return term, text, ansi.StringWidth(s[:len(s)-len(text)]), true
}

// Kind is the kind of a Block.
type Kind int

// The kinds of block.
const (
	Blank     Kind = iota // an empty line
	Paragraph             // text at the left margin
	Item                  // an indented term and its description: "  0  every file is fine"
	Verbatim              // an indented line without a term, such as a command: kept as written
)

// Block is one line of text after Parse has joined the lines that continue
// it.
type Block struct {
	Kind   Kind
	Indent int    // columns before the text (Paragraph, Verbatim) or the term (Item)
	Hang   int    // column where an Item's description starts
	Term   string // Item: the term
	Text   string // the text, or an Item's description; for Verbatim the line without its indent
}

// Parse reads text written for a terminal into blocks. Tabs become spaces
// (tab stops every 8 columns). A line that continues the one before (it
// starts at that line's hanging indent, and the line before is not kept
// as written) is joined to it, so that text
// wrapped by hand for one width reads well at another.
func Parse(text string) []Block {
	var blocks []Block
	for _, l := range strings.Split(expandTabs(text), "\n") {
		l = strings.TrimRight(l, " ")
		if n := len(blocks); n > 0 && continues(blocks[n-1], l) {
			blocks[n-1].Text += " " + strings.TrimLeft(l, " ")
			continue
		}
		indent := leadingSpaces(l)
		switch term, desc, hang, ok := item(l); {
		case strings.TrimSpace(l) == "":
			blocks = append(blocks, Block{Kind: Blank})
		case indent == 0:
			blocks = append(blocks, Block{Kind: Paragraph, Text: l})
		case ok:
			blocks = append(blocks, Block{Kind: Item, Indent: indent, Hang: hang, Term: term, Text: desc})
		default:
			blocks = append(blocks, Block{Kind: Verbatim, Indent: indent, Text: l[indent:]})
		}
	}
	return blocks
}

// continues reports whether line goes on from the block b.
func continues(b Block, line string) bool {
	if b.Kind == Blank || b.Kind == Verbatim || strings.TrimSpace(line) == "" {
		return false
	}
	indent := leadingSpaces(line)
	if b.Kind == Item {
		return indent == b.Hang
	}
	return indent == 0
}

// String is the block as a line of text at no particular width.
func (b Block) String() string {
	pad := strings.Repeat(" ", b.Indent)
	switch b.Kind {
	case Item:
		gap := max(b.Hang-b.Indent-ansi.StringWidth(b.Term), 2)
		return pad + b.Term + strings.Repeat(" ", gap) + b.Text
	case Blank:
		return ""
	}
	return pad + b.Text
}

// Text lays out text at width: Parse joins the lines that continue one
// another, each block is wrapped with its hanging indent, and a line kept
// as written is wrapped as a Command. Width 0 or less only joins the lines
// and expands tabs.
func Text(text string, width int) string {
	var out []string
	for _, b := range Parse(text) {
		switch b.Kind {
		case Item:
			out = append(out, Line(b.String(), width, b.Hang))
		case Verbatim:
			out = append(out, Command(b.String(), width))
		default:
			out = append(out, Line(b.String(), width, b.Indent))
		}
	}
	return strings.Join(out, "\n")
}

// Examples lays out examples, one command or comment a line, at width. A
// comment ("# ...") wraps onto lines that are comments too; a command is
// wrapped as by Command, so that every example can still be pasted into a
// shell.
func Examples(text string, width int) string {
	lines := strings.Split(strings.TrimRight(expandTabs(text), "\n"), "\n")
	for i, l := range lines {
		indent := leadingSpaces(l)
		if strings.HasPrefix(l[indent:], "# ") {
			pad := strings.Repeat(" ", indent)
			lines[i] = strings.ReplaceAll(Line(l, width, indent+2), "\n"+pad+"  ", "\n"+pad+"# ")
		} else {
			lines[i] = Command(l, width)
		}
	}
	return strings.Join(lines, "\n")
}

// nbsp holds the words of an option and its value together while a command
// is wrapped.
const nbsp = "\u00a0"

// Command lays out a shell command at width: it continues on lines that
// start four columns further in, each line but the last ending in a
// backslash, so that the command still runs when pasted. It never breaks
// inside a word (a space escaped with a backslash included) or between an
// option and its value ("--format json").
func Command(line string, width int) string {
	if width <= 2 || ansi.StringWidth(line) <= width {
		return line
	}
	indent := leadingSpaces(line)
	ws := words(line[indent:])
	for i := len(ws) - 2; i >= 0; i-- {
		if strings.HasPrefix(ws[i], "-") && !strings.HasPrefix(ws[i+1], "-") && !strings.Contains(ws[i], "=") {
			ws[i] += nbsp + ws[i+1]
			ws = append(ws[:i+1], ws[i+2:]...)
		}
	}
	joined := strings.Repeat(" ", indent) + strings.Join(ws, " ")
	wrapped := Line(joined, width-2, indent+4)
	return strings.ReplaceAll(strings.ReplaceAll(wrapped, "\n", " \\\n"), nbsp, " ")
}

func leadingSpaces(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }

// byteIndexOfColumn is the byte offset in s where column col starts, or -1
// when s is narrower.
func byteIndexOfColumn(s string, col int) int {
	for i := range s {
		switch w := ansi.StringWidth(s[:i]); {
		case w == col:
			return i
		case w > col:
			return -1
		}
	}
	return -1
}

// expandTabs replaces each tab with spaces up to the next tab stop.
func expandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	col := 0
	for _, r := range s {
		switch r {
		case '\t':
			n := 8 - col%8
			b.WriteString(strings.Repeat(" ", n))
			col += n
		case '\n':
			b.WriteRune(r)
			col = 0
		default:
			b.WriteRune(r)
			col++
		}
	}
	return b.String()
}
