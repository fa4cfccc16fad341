package ui_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/mdmtoken/mdmtoken/sample"
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
	freshDEPName = sample.DEPFileName("Campus MDM", fixedNow.Add(-20*time.Minute))
	oldDEPName   = sample.DEPFileName("Campus MDM", time.Date(2025, 6, 12, 9, 0, 0, 0, time.UTC))
	vppName      = sample.VPPFileName("Main Campus")
	pemName      = "mdm_public_key.pem"
	notesName    = "notes.txt"
)

// downloads holds the bytes of the fake Downloads folder, made once: RSA
// encryption is cheap, but there is no need to repeat it per test.
var downloads = sync.OnceValues(func() (map[string][]byte, error) {
	certPEM, err := os.ReadFile(filepath.Join("..", "testdata", "mdm", "mdm_public_key.pem"))
	if err != nil {
		return nil, err
	}
	keyPEM, err := os.ReadFile(filepath.Join("..", "testdata", "mdm", "mdm_private_key.pem"))
	if err != nil {
		return nil, err
	}
	id, err := sample.LoadIdentity(certPEM, keyPEM)
	if err != nil {
		return nil, err
	}
	fresh, err := sample.DEP(id, fixedNow.AddDate(1, 0, 0), sample.DEPOptions{Seed: 1})
	if err != nil {
		return nil, err
	}
	old, err := sample.DEP(id, time.Date(2026, 6, 12, 9, 0, 0, 0, time.UTC), sample.DEPOptions{Seed: 2})
	if err != nil {
		return nil, err
	}
	return map[string][]byte{
		freshDEPName: fresh,
		oldDEPName:   old,
		vppName:      sample.VPP("Example School", fixedNow.AddDate(1, 0, 0).Add(-time.Hour)),
		pemName:      certPEM,
		notesName:    []byte("Renew the tokens before the summer break.\n"),
	}, nil
})

// mtimes are the files' modification times. The VPP token is the newest
// file of all, so "newest likely token of the expected kind" differs from
// "newest file" when renewing DEP.
var mtimes = map[string]time.Time{
	freshDEPName: fixedNow.Add(-20 * time.Minute),
	oldDEPName:   time.Date(2025, 6, 12, 9, 0, 0, 0, time.UTC),
	vppName:      fixedNow.Add(-5 * time.Minute),
	pemName:      time.Date(2025, 5, 2, 8, 0, 0, 0, time.UTC),
	notesName:    time.Date(2026, 5, 20, 12, 0, 0, 0, time.UTC),
}

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
	files, err := downloads()
	if err != nil {
		t.Fatalf("making sample files: %v", err)
	}
	home := t.TempDir()
	dir := filepath.Join(home, "Downloads")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtimes[name], mtimes[name]); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("HOME", home)
	return fixture{home: home, dir: dir}
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

// views records the stripped view each time the program draws it, so
// tests wait on the model's state rather than on the renderer's partial
// redraws. Only the newest view and the number drawn are kept.
type views struct {
	mu    sync.Mutex
	last  string
	drawn int
	// The messages the program sends by itself at start, from goroutines.
	sizes, envs, profiles int
}

// started reports whether the program's own start messages arrived, with
// sizes window sizes.
func (v *views) started(sizes int) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.sizes >= sizes && v.envs >= 1 && v.profiles >= 1
}

const viewSep = "\x00"

func (v *views) add(s string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.last = s
	v.drawn++
}

func (v *views) count() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.drawn
}

func (v *views) latest() string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.last
}

// reader is an io.Reader for teatest.WaitFor: its first read yields the
// newest view, later reads the newest view if there is a newer one, each
// followed by viewSep.
func (v *views) reader() io.Reader { return &viewReader{v: v, seen: -1} }

type viewReader struct {
	v       *views
	seen    int
	pending []byte
}

func (r *viewReader) Read(p []byte) (int, error) {
	if len(r.pending) == 0 {
		r.v.mu.Lock()
		n, last := r.v.drawn, r.v.last
		r.v.mu.Unlock()
		if n == 0 || n == r.seen {
			return 0, io.EOF
		}
		r.pending = append(r.pending, last+viewSep...)
		r.seen = n
	}
	n := copy(p, r.pending)
	r.pending = r.pending[n:]
	return n, nil
}

