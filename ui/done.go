package ui

import (
	"fmt"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/token"
)

// Messages for the end of a renewal.
type (
	// recordSavedMsg tells where the renewal record and reminder were written.
	recordSavedMsg struct {
		record, calendar string
		err              error
		cleared          error // why the saved place could not be forgotten after
	}
	// leftoversMsg are the token files to clear out of Downloads.
	leftoversMsg struct{ files []string }
	// tidiedMsg says what was done with them.
	tidiedMsg struct {
		said string
		err  error
	}
)

// doneScreen ends a renewal the portal accepted: the summary, an offer to
// clear the token files out of Downloads, where the record and reminder
// went, and in practice the score. The heading and the offer's choices
// always show; what does not fit between them scrolls.
type doneScreen struct {
	frame
	sh       *shared
	sum      summary
	records  bool           // a record is being written
	saved    recordSavedMsg // where it was written
	practice *renewal.Score // practice: what the trainee did
	folder   string         // the private folder used token files go to; empty offers no move
	files    []string       // the token files to clear out; none when there are none or it is answered
	menu     menu
	tidied   tidiedMsg // what was done with them
	history  string    // whether the renewal was added to the history, and where
	body     scroller  // the summary, scrolled; the arrows move the menu while it is asked
	asked    bool      // the scroller was made for the menu's arrows
	askLines int       // the question's lines when it scrolls; 0 when it shows under the summary
	askFrom  int       // the question's first line when it scrolls
	askRead  int       // the question's lines, from its first, that have all been in view
}

func newDoneScreen(sh *shared, sum summary, records bool, folder string, practice *renewal.Score) *doneScreen {
	return &doneScreen{sh: sh, sum: sum, records: records, folder: folder, practice: practice, body: newScroller(sh.keys.Done.Scroll)}
}

func (s *doneScreen) Init() tea.Cmd { return nil }

// asking reports whether the screen asks what to do with the token files.
func (s *doneScreen) asking() bool { return len(s.files) > 0 && s.tidied.said == "" }

func (s *doneScreen) Update(msg tea.Msg) (tea.Cmd, action) {
	switch msg := msg.(type) {
	case recordSavedMsg:
		s.saved = msg
	case leftoversMsg:
		s.files = msg.files
		hows, first := renewal.TidyChoices(s.folder != "")
		var opts []option
		for _, how := range hows {
			opts = append(opts, option{title: how.Label(len(msg.files)), act: tidy{how: how, files: msg.files}})
		}
		s.menu = newMenu(opts)
		s.menu.cursor = first // enter alone never deletes
	case tidiedMsg:
		s.tidied = msg
	case historySavedMsg:
		s.history = msg.said
	case tea.KeyPressMsg:
		s.layout()
		if s.asking() {
			if s.askRead < s.askLines && s.takes(msg) {
				// The files the choice is about are not all read yet:
				// the next of the question comes into view first.
				s.body.scrollTo(s.askFrom+s.askRead, s.askFrom+s.askLines)
				return nil, nil
			}
			if o := s.menu.update(msg, s.sh.keys.Menu); o != nil {
				return nil, o.act
			}
			return s.body.update(msg), nil
		}
		if key.Matches(msg, s.sh.keys.Done.Leave) {
			return nil, leave{}
		}
		return s.body.update(msg), nil
	}
	return nil, nil
}

// takes reports whether the key would take one of the choices.
func (s *doneScreen) takes(k tea.KeyPressMsg) bool {
	if key.Matches(k, s.sh.keys.Menu.Choose) {
		return true
	}
	return len(k.Text) == 1 && k.Text[0] >= '1' && int(k.Text[0]-'1') < len(s.menu.options)
}

