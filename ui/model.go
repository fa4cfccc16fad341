// Package ui is the renewal wizard's terminal interface: one screen per
// stage of a renewal.Renewal. The root model routes messages to the
// current screen, applies what the user decided there to the renewal, and
// shows the screen for the stage the renewal is at.
package ui

import (
	"reflect"
	"time"
	"unicode"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mdmtoken/mdmtoken/renewal"
)

// Model is the wizard's root model: a router between the renewal and its
// screens.
type Model struct {
	opts    Options
	sh      *shared
	help    help.Model
	r       *renewal.Renewal
	offer   screen                   // the offer to resume, until answered
	screens map[renewal.Stage]screen // built for the renewal's stages, kept to go back to
	quitAsk bool                     // asking whether to quit with a DEP token half renewed
	// recordPending: the renewal record is being written; quitWhenSaved:
	// the user asked to leave meanwhile, so the wizard ends once it is.
	recordPending, quitWhenSaved bool
	recordFile, calendarFile     string
	tidied                       string         // what was done with the token files afterwards
	tidiedNoted                  bool           // and it is in the record
	saved                        renewal.Place  // the place last saved
	saves                        *stateWriter   // orders the background saves
	stateErr                     error          // why the place could not be saved
	forgotten                    *renewal.Place // the saved renewal started over, if it was
	// openingNotes are the saved place's warnings when the first question
	// is answered by flags: said above the first screen shown, until a key
	// is pressed.
	openingNotes          []string
	termWidth, termHeight int
	bodyWidth, bodyHeight int // the size last given to the screens
	initialCmd            tea.Cmd
	frame                 *frameCache // shared by the copies of the model
}

// frameCache is the frame last laid out, kept while nothing it shows
// changes: a program asks for the view after every message, and most of
// those that come at start (the colour profile, the environment, mode
// reports, a size or background that is the one already assumed) change
// nothing on the screen. Until a program has told the terminal's size the
// view is left empty, so the first frame is laid out once, at that size.
type frameCache struct {
	view    tea.View
	valid   bool
	started bool // Init was called: a program runs the model
	sized   bool // a WindowSizeMsg came
	layouts int  // frames laid out
}

// New builds the wizard, skipping the screens the options answer. Its
// screens are laid out when the terminal's size comes, or at the first
// View.
func New(opts Options) Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	m := Model{
		opts:      opts,
		sh:        &shared{styles: newStyles(true), dark: true, keys: newKeyMap(), now: opts.Now},
		help:      newHelp(),
		r:         renewal.New(opts.config()),
		screens:   map[renewal.Stage]screen{},
		saves:     &stateWriter{},
		termWidth: 80, termHeight: 24,
		frame: &frameCache{},
	}
	m.help.Styles = m.sh.styles.help
	if opts.Resume != nil && !opts.Practice {
		m.offer = newResumeScreen(m.sh, *opts.Resume, opts.Catalog, opts.StateWarnings)
	}
	m.initialCmd = m.show(false)
	if m.offer == nil && m.r.Stage() != renewal.StageStart {
		m.openingNotes = opts.startNotes()
	}
	return m
}

// Init asks the terminal for its background color and starts the first
// screen's work.
func (m Model) Init() tea.Cmd {
	if m.frame != nil {
		m.frame.started = true
	}
	return tea.Batch(tea.RequestBackgroundColor, m.initialCmd)
}

// View draws the header, the current screen and the help line, or gives
// the frame drawn last when nothing has changed since (see frameCache).
func (m Model) View() tea.View {
	f := m.frame
	switch {
	case f == nil:
		return m.draw()
	case f.started && !f.sized:
		v := tea.NewView("")
		v.AltScreen = true
		return v
	case !f.valid:
		f.view, f.valid = m.draw(), true
		f.layouts++
		// A screen fits its content to its size as it draws, and its keys
		// (the help line's height) can follow: then the body's size is
		// given again and the frame drawn at it.
		w, h := m.bodyWidth, m.bodyHeight
		m.settle()
		if w != m.bodyWidth || h != m.bodyHeight {
			f.view = m.draw()
			f.layouts++
		}
	}
	return f.view
}

