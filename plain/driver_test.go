package plain

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mdmtoken/mdmtoken/internal/downloadstest"
	"github.com/mdmtoken/mdmtoken/steps"
)

// fixedNow is the test clock: every expiry, "downloaded today" and stale
// judgement is made against it.
var fixedNow = time.Date(2026, 6, 2, 14, 30, 0, 0, time.UTC)

func TestMain(m *testing.M) {
	// Dates are shown in local time; pin it.
	time.Local = time.UTC
	os.Exit(m.Run())
}

// hangGuard bounds every wait for the plain front end, so that a test
// that would hang fails instead. It is no speed target.
const hangGuard = 10 * time.Second

var catalog = sync.OnceValues(steps.Builtin)

func builtin(t *testing.T) *steps.Catalog {
	t.Helper()
	c, err := catalog()
	if err != nil {
		t.Fatalf("steps.Builtin: %v", err)
	}
	return c
}

// fixture is a fake Downloads folder and the options to renew with it.
type fixture struct {
	downloadstest.Folder
	opts Options
}

// newFixture makes the Downloads folder of downloadstest, the MDM's key
// pair it is made for, and a folder for records.
func newFixture(t *testing.T) fixture {
	t.Helper()
	id := downloadstest.Identity(t, "..")
	f := downloadstest.Make(t, filepath.Join(t.TempDir(), "Downloads"), fixedNow, id)
	return fixture{Folder: f, opts: Options{
		Catalog:   builtin(t),
		Dir:       f.Dir,
		Now:       func() time.Time { return fixedNow },
		Cert:      id.Cert,
		Key:       id.Key,
		RecordDir: t.TempDir(),
	}}
}

// syncBuffer is the output, written by the run and read by the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// driver runs the plain front end on a pipe and answers its questions as a
// person would: it waits for a prompt, then types a line.
type driver struct {
	t      *testing.T
	in     *io.PipeWriter
	out    *syncBuffer
	cancel context.CancelCauseFunc
	done   chan struct{}
	res    Result
	err    error
	pos    int // how far the output was read
}

func run(t *testing.T, opts Options) *driver {
	t.Helper()
	r, w := io.Pipe()
	ctx, cancel := context.WithCancelCause(context.Background())
	d := &driver{t: t, in: w, out: &syncBuffer{}, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(d.done)
		d.res, d.err = Run(ctx, r, d.out, opts)
		r.Close()
	}()
	t.Cleanup(func() {
		cancel(nil)
		w.Close()
		select {
		case <-d.done:
		case <-time.After(hangGuard):
			t.Errorf("the plain front end did not end")
		}
	})
	return d
}

// waitFor waits until the output not yet read contains text, and returns
// it up to and including text.
func (d *driver) waitFor(text string) string {
	d.t.Helper()
	deadline := time.Now().Add(hangGuard)
	for {
		out := d.out.String()
		if i := strings.Index(out[d.pos:], text); i >= 0 {
			chunk := out[d.pos : d.pos+i+len(text)]
			d.pos += i + len(text)
			return chunk
		}
		select {
		case <-d.done:
			if out := d.out.String(); !strings.Contains(out[d.pos:], text) {
				d.t.Fatalf("the run ended (%v) without showing %q; output since:\n%s", d.err, text, out[d.pos:])
			}
			continue
		default:
		}
		if time.Now().After(deadline) {
			d.t.Fatalf("waited for %q; output since:\n%s", text, out[d.pos:])
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// prompt waits for the next prompt (the line ending in ": " that waits
// for an answer) and returns the screen before it.
func (d *driver) prompt() string {
	d.t.Helper()
	deadline := time.Now().Add(hangGuard)
	for {
		out := d.out.String()
		if strings.HasSuffix(out, ": ") && len(out) > d.pos {
			chunk := out[d.pos:]
			d.pos = len(out)
			return chunk
		}
		select {
		case <-d.done:
			d.t.Fatalf("the run ended (%v) while waiting for a prompt; output since:\n%s", d.err, out[d.pos:])
		default:
		}
		if time.Now().After(deadline) {
			d.t.Fatalf("waited for a prompt; output since:\n%s", out[d.pos:])
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// leaveFiles answers the question about the token files left in the
// folder, once the portal accepted the file, with leaving them; the screen
// of the question, or "" when the run ended without asking it.
func (d *driver) leaveFiles() string {
	d.t.Helper()
	deadline := time.Now().Add(hangGuard)
	for {
		out := d.out.String()
		if strings.HasSuffix(out, ": ") && len(out) > d.pos && strings.Contains(out[d.pos:], "Clear the ") {
			scr := out[d.pos:]
			d.pos = len(out)
			d.send(option(d.t, scr, "Leave them where they are", "Leave it where it is"))
			return scr
		}
		select {
		case <-d.done:
			return ""
		default:
		}
		if time.Now().After(deadline) {
			d.t.Fatalf("waited for the question about the token files; output since:\n%s", out[d.pos:])
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// send types a line and Enter.
func (d *driver) send(line string) {
	d.t.Helper()
	if _, err := io.WriteString(d.in, line+"\n"); err != nil {
		d.t.Fatalf("typing %q: %v", line, err)
	}
}

// answer waits for a prompt, types a line, and returns the screen.
func (d *driver) answer(line string) string {
	d.t.Helper()
	scr := d.prompt()
	d.send(line)
	return scr
}

// end closes the input (ctrl+d) when close is set and waits for the run
// to end.
func (d *driver) end(close bool) (Result, error) {
	d.t.Helper()
	if close {
		d.in.Close()
	}
	select {
	case <-d.done:
	case <-time.After(hangGuard):
		d.t.Fatalf("the run did not end; output:\n%s", d.out.String()[d.pos:])
	}
	return d.res, d.err
}

var optionRe = regexp.MustCompile(`(?m)^ +(\d+)\. (.*)$`)

// option is the number of the answer labelled label (or one of the
// other labels) on a screen.
func option(t *testing.T, scr, label string, or ...string) string {
	t.Helper()
	for _, m := range optionRe.FindAllStringSubmatch(scr, -1) {
		if m[2] == label || slices.Contains(or, m[2]) {
			return m[1]
		}
	}
	t.Fatalf("no answer %q on the screen:\n%s", label, scr)
	return ""
}

// stepRe finds a walk's position.
var stepRe = regexp.MustCompile(`step\s+(\d+)\s+of\s+(\d+)`)

// walk answers every step of a walk until a screen without a step shows;
// a step that waits for y gets Enter first, which must not pass it. It
// returns that screen and the steps' screens.
func (d *driver) walk() (after string, screens []string) {
	d.t.Helper()
	for {
		scr := d.prompt()
		if !stepRe.MatchString(scr) {
			return scr, screens
		}
		screens = append(screens, scr)
		if strings.Contains(scr, "Type y to confirm: ") {
			d.send("")
			again := d.prompt()
			if stepRe.MatchString(again) || !strings.Contains(again, "Enter alone does not confirm") {
				d.t.Fatalf("Enter on a warning did something else than asking for y:\n%s", again)
			}
			d.send("y")
			continue
		}
		d.send("")
	}
}
