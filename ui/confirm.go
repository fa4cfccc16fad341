package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mdmtoken/mdmtoken/record"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
)

// confirmScreen sums up the renewal and asks whether the portal accepted
// the file. If it did not, it shows that portal's common errors and fixes.
type confirmScreen struct {
	sh       *shared
	guide    steps.Guide
	report   token.Report
	source   string
	checks   []string
	answered bool
	accepted bool
	trouble  scroller
	records  bool           // a record will be written when the upload is confirmed
	saved    recordSavedMsg // where it was written
	score    string         // practice mode: what the trainee did
	previous time.Time      // expiry of the token replaced, when known
}

func newConfirmScreen(sh *shared, g steps.Guide, r token.Report, source string, records bool) confirmScreen {
	return confirmScreen{sh: sh, guide: g, report: r, source: source, checks: passedChecks(r, true), trouble: newScroller(sh.keys), records: records}
}

func (s confirmScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	if saved, ok := msg.(recordSavedMsg); ok {
		s.saved = saved
		return s, nil
	}
	keys := s.sh.keys
	k, isKey := msg.(tea.KeyPressMsg)
	switch {
	case !s.answered && isKey && key.Matches(k, keys.Confirm):
		s.answered, s.accepted = true, true
		return s, send(acceptedMsg{accepted: true})
	case !s.answered && isKey && key.Matches(k, keys.Decline):
		s.answered, s.accepted = true, false
		return s, send(acceptedMsg{accepted: false})
	case isKey && key.Matches(k, keys.Back):
		if s.answered && !s.accepted {
			s.answered = false
			return s, nil
		}
		return s, send(backMsg{})
	case s.answered && s.accepted && isKey && key.Matches(k, keys.Next):
		return s, send(quitMsg{})
	case s.answered && !s.accepted && isKey && key.Matches(k, keys.Paste):
		return s, send(verdictChoiceMsg{choice: choicePickAgain})
	case s.answered && !s.accepted:
		s.syncTrouble()
		var cmd tea.Cmd
		s.trouble, cmd = s.trouble.update(msg)
		return s, cmd
	}
	return s, nil
}

func (s confirmScreen) summary() string {
	st, w, r, g := s.sh.styles, s.sh.width, s.report, s.guide
	var b strings.Builder
	const labelWidth = 15
	row := func(label, value string) {
		if value != "" {
			text := wrap(value, max(10, w-labelWidth))
			text = strings.ReplaceAll(text, "\n", "\n"+strings.Repeat(" ", labelWidth))
			b.WriteString(st.label.Render(fmt.Sprintf("%-*s", labelWidth, label)) + text + "\n")
		}
	}
	row("Token", g.Kind.Noun())
	row("Apple portal", g.Apple.Name)
	row("MDM portal", g.Portal.Name)
	row("File", s.source)
	row("Organisation", r.Org)
	row("Server", r.Server)
	if !s.previous.IsZero() {
		row("Old expiry", dateOnly(s.previous))
	}
	if r.HasExpiry() {
		row("New expiry", expiryText(r, s.sh.now()))
		row("Renew next by", dateOnly(record.RenewAt(r.Expires))+fmt.Sprintf(" (%d days before expiry)", record.RenewDaysBefore))
	}
	if len(s.checks) > 0 {
		row("Checked", strings.Join(s.checks, "; "))
	}
	return strings.TrimRight(b.String(), "\n")
}

func (s confirmScreen) View() string {
	st, w := s.sh.styles, s.sh.width
	switch {
	case !s.answered:
		head := st.heading.Render(wrap("Almost done: check the upload", w))
		ask := st.heading.Render(wrap(fmt.Sprintf("Did %s accept the file?", s.guide.Portal.Name), w)) + "\n" +
			st.detail.Render(wrap("Look for a success message or the new expiry date in the portal. y: yes, n: no (show common errors and fixes).", w))
		room := s.sh.height - lines(head) - lines(ask) - 2
		return head + "\n" + clip(s.summary(), w, room) + "\n\n" + ask
	case s.accepted:
		head := st.statusOK.Render(wrap("✓ Renewal done", w))
		tail := st.detail.Render(wrap(s.savedText()+"Press enter or q to leave.", w))
		if s.score != "" {
			tail = st.heading.Render(wrap(s.score, w)) + "\n" + tail
		}
		room := s.sh.height - lines(head) - lines(tail) - 2
		return head + "\n" + clip(s.summary(), w, room) + "\n\n" + tail
	default:
		s.syncTrouble()
		return s.troubleHeading() + "\n\n" + s.trouble.view(st)
	}
}

// savedText says where the record and the reminder went.
func (s confirmScreen) savedText() string {
	switch {
	case !s.records:
		return "Put the renew-by date in your calendar. "
	case s.saved.record == "" && s.saved.err == nil:
		return "Saving the renewal record… "
	case s.saved.record == "":
		return "The renewal record could not be saved: " + s.saved.err.Error() + ". "
	case s.saved.calendar == "":
		return "Record: " + shortenPath(s.saved.record, 200) + ". The expiry is unknown, so no calendar reminder was made. "
	}
	return "Record: " + shortenPath(s.saved.record, 200) + "\nReminder (import into your calendar): " + shortenPath(s.saved.calendar, 200) + "\n"
}

func (s confirmScreen) troubleHeading() string {
	return s.sh.styles.statusBad.Render(wrap(fmt.Sprintf("%s did not accept the file: common causes", s.guide.Portal.Name), s.sh.width))
}

func (s *confirmScreen) syncTrouble() {
	st, w := s.sh.styles, s.sh.width
	var b strings.Builder
	for _, e := range s.guide.Errors {
		b.WriteString(bullet(st.heading.Render(e.Symptom), w) + "\n")
		b.WriteString("  " + strings.ReplaceAll(wrap(st.label.Render("Cause: ")+e.Cause, w-2), "\n", "\n  ") + "\n")
		b.WriteString("  " + strings.ReplaceAll(wrap(st.label.Render("Fix: ")+e.Fix, w-2), "\n", "\n  ") + "\n\n")
	}
	if len(s.guide.Errors) == 0 {
		b.WriteString("This guide lists no common errors. Check the file name the portal shows and the portal's own message.\n")
	}
	s.trouble.sync(w, s.sh.height-lines(s.troubleHeading())-3, strings.TrimRight(b.String(), "\n"))
}

func (s confirmScreen) Help() bindings {
	k := s.sh.keys
	switch {
	case !s.answered:
		return k.helpFor(k.Confirm, k.Decline, k.Back)
	case s.accepted:
		leave := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "leave"))
		return k.helpFor(leave)
	default:
		other := key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "pick another file"))
		b := k.helpFor(other, k.Back)
		b.full = [][]key.Binding{{k.Up, k.Down, k.ScrollUp, k.ScrollDn}, {other, k.Back, k.Help, k.Quit, k.Interrupt}}
		return b
	}
}