// unchanged reports whether msg leaves everything the wizard shows as it
// is, so that it need not be handled or drawn again.
func (m Model) unchanged(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return msg.Width == m.termWidth && msg.Height == m.termHeight
	case tea.BackgroundColorMsg:
		return msg.IsDark() == m.sh.dark
	case tea.ColorProfileMsg, tea.EnvMsg, tea.ModeReportMsg, tea.KeyboardEnhancementsMsg:
		// Colours are fitted to the profile when the frame is written.
		return true
	}
	// Bubble Tea's own requests (such as asking for the background colour)
	// pass through Update with types of its package no model can name.
	t := reflect.TypeOf(msg)
	return t != nil && t.PkgPath() == teaPackage && t.Name() != "" && !unicode.IsUpper(rune(t.Name()[0]))
}

// teaPackage is the import path of Bubble Tea.
var teaPackage = reflect.TypeFor[tea.KeyPressMsg]().PkgPath()

// current is the screen shown.
func (m Model) current() screen {
	if m.offer != nil {
		return m.offer
	}
	return m.screens[m.r.Stage()]
}

// Update routes a message: global messages and keys first, then results of
// background work, then the current screen, whose decision is applied to
// the renewal. The screens' size is recomputed afterwards, since banners
// and the help line come and go, and the place is saved when it changed.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(tea.WindowSizeMsg); ok && m.frame != nil && !m.frame.sized {
		// The screens are laid out once the terminal's size is known,
		// not in New: inside the program, while the renderer waits for
		// its first tick.
		m.frame.sized, m.frame.valid = true, false
		next, cmd := m.update(msg)
		next.settle()
		return next, cmd
	}
	if m.unchanged(msg) {
		return m, nil
	}
	if m.frame != nil {
		m.frame.valid = false
	}
	next, cmd := m.update(msg)
	next.settle()
	return next, tea.Batch(cmd, next.persist())
}

// settle gives the screens the body's size until it holds: the help line
// below the body can change with the size a screen gets (a key to scroll
// only when its content is taller), and with it the body's height.
func (m *Model) settle() {
	for range 3 {
		w, h := m.bodyWidth, m.bodyHeight
		m.resize()
		if w == m.bodyWidth && h == m.bodyHeight {
			return
		}
	}
}

func (m Model) update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.termWidth, m.termHeight = msg.Width, msg.Height
		return m, nil
	case tea.BackgroundColorMsg:
		m.sh.dark = msg.IsDark()
		m.sh.styles = newStyles(m.sh.dark)
		m.help.Styles = m.sh.styles.help
		return m, nil
	case tea.KeyPressMsg:
		if m.openingNotes != nil {
			m.openingNotes = nil
			m.settle()
		}
		if cmd, handled := m.globalKey(msg); handled {
			return m, cmd
		}
	case listedMsg, inspectedMsg: // each picker takes its own
		return m, tea.Batch(m.routeTo(renewal.StagePicker, msg), m.routeTo(renewal.StageCertPicker, msg))
	case checkedMsg:
		if m.r.FileChecked(msg.checked) {
			return m, m.show(false)
		}
		return m, nil
	case resumedMsg:
		if m.r.ResumeFile(msg.checked) {
			return m, m.show(false)
		}
		return m, nil
	case certLoadedMsg:
		if m.r.Stage() != renewal.StageCertPicker || m.r.Chosen() == nil {
			return m, nil
		}
		if msg.err != nil {
			return m, m.routeTo(renewal.StageCertPicker, refusedMsg{why: msg.err.Error()})
		}
		m.r.UseCert(msg.cert)
		l, chosen := m.r.Lookup(), *m.r.Chosen()
		return m, func() tea.Msg { return checkedMsg{l.Recheck(chosen)} }
	case stateSavedMsg:
		m.stateErr = msg.err
		return m, nil
	case recordSavedMsg:
		m.recordFile, m.calendarFile = msg.record, msg.calendar
		m.recordPending, m.stateErr = false, msg.cleared
		cmd := tea.Batch(m.routeTo(renewal.StageDone, msg), m.noteTidied())
		if m.quitWhenSaved {
			cmd = tea.Sequence(cmd, tea.Quit)
		}
		return m, cmd
	case leftoversMsg, historySavedMsg:
		return m, m.routeTo(renewal.StageDone, msg)
	case tidiedMsg:
		m.tidied = msg.said
		return m, tea.Batch(m.routeTo(renewal.StageDone, msg), m.noteTidied())
	}
	s := m.current()
	if s == nil {
		return m, nil
	}
	cmd, act := s.Update(msg)
	if act == nil {
		return m, cmd
	}
	next, more := m.apply(act)
	return next, tea.Batch(cmd, more)
}

