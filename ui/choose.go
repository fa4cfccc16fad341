package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
)

// task is what the user came to do.
type task string

const (
	taskVPP   task = "vpp"
	taskDEP   task = "dep"
	taskCheck task = "check"
	taskQuit  task = "quit"
)

// chooseScreen asks one question with a menu of answers: the task, the
// Apple portal or the MDM portal.
type chooseScreen struct {
	sh       *shared
	question string
	intro    string
	menu     menu
	choose   func(option) tea.Msg
	first    bool // the first screen: esc does not go back
}

func (s chooseScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, s.sh.keys.Back) {
		if s.first {
			return s, nil
		}
		return s, send(backMsg{})
	}
	var chosen *option
	s.menu, chosen = s.menu.update(msg, s.sh.keys)
	if chosen != nil {
		return s, send(s.choose(*chosen))
	}
	return s, nil
}

func (s chooseScreen) View() string {
	st := s.sh.styles
	var b strings.Builder
	b.WriteString(st.heading.Render(wrap(s.question, s.sh.width)) + "\n")
	used := strings.Count(s.question, "\n") + 2
	if s.intro != "" && s.sh.height >= 12 {
		intro := wrap(s.intro, s.sh.width)
		b.WriteString(st.detail.Render(intro) + "\n")
		used += strings.Count(intro, "\n") + 1
	}
	b.WriteString("\n")
	b.WriteString(s.menu.view(s.sh, s.sh.height-used))
	return b.String()
}

func (s chooseScreen) Help() bindings {
	k := s.sh.keys
	choose := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose"))
	if s.first {
		return k.helpFor(k.Up, k.Down, choose)
	}
	return k.helpFor(k.Up, k.Down, choose, k.Back)
}

func newTaskScreen(sh *shared, warnings []string, practice bool) chooseScreen {
	intro := "Apple's MDM tokens last one year. Renewing means downloading a new file from Apple and uploading it to your MDM portal."
	if practice {
		intro = "Practice run: the file picker opens a temporary Downloads folder of sample files, with the usual wrong picks among them. Nothing is real, saved or uploaded."
	}
	if len(warnings) > 0 {
		intro = playbookNote(warnings) + " " + intro
	}
	return chooseScreen{
		sh:       sh,
		question: "What do you want to do?",
		intro:    intro,
		first:    true,
		menu: newMenu([]option{
			{title: "Renew the VPP content token", value: string(taskVPP),
				desc: "Apps and Books: sToken_for_<Location>.vpptoken, from Payments & Billing. Keeps app licences flowing."},
			{title: "Renew the DEP server token", value: string(taskDEP),
				desc: "Automated Device Enrollment: <Server>_Token_<time>_smime.p7m, per MDM server. Keeps new devices enrolling."},
			{title: "Check a file", value: string(taskCheck),
				desc: "Tell what a token file really is and whether it is still valid, without renewing anything."},
			{title: "Quit", value: string(taskQuit), desc: "Leave mdmtoken."},
		}),
		choose: func(o option) tea.Msg { return taskChosenMsg{task: task(o.value)} },
	}
}

func newAppleScreen(sh *shared, catalog *steps.Catalog) chooseScreen {
	var opts []option
	for _, a := range catalog.ApplePortals() {
		opts = append(opts, option{title: a.Name, desc: a.Summary, value: a.ID})
	}
	return chooseScreen{
		sh:       sh,
		question: "Which Apple portal do you sign in to?",
		intro:    "Apple has redesigned Apple Business Manager; the menus differ. Pick the one that matches what you see.",
		menu:     newMenu(opts),
		choose:   func(o option) tea.Msg { return appleChosenMsg{id: o.value} },
	}
}

func newPortalScreen(sh *shared, catalog *steps.Catalog, kind token.Kind, warnings []string) chooseScreen {
	var opts []option
	for _, p := range catalog.Portals(kind) {
		opts = append(opts, option{title: portalTitle(p), desc: portalDesc(p, kind), value: p.ID})
	}
	return chooseScreen{
		sh:       sh,
		intro:    playbookNote(warnings),
		question: fmt.Sprintf("Which MDM portal will you upload the %s to?", kind.Noun()),
		menu:     newMenu(opts),
		choose:   func(o option) tea.Msg { return portalChosenMsg{id: o.value} },
	}
}

func portalTitle(p steps.Portal) string {
	switch {
	case p.Local:
		return p.Name + " (local playbook)"
	case p.Community:
		return p.Name + " (community-sourced)"
	}
	return p.Name
}

func portalDesc(p steps.Portal, kind token.Kind) string {
	side := p.Kinds[kind]
	if len(side.Sources) == 0 {
		return ""
	}
	src := side.Sources[0]
	return fmt.Sprintf("Follows: %s (%s)", src.Title, src.Date)
}

// playbookNote says that local playbooks were skipped for mistakes.
func playbookNote(warnings []string) string {
	if len(warnings) == 0 {
		return ""
	}
	return fmt.Sprintf("Note: local playbooks have %s; those files were skipped. Details: mdmtoken portals.", plural(len(warnings), "problem"))
}
