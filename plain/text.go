package plain

import (
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/mdmtoken/mdmtoken/token"
)

// defaultWidth is the width text is wrapped to when the terminal's is not
// known, as on most serial consoles.
const defaultWidth = 80

// minWidth is the narrowest width text is wrapped to.
const minWidth = 20

// printer writes plain text: every string through token.Printable, so no
// control character (an escape sequence, a carriage return) ever reaches
// the terminal, and word-wrapped at spaces to the terminal's width. Words
// longer than a line (paths, addresses) are never broken.
type printer struct {
	w     io.Writer
	width func() int // the terminal's width; 0 when unknown
	err   error      // the first write error
}

// cols is the width to wrap to.
func (p *printer) cols() int {
	w := 0
	if p.width != nil {
		w = p.width()
	}
	if w <= 0 {
		return defaultWidth
	}
	return max(minWidth, w)
}

// write writes s as it is; s must already be safe.
func (p *printer) write(s string) {
	if p.err == nil {
		_, p.err = io.WriteString(p.w, s)
	}
}

// blank writes an empty line.
func (p *printer) blank() { p.write("\n") }

// line writes text wrapped to the width, each line starting with indent.
func (p *printer) line(indent, text string) { p.hanging(indent, indent, text) }

// hanging writes text wrapped to the width: the first line starts with
// first, the next ones with rest (usually spaces as wide as first).
func (p *printer) hanging(first, rest, text string) {
	room := p.cols() - max(ansi.StringWidth(first), ansi.StringWidth(rest))
	for i, row := range wrap(token.Printable(text), max(10, room)) {
		lead := rest
		if i == 0 {
			lead = first
		}
		p.write(strings.TrimRight(lead+row, " ") + "\n")
	}
}

// label writes "Label: value", the value wrapped under itself; when its
// first word does not fit beside the label, the value goes under it.
func (p *printer) label(label, value string) {
	if value == "" {
		return
	}
	head := label + ": "
	first, _, _ := strings.Cut(token.Printable(value), " ")
	if ansi.StringWidth(head)+ansi.StringWidth(first) > p.cols() {
		p.write(label + ":\n")
		p.line("  ", value)
		return
	}
	p.hanging(head, strings.Repeat(" ", len(head)), value)
}

// name writes "Label: value" for a file name or path: on one line when it
// fits, else the value whole on the next line, so that it is never broken.
func (p *printer) name(label, value string) {
	if value == "" {
		return
	}
	value = token.Printable(value)
	if ansi.StringWidth(label)+2+ansi.StringWidth(value) <= p.cols() {
		p.write(label + ": " + value + "\n")
		return
	}
	p.write(label + ":\n  " + value + "\n")
}

// url writes an address on a line of its own, under a bullet when it fits
// there, else from the first column, so that it is never broken.
func (p *printer) url(u string) {
	if u == "" {
		return
	}
	u = token.Printable(u)
	if 2+ansi.StringWidth(u) <= p.cols() {
		u = "  " + u
	}
	p.write(u + "\n")
}

// bullet writes a bulleted paragraph.
func (p *printer) bullet(text string) { p.hanging("- ", "  ", text) }

// prompt writes the prompt the answer is typed after, without a line end.
func (p *printer) prompt(text string) { p.write(token.Printable(text) + " ") }

// printf writes a formatted line, wrapped.
func (p *printer) printf(format string, args ...any) { p.line("", fmt.Sprintf(format, args...)) }

// wrap splits text into lines of at most width columns, breaking at
// spaces only. A word wider than a line stays whole on a line of its own.
func wrap(text string, width int) []string {
	if text == "" {
		return []string{""}
	}
	var rows []string
	row, rowWidth := "", 0
	for i, word := range strings.Split(text, " ") {
		w := ansi.StringWidth(word)
		switch {
		case i == 0:
			row, rowWidth = word, w
		case rowWidth+1+w > width && rowWidth > 0:
			rows = append(rows, row)
			row, rowWidth = word, w
		default:
			row += " " + word
			rowWidth += 1 + w
		}
	}
	return append(rows, row)
}
