// Package ui is the renewal wizard: a Bubble Tea state machine that walks
// the user through the Apple and MDM portal steps, checks the downloaded
// file with the token engine, and ends on a confirmation.
package ui

import (
	"crypto/rsa"
	"crypto/x509"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mdmtoken/mdmtoken/resume"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
)

// Options configure the wizard. Kind, Apple and Portal answer their screens
// in advance; they must be valid for the catalog.
type Options struct {
	Catalog *steps.Catalog
	Kind    token.Kind
	Apple   string
	Portal  string
	Dir     string           // absolute folder the file picker starts in
	Now     func() time.Time // the clock; time.Now when nil

	// Cert and Key are the MDM's certificate and private key: with them a
	// DEP token is checked to be made for this server, and its exact
	// expiry is read.
	Cert *x509.Certificate
	Key  *rsa.PrivateKey

	RecordDir string        // where renewal records and reminders go; empty writes none
	State     *resume.Store // where the position is saved for resuming; nil saves none
	Resume    *resume.State // an unfinished run to offer to resume
	Practice  bool          // training run: marked on every screen, no records, no state
	Warnings  []string      // shown on the first screen, e.g. broken local playbooks
}

// Result is how the wizard ended.
type Result struct {
	Task              string        // "vpp", "dep", "check", or "" when none was chosen
	Guide             *steps.Guide  // the guide followed, if any
	Report            *token.Report // the last file checked, if any
	File              string        // its path; empty for pasted text
	Answered          bool          // the user said whether the portal accepted the file
	Accepted          bool          // the portal accepted it
	DownloadConfirmed time.Time     // when a DEP "Download Token" was confirmed
	RecordFile        string        // the renewal record written, if any
	CalendarFile      string        // the calendar reminder written, if any
	Practice          *Score        // what the trainee did, in practice mode
}

// PendingReset reports whether a new DEP server token was downloaded (so
// the old one is already invalid) but the upload was not confirmed.
func (r Result) PendingReset() bool {
	return !r.DownloadConfirmed.IsZero() && !(r.Answered && r.Accepted)
}

// pendingReset is PendingReset for the running wizard.
func (m Model) pendingReset() bool { return m.Result().PendingReset() }

type screenID int

const (
	scrResume screenID = iota
	scrTask
	scrApple
	scrPortal
	scrCaveats
	scrAppleSteps
	scrPicker
	scrPaste
	scrVerdict
	scrPortalSteps
	scrConfirm
)

// Model is the wizard's root model. It owns the screens, routes messages to
// the current one, and moves between them on their navigation messages.
type Model struct {
	opts    Options
	sh      *shared
	help    help.Model
	screens map[screenID]screen
	current screenID
	history []screenID

	task     task
	apple    string // the Apple portal chosen, before the guide is built
	guide    *steps.Guide
	report   *token.Report
	file     string
	previous time.Time // expiry of the token being replaced, when known
	result   Result
	quitAsk  bool // asking whether to quit with a DEP token half renewed
	// recordPending: the renewal record is being written; quitWhenSaved:
	// the user asked to leave meanwhile, so the wizard ends once it is.
	recordPending, quitWhenSaved bool
	saved                        resume.State // the position last saved
	saves                        *stateWriter // orders the background saves
	stateErr                     error        // why the position could not be saved
	score                        Score        // practice mode only
	termWidth                    int
	termHeight                   int
	initialCmds                  tea.Cmd
}

// New builds the wizard, skipping the screens the options answer.
func New(opts Options) Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	sh := &shared{styles: newStyles(true), keys: newKeyMap(), now: opts.Now}
	m := Model{opts: opts, sh: sh, help: help.New(), screens: map[screenID]screen{}, saves: &stateWriter{}, termWidth: 80, termHeight: 24}
	m.help.Styles = help.DefaultStyles(true)
	m.resize()

	m.screens[scrTask] = newTaskScreen(sh, opts.Warnings, opts.Practice)
	m.current = scrTask
	switch {
	case opts.Resume != nil && !opts.Practice:
		m.screens[scrResume] = newResumeScreen(sh, *opts.Resume, opts.Catalog)
		m.current = scrResume
	case opts.Kind != "":
		m.initialCmds = m.chooseTask(task(opts.Kind))
		m.history = nil // the task screen was answered by a flag
	}
	return m
}

// Init asks the terminal for its background colour and starts the first
// screen's work.
func (m Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.initialCmds)
}

// Result reports how the wizard ended.
func (m Model) Result() Result {
	r := m.result
	r.Task, r.Guide, r.Report, r.File = string(m.task), m.guide, m.report, m.file
	if m.opts.Practice {
		score := m.score
		r.Practice = &score
	}
	return r
}

