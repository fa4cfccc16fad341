package ui

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync/atomic"

	"charm.land/bubbles/v2/filepicker"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/token"
)

// Picker messages.
type (
	// listedMsg carries a directory listing for the file picker, with the
	// index of the entry to highlight (-1 to leave the cursor alone).
	listedMsg struct {
		picker    int // the picker that asked
		inner     tea.Msg
		dir       string
		names     []string        // the entries in the picker's order
		dirs      map[string]bool // which of them are folders (links to folders too)
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

// pickerScreen is the bubbles file picker with, beside it, what the
// highlighted file really is. It starts on the file the renewal's lookup
// preselects.
type pickerScreen struct {
	frame
	sh          *shared
	fp          filepicker.Model
	lookup      renewal.Lookup
	title       string // what the user is asked to choose
	looking     string // what the user is looking for, e.g. "<Server>_Token_<timestamp>_smime.p7m"
	highlighted string
	reports     map[string]token.Report
	names       []string        // the listed entries, in the picker's order
	dirs        map[string]bool // which of them are folders
	note        string          // no file in the folder is good for the renewal
	err         string
	paste       bool            // p offers to paste the file's text instead
	id          int             // tells this picker's listings from another's
	revealed    map[string]bool // practice: files the hint key showed
}

// pickers numbers the pickers made.
var pickers atomic.Int64

func newPickerScreen(sh *shared, dir string, lookup renewal.Lookup, title, looking string, paste bool) *pickerScreen {
	fp := filepicker.New()
	fp.CurrentDirectory = dir
	fp.ShowPermissions = false
	fp.ShowSize = false
	fp.AutoHeight = false
	fp.DirAllowed = false
	fp.FileAllowed = true
	fp.KeyMap.Back = sh.keys.Picker.Parent
	fp.Cursor = ">"
	fp.Styles.EmptyDirectory = fp.Styles.EmptyDirectory.SetString("No files here. ←/h goes to the parent folder.")
	return &pickerScreen{sh: sh, fp: fp, lookup: lookup, title: title, looking: looking, reports: map[string]token.Report{}, paste: paste,
		id: int(pickers.Add(1)), revealed: map[string]bool{}}
}

// Init lists the folder afresh, on the preselected file.
func (s *pickerScreen) Init() tea.Cmd {
	s.reports = map[string]token.Report{}
	s.highlighted = ""
	return s.list(true)
}

// list reads the current directory for the picker; fresh says the folder
// was just entered, so the preselected file gets the cursor.
func (s *pickerScreen) list(fresh bool) tea.Cmd {
	read := s.fp.Init()
	dir, showHidden, lookup, id := s.fp.CurrentDirectory, s.fp.ShowHidden, s.lookup, s.id
	return func() tea.Msg {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return listedMsg{picker: id, dir: dir, err: err, highlight: -1}
		}
		visible := pickerOrder(entries, showHidden)
		names, dirs := make([]string, len(visible)), map[string]bool{}
		cands := make([]renewal.Candidate, len(visible))
		for i, e := range visible {
			names[i] = e.Name()
			cands[i] = renewal.Candidate{Name: e.Name(), Dir: e.IsDir()}
			if info, err := os.Stat(filepath.Join(dir, e.Name())); err == nil {
				cands[i].Modified = info.ModTime()
				cands[i].Dir = info.IsDir()
				if info.IsDir() {
					dirs[e.Name()] = true
				}
			}
		}
		lookup.InspectAll(dir, cands)
		reports := map[string]token.Report{}
		for _, c := range cands {
			if c.Report != nil {
				reports[filepath.Join(dir, c.Name)] = *c.Report
			}
		}
		best, good := lookup.Preselect(cands)
		msg := listedMsg{picker: id, inner: read(), dir: dir, names: names, dirs: dirs, reports: reports, highlight: -1}
		if fresh {
			msg.highlight = best
		}
		if !good {
			msg.note = shortfall(lookup, dir, cands, best)
		}
		return msg
	}
}

// shortfall says that no file in the folder is good for the renewal: what
// the best one lacks, or that there is none; empty when only checking a
// file, and in practice, where it would give the answer away.
func shortfall(l renewal.Lookup, dir string, cands []renewal.Candidate, best int) string {
	if l.Expect == "" || l.Practice {
		return ""
	}
	where := shortenPath(dir, 200)
	noun := l.Expect.Noun()
	if best >= 0 {
		r := cands[best].Report
		switch {
		case r == nil:
		case !r.Downloaded.IsZero():
			return fmt.Sprintf("No fresh %s in %s: the newest was downloaded %s.", noun, where, dateOnly(r.Downloaded))
		case r.HasExpiry():
			return fmt.Sprintf("No fresh %s in %s: the newest expires %s.", noun, where, dateOnly(r.Expires))
		}
		return fmt.Sprintf("No fresh %s in %s.", noun, where)
	}
	for _, c := range cands {
		if c.Report != nil {
			return fmt.Sprintf("No usable %s in %s: what each file is shows beside the list.", noun, where)
		}
	}
	return fmt.Sprintf("No %s file in %s.", noun, where)
}

// pickerOrder is the file picker's own order: folders first, then by name,
// hidden entries left out unless shown.
func pickerOrder(entries []os.DirEntry, showHidden bool) []os.DirEntry {
	var visible []os.DirEntry
	for _, e := range entries {
		if hidden, _ := filepicker.IsHidden(e.Name()); hidden && !showHidden {
			continue
		}
		visible = append(visible, e)
	}
	sort.SliceStable(visible, func(i, j int) bool {
		if visible[i].IsDir() == visible[j].IsDir() {
			return visible[i].Name() < visible[j].Name()
		}
		return visible[i].IsDir()
	})
	return visible
}

func (s *pickerScreen) Update(msg tea.Msg) (tea.Cmd, action) {
	cmd, act := s.update(msg)
	s.fit() // a message about the folder comes and goes above the list
	return cmd, act
}

func (s *pickerScreen) update(msg tea.Msg) (tea.Cmd, action) {
	switch msg := msg.(type) {
	case listedMsg:
		if msg.picker != s.id || msg.dir != s.fp.CurrentDirectory {
			return nil, nil
		}
		if msg.err != nil {
			s.err = fmt.Sprintf("Cannot open %s: %v", filepath.Base(msg.dir), rootCause(msg.err))
			// Step back out of the folder that could not be read.
			return s.forward(tea.KeyPressMsg{Code: tea.KeyLeft})
		}
		s.fp, _ = s.fp.Update(msg.inner)
		s.names, s.dirs, s.note = msg.names, msg.dirs, msg.note
		for path, r := range msg.reports {
			s.reports[path] = r
		}
		if msg.highlight >= 0 {
			s.moveTo(msg.highlight)
		}
		return s.inspectHighlighted(), nil
	case inspectedMsg:
		if msg.picker != s.id {
			return nil, nil
		}
		s.reports[msg.path] = msg.report
		return nil, nil
	case refusedMsg:
		s.err = msg.why
		return nil, nil
	case tea.KeyPressMsg:
		keys := s.sh.keys.Picker
		switch {
		case key.Matches(msg, keys.Back):
			return nil, goBack{}
		case s.paste && key.Matches(msg, keys.Paste):
			return nil, pasteInstead{}
		case s.lookup.Practice && key.Matches(msg, keys.Hint):
			path := s.fp.HighlightedPath()
			if _, known := s.reports[path]; !known || s.revealed[path] {
				return nil, nil
			}
			s.revealed[path] = true
			return nil, hinted{path: path}
		case key.Matches(msg, keys.Hidden):
			s.fp.ShowHidden = !s.fp.ShowHidden
			return s.list(false), nil
		}
		s.err = ""
		return s.forward(msg)
	}
	return nil, nil
}

// forward hands a key to the file picker: a file chosen is the user's
// decision; otherwise the folder it moved to is read and what is now
// highlighted is inspected.
func (s *pickerScreen) forward(msg tea.KeyPressMsg) (tea.Cmd, action) {
	before := s.fp.CurrentDirectory
	s.fp, _ = s.fp.Update(msg)
	if ok, path := s.fp.DidSelectFile(msg); ok {
		return nil, chosePath{path: path, seen: maps.Clone(s.reports)}
	}
	if s.fp.CurrentDirectory != before {
		entered := filepath.Dir(s.fp.CurrentDirectory) == before
		s.highlighted = ""
		return s.list(entered), nil
	}
	return s.inspectHighlighted(), nil
}

// inspectHighlighted inspects the highlighted file once, in the background.
func (s *pickerScreen) inspectHighlighted() tea.Cmd {
	path := s.fp.HighlightedPath()
	if path == s.highlighted {
		return nil
	}
	s.highlighted = path
	if path == "" {
		return nil
	}
	if _, done := s.reports[path]; done {
		return nil
	}
	if s.dirs[filepath.Base(path)] {
		return nil
	}
	lookup, id := s.lookup, s.id
	return func() tea.Msg { return inspectedMsg{picker: id, path: path, report: lookup.Inspect(path)} }
}

// moveTo puts the cursor on entry i, scrolling the list from the top so
// that the cursor is in view.
func (s *pickerScreen) moveTo(i int) {
	s.fp, _ = s.fp.Update(tea.KeyPressMsg{Code: 'g', Text: "g"}) // to the top
	for range i {
		s.fp, _ = s.fp.Update(tea.KeyPressMsg{Code: tea.KeyDown})
	}
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
	s.setHeight(list)
}

// setHeight sizes the list. The file picker only ever shrinks its scroll
// window, so after a change the cursor is placed again, which rebuilds the
// window for the new height with the highlighted entry in view.
func (s *pickerScreen) setHeight(h int) {
	h = max(1, h)
	if h == s.fp.Height() {
		return
	}
	s.fp.SetHeight(h)
	if i := slices.Index(s.names, filepath.Base(s.fp.HighlightedPath())); i >= 0 {
		s.moveTo(i)
	}
}

// layout decides whether the file details sit beside the list or under it.
func (s *pickerScreen) layout() (sideBySide bool, listWidth, panelWidth int) {
	w := s.width
	if w >= 70 {
		panelWidth = min(40, w/2)
		return true, w - panelWidth - 1, panelWidth
	}
	return false, w, w
}

func (s *pickerScreen) header() string {
	st, w := s.sh.styles, s.width
	head := st.heading.Render(wrap(s.title, w)) + "\n" +
		wrap(st.label.Render("Looking for: ")+s.looking, w) + "\n" +
		st.label.Render("Folder: ") + st.dim.Render(shortenPath(s.fp.CurrentDirectory, w-8))
	if s.note != "" {
		head += "\n" + st.note.Render(wrapWords(s.note, w))
	}
	if s.err != "" {
		head += "\n" + st.banner.Render(wrap(s.err, w))
	}
	return head
}

// bodyHeights splits the available height between the list and, when the
// details sit under it, the details panel.
func (s *pickerScreen) bodyHeights() (list, panel int) {
	avail := s.height - lines(s.header()) - 1
	side, _, _ := s.layout()
	if side {
		return max(1, avail), avail
	}
	if avail >= 10 {
		return avail - 4, 3
	}
	return max(1, avail-1), 1
}

func (s *pickerScreen) View() string {
	st := s.sh.styles
	side, listW, panelW := s.layout()
	listH, panelH := s.bodyHeights()
	fp := s.fp
	fp.SetHeight(listH)
	list := lipgloss.NewStyle().Width(listW).MaxHeight(listH).Render(truncateLines(strings.TrimRight(fp.View(), "\n"), listW))

	report, known := s.reports[s.fp.HighlightedPath()]
	var body string
	if side {
		panel := st.panel.Width(panelW).MaxHeight(panelH).Render(s.details(report, known, panelW-4, panelH-2))
		body = lipgloss.JoinHorizontal(lipgloss.Top, list, " ", panel)
	} else {
		body = list + "\n" + clip(s.details(report, known, panelW, panelH), panelW, panelH)
	}
	return s.header() + "\n\n" + body
}

// details describes the highlighted file in at most height lines.
func (s *pickerScreen) details(r token.Report, known bool, width, height int) string {
	st := s.sh.styles
	if !known && s.dirs[filepath.Base(s.fp.HighlightedPath())] {
		return st.dim.Render(wrap("A folder: enter opens it, ←/h goes back up.", width))
	}
	if !known {
		return st.dim.Render("Move to a file to see what it is.")
	}
	if s.lookup.Practice && !s.revealed[s.fp.HighlightedPath()] {
		return st.dim.Render(wrap("Practice: choose the file you think is right. v shows what this one is, and counts as a hint.", width))
	}
	rows := []string{
		statusBadge(st, r.Status) + " " + st.heading.Render(r.Kind.Label()),
	}
	for _, f := range facts(r, s.sh.now()) {
		rows = append(rows, f.render(st))
	}
	if height > len(rows)+1 {
		rows = append(rows, "", st.detail.Render(wrap(r.Message, width)))
	}
	return clip(strings.Join(rows, "\n"), width, height)
}

func (s *pickerScreen) Help() bindings {
	k, g := s.sh.keys.Picker, s.sh.keys.Global
	if !s.paste {
		b := s.sh.keys.helpFor(k.Open, k.Back)
		b.full = [][]key.Binding{{k.Up, k.Down, k.Open, k.Parent}, {k.Hidden, k.Back}, {g.Help, g.Quit, g.Interrupt}}
		return b
	}
	if s.lookup.Practice {
		b := s.sh.keys.helpFor(k.Open, k.Hint, k.Back)
		b.full = [][]key.Binding{{k.Up, k.Down, k.Open, k.Parent}, {k.Hint, k.Paste, k.Hidden, k.Back}, {g.Help, g.Quit, g.Interrupt}}
		return b
	}
	b := s.sh.keys.helpFor(k.Open, k.Paste, k.Back)
	b.full = [][]key.Binding{{k.Up, k.Down, k.Open, k.Parent}, {k.Paste, k.Hidden, k.Back}, {g.Help, g.Quit, g.Interrupt}}
	return b
}

// truncateLines cuts every line of a block to width columns.
func truncateLines(block string, width int) string {
	rows := strings.Split(block, "\n")
	for i, r := range rows {
		rows[i] = ansi.Truncate(r, width, "…")
	}
	return strings.Join(rows, "\n")
}

// shortenPath shows a path in at most width columns, home as ~ and the
// middle elided.
func shortenPath(path string, width int) string {
	if home, err := os.UserHomeDir(); err == nil && home != "" && strings.HasPrefix(path, home) {
		path = "~" + strings.TrimPrefix(path, home)
	}
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
