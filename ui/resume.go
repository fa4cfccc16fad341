package ui

import (
	"fmt"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mdmtoken/mdmtoken/resume"
	"github.com/mdmtoken/mdmtoken/steps"
)

// Screen names saved in the resume state.
var screenNames = map[screenID]string{
	scrCaveats:     "caveats",
	scrAppleSteps:  "apple-steps",
	scrPicker:      "picker",
	scrPaste:       "paste",
	scrVerdict:     "verdict",
	scrPortalSteps: "portal-steps",
	scrConfirm:     "confirm",
}

// Resume messages.
type (
	resumeChoiceMsg struct{ resume bool }
	// resumedFileMsg is the saved file, checked again and unchanged, with
	// the screen and step the run had reached.
	resumedFileMsg struct {
		chosen fileChosenMsg
		screen string
		step   int
	}
	stateSavedMsg struct{ err error }
)

// newResumeScreen offers to go on with an unfinished renewal.
func newResumeScreen(sh *shared, st resume.State, catalog *steps.Catalog) chooseScreen {
	where := describeState(st, catalog)
	intro := fmt.Sprintf("An unfinished renewal was saved %s: %s.", since(st.SavedAt, sh.now()), where)
	if st.OldTokenInvalid() {
		intro += fmt.Sprintf(" You confirmed Download Token at %s, so the old DEP token is already invalid: finish the upload now.",
			st.DownloadConfirmedAt.Local().Format("15:04 on 2006-01-02"))
	}
	return chooseScreen{
		sh:       sh,
		question: "Go on where you stopped?",
		intro:    intro,
		first:    true,
		menu: newMenu([]option{
			{title: "Resume where I stopped", value: "resume", desc: where},
			{title: "Start over", value: "over", desc: "Forget the saved position and choose again."},
		}),
		choose: func(o option) tea.Msg { return resumeChoiceMsg{resume: o.value == "resume"} },
	}
}

// describeState says in words where a saved run stood.
func describeState(st resume.State, catalog *steps.Catalog) string {
	kind := st.Kind.Noun()
	g, err := catalog.Guide(st.Kind, st.Apple, st.Portal)
	if err != nil {
		return kind
	}
	where := map[string]string{
		"caveats":      "before the first step",
		"apple-steps":  fmt.Sprintf("%s step %d of %d", g.Apple.Name, st.Step+1, len(g.AppleSteps)),
		"picker":       "choosing the downloaded file",
		"paste":        "choosing the downloaded file",
		"verdict":      "checking the downloaded file",
		"portal-steps": fmt.Sprintf("%s step %d of %d", g.Portal.Name, st.Step+1, len(g.PortalSteps)),
		"confirm":      "confirming the upload",
	}[st.Screen]
	return fmt.Sprintf("%s, %s → %s, %s", kind, g.Apple.Name, g.Portal.Name, where)
}

// snapshot is the wizard's position as saved for resuming; ok is false
// when there is nothing worth saving (no renewal chosen yet, a practice run,
// a finished renewal).
func (m Model) snapshot() (resume.State, bool) {
	if m.result.Answered && m.result.Accepted {
		return resume.State{}, false
	}
	name, ok := screenNames[m.current]
	if !ok || m.guide == nil || m.opts.Practice || m.task == taskCheck {
		return resume.State{}, false
	}
	st := resume.State{
		Kind:                m.guide.Kind,
		Apple:               m.guide.Apple.ID,
		Portal:              m.guide.Portal.ID,
		Screen:              name,
		DownloadConfirmedAt: m.result.DownloadConfirmed,
	}
	if w, ok := m.screens[m.current].(walkScreen); ok {
		st.Step = w.index
	}
	if m.report != nil && m.file != "" {
		st.File, st.FileSHA256 = m.file, m.report.SHA256
	}
	return st, true
}

// persist saves the position when it changed, in the background.
func (m *Model) persist() tea.Cmd {
	if m.opts.State == nil {
		return nil
	}
	st, ok := m.snapshot()
	if !ok || st == m.saved {
		return nil
	}
	m.saved = st
	store, now := *m.opts.State, m.opts.Now()
	save := m.saves.queue(func() error { return store.Save(st, now) })
	return func() tea.Msg { return stateSavedMsg{err: save()} }
}

