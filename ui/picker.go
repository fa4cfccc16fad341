package ui

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/token"
)

// Picker messages.
type (
	// listedMsg carries a folder's listing for the file picker, with the
	// index of the entry to start on (-1 for the top).
	listedMsg struct {
		picker    int // the picker that asked
		dir       string
		entries   []entry // in the picker's order
		reports   map[string]token.Report
		highlight int
		note      string // no file here is good: what the best one lacks
		err       error
	}
	// inspectedMsg is what the highlighted file turned out to be.
	inspectedMsg struct {
		picker int
		path   string
		report token.Report
	}
	// refusedMsg says why the file chosen cannot be used.
	refusedMsg struct{ why string }
)

// pickerScreen lists a folder, one row per entry with what each file is,
// and beside or under the list what the highlighted file really is. It
// starts on the file the renewal's lookup preselects.
type pickerScreen struct {
	frame
	sh          *shared
	list        fileList
	dir         string
	showHidden  bool
	filtering   bool // typed letters go to the filter
	lookup      renewal.Lookup
	title       string // what the user is asked to choose
	looking     string // what the user is looking for, e.g. "<Server>_Token_<timestamp>_smime.p7m"
	highlighted string
	reports     map[string]token.Report
	note        string // no file in the folder is good for the renewal
	openErr     error  // the folder could not be read
	err         string
	paste       bool            // p offers to paste the file's text instead
	id          int             // tells this picker's listings from another's
	revealed    map[string]bool // practice: files the hint key showed or that were chosen
	pending     map[string]bool // files being inspected
	cameFrom    string          // the folder just left for its parent, for the cursor
}

// pickers numbers the pickers made.
var pickers atomic.Int64

func newPickerScreen(sh *shared, dir string, lookup renewal.Lookup, title, looking string, paste bool) *pickerScreen {
	return &pickerScreen{sh: sh, dir: dir, lookup: lookup, title: title, looking: looking, reports: map[string]token.Report{}, paste: paste,
		id: int(pickers.Add(1)), revealed: map[string]bool{}, pending: map[string]bool{}}
}

// Init lists the folder afresh, on the preselected file.
func (s *pickerScreen) Init() tea.Cmd {
	s.reports, s.pending = map[string]token.Report{}, map[string]bool{}
	s.highlighted = ""
	return s.read(s.dir, true)
}

// read lists dir in the background; fresh says the folder was just
// entered, so the preselected file gets the cursor.
func (s *pickerScreen) read(dir string, fresh bool) tea.Cmd {
	showHidden, lookup, id, rows := s.showHidden, s.lookup, s.id, max(s.height, 1)
	return func() tea.Msg { return listFolder(id, dir, showHidden, lookup, fresh, rows) }
}

// listFolder reads a folder once, inspects the newest files that look
// like what is wanted, chooses the entry to start on and inspects the
// token files the first view can show (rows either side of it and at the
// top), so that their rows open with their marks.
func listFolder(id int, dir string, showHidden bool, lookup renewal.Lookup, fresh bool, rows int) listedMsg {
	entries, cands, err := readFolder(dir, showHidden, lookup)
	if err != nil {
		return listedMsg{picker: id, dir: dir, err: err, highlight: -1}
	}
	lookup.InspectAll(dir, cands)
	reports := map[string]token.Report{}
	for _, c := range cands {
		if c.Report != nil {
			reports[filepath.Join(dir, c.Name)] = *c.Report
		}
	}
	best, good := lookup.Preselect(cands)
	for i, e := range entries {
		inView := i < rows || best >= 0 && i >= best-rows && i <= best+rows
		if !inView || !e.related || cands[i].Report != nil {
			continue
		}
		reports[filepath.Join(dir, e.name)] = lookup.Inspect(filepath.Join(dir, e.name))
	}
	msg := listedMsg{picker: id, dir: dir, entries: entries, reports: reports, highlight: -1}
	if fresh {
		msg.highlight = best
	}
	if !good {
		msg.note = lookup.Shortfall(cands, best, shortenPath(dir, 200), "the marks in the list say what each file is (move onto one for more)")
	}
	return msg
}

func (s *pickerScreen) Update(msg tea.Msg) (tea.Cmd, action) {
	cmd, act := s.update(msg)
	s.fit() // a message about the folder comes and goes above the list
	return cmd, act
}