// layout lays the screen out: the heading, what scrolls, and the foot (the
// question and its choices, or how to leave). Where fewer than a few lines
// of the summary would show, the foot keeps only the choices (or how to
// leave) and its text goes first into the part that scrolls.
func (s *doneScreen) layout() (head, foot string) {
	st, w := s.sh.styles, s.width
	if s.asked != s.asking() {
		// While the menu is asked, the arrows are its own.
		s.asked = s.asking()
		s.body = newScrollerArrows(s.sh.keys.Done.Scroll, !s.asked)
	}
	head = st.statusOK.Render(wrap("✓ Renewal done", w))
	var lead []string // what the scrolled part starts with: the practice score
	if p := s.practice; p != nil {
		head = st.statusOK.Render(wrap("✓ Practice renewal done with the right file", w))
		if !p.Finished {
			head = st.statusBad.Render(wrap("✗ Practice run over: the file uploaded was not the right one", w))
		}
		var traps []string
		for _, t := range p.Traps() {
			traps = append(traps, bullet(t.Name+": "+string(t.Outcome), w))
		}
		lead = append(lead, st.heading.Render(wrap(p.String(), w))+"\n"+strings.Join(traps, "\n"))
	}
	var todo []string
	for _, o := range s.sum.chosen.AlsoReset {
		todo = append(todo, st.warning.Render(wrapWords("Still to do: "+o.ToDo()+".", w-2)))
	}
	if t := strings.Join(todo, "\n"); len(todo) > 0 && lines(t) <= s.height/4 {
		// Under the heading, in view whatever scrolls; on a short screen
		// it leads what scrolls instead, before the question.
		head += "\n" + t
		todo = nil
	}
	sum := s.sum.view(st, w, s.sh.now())
	var said []string // the foot's text, above the choices
	if s.tidied.said != "" {
		t := token.Printable(s.tidied.said)
		if s.tidied.err != nil {
			t += " Not done: " + token.Printable(s.tidied.err.Error())
		}
		said = append(said, st.text.Render(wrapWords(t, w)))
	}
	saved := st.detail.Render(s.savedText(w))
	choices := st.detail.Render(wrap("Press enter or q to leave.", w))
	full := strings.Join(append(said, saved, choices), "\n")
	if s.asking() {
		var names []string
		for _, f := range s.files {
			names = append(names, token.Printable(filepath.Base(f)))
		}
		dir, list := shortenPath(filepath.Dir(s.files[0]), 60), strings.Join(names, ", ")
		one := len(s.files) == 1
		var ask string
		switch {
		case s.sum.guide.Kind == token.KindPush && one:
			// A certificate is no secret; one left there is the risk.
			ask = fmt.Sprintf("Clear the push certificate out of %s? A certificate left there is next year's wrong pick: %s.", dir, list)
		case s.sum.guide.Kind == token.KindPush:
			ask = fmt.Sprintf("Clear the push certificates out of %s? A certificate left there is next year's wrong pick: %s.", dir, list)
		case one:
			ask = fmt.Sprintf("Clear the token file out of %s? It is a credential, and a file left there is next year's wrong pick: %s.", dir, list)
		default:
			ask = fmt.Sprintf("Clear the token files out of %s? They are credentials, and a file left there is next year's wrong pick: %s.", dir, list)
		}
		if s.folder != "" && one {
			ask += " Moved, it goes to " + shortenPath(s.folder, 1<<20) + ", which only you can open."
		} else if s.folder != "" {
			ask += " Moved, they go to " + shortenPath(s.folder, 1<<20) + ", which only you can open."
		}
		said = append(said, st.heading.Render(wrapWords(ask, w)))
		choices = s.menu.view(st, w, len(s.menu.options))       // the titles only: the question names the folder
		full = strings.Join(append(said, choices, saved), "\n") // where the record went, under the choices
	}
	ask := 0 // the question's lines, when there is one
	if s.asking() {
		ask = lines(said[len(said)-1])
	}
	said = append(said, saved)
	scrolled := strings.Join(append(lead, sum), "\n\n")
	room := s.height - lines(head) - lines(full) - 1
	if room >= min(lines(scrolled)+lines(strings.Join(todo, "\n")), 4) {
		s.askFrom, s.askLines = 0, 0
		s.body.sync(w, room, strings.Join(append(todo, scrolled), "\n\n"))
		return head, "\n" + full
	}
	// The question goes first into what scrolls, after what is still to do.
	pre := ""
	if len(todo) > 0 {
		pre = strings.Join(todo, "\n") + "\n\n"
	}
	s.askFrom, s.askLines = lines(pre)-1, ask
	scrolled = pre + strings.Join(said, "\n") + "\n\n" + scrolled
	s.body.sync(w, s.height-lines(head)-lines(choices), scrolled)
	return head, choices
}

func (s *doneScreen) View() string {
	head, foot := s.layout()
	for s.askRead < s.askLines && s.body.shows(s.askFrom+s.askRead, s.askFrom+s.askRead+1) {
		s.askRead++
	}
	return head + "\n" + s.body.view(s.sh.styles) + "\n" + foot
}

// savedText says where the record and the reminder went, each path on a
// line of its own (never cut, so that it can be typed), and whether the
// renewal was added to the history; wrapped to width.
func (s *doneScreen) savedText(width int) string {
	var parts []string
	switch {
	case !s.records:
		parts = append(parts, wrap("Put the renew-by date in your calendar.", width))
	case s.saved.record == "" && s.saved.err == nil:
		parts = append(parts, "Saving the renewal record…")
	case s.saved.record == "":
		parts = append(parts, wrap("The renewal record could not be saved: "+token.Printable(s.saved.err.Error())+".", width))
	default:
		parts = append(parts, "Record:", addressLines(shortenPath(s.saved.record, 1<<20), width-2, "  "))
		if s.saved.calendar == "" {
			parts = append(parts, wrap("The expiry is unknown, so no calendar reminder was made.", width))
		} else {
			parts = append(parts, "Reminder (import into your calendar):", addressLines(shortenPath(s.saved.calendar, 1<<20), width-2, "  "))
		}
	}
	if s.history != "" {
		parts = append(parts, wrap(token.Printable(s.history), width))
	}
	return strings.Join(parts, "\n")
}

func (s *doneScreen) Help() bindings {
	s.layout()
	var short, full []key.Binding
	if s.asking() {
		k := s.sh.keys.Menu
		choose, number := k.Choose, s.menu.numberKey(k.Number)
		if s.askRead < s.askLines {
			// The files the choice is about come into view first.
			choose = key.NewBinding(key.WithKeys(k.Choose.Keys()...), key.WithHelp(k.Choose.Help().Key, "read on"))
			number.SetHelp(number.Help().Key, "read on")
		}
		short, full = []key.Binding{k.Move, choose}, []key.Binding{k.Up, k.Down, choose, number}
	} else {
		short, full = []key.Binding{s.sh.keys.Done.Leave}, []key.Binding{s.sh.keys.Done.Leave}
	}
	if s.body.scrolls() {
		short = append(short, s.body.pageKey())
		full = append(full, s.body.help()...)
	}
	b := s.sh.keys.helpFor(short...)
	b.full[0] = full
	return b
}
