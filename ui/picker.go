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
	"time"

	"charm.land/bubbles/v2/filepicker"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mdmtoken/mdmtoken/token"
)

// inspector tells what a file or pasted text is, with the wizard's
// expectations (kind, fresh download) already applied.
type inspector struct {
	opts func() token.Options
}

func (in inspector) file(path string) token.Report { return token.Inspect(path, in.opts()) }

func (in inspector) text(content string) token.Report {
	return token.InspectBytes("pasted text", []byte(content), in.opts())
}

// Picker messages.
type (
	// listedMsg carries a directory listing for the file picker, with the
	// index of the entry to highlight (-1 to leave the cursor alone).
	listedMsg struct {
		inner     tea.Msg
		dir       string
		names     []string        // the entries in the picker's order
		dirs      map[string]bool // which of them are folders (links to folders too)
		highlight int
		err       error
	}
	// inspectedMsg is what the highlighted file turned out to be.
	inspectedMsg struct {
		path   string
		report token.Report
	}
	// fileChosenMsg is the file (or pasted text) the user picked.
	fileChosenMsg struct {
		path     string // empty for pasted text
		report   token.Report
		previous time.Time // expiry of the token it replaces, when found beside it
	}
)

// pickerScreen is the bubbles file picker with, beside it, what the
// highlighted file really is. It starts on the newest likely token.
type pickerScreen struct {
	sh          *shared
	fp          filepicker.Model
	inspect     inspector
	looking     string // what the user is looking for, e.g. "*_smime.p7m (DEP server token)"
	likelyExts  []string
	highlighted string
	reports     map[string]token.Report
	names       []string        // the listed entries, in the picker's order
	dirs        map[string]bool // which of them are folders
	title       string          // what the user is asked to choose
	err         string
}

func newPickerScreen(sh *shared, dir string) pickerScreen {
	fp := filepicker.New()
	fp.CurrentDirectory = dir
	fp.ShowPermissions = false
	fp.ShowSize = false
	fp.AutoHeight = false
	fp.DirAllowed = false
	fp.FileAllowed = true
	fp.KeyMap.Back = sh.keys.Parent
	fp.Cursor = ">"
	fp.Styles.EmptyDirectory = fp.Styles.EmptyDirectory.SetString("No files here. ←/h goes to the parent folder.")
	return pickerScreen{sh: sh, fp: fp, reports: map[string]token.Report{}}
}

// list reads the current directory for the picker; fresh says the folder
// was just entered, so the newest likely token gets the cursor.
func (s pickerScreen) list(fresh bool) tea.Cmd {
	read := s.fp.Init()
	dir, showHidden, exts := s.fp.CurrentDirectory, s.fp.ShowHidden, s.likelyExts
	return func() tea.Msg {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return listedMsg{dir: dir, err: err, highlight: -1}
		}
		visible := pickerOrder(entries, showHidden)
		highlight := -1
		if fresh {
			highlight = newestLikely(dir, visible, exts)
		}
		names, dirs := make([]string, len(visible)), map[string]bool{}
		for i, e := range visible {
			names[i] = e.Name()
			if info, err := os.Stat(filepath.Join(dir, e.Name())); err == nil && info.IsDir() {
				dirs[e.Name()] = true
			}
		}
		return listedMsg{inner: read(), dir: dir, names: names, dirs: dirs, highlight: highlight}
	}
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

// newestLikely finds among the visible entries the newest file whose
// extension suggests a token; -1 when there is none.
func newestLikely(dir string, visible []os.DirEntry, exts []string) int {
	best, bestTime := -1, int64(0)
	for i, e := range visible {
		if e.IsDir() || !hasExt(e.Name(), exts) {
			continue
		}
		info, err := os.Stat(filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		if t := info.ModTime().UnixNano(); best < 0 || t > bestTime {
			best, bestTime = i, t
		}
	}
	return best
}

func hasExt(name string, exts []string) bool {
	for _, ext := range exts {
		if strings.HasSuffix(strings.ToLower(name), ext) {
			return true
		}
	}
	return false
}

func (s pickerScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case listedMsg:
		if msg.dir != s.fp.CurrentDirectory {
			return s, nil
		}
		if msg.err != nil {
			s.err = fmt.Sprintf("Cannot open %s: %v", filepath.Base(msg.dir), rootCause(msg.err))
			// Step back out of the folder that could not be read.
			return s.forward(tea.KeyPressMsg{Code: tea.KeyLeft})
		}
		s.fp, _ = s.fp.Update(msg.inner)
		s.names, s.dirs = msg.names, msg.dirs
		if msg.highlight >= 0 {
			s.moveTo(msg.highlight)
		}
		return s, s.inspectHighlighted()
	case inspectedMsg:
		s.reports[msg.path] = msg.report
		return s, nil
	case tea.KeyPressMsg:
		keys := s.sh.keys
		switch {
		case key.Matches(msg, keys.Back):
			return s, send(backMsg{})
		case key.Matches(msg, keys.Paste):
			return s, send(pasteRequestedMsg{})
		case key.Matches(msg, keys.Hidden):
			s.fp.ShowHidden = !s.fp.ShowHidden
			return s, s.list(false)
		}
		s.err = ""
		return s.forward(msg)
	}
	return s, nil
}

