package ui_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/mdmtoken/mdmtoken/ui"
)

// minimal is the smallest Bubble Tea program with a menu like the
// wizard's first: a title, four options and a "> " cursor.
type minimal struct{ cursor int }

var minimalOptions = []string{"Renew the VPP content token", "Renew the DEP server token", "Check a file", "Quit"}

func (m minimal) Init() tea.Cmd { return nil }

func (m minimal) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.String() {
		case "down":
			m.cursor = (m.cursor + 1) % len(minimalOptions)
		case "q":
			return m, tea.Quit
		}
	}
	return m, nil
}

func (m minimal) View() tea.View {
	var b strings.Builder
	b.WriteString("What do you want to do?\n\n")
	for i, o := range minimalOptions {
		if i == m.cursor {
			b.WriteString("> " + o + "\n")
		} else {
			b.WriteString("  " + o + "\n")
		}
	}
	v := tea.NewView(b.String())
	v.AltScreen = true
	return v
}

// output records what a program writes and tells when it goes quiet or
// first writes a given text.
type output struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	wrote chan struct{}
}

func newOutput() *output { return &output{wrote: make(chan struct{}, 1)} }

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	o.buf.Write(p)
	o.mu.Unlock()
	select {
	case o.wrote <- struct{}{}:
	default:
	}
	return len(p), nil
}

func (o *output) len() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.Len()
}

func (o *output) has(text string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return bytes.Contains(o.buf.Bytes(), []byte(text))
}

// quiet waits until nothing was written for a few frames.
func (o *output) quiet() {
	for {
		select {
		case <-o.wrote:
		case <-time.After(60 * time.Millisecond):
			return
		}
	}
}

func runProgram(tb testing.TB, m tea.Model, out *output) (*tea.Program, chan struct{}) {
	p := tea.NewProgram(m, tea.WithInput(nil), tea.WithOutput(out), tea.WithoutSignals(),
		tea.WithWindowSize(80, 24), tea.WithColorProfile(colorprofile.TrueColor))
	done := make(chan struct{})
	go func() {
		defer close(done)
		if _, err := p.Run(); err != nil {
			tb.Error(err)
		}
	}()
	return p, done
}

// bytesPerMove is what a program writes for one cursor move down its
// menu, averaged over n moves after the first frame.
func bytesPerMove(tb testing.TB, m tea.Model, n int) float64 {
	out := newOutput()
	p, done := runProgram(tb, m, out)
	out.quiet()
	before := out.len()
	for range n {
		p.Send(tea.KeyPressMsg{Code: tea.KeyDown})
		out.quiet()
	}
	moved := out.len() - before
	p.Quit()
	<-done
	return float64(moved) / float64(n)
}

// wizard is the wizard on its first screen, as a program starts it.
func wizard(tb testing.TB) ui.Model {
	c, err := catalog()
	if err != nil {
		tb.Fatal(err)
	}
	return ui.New(ui.Options{Catalog: c, Dir: tb.TempDir(), Now: func() time.Time { return fixedNow }})
}

// BenchmarkCursorMove reports the bytes a cursor move in the first menu
// writes, the wizard's and a minimal program's, and their ratio.
func BenchmarkCursorMove(b *testing.B) {
	lipgloss.Writer.Profile = colorprofile.TrueColor
	moves := max(4, b.N)
	mini := bytesPerMove(b, minimal{}, moves)
	wiz := bytesPerMove(b, wizard(b), moves)
	b.ReportMetric(wiz, "wizard-B/move")
	b.ReportMetric(mini, "minimal-B/move")
	b.ReportMetric(wiz/mini, "ratio")
}

// firstFrame is the time from building the model to its first frame on
// the output, the frame that shows text.
func firstFrame(tb testing.TB, build func() tea.Model, text string) time.Duration {
	out := newOutput()
	start := time.Now()
	p, done := runProgram(tb, build(), out)
	for !out.has(text) {
		select {
		case <-out.wrote:
		case <-time.After(5 * time.Second):
			tb.Fatalf("no frame with %q", text)
		}
	}
	took := time.Since(start)
	p.Quit()
	<-done
	return took
}

// BenchmarkFirstFrame reports the start-up to the first frame, the
// wizard's (the guides already loaded) and a minimal program's, and their
// ratio.
func BenchmarkFirstFrame(b *testing.B) {
	var wiz, mini time.Duration
	for range b.N {
		mini += firstFrame(b, func() tea.Model { return minimal{} }, "Check a file")
		wiz += firstFrame(b, func() tea.Model { return wizard(b) }, "Check a file")
	}
	b.ReportMetric(float64(wiz.Microseconds())/float64(b.N), "wizard-µs")
	b.ReportMetric(float64(mini.Microseconds())/float64(b.N), "minimal-µs")
	b.ReportMetric(float64(wiz)/float64(mini), "ratio")
}
