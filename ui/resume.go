package ui

import (
	"fmt"
	"strings"

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
	reset  string // what starting over forgets when the old token is reset already; empty if it is not
	asking bool   // asking whether to start over anyway
	warn   scroller
	seen   bool // the whole warning has been on screen since asking
	nag    bool // y came before that
}

// newResumeScreen offers st; notes say what was wrong with the saved
// place and what was done about it.
func newResumeScreen(sh *shared, st resume.State, catalog *steps.Catalog, notes []string) *offerScreen {
	now := sh.now()
	where := st.Describe(catalog, "→")
	intro := fmt.Sprintf("An unfinished renewal was saved %s: %s.", renewal.Since(st.SavedAt, now), where)
	warn := st.ResetWarning(now)
	return &offerScreen{reset: st.StartOverWarning(now), warn: newScroller(sh.keys.StartOver.Scroll),
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
	text := wrap(s.reset, s.width)
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
		short = append(short, s.warn.pageKey())
	}
	b := s.sh.keys.helpFor(short...)
	if s.warn.scrolls() {
		b.full[0] = append([]key.Binding{k.Yes, k.No}, s.warn.help()...)
	}
	return b
}
