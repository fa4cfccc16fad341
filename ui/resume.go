package ui

import (
	"fmt"
	"time"

	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/resume"
	"github.com/mdmtoken/mdmtoken/steps"
)

// newResumeScreen offers to go on with an unfinished renewal.
func newResumeScreen(sh *shared, st resume.State, catalog *steps.Catalog) *chooseScreen {
	where := describePlace(st.Place, catalog)
	intro := fmt.Sprintf("An unfinished renewal was saved %s: %s.", since(st.SavedAt, sh.now()), where)
	if st.OldTokenInvalid() {
		intro += fmt.Sprintf(" You confirmed Download Token at %s, so the old DEP token is already invalid: finish the upload now.",
			st.DownloadConfirmedAt.Local().Format("15:04 on 2006-01-02"))
	}
	return &chooseScreen{
		sh:       sh,
		question: "Go on where you stopped?",
		intro:    intro,
		first:    true,
		menu: newMenu([]option{
			{title: "Resume where I stopped", desc: where, act: resumeAnswer{resume: true}},
			{title: "Start over", desc: "Forget the saved position and choose again.", act: resumeAnswer{resume: false}},
		}),
	}
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
