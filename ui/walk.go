package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
)

// upload is what the upload step says about the checked file.
type upload struct {
	file    string // its name, or what it is when the name is unknown
	pattern string // Apple's name for such a file, when the name is unknown
	folder  string // where it is, when it was picked from disk
	facts   string // whom it is for: organization, location or server
}

// maxRun is the most short steps shown together on one screen.
const maxRun = 5

// walkScreen shows a guide's steps: one at a time, or a short run of
// consecutive short steps together, with where the user is and a progress
// bar. A step with a warning needs an explicit "y", taken only once the
// whole warning has been on screen. Text taller than the screen scrolls.
type walkScreen struct {
	frame
	sh        *shared
	where     string // e.g. "Apple Business Manager"
	steps     []steps.Step
	index     int          // the first step shown
	shownAt   int          // the index the scroll position belongs to
	confirmed map[int]bool // warning steps the user confirmed
	nag       bool         // enter, or y too early, was pressed on an unconfirmed warning
	upload    upload       // named on the upload step
	practice  bool         // a training run: the download step says not to click it for real
	bar       progress.Model
	body      scroller
	warnAt    [2]int // the lines [from, to) of the warning in the body, when there is one
	// warnSeen: the warning's first and last lines have each been on
	// screen since these steps showed.
	warnSeen [2]bool
}

// newWalkScreen starts a walk at step index; confirmed tells which warning
// steps were confirmed before; practice marks a training run.
func newWalkScreen(sh *shared, where string, list []steps.Step, index int, confirmed func(int) bool, up upload, practice bool) *walkScreen {
	bar := progress.New(progress.WithColors(lipgloss.Color(sh.styles.progress[0]), lipgloss.Color(sh.styles.progress[1])), progress.WithoutPercentage(), progress.WithFillCharacters('█', '░'))
	s := &walkScreen{sh: sh, where: where, steps: list, index: index, confirmed: map[int]bool{}, upload: up, practice: practice, bar: bar,
		body: newScroller(sh.keys.Walk.Scroll)}
	for i := range list {
		if confirmed(i) {
			s.confirmed[i] = true
		}
	}
	return s
}

// short reports whether a step may share a screen with its neighbours: it
// warns of nothing, downloads nothing, names no file and has no note.
func short(st steps.Step) bool {
	return st.Warning == "" && !st.Download && !st.Upload && st.Note == "" && len(st.Text)+len(st.Detail) <= 240
}

// run is the steps [from, to) shown together from step i: i alone, or the
// short steps that follow it, as many as fit the screen.
func (s *walkScreen) run(i int) (from, to int) {
	to = i + 1
	if !short(s.steps[i]) {
		return i, to
	}
	for to < len(s.steps) && to-i < maxRun && short(s.steps[to]) {
		if lines(s.content(i, to+1)) > s.room() {
			break
		}
		to++
	}
	return i, to
}

// last is the last step shown.
func (s *walkScreen) last() int {
	_, to := s.run(s.index)
	return to - 1
}

func (s *walkScreen) needsConfirm() bool {
	st := s.steps[s.last()]
	return st.Warning != "" && !s.confirmed[s.last()]
}

func (s *walkScreen) Init() tea.Cmd { return nil }

func (s *walkScreen) Update(msg tea.Msg) (tea.Cmd, action) {
	s.sync(false)
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil, nil
	}
	keys := s.sh.keys.Walk
	switch {
	case key.Matches(k, keys.Confirm) && s.needsConfirm():
		if !s.warnSeen[0] || !s.warnSeen[1] {
			// Not yet read in full: bring the rest into view first.
			s.nag = true
			s.sync(false)
			from, to := s.warnAt[0], s.warnAt[1]
			if s.warnSeen[0] {
				from = to - 1
			}
			s.body.scrollTo(from, to)
			return nil, nil
		}
		s.confirmed[s.last()] = true
		s.nag = false
		return nil, s.advance(s.last())
	case key.Matches(k, keys.Next):
		confirm := s.needsConfirm()
		if confirm {
			s.nag = true // enter does not confirm a warning; it still reads on
			s.sync(false)
		}
		if !s.body.atEnd() {
			// A step's note below the fold is read before the next step.
			s.body.pageDown()
			return nil, nil
		}
		if confirm {
			return nil, nil
		}
		return nil, s.advance(-1)
	case key.Matches(k, keys.Back):
		s.nag = false
		if s.index == 0 {
			return nil, goBack{}
		}
		s.index = s.startOf(s.index - 1)
		return nil, walked{step: s.index, confirmed: -1}
	}
	return s.body.update(msg), nil
}

