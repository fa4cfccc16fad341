package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mdmtoken/mdmtoken/history"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
)

// chooseScreen asks one question with a menu of answers: what to do, the
// Apple portal, the MDM portal, or whether to resume.
type chooseScreen struct {
	frame
	sh       *shared
	question string
	intro    string
	menu     menu
	first    bool // the first screen: esc does not go back
}

func (s *chooseScreen) Init() tea.Cmd { return nil }

func (s *chooseScreen) Update(msg tea.Msg) (tea.Cmd, action) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, s.sh.keys.Menu.Back) {
		if s.first {
			return nil, nil
		}
		return nil, goBack{}
	}
	if o := s.menu.update(msg, s.sh.keys.Menu); o != nil {
		return nil, o.act
	}
	return nil, nil
}

func (s *chooseScreen) View() string {
	st := s.sh.styles
	var b strings.Builder
	b.WriteString(st.heading.Render(wrap(s.question, s.width)) + "\n")
	used := strings.Count(s.question, "\n") + 2
	if s.intro != "" && s.height >= 12 {
		intro := wrap(s.intro, s.width)
		b.WriteString(st.detail.Render(intro) + "\n")
		used += strings.Count(intro, "\n") + 1
	}
	b.WriteString("\n")
	b.WriteString(s.menu.view(st, s.width, s.height-used))
	return b.String()
}

func (s *chooseScreen) Help() bindings {
	k := s.sh.keys.Menu
	if s.first {
		return s.sh.keys.helpFor(k.Up, k.Down, k.Choose)
	}
	return s.sh.keys.helpFor(k.Up, k.Down, k.Choose, k.Back)
}

// renewDesc says in one line what renewing a credential is about.
func renewDesc(k token.Kind) string {
	switch k {
	case token.KindVPP:
		return "Apps and Books: sToken_for_<Location>.vpptoken, from Payments & Billing. Keeps app licences flowing."
	case token.KindDEP:
		return "Automated Device Enrollment: <Server>_Token_<time>_smime.p7m, per MDM server. Keeps new devices enrolling."
	case token.KindPush:
		return "The MDM's APNs certificate (.pem), from Apple's Push Certificates Portal. Keeps the MDM reaching its devices."
	}
	return k.FileName()
}

// newStartScreen asks what the user came to do: renew a credential, check
// a file, or leave.
func newStartScreen(sh *shared, warnings []string, practice bool, due []history.Item) *chooseScreen {
	intro := "Apple's MDM tokens last one year. Renewing means downloading a new file from Apple and uploading it to your MDM portal."
	if practice {
		intro = "Practice run: the file picker opens a temporary Downloads folder of sample files, with the usual wrong picks among them. Nothing is real, saved or uploaded."
	}
	if len(warnings) > 0 {
		intro = playbookNote(warnings) + " " + intro
	}
	opts := dueOptions(due, sh.now(), 76) // an option's title is one line of an 80-column terminal
	if len(opts) > 0 {
		intro = fmt.Sprintf("To renew within %d days, from the renewal history: choose one to renew it with the portals used last time.", token.DefaultWarnDays)
	}
	for _, k := range token.Renewable() {
		opts = append(opts, option{title: "Renew the " + k.Noun(), desc: renewDesc(k), act: renew{kind: k}})
	}
	opts = append(opts,
		option{title: "Check a file", act: checkFile{},
			desc: "Tell what a token file really is and whether it is still valid, without renewing anything."},
		option{title: "Quit", desc: "Leave mdmtoken.", act: leave{}},
	)
	return &chooseScreen{sh: sh, question: "What do you want to do?", intro: intro, first: true, menu: newMenu(opts)}
}

func newAppleScreen(sh *shared, catalog *steps.Catalog) *chooseScreen {
	var opts []option
	for _, a := range catalog.ApplePortals() {
		opts = append(opts, option{title: a.Name, desc: a.Summary, act: choseApple{id: a.ID}})
	}
	return &chooseScreen{
		sh:       sh,
		question: "Which Apple portal do you sign in to?",
		intro:    "Apple has redesigned Apple Business Manager; the menus differ. Pick the one that matches what you see.",
		menu:     newMenu(opts),
	}
}

func newPortalScreen(sh *shared, catalog *steps.Catalog, kind token.Kind, warnings []string) *chooseScreen {
	var opts []option
	for _, p := range catalog.Portals(kind) {
		opts = append(opts, option{title: p.Title(), desc: p.Follows(kind), act: chosePortal{id: p.ID}})
	}
	return &chooseScreen{
		sh:       sh,
		intro:    playbookNote(warnings),
		question: fmt.Sprintf("Which MDM portal will you upload the %s to?", kind.Noun()),
		menu:     newMenu(opts),
	}
}

// playbookNote says that local playbooks were skipped for mistakes.
func playbookNote(warnings []string) string {
	if len(warnings) == 0 {
		return ""
	}
	return fmt.Sprintf("Note: local playbooks have %s; those files were skipped. Details: mdmtoken portals.", plural(len(warnings), "problem"))
}
