package ui_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/mdmtoken/mdmtoken/internal/downloadstest"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
	"github.com/mdmtoken/mdmtoken/ui"
)

// fixedNow is the test clock: every expiry, "downloaded today" and stale
// judgement is made against it.
var fixedNow = time.Date(2026, 6, 2, 14, 30, 0, 0, time.UTC)

func TestMain(m *testing.M) {
	// Dates are shown in local time; pin it so goldens do not depend on the
	// machine's zone.
	time.Local = time.UTC
	os.Exit(m.Run())
}

// Names of the files in the fake Downloads folder.
var (
	names        = downloadstest.At("", fixedNow)
	freshDEPName = names.FreshDEP
	oldDEPName   = names.OldDEP
	vppName      = names.VPP
	pemName      = names.PEM
)

// fixture is a fake home with a Downloads folder.
type fixture struct {
	home string
	dir  string // $HOME/Downloads
}

func (f fixture) path(name string) string { return filepath.Join(f.dir, name) }

// newFixture makes the Downloads folder and points HOME at it, so the
// picker shows ~/Downloads.
func newFixture(t *testing.T) fixture {
	t.Helper()
	home := fixedLengthDir(t)
	f := downloadstest.Make(t, filepath.Join(home, "Downloads"), fixedNow, downloadstest.Identity(t, ".."))
	t.Setenv("HOME", home)
	return fixture{home: home, dir: f.Dir}
}

var catalog = sync.OnceValues(steps.Builtin)

func builtin(t *testing.T) *steps.Catalog {
	t.Helper()
	c, err := catalog()
	if err != nil {
		t.Fatalf("steps.Builtin: %v", err)
	}
	return c
}

// driver runs the wizard's model without a program: each message goes to
// Update, and the commands it returns are run at once, their messages fed
// back, until none is left. Background work (listing a folder, checking a
// file, saving the place) is thus done before a key's effect is looked at.
type driver struct {
	t           *testing.T
	m           ui.Model
	fx          fixture
	quit        bool // the wizard asked to end
	interrupted bool // it asked to end with ctrl+c
	// holding keeps the commands back in held instead of running them, as
	// when background work is slower than the user.
	holding bool
	held    []tea.Cmd
	keys    int // keys pressed so far
}

// release runs the commands held back, and stops holding.
func (d *driver) release() {
	d.holding = false
	for len(d.held) > 0 {
		cmd := d.held[0]
		d.held = d.held[1:]
		d.run(cmd)
	}
}

// start runs the wizard at 80x24 unless a size is given. Zero options get
// the built-in catalog, the fixture folder and the fixed clock.
func start(t *testing.T, opts ui.Options, size ...int) *driver {
	t.Helper()
	fx := newFixture(t)
	if opts.Catalog == nil {
		opts.Catalog = builtin(t)
	}
	if opts.Dir == "" {
		opts.Dir = fx.dir
	}
	if opts.Now == nil {
		opts.Now = func() time.Time { return fixedNow }
	}
	switch opts.UsedTokens {
	case noUsedTokens:
		opts.UsedTokens = ""
	case "":
		opts.UsedTokens = filepath.Join(fx.home, "used-tokens")
	}
	w, h := 80, 24
	if len(size) == 2 {
		w, h = size[0], size[1]
	}
	d := &driver{t: t, m: ui.New(opts), fx: fx}
	d.send(tea.WindowSizeMsg{Width: w, Height: h})
	d.run(d.m.Init())
	return d
}

// send hands a message to the wizard and runs what follows from it.
func (d *driver) send(msg tea.Msg) {
	if d.quit {
		return
	}
	next, cmd := d.m.Update(msg)
	d.m = next.(ui.Model)
	if v := d.m.View(); v.WindowTitle != "" {
		d.t.Fatalf("the wizard sets the window title %q: Bubble Tea empties it at exit", v.WindowTitle)
	} else if bad := rawControl(v.Content); bad != "" {
		d.t.Fatalf("the screen holds %s, which only styling may:\n%q", bad, v.Content)
	}
	d.run(cmd)
}

