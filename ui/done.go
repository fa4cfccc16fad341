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
// went, and in practice the score.
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
}

func newDoneScreen(sh *shared, sum summary, records bool, folder string, practice *renewal.Score) *doneScreen {
	return &doneScreen{sh: sh, sum: sum, records: records, folder: folder, practice: practice}
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
		var opts []option
		if s.folder != "" {
			opts = append(opts, option{title: "Move them to " + shortenPath(s.folder, 60) + ", a private folder", act: tidy{how: renewal.MoveThem, files: msg.files}})
		}
		opts = append(opts,
			option{title: "Delete them", act: tidy{how: renewal.DeleteThem, files: msg.files}},
			option{title: "Leave them where they are", act: tidy{how: renewal.LeaveThem, files: msg.files}})
		s.menu = newMenu(opts)
	case tidiedMsg:
		s.tidied = msg
	case historySavedMsg:
		s.history = msg.said
	case tea.KeyPressMsg:
		if s.asking() {
			if o := s.menu.update(msg, s.sh.keys.Menu); o != nil {
				return nil, o.act
			}
			return nil, nil
		}
		if key.Matches(msg, s.sh.keys.Done.Leave) {
			return nil, leave{}
		}
	}
	return nil, nil
}

func (s *doneScreen) View() string {
	st, w := s.sh.styles, s.width
	head := st.statusOK.Render(wrap("✓ Renewal done", w))
	tail := st.detail.Render(wrap(s.savedText()+"Press enter or q to leave.", w))
	if s.tidied.said != "" {
		said := s.tidied.said
		if s.tidied.err != nil {
			said += " Not done: " + s.tidied.err.Error()
		}
		tail = st.text.Render(wrapWords(said, w)) + "\n" + tail
	}
	if s.asking() {
		var names []string
		for _, f := range s.files {
			names = append(names, token.Printable(filepath.Base(f)))
		}
		ask := fmt.Sprintf("Clear the token files out of %s? They are credentials, and last year's file left there is next year's wrong pick: %s.",
			shortenPath(filepath.Dir(s.files[0]), 60), strings.Join(names, ", "))
		tail = st.heading.Render(wrapWords(ask, w)) + "\n" + s.menu.view(st, w, len(s.menu.options)) + "\n" +
			st.detail.Render(wrap(strings.TrimSpace(s.savedText()), w))
	}
	if p := s.practice; p != nil {
		head = st.statusOK.Render(wrap("✓ Practice renewal done with the right file", w))
		if !p.Finished {
			head = st.statusBad.Render(wrap("✗ Practice run over: the file uploaded was not the right one", w))
		}
		var traps []string
		for _, t := range p.Traps() {
			traps = append(traps, bullet(t.Name+": "+string(t.Outcome), w))
		}
		tail = st.heading.Render(wrap(p.String(), w)) + "\n" + strings.Join(traps, "\n") + "\n" + tail
	}
	room := s.height - lines(head) - lines(tail) - 2
	return head + "\n" + clip(s.sum.view(st, w, s.sh.now()), w, room) + "\n\n" + tail
}

// savedText says where the record and the reminder went, and whether the
// renewal was added to the history.
func (s *doneScreen) savedText() string {
	text := s.recordText()
	if s.history != "" {
		if strings.HasSuffix(text, "\n") {
			return text + s.history + "\n" // below the paths
		}
		text = strings.TrimRight(text, " ") + " " + s.history + " "
	}
	return text
}

// recordText says where the record and the reminder went.
func (s *doneScreen) recordText() string {
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

func (s *doneScreen) Help() bindings {
	if s.asking() {
		k := s.sh.keys.Menu
		return s.sh.keys.helpFor(k.Up, k.Down, k.Choose)
	}
	return s.sh.keys.helpFor(s.sh.keys.Done.Leave)
}