// routeTo hands a message to one screen, if it was built.
func (m Model) routeTo(st renewal.Stage, msg tea.Msg) tea.Cmd {
	s, ok := m.screens[st]
	if !ok {
		return nil
	}
	cmd, _ := s.Update(msg)
	return cmd
}

// Results of checking a file in the background.
type (
	checkedMsg struct{ checked renewal.Checked } // the file or text the user chose
	resumedMsg struct{ checked renewal.Checked } // a resumed place's file, checked again
	// certLoadedMsg is the MDM certificate the user chose, read.
	certLoadedMsg struct {
		cert renewal.Cert
		err  error
	}
)

// apply applies what the user decided to the renewal and shows the screen
// for the stage it leads to: a new one going forward, the one kept going
// back.
func (m Model) apply(a action) (Model, tea.Cmd) {
	r := m.r
	switch a := a.(type) {
	case resumeAnswer:
		return m.answerOffer(a.resume)
	case leave:
		return m, m.quit()
	case goBack:
		if !r.Back() {
			return m, nil
		}
		return m, m.show(true)
	case renew:
		r.Begin(a.kind)
		m.forget()
	case renewAgain:
		r.BeginAgain(a.entry)
		m.forget()
	case checkFile:
		r.BeginCheck()
		m.forget()
	case choseApple:
		r.ChooseApple(a.id)
	case chosePortal:
		if err := r.ChoosePortal(a.id); err != nil {
			// The menus offer only guides the catalog has: it is broken.
			return m, tea.Quit
		}
	case goOn:
		r.Next()
	case uploadAlready:
		r.UploadAlready(a.a)
	case walked:
		if a.confirmed >= 0 {
			r.ConfirmStep(a.confirmed, m.opts.Now())
		}
		if !a.done {
			r.SetStep(a.step)
			return m, nil
		}
		r.StepsDone()
	case pasteInstead:
		r.PasteInstead()
	case chosePath:
		if r.Stage() == renewal.StageCertPicker {
			return m, func() tea.Msg {
				c, err := renewal.LoadCert(a.path)
				return certLoadedMsg{cert: c, err: err}
			}
		}
		l := r.Lookup()
		return m, func() tea.Msg { return checkedMsg{l.CheckFile(a.path, a.seen)} }
	case pasted:
		l := r.Lookup()
		return m, func() tea.Msg { return checkedMsg{l.CheckText(a.text)} }
	case typedTopic:
		if err := r.CompareTopic(a.text); err != nil {
			return m, nil // the screen lets through only a topic
		}
		// The list's marks were made before the topic was known.
		delete(m.screens, renewal.StagePicker)
	case decided:
		r.Decide(a.choice)
		switch a.choice {
		case renewal.Quit:
			return m, tea.Quit
		case renewal.Restart, renewal.RenewThis, renewal.UploadThis:
			m.forget()
		case renewal.PickAgain:
			return m, m.show(true)
		case renewal.Redownload, renewal.ChooseServer:
			return m, m.show(false) // on the step the renewal goes back to
		}
	case pickAgain:
		r.PickAgain()
		return m, m.show(true)
	case hinted:
		r.Hint(a.path)
		return m, nil
	case answered:
		r.Answer(a.accepted)
		if !a.accepted {
			return m, nil
		}
		save := m.saveRecord() // forgets the saved place once the record is written
		m.recordPending = save != nil
		var clear tea.Cmd
		if save == nil {
			clear = m.clearState()
		}
		return m, tea.Batch(clear, save, m.saveHistory(), m.rememberCert(), m.show(false), m.leftovers())
	case tidy:
		folder := m.opts.UsedTokens
		return m, func() tea.Msg {
			said, err := renewal.TidyUp(a.how, a.files, folder)
			return tidiedMsg{said: said, err: err}
		}
	}
	return m, m.show(false)
}