// rawControl says what in a drawn screen could make the terminal do
// something other than show text in color: any escape sequence but a
// color or style (SGR), a control character but the line feed, a C1
// control, DEL, or a bidirectional control; "" when there is none.
func rawControl(s string) string {
	for i := 0; i < len(s); {
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == 0x1b:
			j := i + 1
			if j < len(s) && s[j] == '[' {
				j++
				for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';' || s[j] == ':') {
					j++
				}
				if j < len(s) && s[j] == 'm' {
					i = j + 1
					continue
				}
			}
			return fmt.Sprintf("an escape sequence %q", s[i:min(len(s), i+12)])
		case c == utf8.RuneError && size == 1:
			return fmt.Sprintf("a byte that is not UTF-8 (%#x)", s[i])
		case c < 0x20 && c != '\n', c == 0x7f, c >= 0x80 && c <= 0x9f:
			return fmt.Sprintf("the control character %U", c)
		case c >= 0x202a && c <= 0x202e, c >= 0x2066 && c <= 0x2069, c == 0x200e, c == 0x200f, c == 0x061c, c == 0x2028, c == 0x2029:
			return fmt.Sprintf("the bidirectional or separator character %U", c)
		}
		i += size
	}
	return ""
}

// run runs a command and feeds its message back; a batch runs in order.
func (d *driver) run(cmd tea.Cmd) {
	if cmd == nil || d.quit {
		return
	}
	if d.holding {
		d.held = append(d.held, cmd)
		return
	}
	switch msg := cmd().(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			d.run(c)
		}
	case tea.QuitMsg:
		d.quit = true
	case tea.InterruptMsg:
		d.quit, d.interrupted = true, true
	default:
		d.send(msg)
	}
}

// read is the content of a file in the fake Downloads folder.
func (d *driver) read(name string) string {
	d.t.Helper()
	b, err := os.ReadFile(d.fx.path(name))
	if err != nil {
		d.t.Fatal(err)
	}
	return string(b)
}

// press sends keys by name ("enter", "esc", "down", "up", or a character).
func (d *driver) press(keys ...string) {
	for _, k := range keys {
		d.keys++
		d.send(keyMsg(k))
	}
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	case "ctrl+d":
		return tea.KeyPressMsg{Code: 'd', Mod: tea.ModCtrl}
	}
	r := []rune(k)
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

// view is the screen as drawn now, without styling.
func (d *driver) view() string { return ansi.Strip(d.m.View().Content) }

// check fails the test unless the screen meets cond.
func (d *driver) check(what string, cond func(view string) bool) {
	d.t.Helper()
	if v := d.view(); !cond(v) {
		d.t.Fatalf("the screen does not show %s:\n%s", what, v)
	}
}

// see fails the test unless the screen shows every text.
func (d *driver) see(texts ...string) {
	d.t.Helper()
	d.check(fmt.Sprintf("%q", texts), func(v string) bool {
		for _, s := range texts {
			if !contains(v, s) {
				return false
			}
		}
		return true
	})
}

// pressSee sends one key and checks that texts show.
func (d *driver) pressSee(k string, texts ...string) {
	d.t.Helper()
	d.press(k)
	d.see(texts...)
}

// contains reports whether a view shows text, maybe wrapped over lines.
func contains(view, text string) bool {
	return strings.Contains(view, text) || strings.Contains(flat(view), flat(text))
}

// flat collapses all white space, line breaks included, to single spaces.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// ended is the model once the wizard asked to end; it fails the test if
// it did not.
func (d *driver) ended() ui.Model {
	d.t.Helper()
	if !d.quit {
		d.t.Fatalf("the wizard did not end:\n%s", d.view())
	}
	return d.m
}

// screen is the stripped view with the temporary home scrubbed.
func (d *driver) screen() string { return d.screenText(d.view()) }

// screenText scrubs a stripped view: the temporary home becomes $HOME and
// trailing blanks go.
func (d *driver) screenText(s string) string {
	s = strings.ReplaceAll(s, d.fx.home, "$HOME")
	rows := strings.Split(s, "\n")
	for i, r := range rows {
		rows[i] = strings.TrimRight(r, " ")
	}
	return strings.Join(rows, "\n") + "\n"
}