// lastView is the newest complete view in what WaitFor has read.
func lastView(b []byte) string {
	b = bytes.TrimSuffix(b, []byte(viewSep))
	if i := bytes.LastIndex(b, []byte(viewSep)); i >= 0 {
		b = b[i+1:]
	}
	return string(b)
}

// recorder wraps the wizard and records its view. The program draws the
// view after every Update, so each update is recorded, on the program's
// goroutine.
type recorder struct {
	m     ui.Model
	views *views
}

func (r recorder) Init() tea.Cmd { return r.m.Init() }

func (r recorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	r.views.mu.Lock()
	switch msg.(type) {
	case tea.WindowSizeMsg:
		r.views.sizes++
	case tea.EnvMsg:
		r.views.envs++
	case tea.ColorProfileMsg:
		r.views.profiles++
	}
	r.views.mu.Unlock()
	next, cmd := r.m.Update(msg)
	r.m = next.(ui.Model)
	return r, cmd
}

func (r recorder) View() tea.View {
	v := r.m.View()
	r.views.add(ansi.Strip(v.Content))
	return v
}

// harness runs the wizard under teatest in the fake Downloads folder.
type harness struct {
	t     *testing.T
	tm    *teatest.TestModel
	prog  *tea.Program // instead of tm, for runs that end in an error
	errc  chan error   // prog's Run error
	fx    fixture
	views *views
	final *ui.Model
}

// start runs the wizard at 80x24 unless a size is given. Zero options get
// the built-in catalog, the fixture folder and the fixed clock.
func start(t *testing.T, opts ui.Options, size ...int) *harness {
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
	w, h := 80, 24
	if len(size) == 2 {
		w, h = size[0], size[1]
	}
	v := &views{}
	tm := teatest.NewTestModel(t, recorder{m: ui.New(opts), views: v},
		teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)),
	)
	hs := &harness{t: t, tm: tm, fx: fx, views: v}
	t.Cleanup(func() {
		if hs.final == nil {
			_ = tm.Quit()
			tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
		}
	})
	// The program sends the initial size, the environment and the colour
	// profile itself, from goroutines; teatest sends a size too. Wait for
	// them all, or one could land after a test's own message.
	hs.waitFor("the start messages", func(string) bool { return v.started(2) })
	return hs
}

// startProgram runs the wizard as a plain tea.Program at 80x24, for runs
// that end in an error (teatest fails the test on one). Its end is waited
// for with wait.
func startProgram(t *testing.T, opts ui.Options) *harness {
	t.Helper()
	fx := newFixture(t)
	opts.Catalog, opts.Dir = builtin(t), fx.dir
	opts.Now = func() time.Time { return fixedNow }
	v := &views{}
	p := tea.NewProgram(recorder{m: ui.New(opts), views: v},
		tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithoutSignals(),
		tea.WithWindowSize(80, 24), tea.WithColorProfile(colorprofile.ASCII))
	h := &harness{t: t, prog: p, errc: make(chan error, 1), fx: fx, views: v}
	go func() {
		_, err := p.Run()
		h.errc <- err
	}()
	t.Cleanup(func() {
		p.Kill()
		select {
		case <-h.errc:
		case <-time.After(5 * time.Second):
		}
	})
	h.waitFor("the start messages", func(string) bool { return v.started(1) })
	return h
}

// wait is how the plain program ended; it fails the test when it does not
// end in time.
func (h *harness) wait() error {
	h.t.Helper()
	select {
	case err := <-h.errc:
		h.errc <- err // for the cleanup
		return err
	case <-time.After(5 * time.Second):
		h.t.Fatal("the program did not end")
		return nil
	}
}