func (s *pickerScreen) update(msg tea.Msg) (tea.Cmd, action) {
	switch msg := msg.(type) {
	case listedMsg:
		if msg.picker != s.id || msg.dir != s.dir {
			return nil, nil
		}
		s.openErr, s.note = msg.err, msg.note
		s.list.filter = ""
		at := msg.highlight
		if s.cameFrom != "" {
			// Back up a level: the cursor on the folder just left.
			at = slices.IndexFunc(msg.entries, func(e entry) bool { return e.name == s.cameFrom })
			s.cameFrom = ""
		}
		s.list.set(msg.entries, at)
		s.fit()
		s.list.center()
		for path, r := range msg.reports {
			s.reports[path] = r
		}
		return s.inspectHighlighted(), nil
	case inspectedMsg:
		if msg.picker != s.id {
			return nil, nil
		}
		s.reports[msg.path] = msg.report
		delete(s.pending, msg.path)
		return nil, nil
	case refusedMsg:
		s.err = msg.why
		return nil, nil
	case tea.KeyPressMsg:
		if s.filtering {
			return s.filterKey(msg), nil
		}
		return s.key(msg)
	}
	return nil, nil
}

// key handles a key outside the filter.
func (s *pickerScreen) key(msg tea.KeyPressMsg) (tea.Cmd, action) {
	keys := s.sh.keys.Picker
	switch {
	case key.Matches(msg, keys.Back) && s.list.filter != "":
		s.filter("")
		return s.inspectHighlighted(), nil
	case key.Matches(msg, keys.Back):
		return nil, goBack{}
	case s.paste && key.Matches(msg, keys.Paste):
		return nil, pasteInstead{}
	case s.lookup.Practice && key.Matches(msg, keys.Hint):
		path := s.highlightedPath()
		if _, known := s.reports[path]; !known || s.revealed[path] {
			return nil, nil
		}
		s.revealed[path] = true
		return nil, hinted{path: path}
	case key.Matches(msg, keys.Hidden):
		s.showHidden = !s.showHidden
		return s.read(s.dir, false), nil
	case key.Matches(msg, keys.Filter):
		s.filtering = true
		return nil, nil
	case key.Matches(msg, keys.TokensOnly):
		s.list.tokensOnly = !s.list.tokensOnly
		s.filter(s.list.filter)
		return s.inspectHighlighted(), nil
	case key.Matches(msg, keys.Open):
		return s.open()
	case key.Matches(msg, keys.Parent):
		from := filepath.Base(s.dir)
		cmd := s.enter(filepath.Dir(s.dir))
		if cmd != nil {
			s.cameFrom = from
		}
		return cmd, nil
	case key.Matches(msg, keys.Up):
		s.list.move(-1)
	case key.Matches(msg, keys.Down):
		s.list.move(1)
	case key.Matches(msg, keys.PageUp):
		s.list.move(-s.list.height)
	case key.Matches(msg, keys.PageDown):
		s.list.move(s.list.height)
	case key.Matches(msg, keys.Top):
		s.list.move(-len(s.list.shown))
	case key.Matches(msg, keys.Bottom):
		s.list.move(len(s.list.shown))
	default:
		return nil, nil
	}
	s.err = ""
	return s.inspectHighlighted(), nil
}

// filterKey edits the filter: enter keeps it, esc clears it, any other key
// with text adds to it.
func (s *pickerScreen) filterKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "enter":
		s.filtering = false
		return nil
	case "esc":
		s.filtering = false
		s.filter("")
	case "backspace":
		if r := []rune(s.list.filter); len(r) > 0 {
			s.filter(string(r[:len(r)-1]))
		}
	case "up":
		s.list.move(-1)
	case "down":
		s.list.move(1)
	default:
		if msg.Text == "" {
			return nil
		}
		s.filter(s.list.filter + token.Printable(msg.Text))
	}
	return s.inspectHighlighted()
}

// filter sets the filter, keeping the cursor on its entry when it stays.
func (s *pickerScreen) filter(f string) {
	cur, _ := s.list.current()
	s.list.filter = f
	s.list.refilter(cur.name)
}

// takingText implements textTaker: while the filter is typed, letters are
// text, not commands.
func (s *pickerScreen) takingText() bool { return s.filtering }

// open opens the highlighted folder or chooses the highlighted file.
func (s *pickerScreen) open() (tea.Cmd, action) {
	e, ok := s.list.current()
	if !ok {
		return nil, nil
	}
	path := filepath.Join(s.dir, e.name)
	if e.dir {
		return s.enter(path), nil
	}
	if s.lookup.Practice {
		s.revealed[path] = true
	}
	return nil, chosePath{path: path, seen: maps.Clone(s.reports)}
}