// startOf is where the screen showing step i starts, walking forward from
// the first step as enter does.
func (s *walkScreen) startOf(i int) int {
	at := 0
	for {
		_, to := s.run(at)
		if i < to {
			return at
		}
		at = to
	}
}

// advance moves past the steps shown, or past the last; confirmed is the
// step whose warning was just confirmed, or -1.
func (s *walkScreen) advance(confirmed int) action {
	_, to := s.run(s.index)
	if to >= len(s.steps) {
		return walked{step: len(s.steps) - 1, confirmed: confirmed, done: true}
	}
	s.index = to
	return walked{step: s.index, confirmed: confirmed}
}

// compact is true on short screens, where the blank lines go.
func (s *walkScreen) compact() bool { return s.height < 14 }

// head is where the user is and the progress bar.
func (s *walkScreen) head() string {
	st := s.sh.styles
	from, to := s.run(s.index)
	pos := fmt.Sprintf("%s, step %d of %d", s.where, from+1, len(s.steps))
	if to-from > 1 {
		pos = fmt.Sprintf("%s, steps %d to %d of %d", s.where, from+1, to, len(s.steps))
	}
	if ansi.StringWidth(pos) > s.width {
		// On one line, so that the step itself keeps the room.
		at := strings.TrimPrefix(pos, s.where)
		pos = ansi.Truncate(s.where, max(1, s.width-ansi.StringWidth(at)), "…") + at
	}
	head := st.label.Render(ansi.Truncate(pos, s.width, "…"))
	if s.tiny() {
		return head // the step keeps the bar's line: "step 6 of 7" says as much
	}
	s.bar.SetWidth(min(s.width, 40))
	head += "\n" + s.bar.ViewAs(float64(to)/float64(len(s.steps)))
	if !s.compact() {
		head += "\n"
	}
	return head
}

// tiny is true on screens so short that the progress bar goes too.
func (s *walkScreen) tiny() bool { return s.height < 10 }

// room is the body's height below the head (and the reminder to read
// the warning, when it shows).
func (s *walkScreen) room() int {
	n := 3
	switch {
	case s.tiny():
		n = 1
	case s.compact():
		n = 2
	}
	if s.nag {
		n += lines(s.nagLine())
	}
	return max(1, s.height-n)
}

// nagLine says why y or enter did not go on: the warning comes first.
func (s *walkScreen) nagLine() string {
	return s.sh.styles.banner.Render(wrap("Read the whole warning, then press y.", s.width))
}

