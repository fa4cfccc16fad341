package ui

import (
	"os"

	tea "charm.land/bubbletea/v2"

	"github.com/mdmtoken/mdmtoken/record"
)

// recordSavedMsg tells where the renewal record and reminder were written.
type recordSavedMsg struct {
	record, calendar string
	err              error
}

// recordable reports whether this run leaves a record behind.
func (m Model) recordable() bool { return !m.opts.Practice && m.opts.RecordDir != "" }

// saveRecord writes the renewal record and the calendar reminder for the
// next renewal, in the background. Only names, dates and the file's digest
// are written, never the token.
func (m Model) saveRecord() tea.Cmd {
	if !m.recordable() || m.guide == nil || m.report == nil {
		return nil
	}
	g, r, now := *m.guide, *m.report, m.opts.Now()
	org := r.Org
	if org == "" {
		org = r.Server
	}
	renewal := record.Renewal{
		Kind:               g.Kind,
		KindName:           g.Kind.Noun(),
		ApplePortal:        g.Apple.Name,
		MDMPortal:          g.Portal.Name,
		AppleID:            g.Apple.ID,
		PortalID:           g.Portal.ID,
		Org:                org,
		FileName:           m.source(),
		SHA256:             r.SHA256,
		OldExpiry:          m.previous,
		NewExpiry:          r.Expires,
		NewExpiryEstimated: r.ExpiresEstimated,
		When:               now,
		Checks:             passedChecks(r, true),
		Accepted:           true,
	}
	dir := m.opts.RecordDir
	return func() tea.Msg {
		renewal.User, renewal.Host = record.CurrentUser(), hostname()
		rec, cal, err := record.Save(dir, renewal, now)
		return recordSavedMsg{record: rec, calendar: cal, err: err}
	}
}

// hostname names this computer for the record; empty when unknown.
func hostname() string {
	h, _ := os.Hostname()
	return h
}