// SavePlace saves the position now, after any background save still under
// way, so that one cannot overwrite it. The caller uses it once the wizard
// has ended (a hang-up, ctrl+c, q), so that no step is lost.
func (m Model) SavePlace() error {
	st, ok := m.snapshot()
	if m.opts.State == nil || !ok {
		return nil
	}
	store, now := *m.opts.State, m.opts.Now()
	return m.saves.queue(func() error { return store.Save(st, now) })()
}

// stateWriter runs saves of the position one at a time, newest last: a
// save that finds a newer one already written does nothing, so background
// saves finishing out of order never bring back an old position.
type stateWriter struct {
	mu      sync.Mutex
	next    int // sequence number of the latest save handed out
	written int // sequence number of the latest save done
}

// queue takes the next place in line for write, now, and returns the call
// that runs it, later in the background or at once. It is called from the
// wizard's own goroutine only; the returned calls may run anywhere.
func (w *stateWriter) queue(write func() error) func() error {
	w.next++
	seq := w.next
	return func() error {
		w.mu.Lock()
		defer w.mu.Unlock()
		if seq < w.written {
			return nil
		}
		w.written = seq
		return write()
	}
}

// clearState forgets the saved position, in the background.
func (m *Model) clearState() tea.Cmd {
	if m.opts.State == nil {
		return nil
	}
	clear := m.saves.queue(m.opts.State.Clear)
	return func() tea.Msg { return stateSavedMsg{err: clear()} }
}

// restore rebuilds the screens up to where a saved run stood, so that esc
// still walks back through them.
func (m *Model) restore(st resume.State) tea.Cmd {
	m.current = scrTask // esc from the first restored screen leads to the start
	m.task = task(st.Kind)
	m.setApple(st.Apple)
	m.choosePortal(st.Portal)
	if m.guide == nil {
		return nil
	}
	m.result.DownloadConfirmed = st.DownloadConfirmedAt
	if st.Screen == "caveats" {
		return nil
	}
	apple := newWalkScreen(m.sh, m.guide.Apple.Name, m.guide.AppleSteps, appleStepsDoneMsg{})
	if !st.DownloadConfirmedAt.IsZero() {
		for i, s := range m.guide.AppleSteps {
			if s.Download {
				apple.confirmed[i] = true
			}
		}
	}
	if st.Screen == "apple-steps" {
		apple.index = min(max(st.Step, 0), len(apple.steps)-1)
		m.show(scrAppleSteps, apple)
		return nil
	}
	apple.index = len(apple.steps) - 1
	m.show(scrAppleSteps, apple)
	cmd := m.showPicker()
	if st.File == "" || st.Screen == "picker" || st.Screen == "paste" {
		return cmd
	}
	// Check the file again, in the background: it must still be there and
	// unchanged. Until then, and if it is not, the picker shows.
	in, exts := m.inspector(), m.screens[scrPicker].(pickerScreen).likelyExts
	return tea.Batch(cmd, func() tea.Msg {
		r := in.file(st.File)
		if r.SHA256 != st.FileSHA256 {
			return nil
		}
		chosen := fileChosenMsg{path: st.File, report: r, previous: previousExpiry(st.File, r, in, exts, nil)}
		return resumedFileMsg{chosen: chosen, screen: st.Screen, step: st.Step}
	})
}

// resumeAt goes on from a resumed file's verdict to the screen the run had
// reached.
func (m *Model) resumeAt(msg resumedFileMsg) {
	m.chooseFile(msg.chosen)
	switch msg.screen {
	case "portal-steps":
		m.showPortalSteps()
		if w, ok := m.screens[scrPortalSteps].(walkScreen); ok {
			w.index = min(max(msg.step, 0), len(w.steps)-1)
			m.screens[scrPortalSteps] = w
		}
	case "confirm":
		m.showPortalSteps()
		m.showConfirm()
	}
}

// since says how long before now t was, in minutes or hours.
func since(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return plural(int(d.Minutes()), "minute") + " ago"
	}
	return plural(int(d.Hours()), "hour") + " ago"
}