// enter goes to another folder and lists it.
func (s *pickerScreen) enter(dir string) tea.Cmd {
	if dir == s.dir {
		return nil
	}
	s.err, s.note, s.highlighted = "", "", ""
	s.dir = dir
	s.list.set(nil, -1)
	return s.read(dir, true)
}

// highlightedPath is the path of the entry under the cursor, or "".
func (s *pickerScreen) highlightedPath() string {
	e, ok := s.list.current()
	if !ok {
		return ""
	}
	return filepath.Join(s.dir, e.name)
}

// inspectHighlighted inspects, once each and in the background, the
// highlighted file and the token files in view.
func (s *pickerScreen) inspectHighlighted() tea.Cmd {
	var cmds []tea.Cmd
	if path := s.highlightedPath(); path != s.highlighted {
		s.highlighted = path
		if e, ok := s.list.current(); ok && !e.dir {
			cmds = append(cmds, s.inspect(path))
		}
	}
	end := min(len(s.list.shown), s.list.top+s.list.height)
	for _, i := range s.list.shown[min(s.list.top, end):end] {
		if e := s.list.all[i]; e.related {
			cmds = append(cmds, s.inspect(filepath.Join(s.dir, e.name)))
		}
	}
	return tea.Batch(cmds...)
}

// inspect inspects the file at path in the background, unless it was or
// is being inspected.
func (s *pickerScreen) inspect(path string) tea.Cmd {
	if _, done := s.reports[path]; done || s.pending[path] {
		return nil
	}
	s.pending[path] = true
	lookup, id := s.lookup, s.id
	return func() tea.Msg { return inspectedMsg{picker: id, path: path, report: lookup.Inspect(path)} }
}

// SetSize implements screen: the list gets the height the header and,
// on a narrow terminal, the details under it leave.
func (s *pickerScreen) SetSize(width, height int) {
	s.frame.SetSize(width, height)
	s.fit()
}

// fit sizes the list to the room left under the header.
func (s *pickerScreen) fit() {
	list, _ := s.bodyHeights()
	s.list.setHeight(list)
}

// layout decides whether the file details sit beside the list or under it:
// beside it only where the list still has room for long names.
func (s *pickerScreen) layout() (sideBySide bool, listWidth, panelWidth int) {
	w := s.width
	if w >= 110 {
		panelWidth = min(44, w/3)
		return true, w - panelWidth - 1, panelWidth
	}
	return false, w, w
}

func (s *pickerScreen) header() string {
	st, w := s.sh.styles, s.width
	head := st.heading.Render(wrap(s.title, w)) + "\n"
	if !s.compact() {
		head += wrap(st.label.Render("Looking for: ")+s.looking, w) + "\n"
		if s.showsDates() {
			head += st.dim.Render(wrap("Dates: download for DEP tokens, expiry for other files.", w)) + "\n"
		}
	}
	head += st.label.Render("Folder: ") + st.dim.Render(shortenPath(s.dir, w-8))
	if s.filtering || s.list.filter != "" || s.list.tokensOnly {
		head += "\n" + s.filterLine(w)
	}
	if s.note != "" {
		head += "\n" + st.note.Render(wrapWords(token.Printable(s.note), w))
	}
	if s.err != "" {
		head += "\n" + st.banner.Render(wrap(token.Printable(s.err), w))
	}
	return head
}

// showsDates reports whether rows of the list can show a date, which the
// header then explains: the date column holds two kinds of date. It
// follows the listing, not the inspections that come in as the list
// scrolls, so the header keeps its height; in practice, dates show only
// once revealed.
func (s *pickerScreen) showsDates() bool {
	if s.lookup.Practice {
		for path, r := range s.reports {
			if s.revealed[path] && rowDate(r) != "" {
				return true
			}
		}
		return false
	}
	for _, e := range s.list.all {
		if e.likely || e.related {
			return true
		}
	}
	return false
}

// filterLine shows the filter being typed or kept, and the switch.
func (s *pickerScreen) filterLine(w int) string {
	st := s.sh.styles
	var parts []string
	if s.filtering || s.list.filter != "" {
		f := st.label.Render("Filter: ") + s.list.filter
		if s.filtering {
			f += st.cursor.Render("█")
		}
		parts = append(parts, f)
	}
	if s.list.tokensOnly {
		parts = append(parts, st.label.Render("only "+strings.Join(s.lookup.Exts, " ")+" files"))
	}
	return wrapWords(strings.Join(parts, "  ·  ")+fmt.Sprintf("  %s", st.dim.Render(fmt.Sprintf("(%d of %d)", len(s.list.shown), len(s.list.all)))), w)
}

