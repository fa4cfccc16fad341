package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mdmtoken/mdmtoken/history"
	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
)

// chooseScreen asks one question with a menu of answers: what to do, the
// Apple portal, the MDM portal, or whether to resume. Above the answers it
// may say something that must be read (notice: shown at any size, scrolled
// with the page keys when it does not fit) and something that helps
// (intro: left out when the screen is too short for it).
type chooseScreen struct {
	frame
	sh       *shared
	question string
	notice   string
	intro    string
	menu     menu
	first    bool     // the first screen: esc does not go back
	body     scroller // the notice and intro, when they do not fit; the arrows move the menu
	laid     laidOut  // the last layout, kept while its inputs stay the same
}

// laidOut is a chooseScreen's layout and what it was made for: the help
// line and the view each need it, several times a frame while the sizes
// settle.
type laidOut struct {
	valid         bool
	width, height int
	dark          bool
	cursor        int
	gap           bool
	menuHeight    int
}

// newChooseScreen asks question with the options; notice and intro may
// be empty.
func newChooseScreen(sh *shared, question, notice, intro string, opts []option, first bool) *chooseScreen {
	return &chooseScreen{sh: sh, question: question, notice: notice, intro: intro, menu: newMenu(opts), first: first,
		body: newScrollerArrows(sh.keys.Menu.Scroll, false)}
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
	s.layout()
	return s.body.update(msg), nil
}

// layout lays the text above the menu out and says how many lines the
// menu has: the menu keeps at least three options in view (all, when
// they fit), the intro shows only where all the titles still fit beside
// it, and the notice shows in full or scrolls.
func (s *chooseScreen) layout() (gap bool, menuHeight int) {
	l := laidOut{valid: true, width: s.width, height: s.height, dark: s.sh.dark, cursor: s.menu.cursor}
	if s.width == 0 { // not sized yet: nothing to lay out
		return false, 0
	}
	if c := s.laid; c.valid && c.width == l.width && c.height == l.height && c.dark == l.dark && c.cursor == l.cursor {
		return c.gap, c.menuHeight
	}
	l.gap, l.menuHeight = s.layOut()
	s.laid = l
	return l.gap, l.menuHeight
}

// layOut does layout's work.
func (s *chooseScreen) layOut() (gap bool, menuHeight int) {
	st, w := s.sh.styles, s.width
	avail := s.height - lines(s.heading())
	var parts []string
	if s.notice != "" {
		parts = append(parts, st.note.Render(wrap(s.notice, w)))
	}
	titles := lines(s.menu.render(st, w, 0, len(s.menu.options), false))
	if s.intro != "" {
		intro := st.detail.Render(wrap(s.intro, w))
		n := lines(strings.Join(append(parts, intro), "\n"))
		// The intro goes first when there is room for only one of it and
		// the highlighted option's description, which says what to choose.
		without := avail - 1
		if len(parts) > 0 {
			without -= lines(strings.Join(parts, "\n"))
		}
		// Whichever option is highlighted, so that the intro does not come
		// and go as the cursor moves.
		crowds := !s.menu.describesAll(st, w, avail-n-1) && s.menu.describesAll(st, w, without)
		if n+1+titles <= avail && !crowds {
			parts = append(parts, intro)
		}
	}
	if len(parts) == 0 {
		s.body.sync(w, 1, "")
		if lines(s.menu.view(st, w, avail)) > lines(s.menu.view(st, w, avail-1)) && avail < 8 {
			return false, avail // a short screen: the blank line under the question goes to the menu
		}
		return true, avail - 1
	}
	text := strings.Join(parts, "\n")
	if lines(text)+1+titles <= avail {
		s.body.sync(w, lines(text), text)
		return true, avail - lines(text) - 1
	}
	// Too tall for both: the text scrolls, and the menu keeps at least
	// three options in view, with no blank line between.
	shown := min(lines(text), max(2, avail-min(titles, 3)))
	s.body.sync(w, shown, text)
	return false, avail - shown
}

func (s *chooseScreen) heading() string {
	return s.sh.styles.heading.Render(wrap(s.question, s.width))
}

func (s *chooseScreen) View() string {
	gap, menuHeight := s.layout()
	v := s.heading() + "\n"
	if s.notice != "" || s.body.content != "" {
		v += s.body.view(s.sh.styles) + "\n"
	}
	if gap {
		v += "\n"
	}
	return v + s.menu.view(s.sh.styles, s.width, max(1, menuHeight))
}