// Update routes a message: global messages and keys first, then navigation
// messages from screens, then the current screen. The body size is
// recomputed afterwards, since banners and the crumb line come and go.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	next, cmd := m.update(msg)
	next.resize()
	cmd = tea.Batch(cmd, next.persist())
	return next, cmd
}

func (m Model) update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.termWidth, m.termHeight = msg.Width, msg.Height
		return m, nil
	case tea.BackgroundColorMsg:
		m.sh.styles = newStyles(msg.IsDark())
		m.help.Styles = help.DefaultStyles(msg.IsDark())
		return m, nil
	case tea.KeyPressMsg:
		if cmd, handled := m.globalKey(msg); handled {
			return m, cmd
		}
	case listedMsg, inspectedMsg:
		return m.routeTo(scrPicker, msg)
	case stateSavedMsg:
		m.stateErr = msg.err
		return m, nil
	case recordSavedMsg:
		m.result.RecordFile, m.result.CalendarFile = msg.record, msg.calendar
		m.recordPending = false
		next, cmd := m.routeTo(scrConfirm, msg)
		if m.quitWhenSaved {
			cmd = tea.Batch(cmd, tea.Quit)
		}
		return next, cmd
	case quitMsg:
		return m, m.quit()
	}
	if next, cmd, ok := m.navigate(msg); ok {
		return next, cmd
	}
	return m.routeTo(m.current, msg)
}

// routeTo hands a message to one screen.
func (m Model) routeTo(id screenID, msg tea.Msg) (Model, tea.Cmd) {
	s, ok := m.screens[id]
	if !ok {
		return m, nil
	}
	var cmd tea.Cmd
	m.screens[id], cmd = s.Update(msg)
	return m, cmd
}

// quit ends the wizard, once the renewal record is written.
func (m *Model) quit() tea.Cmd {
	if m.recordPending {
		m.quitWhenSaved = true
		return nil
	}
	return tea.Quit
}

// globalKey handles the keys that work everywhere.
func (m *Model) globalKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	keys := m.sh.keys
	if key.Matches(k, keys.Interrupt) {
		return tea.Interrupt, true
	}
	if m.quitAsk {
		switch {
		case key.Matches(k, keys.Confirm):
			return tea.Quit, true
		case key.Matches(k, keys.Decline), key.Matches(k, keys.Back):
			m.quitAsk = false
		}
		return nil, true
	}
	if tc, ok := m.screens[m.current].(interface{ capturesText() bool }); ok && tc.capturesText() {
		return nil, false
	}
	switch {
	case key.Matches(k, keys.Quit):
		if m.pendingReset() {
			m.quitAsk = true
			return nil, true
		}
		return m.quit(), true
	case key.Matches(k, keys.Help):
		m.help.ShowAll = !m.help.ShowAll
		return nil, true
	}
	return nil, false
}

// navigate moves between screens on the screens' navigation messages.
func (m Model) navigate(msg tea.Msg) (Model, tea.Cmd, bool) {
	switch msg := msg.(type) {
	case resumedFileMsg:
		if m.current == scrPicker { // unless the user has moved on meanwhile
			m.resumeAt(msg)
		}
		return m, nil, true
	case resumeChoiceMsg:
		if msg.resume {
			return m, m.restore(*m.opts.Resume), true
		}
		m.current = scrTask
		return m, m.clearState(), true
	case backMsg:
		if n := len(m.history); n > 0 {
			m.current, m.history = m.history[n-1], m.history[:n-1]
		}
		if m.current == scrTask || m.current == scrApple || m.current == scrPortal {
			m.guide = nil // back to choosing: no guide is being followed
		}
		return m, m.enter(), true
	case taskChosenMsg:
		cmd := m.chooseTask(msg.task)
		return m, cmd, true
	case appleChosenMsg:
		cmd := m.chooseApple(msg.id)
		return m, cmd, true
	case portalChosenMsg:
		cmd := m.choosePortal(msg.id)
		return m, cmd, true
	case caveatsReadMsg:
		if w, ok := m.screens[scrAppleSteps].(walkScreen); ok {
			m.show(scrAppleSteps, w) // back and forth keeps the place and the confirmation
		} else {
			m.show(scrAppleSteps, newWalkScreen(m.sh, m.guide.Apple.Name, m.guide.AppleSteps, appleStepsDoneMsg{}))
		}
		return m, nil, true
	case downloadConfirmed:
		if m.result.DownloadConfirmed.IsZero() {
			m.result.DownloadConfirmed = msg.at
		}
		return m, nil, true
	case appleStepsDoneMsg:
		return m, m.showPicker(), true
	case pasteRequestedMsg:
		m.show(scrPaste, newPasteScreen(m.sh, m.inspector()))
		return m, nil, true
	case fileChosenMsg:
		if m.opts.Practice {
			m.score.picked(msg.report)
		}
		m.chooseFile(msg)
		return m, nil, true
	case verdictChoiceMsg:
		if m.opts.Practice {
			m.score.decided(msg.choice)
		}
		return m.afterVerdict(msg.choice)
	case portalStepsDone:
		m.showConfirm()
		return m, nil, true
	case acceptedMsg:
		m.result.Answered, m.result.Accepted = true, msg.accepted
		if !msg.accepted {
			return m, nil, true
		}
		m.score.Finished = m.report != nil && m.report.Status.Severity() == token.SeverityOK
		if c, ok := m.screens[scrConfirm].(confirmScreen); ok && m.opts.Practice {
			c.score = m.score.String()
			m.screens[scrConfirm] = c
		}
		save := m.saveRecord()
		m.recordPending = save != nil
		return m, tea.Batch(m.clearState(), save), true
	}
	return m, nil, false
}

