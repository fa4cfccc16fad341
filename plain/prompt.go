package plain

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/mdmtoken/mdmtoken/token"
)

// maxLine is the longest line read; the rest of a longer line is dropped.
// It is one byte over the largest file a token can be, so that pasted text
// that is too large is still recognised as such.
const maxLine = token.MaxFileSize + 1

// errEnded is the input's end (ctrl+d, or a closed pipe).
var errEnded = errors.New("input ended")

// lines reads the input one line at a time, each read waiting in the
// background so that it gives way to the context: a signal (INT, TERM,
// HUP) ends the wait at once. The input is only read when a line is asked
// for, so that nothing typed ahead is lost, and an end of input (ctrl+d on
// a terminal) is reported once: a terminal can be read again after it.
type lines struct {
	in      *bufio.Reader
	ask     chan struct{}
	got     chan lineRead
	started bool
	waiting bool // a read was asked for and its line not yet taken
}

// lineRead is one line read, without its line end, or why none was.
type lineRead struct {
	text string
	err  error
}

func newLines(r io.Reader) *lines {
	return &lines{in: bufio.NewReaderSize(r, 64<<10), ask: make(chan struct{}, 1), got: make(chan lineRead)}
}

// next reads one line. It returns errEnded at the end of the input and the
// context's cause once the context is done.
func (l *lines) next(ctx context.Context) (string, error) {
	if err := context.Cause(ctx); err != nil {
		return "", err
	}
	if !l.started {
		l.started = true
		go l.serve()
	}
	if !l.waiting {
		l.waiting = true
		l.ask <- struct{}{}
	}
	select {
	case r := <-l.got:
		l.waiting = false
		return r.text, r.err
	case <-ctx.Done():
		return "", context.Cause(ctx)
	}
}

// serve reads a line each time one is asked for. It ends with the
// program: a read blocked on a terminal cannot be called off.
func (l *lines) serve() {
	for range l.ask {
		text, err := readLine(l.in, maxLine)
		l.got <- lineRead{text, err}
	}
}

// readLine reads up to a line end and returns the line without it, cut to
// max bytes. A last line without a line end counts as a line; then the end
// of the input is errEnded.
func readLine(r *bufio.Reader, max int) (string, error) {
	var b strings.Builder
	for {
		frag, err := r.ReadSlice('\n')
		if room := max - b.Len(); room > 0 {
			b.Write(frag[:min(len(frag), room)])
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == nil:
		case errors.Is(err, io.EOF) && b.Len() > 0:
		case errors.Is(err, io.EOF):
			return "", errEnded
		default:
			return "", fmt.Errorf("reading the answer: %w", err)
		}
		text := strings.TrimSuffix(b.String(), "\n")
		return strings.TrimSuffix(text, "\r"), nil
	}
}

// answer is one answer a menu offers.
type answer struct {
	key   string // "1", "2", … for numbered answers, a letter for the others
	label string
	desc  string // one more line about it; may be empty
}

// menu is a question's answers: numbered ones, then lettered ones, and q
// to quit.
type menu struct {
	numbered []answer // keys are filled in from 1
	letters  []answer // keys are lower-case letters other than q
	def      string   // the key an empty line chooses; empty for none
	// ask is what the prompt says; "Choice" when empty.
	ask string
	// empty is said when an empty line is typed and there is no default.
	empty string
	// noQuit leaves q out: the question is whether to quit.
	noQuit bool
}

// quitKey is the answer that quits.
const quitKey = "q"

// number gives the numbered answers their keys.
func (m *menu) number() {
	for i := range m.numbered {
		m.numbered[i].key = strconv.Itoa(i + 1)
	}
}

// print writes the answers, one per line with its key.
func (m menu) print(p *printer) {
	all := append(append([]answer{}, m.numbered...), m.letters...)
	if !m.noQuit {
		all = append(all, answer{key: quitKey, label: "Quit"})
	}
	p.blank()
	for _, a := range all {
		lead := fmt.Sprintf("  %s. ", a.key)
		pad := strings.Repeat(" ", len(lead))
		p.hanging(lead, pad, a.label)
		if a.desc != "" {
			p.line(pad, a.desc)
		}
	}
}

// promptText is the line the answer is typed after.
func (m menu) promptText() string {
	ask := m.ask
	if ask == "" {
		ask = "Choice"
	}
	if m.def != "" {
		return fmt.Sprintf("%s (Enter for %s):", ask, m.def)
	}
	return ask + ":"
}

// keys lists the answers accepted, for a reminder: "1 to 4, b or q".
func (m menu) keys() string {
	var parts []string
	switch n := len(m.numbered); n {
	case 0:
	case 1, 2:
		for _, a := range m.numbered {
			parts = append(parts, a.key)
		}
	default:
		parts = append(parts, fmt.Sprintf("1 to %d", n))
	}
	for _, a := range m.letters {
		parts = append(parts, a.key)
	}
	if !m.noQuit {
		parts = append(parts, quitKey)
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

// match finds the answer a line means: a listed number, a listed letter
// (either case), q, or the default for an empty line.
func (m menu) match(line string) (string, bool) {
	s := strings.ToLower(strings.TrimSpace(line))
	if len(s) > 1 {
		s = strings.TrimSuffix(s, ".") // "2." as written in the list
	}
	if s == "" {
		return m.def, m.def != ""
	}
	if s == quitKey && !m.noQuit {
		return quitKey, true
	}
	if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= len(m.numbered) {
		return m.numbered[n-1].key, true
	}
	for _, a := range m.letters {
		if s == a.key {
			return a.key, true
		}
	}
	return "", false
}

// ask prints the menu and reads answers until one is valid, saying what
// is accepted after each one that is not. It returns the answer's key, or
// errEnded or the context's cause.
func ask(ctx context.Context, p *printer, in *lines, m menu) (string, error) {
	m.number()
	m.print(p)
	for {
		p.prompt(m.promptText())
		line, err := in.next(ctx)
		if err != nil {
			p.blank()
			return "", err
		}
		if key, ok := m.match(line); ok {
			return key, nil
		}
		if strings.TrimSpace(line) == "" && m.empty != "" {
			p.line("", m.empty)
			continue
		}
		p.line("", fmt.Sprintf("Not one of the answers. Type %s, then press Enter.", m.keys()))
	}
}