// answerOffer resumes the saved renewal, or forgets it.
func (m Model) answerOffer(resumed bool) (Model, tea.Cmd) {
	m.offer = nil
	if !resumed {
		p := m.opts.Resume.Place
		m.forgotten = &p // its token may still wait: said when the wizard ends
		return m, tea.Batch(m.clearState(), m.show(false))
	}
	if r, err := renewal.Resume(m.opts.config(), m.opts.Resume.Place); err == nil {
		m.r = r
		m.forget()
	}
	cmd := m.show(false)
	if path, ok := m.r.SavedFile(); ok {
		// The file must still be there and unchanged: checked again in the
		// background; until then, and if it is not, the picker shows.
		l := m.r.Lookup()
		cmd = tea.Batch(cmd, func() tea.Msg { return resumedMsg{l.CheckFile(path, nil)} })
	}
	return m, cmd
}

// forget drops the screens of an earlier renewal, all but the first.
func (m *Model) forget() {
	for st := range m.screens {
		if st != renewal.StageStart {
			delete(m.screens, st)
		}
	}
}

// show makes the screen for the renewal's stage current and starts its
// work. reuse keeps the one built before, as going back does; the file
// picker is always kept, so it stays in the folder the user went to.
func (m *Model) show(reuse bool) tea.Cmd {
	if m.offer != nil {
		return m.offer.Init()
	}
	st := m.r.Stage()
	s, ok := m.screens[st]
	if !ok || !(reuse || st == renewal.StagePicker) {
		s = m.build(st)
		s.SetSize(m.bodyWidth, m.bodyHeight)
		m.screens[st] = s
	}
	if p, kept := s.(*pickerScreen); kept && st == renewal.StagePicker {
		// The files are judged, and the start chosen, as the renewal now
		// says (the file the last verdict pointed to).
		p.lookup = m.r.Lookup()
	}
	return s.Init()
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
	if key.Matches(k, keys.Global.Interrupt) {
		return tea.Interrupt, true
	}
	if m.quitAsk {
		switch {
		case key.Matches(k, keys.QuitAsk.Yes):
			return tea.Quit, true
		case key.Matches(k, keys.QuitAsk.No), key.Matches(k, keys.QuitAsk.Stay):
			m.quitAsk = false
		}
		return nil, true
	}
	if m.help.ShowAll && k.Code == tea.KeyEscape {
		m.help.ShowAll = false // esc closes the key list first
		return nil, true
	}
	if m.offer == nil && m.r.Stage() == renewal.StagePaste {
		return nil, false // letters typed there are text, not commands
	}
	if t, ok := m.current().(textTaker); ok && t.takingText() {
		return nil, false // a filter being typed
	}
	switch {
	case key.Matches(k, keys.Global.Quit):
		if m.r.PendingReset() {
			m.quitAsk = true
			return nil, true
		}
		return m.quit(), true
	case key.Matches(k, keys.Global.Help):
		m.help.ShowAll = !m.help.ShowAll
		return nil, true
	}
	return nil, false
}