// show makes a new screen current, remembering the way back.
func (m *Model) show(id screenID, s screen) {
	m.screens[id] = s
	if m.current != id {
		m.history = append(m.history, m.current)
	}
	m.current = id
}

// jump returns to a screen shown earlier, forgetting what came after it.
func (m *Model) jump(id screenID) tea.Cmd {
	for i := len(m.history) - 1; i >= 0; i-- {
		if m.history[i] == id {
			m.history = m.history[:i]
			break
		}
	}
	m.current = id
	return m.enter()
}

// enter is the work a screen needs when it becomes current again.
func (m *Model) enter() tea.Cmd {
	if p, ok := m.screens[m.current].(pickerScreen); ok && m.current == scrPicker {
		p.reports = map[string]token.Report{}
		p.highlighted = ""
		m.screens[scrPicker] = p
		return p.list(true)
	}
	return nil
}

func (m *Model) chooseTask(t task) tea.Cmd {
	if t == taskQuit {
		return tea.Quit
	}
	m.task = t
	switch t {
	case taskCheck:
		return m.showPicker()
	}
	if m.opts.Apple != "" {
		return m.chooseApple(m.opts.Apple)
	}
	m.show(scrApple, newAppleScreen(m.sh, m.opts.Catalog))
	return nil
}

func (m *Model) chooseApple(id string) tea.Cmd {
	m.setApple(id)
	if m.opts.Portal != "" {
		if _, err := m.opts.Catalog.Guide(token.Kind(m.task), id, m.opts.Portal); err == nil {
			return m.choosePortal(m.opts.Portal)
		}
		// --portal has no guide for the kind chosen on screen: ask.
	}
	m.show(scrPortal, newPortalScreen(m.sh, m.opts.Catalog, token.Kind(m.task), m.opts.Warnings))
	return nil
}

// setApple remembers the Apple portal until the guide is built.
func (m *Model) setApple(id string) { m.apple = id }

func (m *Model) choosePortal(id string) tea.Cmd {
	g, err := m.opts.Catalog.Guide(token.Kind(m.task), m.apple, id)
	if err != nil {
		// The menus only offer valid combinations and the flags are checked
		// before start, so this is a broken catalog.
		return tea.Quit
	}
	if m.guide == nil || m.guide.Kind != g.Kind || m.guide.Apple.ID != g.Apple.ID || m.guide.Portal.ID != g.Portal.ID {
		delete(m.screens, scrAppleSteps) // another guide: its own Apple steps and wording
	}
	m.guide = &g
	m.show(scrCaveats, newCaveatsScreen(m.sh, g))
	return nil
}

// inspector applies the wizard's expectations: the kind being renewed and a
// fresh download; checking a file expects nothing.
func (m Model) inspector() inspector {
	expect, fresh := token.Kind(""), false
	if m.task == taskVPP || m.task == taskDEP {
		expect, fresh = token.Kind(m.task), true
	}
	now, cert, key := m.opts.Now, m.opts.Cert, m.opts.Key
	return inspector{opts: func() token.Options {
		return token.Options{Now: now(), Expect: expect, Fresh: fresh, WarnDays: token.DefaultWarnDays, Cert: cert, Key: key}
	}}
}

func (m *Model) showPicker() tea.Cmd {
	title, looking, exts := "Choose a file to check", "a .vpptoken or *_smime.p7m file", []string{".vpptoken", ".p7m"}
	if m.guide != nil {
		title = "Choose the file you just downloaded"
		looking = m.guide.FileName
		exts = []string{".vpptoken"}
		if m.guide.Kind == token.KindDEP {
			exts = []string{".p7m"}
		}
	}
	p, ok := m.screens[scrPicker].(pickerScreen)
	if !ok {
		p = newPickerScreen(m.sh, m.opts.Dir)
	}
	// The same picker serves every task; what it looks for follows the task.
	p.inspect, p.title, p.looking, p.likelyExts = m.inspector(), title, looking, exts
	m.show(scrPicker, p)
	m.resize()
	return m.enter()
}

