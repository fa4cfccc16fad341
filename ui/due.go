package ui

import (
	"context"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/mdmtoken/mdmtoken/history"
	"github.com/mdmtoken/mdmtoken/record"
	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/token"
)

// renewAgain is the first screen's answer for a credential the history
// says is due: renew it with the portals of last time.
type renewAgain struct{ entry history.Entry }

func (renewAgain) isAction() {}

// historySavedMsg says whether the renewal was added to the history.
type historySavedMsg struct{ said string }

// dueOptions are the first screen's answers for what the history says is
// due, soonest first, each starting that renewal as last time.
func dueOptions(due []history.Item, now time.Time, width int) []option {
	var opts []option
	for _, it := range due {
		if !it.Kind.IsRenewable() {
			continue
		}
		title, when := token.Printable(it.Summary(now)), ""
		short := it
		for _, drop := range []*string{&short.Org, &short.MDMPortalName} {
			if lipgloss.Width(title) <= width {
				break
			}
			*drop = "" // the description names the portals; the location or server names the credential
			title = token.Printable(short.Summary(now))
		}
		if lipgloss.Width(title) > width {
			// Still too long for one line: the dates go first in the description.
			when = strings.TrimPrefix(title, short.Label()+": ")
			title, when = short.Label(), strings.ToUpper(when[:1])+when[1:]+". "
		}
		// On a short screen a reset's advice shows in brief (the file
		// picker names the file), never not at all.
		opts = append(opts, option{title: title, desc: when + renewal.DueAdvice(it, now, false),
			vital: it.Reset(), short: when + renewal.DueAdvice(it, now, true), act: renewAgain{entry: it.Entry}})
	}
	return opts
}

// saveHistory adds the accepted renewal to the history, in the
// background; a practice run says it adds nothing. Nil when the wizard
// keeps no history.
func (m Model) saveHistory() tea.Cmd {
	if m.opts.History == "" && !m.opts.Practice {
		return nil
	}
	add, path := m.r.ForHistory(m.opts.Now(), record.CurrentUser(), hostname()), m.opts.History
	return func() tea.Msg {
		said, _ := add.Add(context.Background(), path)
		return historySavedMsg{said: said}
	}
}