// fixedLengthDir is a new empty folder whose path has the same length in
// every run: t.TempDir's random part varies in length, and a path that is
// wrapped in a view would move the wrap and change the golden.
func fixedLengthDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("mdmtoken-ui-%016x", rand.Uint64()))
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// golden compares the screen with the test's golden file.
func (d *driver) golden() ui.Model {
	d.t.Helper()
	golden.RequireEqual(d.t, d.screen())
	return d.m
}

// cursorRow is the picker row under the cursor, or "".
func cursorRow(view string) string {
	for _, row := range strings.Split(view, "\n") {
		if t := strings.TrimLeft(row, " "); strings.HasPrefix(t, ">") {
			return t
		}
	}
	return ""
}

// listed is the fake Downloads folder in the picker's order (by name).
func listed() []string { return names.Names() }

// rowFile tells which fixture file a picker row shows (names may be
// truncated), or -1.
func rowFile(row string) int {
	for i, name := range listed() {
		if strings.Contains(row, name[:min(len(name), 22)]) {
			return i
		}
	}
	return -1
}

// highlight moves the picker cursor to the file name and checks that the
// details panel describes it (detail is a text of the panel).
func (d *driver) highlight(name, detail string) {
	d.t.Helper()
	v := d.pickerView()
	cur, target := rowFile(cursorRow(v)), slices.Index(listed(), name)
	if cur < 0 || target < 0 {
		d.t.Fatalf("picker: cursor on file %d, %q is file %d, in:\n%s", cur, name, target, v)
	}
	for ; cur < target; cur++ {
		d.press("down")
	}
	for ; cur > target; cur-- {
		d.press("up")
	}
	d.check("cursor on "+name, func(v string) bool {
		return rowFile(cursorRow(v)) == target && strings.Contains(v, detail)
	})
}

// pickerView checks that the picker has listed the folder and described
// the highlighted file, and returns the screen.
func (d *driver) pickerView() string {
	d.t.Helper()
	d.check("the file picker, settled", func(v string) bool {
		return (strings.Contains(v, picker) || strings.Contains(v, checkPicker)) && cursorRow(v) != "" &&
			!strings.Contains(v, "Move to a file to see what it is.")
	})
	return d.view()
}

