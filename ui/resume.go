package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/resume"
	"github.com/mdmtoken/mdmtoken/steps"
)

// offerScreen offers to go on with an unfinished renewal. When the saved
// renewal holds a confirmed DEP download, starting over asks first: the
// old token stays invalid until the new one is uploaded. That warning is
// taken with y only once it has been on screen in full.
type offerScreen struct {
	*chooseScreen
	reset  string // when a DEP download was confirmed, in words; empty if none
	asking bool   // asking whether to start over anyway
	warn   scroller
	seen   bool // the whole warning has been on screen since asking
	nag    bool // y came before that
}

// newResumeScreen offers st; notes say what was wrong with the saved
// place and what was done about it.
func newResumeScreen(sh *shared, st resume.State, catalog *steps.Catalog, notes []string) *offerScreen {
	now := sh.now()
	where := describePlace(st.Place, catalog)
	intro := fmt.Sprintf("An unfinished renewal was saved %s: %s.", since(st.SavedAt, now), where)
	reset, warn := "", ""
	if st.OldTokenInvalid() {
		at := st.DownloadConfirmedAt
		reset = fmt.Sprintf("%s on %s, %s", at.Local().Format("15:04"), at.Local().Format("2006-01-02"), since(at, now))
		warn = fmt.Sprintf("You confirmed Download Token at %s, so the old DEP token is already invalid: finish the upload now.", reset)
	}
	return &offerScreen{reset: reset, warn: newScroller(sh.keys.StartOver.Scroll),
		// The reset first: it is what must be done now.
		chooseScreen: newChooseScreen(sh, "Go on where you stopped?", strings.TrimSpace(warn+"\n"+notice(notes)), intro, []option{
			{title: "Resume where I stopped", desc: where, act: resumeAnswer{resume: true}},
			{title: "Start over", desc: "Forget the saved position and choose again.", act: resumeAnswer{resume: false}},
		}, true)}
}

func (s *offerScreen) Update(msg tea.Msg) (tea.Cmd, action) {
	k, isKey := msg.(tea.KeyPressMsg)
	if s.asking {
		keys := s.sh.keys.StartOver
		s.syncWarn()
		switch {
		case isKey && key.Matches(k, keys.Yes) && !s.seen:
			s.nag = true // the rest of the warning first
			s.syncWarn()
			s.warn.vp.GotoBottom()
			return nil, nil
		case isKey && key.Matches(k, keys.Yes):
			return nil, resumeAnswer{resume: false}
		case isKey && (key.Matches(k, keys.No) || key.Matches(k, keys.Stay)):
			s.asking = false
			return nil, nil
		}
		return s.warn.update(msg), nil
	}
	cmd, act := s.chooseScreen.Update(msg)
	if a, ok := act.(resumeAnswer); ok && !a.resume && s.reset != "" {
		s.asking, s.seen, s.nag = true, false, false
		s.warn.top()
		return cmd, nil
	}
	return cmd, act
}

// askHead and askFoot frame the warning before starting over.
func (s *offerScreen) askHead() string {
	return s.sh.styles.banner.Render(wrap("Start over and forget the saved renewal?", s.width))
}

func (s *offerScreen) askFoot() string {
	if s.nag {
		return s.sh.styles.banner.Render(wrap("Read the whole warning, then press y.", s.width))
	}
	return s.sh.styles.heading.Render(wrap("y: start over, n: go back", s.width))
}

func (s *offerScreen) syncWarn() {
	text := wrap(fmt.Sprintf("You confirmed Download Token at %s: the old DEP token is already invalid, and devices cannot enroll until the new token is uploaded. Resuming leads you back to the upload; starting over forgets where you were.", s.reset), s.width)
	room := s.height - lines(s.askHead()) - lines(s.askFoot())
	gaps := room-lines(text) >= 2
	if gaps {
		room -= 2
	}
	s.warn.sync(s.width, room, text)
	if !s.warn.scrolls() {
		s.seen = true // all of it is drawn with the question
	}
}

func (s *offerScreen) View() string {
	if !s.asking {
		return s.chooseScreen.View()
	}
	s.syncWarn()
	if s.warn.vp.AtBottom() {
		s.seen = true
	}
	gap := "\n"
	if s.height-lines(s.askHead())-lines(s.askFoot())-lines(s.warn.content) >= 2 {
		gap = "\n\n"
	}
	return s.askHead() + gap + s.warn.view(s.sh.styles) + gap + s.askFoot()
}

func (s *offerScreen) Help() bindings {
	if !s.asking {
		return s.chooseScreen.Help()
	}
	s.syncWarn()
	k := s.sh.keys.StartOver
	short := []key.Binding{k.Yes, k.No}
	if s.warn.scrolls() {
		short = append(short, k.Scroll.PageDown)
	}
	b := s.sh.keys.helpFor(short...)
	if s.warn.scrolls() {
		b.full[0] = append([]key.Binding{k.Yes, k.No}, s.warn.help()...)
	}
	return b
}

// describePlace says in words where a saved renewal stood.
func describePlace(p renewal.Place, catalog *steps.Catalog) string {
	kind := p.Kind.Noun()
	g, err := catalog.Guide(p.Kind, p.Apple, p.Portal)
	if err != nil {
		return kind
	}
	var where string
	at := func(list []steps.Step) string { // the step, as far as the guide has one
		return fmt.Sprintf("step %d of %d", min(max(p.Step, 0), max(len(list)-1, 0))+1, len(list))
	}
	switch p.Stage {
	case renewal.StageCaveats:
		where = "before the first step"
	case renewal.StageAppleSteps:
		where = g.Apple.Name + " " + at(g.AppleSteps)
	case renewal.StageRequestSteps:
		where = g.Portal.Name + " " + at(g.BeforeSteps)
	case renewal.StagePicker, renewal.StagePaste:
		where = "choosing the downloaded file"
	case renewal.StageVerdict:
		where = "checking the downloaded file"
	case renewal.StagePortalSteps:
		where = g.Portal.Name + " " + at(g.PortalSteps)
	case renewal.StageConfirm:
		where = "confirming the upload"
	default:
		return fmt.Sprintf("%s, %s → %s", kind, g.Apple.Name, g.Portal.Name)
	}
	return fmt.Sprintf("%s, %s → %s, %s", kind, g.Apple.Name, g.Portal.Name, where)
}

// since says how long before now t was, in minutes, hours or days.
func since(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return renewal.Plural(int(d.Minutes()), "minute") + " ago"
	case d < 48*time.Hour:
		return renewal.Plural(int(d.Hours()), "hour") + " ago"
	}
	return renewal.Plural(int(d.Hours()/24), "day") + " ago"
}