// waitFor waits until the newest view satisfies cond.
func (h *harness) waitFor(what string, cond func(view string) bool) {
	h.t.Helper()
	met := false
	defer func() {
		if !met { // WaitFor failed the test
			h.t.Logf("was waiting for: %s", what)
		}
	}()
	teatest.WaitFor(h.t, h.views.reader(), func(b []byte) bool { return cond(lastView(b)) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(2*time.Millisecond))
	met = true
}

// waitText waits until the newest view contains every text.
func (h *harness) waitText(texts ...string) {
	h.t.Helper()
	h.waitFor(fmt.Sprintf("%q", texts), func(v string) bool {
		for _, s := range texts {
			if !contains(v, s) {
				return false
			}
		}
		return true
	})
}

// contains reports whether a view shows text, maybe wrapped over lines.
func contains(view, text string) bool {
	return strings.Contains(view, text) || strings.Contains(flat(view), flat(text))
}

// flat collapses all white space, line breaks included, to single spaces.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// send hands a message to the running program.
func (h *harness) send(msg tea.Msg) {
	if h.prog != nil {
		h.prog.Send(msg)
		return
	}
	h.tm.Send(msg)
}

// press sends keys by name ("enter", "esc", "down", "up", or a character).
func (h *harness) press(keys ...string) {
	for _, k := range keys {
		h.send(keyMsg(k))
	}
}

// pressUpdates sends one key and waits for n updates: the key's and those
// of the messages its commands send. For changes the screen does not show.
func (h *harness) pressUpdates(k string, n int) {
	h.t.Helper()
	before := h.views.count()
	h.press(k)
	h.waitFor("updates", func(string) bool { return h.views.count() >= before+n })
}

// pressWait sends one key and waits for texts to appear.
func (h *harness) pressWait(k string, texts ...string) {
	h.t.Helper()
	h.press(k)
	h.waitText(texts...)
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
	}
	r := []rune(k)
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

// finish quits the program and returns the final model.
func (h *harness) finish() ui.Model {
	h.t.Helper()
	if h.final == nil {
		_ = h.tm.Quit()
		h.finalModel()
	}
	return *h.final
}

// finalModel waits for the program to end by itself.
func (h *harness) finalModel() ui.Model {
	h.t.Helper()
	if h.final == nil {
		fm := h.tm.FinalModel(h.t, teatest.WithFinalTimeout(5*time.Second))
		r, ok := fm.(recorder)
		if !ok {
			h.t.Fatalf("final model is %T", fm)
		}
		h.final = &r.m
	}
	return *h.final
}

// screen is the stripped view of a model, with the temporary home scrubbed.
func (h *harness) screen(m ui.Model) string { return h.screenText(ansi.Strip(m.View().Content)) }

// screenText scrubs a stripped view: the temporary home becomes $HOME and
// trailing blanks go.
func (h *harness) screenText(s string) string {
	s = strings.ReplaceAll(s, h.fx.home, "$HOME")
	rows := strings.Split(s, "\n")
	for i, r := range rows {
		rows[i] = strings.TrimRight(r, " ")
	}
	return strings.Join(rows, "\n") + "\n"
}

// golden quits, then compares the final screen with the test's golden file.
func (h *harness) golden() ui.Model {
	h.t.Helper()
	m := h.finish()
	golden.RequireEqual(h.t, h.screen(m))
	return m
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
func listed() []string {
	names := []string{freshDEPName, oldDEPName, vppName, pemName, notesName}
	sort.Strings(names)
	return names
}

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

// highlight moves the picker cursor to the file name and waits until the
// details panel describes it (detail is a text of the panel).
func (h *harness) highlight(name, detail string) {
	h.t.Helper()
	v := h.settledPicker()
	cur, target := rowFile(cursorRow(v)), slices.Index(listed(), name)
	if cur < 0 || target < 0 {
		h.t.Fatalf("picker: cursor on file %d, %q is file %d, in:\n%s", cur, name, target, v)
	}
	for ; cur < target; cur++ {
		h.press("down")
	}
	for ; cur > target; cur-- {
		h.press("up")
	}
	h.waitFor("cursor on "+name, func(v string) bool {
		return rowFile(cursorRow(v)) == target && strings.Contains(v, detail)
	})
}

// settledPicker waits until the picker has listed the folder and described
// the highlighted file, and returns that view.
func (h *harness) settledPicker() string {
	h.t.Helper()
	var settled string
	h.waitFor("picker settled", func(v string) bool {
		if (strings.Contains(v, picker) || strings.Contains(v, checkPicker)) && cursorRow(v) != "" &&
			!strings.Contains(v, "Move to a file to see what it is.") {
			settled = v
			return true
		}
		return false
	})
	return settled
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

// Screen texts the harness waits on.
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
func (h *harness) chooseTask(kind token.Kind) {
	h.t.Helper()
	h.waitText(askTask)
	if kind == token.KindDEP {
		h.press("down")
	}
	h.pressWait("enter", askApple)
}

// chooseApple picks the Apple portal by id, in the catalog's order.
func (h *harness) chooseApple(id string) {
	h.t.Helper()
	i := slices.IndexFunc(builtin(h.t).ApplePortals(), func(a steps.Apple) bool { return a.ID == id })
	if i < 0 {
		h.t.Fatalf("no Apple portal %q", id)
	}
	for range i {
		h.press("down")
	}
	h.pressWait("enter", askPortal)
}

// choosePortal picks the MDM portal by id, in the catalog's order.
func (h *harness) choosePortal(kind token.Kind, id string) {
	h.t.Helper()
	i := slices.IndexFunc(builtin(h.t).Portals(kind), func(p steps.Portal) bool { return p.ID == id })
	if i < 0 {
		h.t.Fatalf("no %s portal %q", kind, id)
	}
	for range i {
		h.press("down")
	}
	h.pressWait("enter", caveats)
}

// walk goes through a guide's steps, confirming warnings with y. The
// caller waits for what follows the last step.
func (h *harness) walk(where string, list []steps.Step) { h.walkRange(where, list, 0, len(list)) }

// walkSome goes through the first n steps of a guide's steps.
func (h *harness) walkSome(where string, list []steps.Step, n int) { h.walkRange(where, list, 0, n) }

// walkRange goes through steps [from, to) of a guide's steps.
func (h *harness) walkRange(where string, list []steps.Step, from, to int) {
	h.t.Helper()
	for i := from; i < to; i++ {
		st := list[i]
		h.waitText(fmt.Sprintf("%s, step %d of %d", where, i+1, len(list)))
		if st.Warning != "" {
			h.press("y")
		} else {
			h.press("enter")
		}
	}
}

// toPicker goes from the caveats screen through the Apple steps to the
// settled file picker.
func (h *harness) toPicker(g steps.Guide) string {
	h.t.Helper()
	h.pressWait("enter", g.Apple.Name+", step 1 of")
	h.walk(g.Apple.Name, g.AppleSteps)
	v := h.settledPicker()
	if slices.ContainsFunc(g.AppleSteps, func(s steps.Step) bool { return s.Warning != "" }) && !contains(v, resetNote) {
		// The confirmed download arrives as its own message.
		h.waitText(resetNote)
		v = h.settledPicker()
	}
	return v
}

// pick highlights a file in the picker and chooses it, waiting for the
// verdict.
func (h *harness) pick(name, detail string) {
	h.t.Helper()
	h.highlight(name, detail)
	h.pressWait("enter", "File: "+name)
}

// menuChoose moves a one-line-per-option menu (the verdict's) to the
// option titled title and chooses it, then waits for texts.
func (h *harness) menuChoose(title string, texts ...string) {
	h.t.Helper()
	rows := strings.Split(h.views.latest(), "\n")
	cur, target := -1, -1
	for i, r := range rows {
		t := strings.TrimSpace(r)
		if strings.HasPrefix(t, "> ") {
			cur = i
		}
		if strings.TrimPrefix(t, "> ") == title {
			target = i
		}
	}
	if cur < 0 || target < 0 {
		h.t.Fatalf("menu: cursor row %d, %q row %d, in:\n%s", cur, title, target, h.views.latest())
	}
	for ; cur < target; cur++ {
		h.press("down")
	}
	for ; cur > target; cur-- {
		h.press("up")
	}
	h.pressWait("enter", texts...)
}