// compact says the body is too short for all of the header: what is
// looked for (the title says it too) and the blank line under the header
// give their rows to the list.
func (s *pickerScreen) compact() bool { return s.height < 12 }

// gap is the blank lines between the header and the list.
func (s *pickerScreen) gap() int {
	if s.compact() {
		return 0
	}
	return 1
}

// bodyHeights splits the available height between the list and, when the
// details sit under it, the details panel.
func (s *pickerScreen) bodyHeights() (list, panel int) {
	avail := s.height - lines(s.header()) - s.gap()
	side, _, _ := s.layout()
	if side || len(s.list.shown) == 0 {
		return max(1, avail), avail // nothing to describe: the list says why
	}
	// The list takes the rows it needs, leaving the details at least
	// a third of the room (half on a short terminal), and a blank line
	// between them.
	room := avail - 1
	least := max(1, room/3, min(6, room/2))
	switch {
	case avail < 8:
		room, least = avail, max(1, avail/3)
	case avail < 13:
		least = max(1, room/2)
	}
	list = max(1, min(max(1, len(s.list.shown)), room-least))
	return list, max(1, room-list)
}

func (s *pickerScreen) View() string {
	st := s.sh.styles
	side, listW, panelW := s.layout()
	listH, panelH := s.bodyHeights()
	list := s.rows(listW, listH)
	if len(s.list.shown) == 0 {
		return s.header() + strings.Repeat("\n", 1+s.gap()) + list
	}

	path := s.highlightedPath()
	report, known := s.reports[path]
	var body string
	if side {
		panel := st.panel.Width(panelW).MaxHeight(panelH).Render(s.details(report, known, panelW-4, panelH-2))
		list = lipgloss.NewStyle().Width(listW).Render(list)
		body = lipgloss.JoinHorizontal(lipgloss.Top, list, " ", panel)
	} else {
		gap := "\n\n"
		if listH+panelH >= s.height-lines(s.header())-s.gap() {
			gap = "\n"
		}
		body = list + gap + s.details(report, known, panelW, panelH)
	}
	return s.header() + strings.Repeat("\n", 1+s.gap()) + body
}

// rows draws the rows in view: the cursor, a verdict mark, the date that
// matters and the name, cut in the middle to fit. Blank cells are spaces
// without style. Below 50 columns the date is left to the details.
func (s *pickerScreen) rows(width, height int) string {
	if len(s.list.shown) == 0 {
		return clip(s.emptyHelp(width), width, height)
	}
	st := s.sh.styles
	withDate := width >= 50
	nameW := width - 4
	if withDate {
		nameW -= 11
	}
	more := len(s.list.shown) > height // an arrow at the end of a row says more are above or below
	if more {
		nameW -= 2
	}
	var b strings.Builder
	end := min(len(s.list.shown), s.list.top+height)
	for i := s.list.top; i < end; i++ {
		e := s.list.all[s.list.shown[i]]
		path := filepath.Join(s.dir, e.name)
		r, inspected := s.reports[path]
		f := rowFacts(e, r, inspected, !s.lookup.Practice || s.revealed[path])
		if i > s.list.top {
			b.WriteByte('\n')
		}
		if i == s.list.cursor {
			b.WriteString(st.cursor.Render(">") + " ")
		} else {
			b.WriteString("  ")
		}
		switch f.mark {
		case "":
			b.WriteString("  ")
		case "/":
			b.WriteString(st.dim.Render("/") + " ")
		default:
			b.WriteString(markStyle(st, f.sev).Render(f.mark) + " ")
		}
		if withDate {
			if f.date == "" {
				b.WriteString(strings.Repeat(" ", 11))
			} else {
				b.WriteString(st.dim.Render(f.date) + " ")
			}
		}
		b.WriteString(cutName(e.shown, max(1, nameW), withDate))
	}
	if !more {
		return b.String()
	}
	return markMore(st, b.String(), width, s.list.top > 0, end < len(s.list.shown))
}

// markStyle is the style of a verdict mark.
func markStyle(st styles, sev token.Severity) lipgloss.Style {
	switch sev {
	case token.SeverityOK:
		return st.statusOK
	case token.SeverityWarning:
		return st.statusWrn
	}
	return st.statusBad
}