// forward hands a key to the file picker, reads the folder it moved to and
// inspects what is now highlighted or was chosen.
func (s pickerScreen) forward(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	before := s.fp.CurrentDirectory
	fp, _ := s.fp.Update(msg)
	s.fp = fp
	if ok, path := s.fp.DidSelectFile(msg); ok {
		in, exts, seen := s.inspect, s.likelyExts, maps.Clone(s.reports)
		return s, func() tea.Msg {
			r := in.file(path)
			return fileChosenMsg{path: path, report: r, previous: previousExpiry(path, r, in, exts, seen)}
		}
	}
	if s.fp.CurrentDirectory != before {
		entered := filepath.Dir(s.fp.CurrentDirectory) == before
		s.highlighted = ""
		return s, s.list(entered)
	}
	return s, s.inspectHighlighted()
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
	in := s.inspect
	return func() tea.Msg { return inspectedMsg{path: path, report: in.file(path)} }
}

// moveTo puts the cursor on entry i, scrolling the list from the top so
// that the cursor is in view.
func (s *pickerScreen) moveTo(i int) {
	s.fp, _ = s.fp.Update(tea.KeyPressMsg{Code: 'g', Text: "g"}) // to the top
	for range i {
		s.fp, _ = s.fp.Update(tea.KeyPressMsg{Code: tea.KeyDown})
	}
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
func (s pickerScreen) layout() (sideBySide bool, listWidth, panelWidth int) {
	w := s.sh.width
	if w >= 70 {
		panelWidth = min(40, w/2)
		return true, w - panelWidth - 1, panelWidth
	}
	return false, w, w
}

func (s pickerScreen) header() string {
	st, w := s.sh.styles, s.sh.width
	head := st.heading.Render(wrap(s.title, w)) + "\n" +
		wrap(st.label.Render("Looking for: ")+s.looking, w) + "\n" +
		st.label.Render("Folder: ") + st.dim.Render(shortenPath(s.fp.CurrentDirectory, w-8))
	if s.err != "" {
		head += "\n" + st.banner.Render(wrap(s.err, w))
	}
	return head
}

// bodyHeights splits the available height between the list and, when the
// details sit under it, the details panel.
func (s pickerScreen) bodyHeights() (list, panel int) {
	avail := s.sh.height - lines(s.header()) - 1
	side, _, _ := s.layout()
	if side {
		return max(1, avail), avail
	}
	if avail >= 10 {
		return avail - 4, 3
	}
	return max(1, avail-1), 1
}

func (s pickerScreen) View() string {
	st := s.sh.styles
	side, listW, panelW := s.layout()
	listH, panelH := s.bodyHeights()
	s.fp.SetHeight(listH)
	list := lipgloss.NewStyle().Width(listW).MaxHeight(listH).Render(truncateLines(strings.TrimRight(s.fp.View(), "\n"), listW))

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
func (s pickerScreen) details(r token.Report, known bool, width, height int) string {
	st := s.sh.styles
	if !known && s.dirs[filepath.Base(s.fp.HighlightedPath())] {
		return st.dim.Render(wrap("A folder: enter opens it, ←/h goes back up.", width))
	}
	if !known {
		return st.dim.Render("Move to a file to see what it is.")
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

func (s pickerScreen) Help() bindings {
	k := s.sh.keys
	b := k.helpFor(k.Open, k.Paste, k.Back)
	b.full = [][]key.Binding{{k.Up, k.Down, k.Open, k.Parent}, {k.Paste, k.Hidden, k.Back}, {k.Help, k.Quit, k.Interrupt}}
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

// maxSiblings bounds how many files beside the chosen one are read when
// looking for the token it replaces.
const maxSiblings = 200

// previousExpiry looks beside the chosen token for the one it replaces:
// the same kind for the same organisation or server, expiring earlier. Only
// files with a token's extension are read, and those the picker already
// inspected (seen) are not read again. The expiry goes into the renewal
// record; zero when none is found.
func previousExpiry(path string, chosen token.Report, in inspector, exts []string, seen map[string]token.Report) time.Time {
	if !chosen.HasExpiry() || (chosen.Kind != token.KindVPP && chosen.Kind != token.KindDEP) {
		return time.Time{}
	}
	dir := filepath.Dir(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return time.Time{}
	}
	var best time.Time
	for i, e := range entries {
		if i >= maxSiblings {
			break
		}
		other := filepath.Join(dir, e.Name())
		if !e.Type().IsRegular() || other == path || !hasExt(e.Name(), exts) {
			continue
		}
		r, ok := seen[other]
		if !ok {
			r = in.file(other)
		}
		same := r.Kind == chosen.Kind && r.Org == chosen.Org && r.Server == chosen.Server
		if same && r.HasExpiry() && r.Expires.Before(chosen.Expires) && r.Expires.After(best) {
			best = r.Expires
		}
	}
	return best
}