// content is the text of steps [from, to); it records where a warning is.
func (s *walkScreen) content(from, to int) string {
	st, w := s.sh.styles, min(s.width, readWidth)
	var b strings.Builder
	gap := "\n"
	if s.compact() {
		gap = ""
	}
	for i := from; i < to; i++ {
		step := s.steps[i]
		if step.Download && s.practice {
			b.WriteString(st.banner.Render(wrap("Practice: do not click Download Token in a real portal now: it would reset your organization's real token at once. Here, pressing y only goes on.", w)) + "\n")
		}
		if to-from > 1 {
			// A run of steps: each numbered, its text and detail
			// indented under the text, past the number.
			num := fmt.Sprintf("%d. ", i+1)
			b.WriteString(st.heading.Render(hanging(num, step.Text, w)) + "\n")
			if step.Detail != "" {
				b.WriteString(st.detail.Render(hanging(strings.Repeat(" ", len(num)), step.Detail, w)) + "\n")
			}
			continue
		}
		b.WriteString(st.heading.Render(wrap(step.Text, w)) + "\n")
		if step.Warning != "" {
			// Right under the instruction, so that it shows first.
			b.WriteString(gap)
			at := lines(b.String()) - 1
			b.WriteString(st.warning.Render(wrap("Warning: "+step.Warning, w-2)) + "\n")
			s.warnAt = [2]int{at, lines(b.String()) - 1}
			switch {
			case s.confirmed[i]:
				b.WriteString(st.dim.Render("Confirmed.") + "\n")
			case step.Download:
				b.WriteString(st.text.Render(wrap("Press y to confirm you will finish the upload right after this download.", w)) + "\n")
			default:
				b.WriteString(st.text.Render(wrap(confirmPrompt(step), w)) + "\n")
			}
		}
		if up := s.upload; step.Upload && up.file != "" {
			b.WriteString(gap + labelledName(st.label.Render("Choose this file: "), st.selected, token.Printable(up.file), w) + "\n")
			if up.pattern != "" {
				b.WriteString(labelledName(st.label.Render("Apple names it: "), st.text, token.Printable(up.pattern), w) + "\n")
			}
			if up.folder != "" {
				b.WriteString(labelled(st.label.Render("In the folder: "), shortenPath(up.folder, 1<<20), w) + "\n")
			}
			if up.facts != "" {
				b.WriteString(hanging(st.label.Render("It is for: "), token.Printable(up.facts), w) + "\n")
			}
		}
		if step.Detail != "" {
			b.WriteString(gap + st.detail.Render(wrap(step.Detail, w)) + "\n")
		}
		if step.Note != "" {
			b.WriteString(gap + st.note.Render(wrap("Note: "+step.Note, w)) + "\n")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// hanging wraps text to width columns after a lead (a step's number), the
// lines after the first indented as far as the lead, so that they start
// under the text.
func hanging(lead, text string, width int) string {
	pad := ansi.StringWidth(lead)
	return lead + strings.ReplaceAll(wrap(text, width-pad), "\n", "\n"+strings.Repeat(" ", pad))
}

// labelled puts a path after its label when both fit on a line, else on
// lines of its own under it, whole (cut into pieces of the width, never
// shortened).
func labelled(label, path string, width int) string {
	if ansi.StringWidth(label)+ansi.StringWidth(path) <= width {
		return label + path
	}
	return strings.TrimRight(label, " ") + "\n" + addressLines(path, width-2, "  ")
}

// labelledName puts a file name after its label when both fit on a line,
// else on lines of its own under it, indented, broken after a space or an
// underscore (never cut short).
func labelledName(label string, style lipgloss.Style, name string, width int) string {
	if ansi.StringWidth(label)+ansi.StringWidth(name) <= width {
		return label + style.Render(name)
	}
	rows := strings.Split(wrapAt(name, width-2, " _"), "\n")
	for i, r := range rows {
		rows[i] = "  " + style.Render(r)
	}
	return strings.TrimRight(label, " ") + "\n" + strings.Join(rows, "\n")
}

// sync lays the steps shown out in the room there is; a new screenful
// starts at its top. drawn means the layout is about to be drawn: what of
// the warning it shows then counts as seen.
func (s *walkScreen) sync(drawn bool) {
	from, to := s.run(s.index)
	s.warnAt = [2]int{}
	s.body.sync(s.width, s.room(), s.content(from, to))
	if s.shownAt != s.index {
		s.shownAt = s.index
		s.body.top()
		s.warnSeen = [2]bool{}
	}
	if at := s.warnAt; drawn && at[1] > at[0] {
		s.warnSeen[0] = s.warnSeen[0] || s.body.shows(at[0], at[0]+1)
		s.warnSeen[1] = s.warnSeen[1] || s.body.shows(at[1]-1, at[1])
	}
}

func (s *walkScreen) View() string {
	s.sync(true)
	v := s.head() + "\n" + s.body.view(s.sh.styles)
	if s.nag {
		v += "\n" + s.nagLine()
	}
	return v
}

func (s *walkScreen) Help() bindings {
	k := s.sh.keys.Walk
	first := k.Next
	switch {
	case s.needsConfirm():
		first = k.Confirm
	case !s.body.atEnd():
		first = k.More
	}
	short := []key.Binding{first}
	if s.body.scrolls() {
		short = append(short, s.body.pageKey())
	}
	b := s.sh.keys.helpFor(append(short, k.Back)...)
	b.full[0] = append([]key.Binding{first, k.Back}, s.body.help()...)
	return b
}

// confirmPrompt asks to confirm a warning that is not a download's: for
// the push certificate's Renew step, that Renew is what will be clicked.
func confirmPrompt(step steps.Step) string {
	if step.ID == "renew" {
		return "Press y to confirm you will click Renew for the certificate your MDM uses, not Create a Certificate or Revoke."
	}
	return "Press y to confirm you have read the warning and will do as it says."
}
