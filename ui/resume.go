package ui

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/resume"
	"github.com/mdmtoken/mdmtoken/steps"
)

// offerScreen offers to go on with an unfinished renewal. When the saved
// renewal holds a confirmed DEP download, starting over asks first: the
// old token stays invalid until the new one is uploaded.
type offerScreen struct {
	*chooseScreen
	reset  string // when a DEP download was confirmed, in words; empty if none
	asking bool   // asking whether to start over anyway
}

func newResumeScreen(sh *shared, st resume.State, catalog *steps.Catalog) *offerScreen {
	now := sh.now()
	where := describePlace(st.Place, catalog)
	intro := fmt.Sprintf("An unfinished renewal was saved %s: %s.", since(st.SavedAt, now), where)
	reset := ""
	if st.OldTokenInvalid() {
		at := st.DownloadConfirmedAt
		reset = fmt.Sprintf("%s on %s, %s", at.Local().Format("15:04"), at.Local().Format("2006-01-02"), since(at, now))
		intro += fmt.Sprintf(" You confirmed Download Token at %s, so the old DEP token is already invalid: finish the upload now.", reset)
	}
	return &offerScreen{reset: reset, chooseScreen: &chooseScreen{
		sh:       sh,
		question: "Go on where you stopped?",
		intro:    intro,
		first:    true,
		menu: newMenu([]option{
			{title: "Resume where I stopped", desc: where, act: resumeAnswer{resume: true}},
			{title: "Start over", desc: "Forget the saved position and choose again.", act: resumeAnswer{resume: false}},
		}),
	}}
}

func (s *offerScreen) Update(msg tea.Msg) (tea.Cmd, action) {
	k, isKey := msg.(tea.KeyPressMsg)
	if s.asking {
		keys := s.sh.keys.StartOver
		switch {
		case isKey && key.Matches(k, keys.Yes):
			return nil, resumeAnswer{resume: false}
		case isKey && (key.Matches(k, keys.No) || key.Matches(k, keys.Stay)):
			s.asking = false
		}
		return nil, nil
	}
	cmd, act := s.chooseScreen.Update(msg)
	if a, ok := act.(resumeAnswer); ok && !a.resume && s.reset != "" {
		s.asking = true
		return cmd, nil
	}
	return cmd, act
}

func (s *offerScreen) View() string {
	if !s.asking {
		return s.chooseScreen.View()
	}
	st, w := s.sh.styles, s.width
	return st.banner.Render(wrap("Start over and forget the saved renewal?", w)) + "\n\n" +
		wrap(fmt.Sprintf("You confirmed Download Token at %s: the old DEP token is already invalid, and devices cannot enroll until the new token is uploaded. Resuming leads you back to the upload; starting over forgets where you were.", s.reset), w) +
		"\n\n" + st.heading.Render("y: start over, n: go back")
}

func (s *offerScreen) Help() bindings {
	if !s.asking {
		return s.chooseScreen.Help()
	}
	k := s.sh.keys.StartOver
	return s.sh.keys.helpFor(k.Yes, k.No)
}

// describePlace says in words where a saved renewal stood.
func describePlace(p renewal.Place, catalog *steps.Catalog) string {
	kind := p.Kind.Noun()
	g, err := catalog.Guide(p.Kind, p.Apple, p.Portal)
	if err != nil {
		return kind
	}
	var where string
	switch p.Stage {
	case renewal.StageCaveats:
		where = "before the first step"
	case renewal.StageAppleSteps:
		where = fmt.Sprintf("%s step %d of %d", g.Apple.Name, p.Step+1, len(g.AppleSteps))
	case renewal.StagePicker, renewal.StagePaste:
		where = "choosing the downloaded file"
	case renewal.StageVerdict:
		where = "checking the downloaded file"
	case renewal.StagePortalSteps:
		where = fmt.Sprintf("%s step %d of %d", g.Portal.Name, p.Step+1, len(g.PortalSteps))
	case renewal.StageConfirm:
		where = "confirming the upload"
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
		return plural(int(d.Minutes()), "minute") + " ago"
	case d < 48*time.Hour:
		return plural(int(d.Hours()), "hour") + " ago"
	}
	return plural(int(d.Hours()/24), "day") + " ago"
}