func (s *chooseScreen) Help() bindings {
	s.layout()
	k := s.sh.keys.Menu
	short := []key.Binding{k.Move, k.Choose}
	if s.body.scrolls() {
		short = append(short, s.body.pageKey())
	}
	if !s.first {
		short = append(short, k.Back)
	}
	b := s.sh.keys.helpFor(short...)
	b.full[0] = []key.Binding{k.Up, k.Down, k.Choose, s.menu.numberKey(k.Number), k.Letter}
	if s.body.scrolls() {
		b.full[0] = append(b.full[0], s.body.help()...)
	}
	if !s.first {
		b.full[0] = append(b.full[0], k.Back)
	}
	return b
}

// renewDesc says in one line what renewing a credential is about.
func renewDesc(k token.Kind) string {
	switch k {
	case token.KindVPP:
		return "Apps and Books: sToken_for_<Location>.vpptoken, from Payments & Billing. Keeps app licenses flowing."
	case token.KindDEP:
		return "Automated Device Enrollment: <Server>_Token_<time>_smime.p7m, per MDM server. Keeps new devices enrolling."
	case token.KindPush:
		return "The MDM's APNs certificate (.pem), from Apple's Push Certificates Portal. Keeps the MDM reaching its devices."
	}
	return k.FileName()
}

// newStartScreen asks what the user came to do: renew a credential, check
// a file, or leave. warnings are the local playbooks' problems; notes are
// to be read first (what was wrong with the saved place).
func newStartScreen(sh *shared, warnings, notes []string, practice bool, due []history.Item) *chooseScreen {
	intro := "Apple's MDM tokens last one year. Renewing means downloading a new file from Apple and uploading it to your MDM portal."
	if practice {
		intro = "Practice run: the file picker opens a temporary Downloads folder of sample files, with the usual wrong picks among them. Nothing is real, saved or uploaded."
	}
	opts := dueOptions(due, sh.now(), 76) // an option's title is one line of an 80-column terminal
	if len(opts) > 0 {
		intro = renewal.DueIntro(due)
	}
	for _, k := range token.Renewable() {
		opts = append(opts, option{title: "Renew the " + k.Noun(), desc: renewDesc(k), act: renew{kind: k}})
	}
	opts = append(opts,
		option{title: "Check a file", act: checkFile{},
			desc: "Tell what a token file really is and whether it is still valid, without renewing anything."},
		option{title: "Quit", desc: "Leave mdmtoken.", act: leave{}},
	)
	return newChooseScreen(sh, "What do you want to do?", notice(notes, playbookNote(warnings)), intro, opts, true)
}

// notice joins what a screen must say first: each of notes made safe for
// the terminal, then more; "" when there is nothing.
func notice(notes []string, more ...string) string {
	var parts []string
	for _, n := range notes {
		parts = append(parts, token.Printable(n))
	}
	for _, m := range more {
		if m != "" {
			parts = append(parts, m)
		}
	}
	return strings.Join(parts, "\n")
}

func newAppleScreen(sh *shared, catalog *steps.Catalog) *chooseScreen {
	var opts []option
	for _, a := range catalog.ApplePortals() {
		opts = append(opts, option{title: a.Name, desc: a.Summary, act: choseApple{id: a.ID}})
	}
	return newChooseScreen(sh, "Which Apple portal do you sign in to?", "",
		"Apple has redesigned Apple Business Manager; the menus differ. Pick the one that matches what you see.", opts, false)
}

func newPortalScreen(sh *shared, catalog *steps.Catalog, kind token.Kind, warnings []string) *chooseScreen {
	var opts []option
	for _, p := range catalog.Portals(kind) {
		opts = append(opts, option{title: p.Title(), desc: catalog.Follows(p, kind), act: chosePortal{id: p.ID}})
	}
	return newChooseScreen(sh, fmt.Sprintf("Which MDM portal will you upload the %s to?", kind.Noun()), playbookNote(warnings), "", opts, false)
}

// playbookNote says that local playbooks were skipped for mistakes.
func playbookNote(warnings []string) string {
	if len(warnings) == 0 {
		return ""
	}
	return fmt.Sprintf("Note: local playbooks have %s; those files were skipped. Details: mdmtoken portals.", renewal.Plural(len(warnings), "problem"))
}