// emptyHelp says why no row is shown and what to do.
func (s *pickerScreen) emptyHelp(width int) string {
	st := s.sh.styles
	var what string
	switch {
	case s.openErr != nil && errors.Is(s.openErr, os.ErrNotExist):
		what = "This folder does not exist."
	case s.openErr != nil:
		what = "Cannot open this folder: " + token.Printable(rootCause(s.openErr).Error()) + "."
	case s.list.all == nil:
		return st.dim.Render("Reading the folder…")
	case len(s.list.all) == 0:
		what = "This folder is empty."
	default:
		return st.dim.Render(wrapWords("No entry matches. esc clears the filter.", width))
	}
	todo := []string{"←/h opens the parent folder."}
	if s.paste {
		todo = append(todo, "p pastes the file's text instead.")
	}
	todo = append(todo, "Or run mdmtoken again with --dir <folder>.")
	return st.banner.Render(wrapWords(what, width)) + "\n" + st.text.Render(wrapWords(strings.Join(todo, " "), width))
}

// details describes the highlighted file in at most height lines; what
// does not fit is never cut silently (see fitDetails).
func (s *pickerScreen) details(r token.Report, known bool, width, height int) string {
	st := s.sh.styles
	e, ok := s.list.current()
	if !ok {
		return ""
	}
	var rows []string
	switch {
	case e.dir:
		rows = []string{st.dim.Render("A folder: enter opens it, ←/h goes back up.")}
	case !known:
		rows = []string{st.dim.Render("Move to a file to see what it is.")}
	case s.lookup.Practice && !s.revealed[s.highlightedPath()]:
		rows = []string{st.dim.Render("Practice: choose the file you think is right. v shows what this one is, and counts as a hint.")}
	default:
		rows = []string{statusBadge(st, r.Status) + " " + st.heading.Render(r.Kind.Label())}
		for _, f := range renewal.Facts(r, s.sh.now()) {
			rows = append(rows, renderFact(st, f))
		}
		rows = append(rows, "", st.detail.Render(token.Printable(r.Message)))
	}
	return fitDetails(st, rows, width, height)
}

// fitDetails wraps the rows of the details to width and fits them in
// height lines. When they do not fit, the last line says so and that
// choosing the file shows the whole verdict; with room for one line only,
// the first is kept, marked as cut.
func fitDetails(st styles, rows []string, width, height int) string {
	var out []string
	for _, r := range rows {
		out = append(out, strings.Split(wrap(r, width), "\n")...)
	}
	for len(out) > 0 && strings.TrimSpace(ansi.Strip(out[len(out)-1])) == "" {
		out = out[:len(out)-1]
	}
	switch {
	case len(out) <= height:
		return strings.Join(out, "\n")
	case height <= 1:
		return ansi.Truncate(out[0]+" …", width, "…")
	}
	mark := st.more.Render(ansi.Truncate("… more: enter checks this file", width, "…"))
	return strings.Join(append(out[:height-1], mark), "\n")
}

func (s *pickerScreen) Help() bindings {
	k, g := s.sh.keys.Picker, s.sh.keys.Global
	if s.filtering {
		return bindings{short: []key.Binding{k.FilterDone, k.FilterClear}, full: [][]key.Binding{{k.FilterDone, k.FilterClear}, {g.Interrupt}}}
	}
	moves := []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
	list := []key.Binding{k.Open, k.Parent, k.Filter, k.TokensOnly, k.Hidden}
	short := []key.Binding{k.Open}
	if s.lookup.Practice {
		short = append(short, k.Hint)
		list = append(list, k.Hint)
	}
	if s.paste {
		if !s.lookup.Practice {
			short = append(short, k.Paste)
		}
		list = append(list, k.Paste)
	}
	back := k.Back
	if s.list.filter != "" {
		back = k.FilterClear // esc clears a kept filter before it goes back
	}
	short = append(short, back)
	list = append(list, back)
	b := s.sh.keys.helpFor(short...)
	b.full = [][]key.Binding{moves, list, {g.Help, g.Quit, g.Interrupt}}
	return b
}

// shortenPath shows a path in at most width columns, home as ~ and the
// middle elided; what cannot be shown on a terminal is escaped.
func shortenPath(path string, width int) string {
	path = token.Printable(renewal.Tilde(path))
	if width < 8 || lipgloss.Width(path) <= width {
		return path
	}
	runes := []rune(path)
	keep := width - 1
	return "…" + string(runes[len(runes)-keep:])
}

// rootCause drops the path the operating system puts in front of an error.
func rootCause(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
