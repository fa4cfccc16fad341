package ui

import (
	"fmt"
	"github.com/charmbracelet/x/ansi"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mdmtoken/mdmtoken/record"
	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
)

// summary is the renewal summed up, as the confirmation and the end show
// it.
type summary struct {
	guide  steps.Guide
	chosen renewal.Checked
	checks []string
	match  renewal.Match // how the file was matched to the MDM's server or topic; zero for VPP
	reset  time.Time     // when the old token stopped working (Renewal.ResetAt); zero if it did not
}

// view renders the summary in rows of labels and values, width columns wide.
func (s summary) view(st styles, width int, now time.Time) string {
	r, g := s.chosen.Report, s.guide
	type labeled struct{ label, value string }
	var rows []labeled
	row := func(label, value string) {
		if value = token.Printable(value); value != "" { // names and fields from files
			rows = append(rows, labeled{label, value})
		}
	}
	row("Token", g.Kind.Noun())
	row("Apple portal", g.Apple.Name)
	row("MDM portal", g.Portal.Name)
	row("File", s.chosen.Name())
	row("Organization", r.Org)
	row("Location", s.chosen.Location())
	row("Server", r.Server)
	for _, o := range s.chosen.AlsoReset {
		row("Also to do", o.ToDo())
	}
	row("Push topic", r.Topic)
	row("Old expiry", renewal.OldExpiryText(s.chosen.ReplacedExpiry, s.reset))
	if r.HasExpiry() {
		row("New expiry", renewal.ExpiryText(r, now))
		if by := record.RenewAt(r.Expires); by.After(now) {
			row("Renew next by", renewal.DateOnly(by)+fmt.Sprintf(" (%d days before expiry)", record.RenewDaysBefore))
		} else {
			row("Renew next by", fmt.Sprintf("now: it expires in less than %d days", record.RenewDaysBefore))
		}
	}
	if r.Status.Severity() != token.SeverityOK {
		row("Used anyway", renewal.UsedAnywayText(r))
	}
	if len(s.checks) > 0 {
		row("Checked", strings.Join(s.checks, "; "))
	}
	row(s.match.Label, s.match.Text)
	// The values start two columns after the longest label, at least at
	// column 15.
	labelWidth := 15
	for _, l := range rows {
		labelWidth = max(labelWidth, ansi.StringWidth(l.label)+2)
	}
	var b strings.Builder
	for _, l := range rows {
		text := wrap(l.value, max(10, width-labelWidth))
		text = strings.ReplaceAll(text, "\n", "\n"+strings.Repeat(" ", labelWidth))
		b.WriteString(st.label.Render(fmt.Sprintf("%-*s", labelWidth, l.label)) + text + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// confirmScreen sums up the renewal and asks whether the portal accepted
// the file. If it did not, it shows that portal's common errors and fixes.
// Its heading and question always show; the summary between them scrolls.
type confirmScreen struct {
	frame
	sh      *shared
	sum     summary
	refused bool     // the user said the portal did not accept the file
	body    scroller // the summary, and on a short screen how to tell
	trouble scroller
}

func newConfirmScreen(sh *shared, sum summary) *confirmScreen {
	return &confirmScreen{sh: sh, sum: sum, body: newScroller(sh.keys.Confirm.Scroll), trouble: newScroller(sh.keys.Trouble.Scroll)}
}

func (s *confirmScreen) Init() tea.Cmd { return nil }

func (s *confirmScreen) Update(msg tea.Msg) (tea.Cmd, action) {
	k, isKey := msg.(tea.KeyPressMsg)
	if s.refused {
		keys := s.sh.keys.Trouble
		switch {
		case isKey && key.Matches(k, keys.Back):
			s.refused = false // back to the question
			return nil, nil
		case isKey && key.Matches(k, keys.PickAgain):
			return nil, pickAgain{}
		}
		s.syncTrouble()
		return s.trouble.update(msg), nil
	}
	keys := s.sh.keys.Confirm
	switch {
	case isKey && key.Matches(k, keys.Yes):
		return nil, answered{accepted: true}
	case isKey && key.Matches(k, keys.No):
		s.refused = true
		return nil, answered{accepted: false}
	case isKey && key.Matches(k, keys.Back):
		return nil, goBack{}
	}
	s.layout()
	return s.body.update(msg), nil
}

// layout lays the question screen out: the heading, the summary (scrolled
// when it does not fit) and the question under it. Where fewer than a few
// lines of the summary would show, how to tell the portal took the file
// goes above the summary, into the part that scrolls, and the blank line
// goes: the heading and the question stay in view at any size.
func (s *confirmScreen) layout() (head, ask string) {
	st, w := s.sh.styles, s.width
	head = st.heading.Render(wrap("Almost done: check the upload", w))
	question := st.heading.Render(wrap(fmt.Sprintf("Did %s accept the file?", s.sum.guide.Portal.Prose()), w))
	how := st.detail.Render(wrap("Look for a success message or the new expiry date in the portal. y: yes, n: no (show common errors and fixes).", w))
	sum := s.sum.view(st, w, s.sh.now())
	room := s.height - lines(head) - lines(question) - lines(how) - 1
	if room >= min(lines(sum), 4) {
		s.body.sync(w, room, sum)
		return head, "\n" + question + "\n" + how
	}
	s.body.sync(w, s.height-lines(head)-lines(question), how+"\n\n"+sum)
	return head, question
}

func (s *confirmScreen) View() string {
	if s.refused {
		s.syncTrouble()
		return s.troubleHeading() + "\n" + s.troubleGap() + s.trouble.view(s.sh.styles)
	}
	head, ask := s.layout()
	return head + "\n" + s.body.view(s.sh.styles) + "\n" + ask
}

func (s *confirmScreen) troubleHeading() string {
	return s.sh.styles.statusBad.Render(wrap(renewal.Capitalized(s.sum.guide.Portal.Prose())+" did not accept the file: common causes", s.width))
}

func (s *confirmScreen) syncTrouble() {
	st, w := s.sh.styles, s.width
	var b strings.Builder
	for _, e := range s.sum.guide.Errors {
		b.WriteString(bullet(st.heading.Render(e.Symptom), w) + "\n")
		b.WriteString("  " + strings.ReplaceAll(wrap(st.label.Render("Cause: ")+e.Cause, w-2), "\n", "\n  ") + "\n")
		b.WriteString("  " + strings.ReplaceAll(wrap(st.label.Render("Fix: ")+e.Fix, w-2), "\n", "\n  ") + "\n\n")
	}
	if len(s.sum.guide.Errors) == 0 {
		b.WriteString("This guide lists no common errors. Check the file name the portal shows and the portal's own message.\n")
	}
	s.trouble.sync(w, s.height-lines(s.troubleHeading())-strings.Count(s.troubleGap(), "\n"), strings.TrimRight(b.String(), "\n"))
}

// troubleGap is the blank line under the heading, dropped on short screens.
func (s *confirmScreen) troubleGap() string {
	if s.height < 14 {
		return ""
	}
	return "\n"
}

func (s *confirmScreen) Help() bindings {
	g := s.sh.keys.Global
	if s.refused {
		k := s.sh.keys.Trouble
		short := []key.Binding{k.PickAgain}
		if s.trouble.scrolls() {
			short = append(short, s.trouble.pageKey())
		}
		b := s.sh.keys.helpFor(append(short, k.Back)...)
		b.full = [][]key.Binding{s.trouble.help(), {k.PickAgain, k.Back, g.Help, g.Quit, g.Interrupt}}
		return b
	}
	k := s.sh.keys.Confirm
	short := []key.Binding{k.Yes, k.No}
	if s.body.scrolls() {
		short = append(short, s.body.pageKey())
	}
	b := s.sh.keys.helpFor(append(short, k.Back)...)
	if s.body.scrolls() {
		b.full = [][]key.Binding{{k.Yes, k.No, k.Back}, s.body.help(), {g.Help, g.Quit, g.Interrupt}}
	}
	return b
}
