package ui

import (
	"os"

	tea "charm.land/bubbletea/v2"

	"github.com/mdmtoken/mdmtoken/record"
)

// recordable reports whether this run leaves a record behind.
func (m Model) recordable() bool { return !m.opts.Practice && m.opts.RecordDir != "" }

// saveRecord writes the renewal record and the calendar reminder for the
// next renewal, in the background, and then forgets the saved place; nil
// when there is nothing to write. A record that cannot be written keeps
// the place, so that the renewal can be resumed to write it.
func (m Model) saveRecord() tea.Cmd {
	if !m.recordable() {
		return nil
	}
	now := m.opts.Now()
	rec, ok := m.r.Record(now)
	if !ok {
		return nil
	}
	dir := m.opts.RecordDir
	var clear func() error
	if m.opts.State != nil {
		clear = m.saves.queue(m.opts.State.Clear)
	}
	return func() tea.Msg {
		rec.User, rec.Host = record.CurrentUser(), hostname()
		md, ics, err := record.Save(dir, rec, now)
		msg := recordSavedMsg{record: md, calendar: ics, err: err}
		if err == nil && clear != nil {
			msg.cleared = clear()
		}
		return msg
	}
}

// hostname names this computer for the record; empty when unknown.
func hostname() string {
	h, _ := os.Hostname()
	return h
}

// rememberCert remembers, in the background, the certificate the renewed
// DEP token was checked with, for the next renewal of its server. A
// failure only means the next renewal looks for it again.
func (m Model) rememberCert() tea.Cmd {
	portal, server, paths, ok := m.r.Remembered()
	if m.opts.Certs == nil || !ok {
		return nil
	}
	store := *m.opts.Certs
	return func() tea.Msg {
		_ = store.Remember(portal, server, paths)
		return nil
	}
}

// leftovers finds, in the background, the token files to clear out of
// Downloads after the renewal; none in practice.
func (m Model) leftovers() tea.Cmd {
	c := m.r.Chosen()
	if m.opts.Practice || c == nil || c.Path == "" {
		return nil
	}
	l, chosen := m.r.Lookup(), *c
	return func() tea.Msg { return leftoversMsg{files: l.Leftovers(chosen)} }
}

// noteTidied adds what was done with the token files to the record, once
// both are there.
func (m *Model) noteTidied() tea.Cmd {
	if m.tidied == "" || m.recordFile == "" || m.tidiedNoted {
		return nil
	}
	m.tidiedNoted = true
	path, said := m.recordFile, m.tidied
	return func() tea.Msg {
		_ = record.AppendNote(path, "Token files", said)
		return nil
	}
}
