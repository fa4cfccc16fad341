package ui

import (
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/mdmtoken/mdmtoken/resume"
)

// stateSavedMsg is how a background save of the place went.
type stateSavedMsg struct{ err error }

// persist saves the renewal's place when it changed, in the background.
func (m *Model) persist() tea.Cmd {
	if m.opts.State == nil {
		return nil
	}
	p, ok := m.r.Snapshot()
	if !ok || p == m.saved {
		return nil
	}
	m.saved = p
	store, now := *m.opts.State, m.opts.Now()
	save := m.saves.queue(func() error { return store.Save(resume.State{Place: p}, now) })
	return func() tea.Msg { return stateSavedMsg{err: save()} }
}

// SavePlace saves the place now, after any background save still under
// way, so that one cannot overwrite it. The caller uses it once the wizard
// has ended (a hang-up, ctrl+c, q), so that no step is lost.
func (m Model) SavePlace() error {
	p, ok := m.r.Snapshot()
	if m.opts.State == nil || !ok {
		return nil
	}
	store, now := *m.opts.State, m.opts.Now()
	return m.saves.queue(func() error { return store.Save(resume.State{Place: p}, now) })()
}

// clearState forgets the saved place, in the background.
func (m *Model) clearState() tea.Cmd {
	if m.opts.State == nil {
		return nil
	}
	clear := m.saves.queue(m.opts.State.Clear)
	return func() tea.Msg { return stateSavedMsg{err: clear()} }
}

// stateWriter runs saves of the place one at a time, newest last: a save
// that finds a newer one already written does nothing, so background saves
// finishing out of order never bring back an old place.
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