// guide is a built-in guide.
func guide(t *testing.T, kind token.Kind, apple, portal string) steps.Guide {
	t.Helper()
	g, err := builtin(t).Guide(kind, apple, portal)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// Screen texts the tests look for.
const (
	askTask     = "What do you want to do?"
	askApple    = "Which Apple portal do you sign in to?"
	askPortal   = "Which MDM portal will you upload"
	caveats     = "Before you start:"
	picker      = "Choose the file you just downloaded"
	checkPicker = "Choose a file to check"
	pasteHead   = "Paste the token file's text"
	confirmQ    = "Almost done: check the upload"
	done        = "Renewal done"
	resetNote   = "The old DEP token is already reset"
)

// chooseTask picks "Renew the VPP/DEP token" on the first screen.
func (d *driver) chooseTask(kind token.Kind) {
	d.t.Helper()
	d.see(askTask)
	d.press(slices.Repeat([]string{"down"}, slices.Index(token.Renewable(), kind))...)
	d.pressSee("enter", askApple)
}

// chooseApple picks the Apple portal by id, in the catalog's order.
func (d *driver) chooseApple(id string) {
	d.t.Helper()
	i := slices.IndexFunc(builtin(d.t).ApplePortals(), func(a steps.Apple) bool { return a.ID == id })
	if i < 0 {
		d.t.Fatalf("no Apple portal %q", id)
	}
	d.press(slices.Repeat([]string{"down"}, i)...)
	d.pressSee("enter", askPortal)
}

// choosePortal picks the MDM portal by id, in the catalog's order.
func (d *driver) choosePortal(kind token.Kind, id string) {
	d.t.Helper()
	i := slices.IndexFunc(builtin(d.t).Portals(kind), func(p steps.Portal) bool { return p.ID == id })
	if i < 0 {
		d.t.Fatalf("no %s portal %q", kind, id)
	}
	d.press(slices.Repeat([]string{"down"}, i)...)
	d.pressSee("enter", caveats)
}

// walk goes through a guide's steps, confirming warnings with y.
func (d *driver) walk(where string, list []steps.Step) { d.walkRange(where, list, 0, len(list)) }

// walkSome goes through the first n steps of a guide's steps.
func (d *driver) walkSome(where string, list []steps.Step, n int) { d.walkRange(where, list, 0, n) }

// walkRange goes through steps [from, to) of a guide's steps, one screen
// at a time: a screen may show a run of short steps ("steps 5 to 7 of 9").
// Where a step needs more room than the screen has, enter first pages
// down; where a warning does, y first brings the rest of it into view, and
// a second y confirms.
func (d *driver) walkRange(where string, list []steps.Step, from, to int) {
	d.t.Helper()
	for i := from; i < to; {
		one := fmt.Sprintf("step %d of %d", i+1, len(list))
		run := fmt.Sprintf("steps %d to ", i+1)
		d.check(where+", "+one, func(v string) bool {
			return contains(v, one) || contains(v, run)
		})
		last := i
		if v := flat(d.view()); !contains(v, one) {
			fmt.Sscanf(v[strings.Index(v, run)+len(run):], "%d", &last)
			last--
		}
		if list[last].Warning == "" {
			// enter first brings what is below the fold into view.
			for n := 0; n < 20 && contains(d.view(), "more below"); n++ {
				d.press("enter")
			}
			d.press("enter")
		} else {
			d.press("y")
			if contains(d.view(), "Read the whole warning") && contains(d.view(), one) {
				d.press("y")
			}
		}
		i = last + 1
	}
}

// pastCaveats reads the caveats screen to its sources (enter pages down
// while its help says "enter more") and starts.
func (d *driver) pastCaveats(texts ...string) {
	d.t.Helper()
	d.see(caveats)
	for n := 0; n < 20 && contains(d.view(), "enter more"); n++ {
		d.press("enter")
	}
	d.pressSee("enter", texts...)
}

// toPicker goes from the caveats screen through the Apple steps to the
// file picker.
func (d *driver) toPicker(g steps.Guide) string {
	d.t.Helper()
	d.pastCaveats("step 1 of")
	d.walk(g.Apple.Name, g.AppleSteps)
	return d.pickerView()
}

// pick highlights a file in the picker and chooses it.
func (d *driver) pick(name, detail string) {
	d.t.Helper()
	d.highlight(name, detail)
	d.pressSee("enter", "File: "+name)
}

// menuChoose moves a one-line-per-option menu (the verdict's) to the
// option titled title and chooses it, then checks that texts show.
// optionNumber is a menu option's number before its title.
var optionNumber = regexp.MustCompile(`^[1-9]\. `)

func (d *driver) menuChoose(title string, texts ...string) {
	d.t.Helper()
	rows := strings.Split(d.view(), "\n")
	cur, target := -1, -1
	for i, r := range rows {
		t := strings.TrimSpace(r)
		if strings.HasPrefix(t, "> ") {
			cur = i
		}
		if optionNumber.ReplaceAllString(strings.TrimPrefix(t, "> "), "") == title {
			target = i
		}
	}
	if cur < 0 || target < 0 {
		d.t.Fatalf("menu: cursor row %d, %q row %d, in:\n%s", cur, title, target, d.view())
	}
	for ; cur < target; cur++ {
		d.press("down")
	}
	for ; cur > target; cur-- {
		d.press("up")
	}
	d.pressSee("enter", texts...)
}

// noUsedTokens, as Options.UsedTokens for start, leaves the wizard with
// no private folder to move used token files to.
const noUsedTokens = "\x00none"

// leaveFiles answers the done screen's question about the token files
// with leaving them (or it, for one file) where they are.
func (d *driver) leaveFiles(texts ...string) {
	d.t.Helper()
	title := "Leave them where they are"
	if contains(d.view(), "Leave it where it is") {
		title = "Leave it where it is"
	}
	d.menuChoose(title, texts...)
}