func (m *Model) chooseFile(msg fileChosenMsg) {
	r := msg.report
	m.report, m.file, m.previous = &r, msg.path, msg.previous
	portal := ""
	if m.guide != nil {
		portal = m.guide.Portal.Name
	}
	m.show(scrVerdict, newVerdictScreen(m.sh, r, m.source(), portal, m.task == taskCheck))
}

// source names the chosen file: its base name, or "pasted text".
func (m Model) source() string {
	if m.file == "" {
		return "pasted text"
	}
	return token.Printable(filepath.Base(m.file))
}

// showPortalSteps starts the MDM portal steps, naming the chosen file.
func (m *Model) showPortalSteps() {
	walk := newWalkScreen(m.sh, m.guide.Portal.Name, m.guide.PortalSteps, portalStepsDone{})
	walk.file = m.source()
	if m.file != "" {
		walk.folder = filepath.Dir(m.file)
	}
	walk.facts = tokenFor(*m.report)
	m.show(scrPortalSteps, walk)
}

// showConfirm sums up the renewal and asks whether the portal took it.
func (m *Model) showConfirm() {
	c := newConfirmScreen(m.sh, *m.guide, *m.report, m.source(), m.recordable())
	c.previous = m.previous
	m.show(scrConfirm, c)
}

func (m Model) afterVerdict(c verdictChoice) (Model, tea.Cmd, bool) {
	switch c {
	case choiceContinue:
		m.showPortalSteps()
		return m, nil, true
	case choicePickAgain:
		return m, m.jump(scrPicker), true
	case choiceRedownload:
		return m, m.jump(scrAppleSteps), true
	case choiceRestart:
		opts := m.opts
		opts.Kind, opts.Apple, opts.Portal, opts.Resume = "", "", "", nil
		fresh := New(opts)
		fresh.score, fresh.saves, fresh.saved = m.score, m.saves, m.saved // saves stay ordered across the restart
		fresh.termWidth, fresh.termHeight, fresh.help = m.termWidth, m.termHeight, m.help
		fresh.sh.styles = m.sh.styles
		fresh.resize()
		return fresh, nil, true
	}
	return m, tea.Quit, true
}

// resize recomputes the body size from the terminal size and the chrome.
func (m *Model) resize() {
	w := max(20, m.termWidth-2)
	m.help.SetWidth(w)
	chrome := lines(m.header()) + 1 + lines(m.footer())
	m.sh.width, m.sh.height = w, max(3, m.termHeight-chrome)
	if p, ok := m.screens[scrPicker].(pickerScreen); ok {
		list, _ := p.bodyHeights()
		p.setHeight(list)
		m.screens[scrPicker] = p
	}
}

func (m Model) header() string {
	st := m.sh.styles
	title := st.title.Render("mdmtoken")
	switch m.task {
	case taskVPP, taskDEP:
		title += st.crumb.Render(" · Renew the " + token.Kind(m.task).Noun())
	case taskCheck:
		title += st.crumb.Render(" · Check a file")
	}
	if m.opts.Practice {
		title = st.practice.Render("PRACTICE") + " " + title
	}
	width := max(10, m.termWidth-2)
	head := ansi.Truncate(title, width, "…")
	if m.guide != nil {
		head += "\n" + st.crumb.Render(ansi.Truncate(m.guide.Apple.Name+" → "+m.guide.Portal.Name, width, "…"))
	}
	if m.pendingReset() {
		head += "\n" + st.banner.Render(wrap("The old DEP token is already reset: finish the upload now.", m.termWidth-2))
	}
	if m.stateErr != nil {
		head += "\n" + st.note.Render(wrap("Your place cannot be saved for resuming: "+m.stateErr.Error(), m.termWidth-2))
	}
	return head
}

func (m Model) footer() string {
	if m.quitAsk {
		return m.sh.styles.banner.Render(wrap("Quit now? The old DEP token is already reset; enrolment stays broken until the new one is uploaded. y: quit, n: stay", m.termWidth-2))
	}
	s, ok := m.screens[m.current]
	if !ok {
		return ""
	}
	return m.help.View(s.Help())
}

// View draws the header, the current screen and the help line.
func (m Model) View() tea.View {
	var content string
	if s, ok := m.screens[m.current]; ok {
		rule := m.sh.styles.rule.Render(strings.Repeat("─", max(1, m.termWidth-2)))
		body := lipgloss.NewStyle().Width(m.sh.width).MaxWidth(m.sh.width).Height(m.sh.height).MaxHeight(m.sh.height).Render(s.View())
		content = m.sh.styles.app.Render(lipgloss.JoinVertical(lipgloss.Left, m.header(), rule, body, m.footer()))
	}
	v := tea.NewView(content)
	v.AltScreen = true
	v.WindowTitle = "mdmtoken"
	return v
}
