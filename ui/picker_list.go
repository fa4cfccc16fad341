package ui

import (
	"cmp"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/token"
)

// entry is one name of the folder the picker shows.
type entry struct {
	name    string // the name on disk
	shown   string // the name as drawn: token.Printable
	lower   string // shown, lower case: what the order and the filter use
	dir     bool   // a folder, or a link to one
	likely  bool   // the name looks like what is wanted
	related bool   // a file the renewal passes by, inspected for its mark (renewal.Lookup.Related)
}

// readFolder reads dir once, in no particular order, and returns its
// entries sorted for the picker (folders first, then by name without
// regard to case) with the candidates the renewal's lookup judges. Only
// symbolic links are stat'ed (to tell a link to a folder); the lookup
// reads the time of the names that look like what is wanted.
func readFolder(dir string, showHidden bool, lookup renewal.Lookup) ([]entry, []renewal.Candidate, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, nil, err
	}
	des, err := f.ReadDir(-1)
	f.Close()
	if err != nil && len(des) == 0 {
		return nil, nil, err
	}
	entries := make([]entry, 0, len(des))
	cands := make([]renewal.Candidate, 0, len(des))
	for _, de := range des {
		name := de.Name()
		if !showHidden && strings.HasPrefix(name, ".") {
			continue
		}
		shown := token.Printable(name)
		e := entry{name: name, shown: shown, lower: strings.ToLower(shown), dir: de.IsDir()}
		var info os.FileInfo
		if de.Type()&os.ModeSymlink != 0 {
			if fi, err := os.Stat(filepath.Join(dir, name)); err == nil {
				info, e.dir = fi, fi.IsDir()
			}
		}
		e.likely = !e.dir && lookup.Likely(name)
		e.related = !e.dir && lookup.Related(name)
		c := renewal.Candidate{Name: name, Dir: e.dir, Entry: de} // InspectAll reads the time
		if e.likely && info != nil {
			c.Modified = info.ModTime()
		}
		entries, cands = append(entries, e), append(cands, c)
	}
	// One sort, of indexes: the entries stay where they are until placed.
	order := make([]int32, len(entries))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(i, j int32) int {
		a, b := &entries[i], &entries[j]
		if a.dir != b.dir {
			if a.dir {
				return -1
			}
			return 1
		}
		return cmp.Or(strings.Compare(a.lower, b.lower), strings.Compare(a.name, b.name))
	})
	sortedE, sortedC := make([]entry, len(order)), make([]renewal.Candidate, len(order))
	for k, i := range order {
		sortedE[k], sortedC[k] = entries[i], cands[i]
	}
	return sortedE, sortedC, nil
}

// fileList is the picker's list: the folder's entries, the ones the filter
// and the "token files only" switch leave, a cursor and a scroll window.
type fileList struct {
	all        []entry
	shown      []int // indexes into all, in order
	filter     string
	tokensOnly bool
	cursor     int // index into shown
	top        int // first row in view
	height     int
}

// set replaces the entries and puts the cursor on all[at] (the top when at
// is out of range).
func (l *fileList) set(all []entry, at int) {
	l.all = all
	l.refilter("")
	if i := slices.Index(l.shown, at); i >= 0 {
		l.cursor = i
	}
	l.scroll()
}

// refilter applies the filter and the switch, keeping the cursor on the
// entry it was on when that is still shown (keep is its name; "" for none).
func (l *fileList) refilter(keep string) {
	l.shown = l.shown[:0]
	want := strings.ToLower(l.filter)
	at := -1
	for i, e := range l.all {
		if l.tokensOnly && !e.dir && !e.likely {
			continue
		}
		if want != "" && !strings.Contains(e.lower, want) {
			continue
		}
		if e.name == keep {
			at = len(l.shown)
		}
		l.shown = append(l.shown, i)
	}
	l.cursor, l.top = max(at, 0), 0
	l.scroll()
}

// current is the entry under the cursor.
func (l *fileList) current() (entry, bool) {
	if l.cursor < 0 || l.cursor >= len(l.shown) {
		return entry{}, false
	}
	return l.all[l.shown[l.cursor]], true
}

// move moves the cursor by n rows, within the list.
func (l *fileList) move(n int) {
	l.cursor = max(0, min(len(l.shown)-1, l.cursor+n))
	l.scroll()
}

// setHeight sizes the scroll window, keeping the cursor in view.
func (l *fileList) setHeight(h int) {
	l.height = max(1, h)
	l.scroll()
}

// scroll moves the window so that the cursor is in view.
func (l *fileList) scroll() {
	h := max(1, l.height)
	if l.cursor < l.top {
		l.top = l.cursor
	}
	if l.cursor >= l.top+h {
		l.top = l.cursor - h + 1
	}
	l.top = max(0, min(l.top, len(l.shown)-h))
}

// center scrolls the window for a list just opened: from the top when the
// cursor is in the upper two thirds, else with the cursor a third of the
// way down, or as near as the list allows.
func (l *fileList) center() {
	h := max(1, l.height)
	l.top = 0
	if l.cursor >= h-h/3 {
		l.top = max(0, min(l.cursor-h/3, len(l.shown)-h))
	}
}

// row is what a row shows beside the name: a mark and a date, or blanks.
type row struct {
	mark string // ✓ ! ✗, / for a folder, "" when not known
	sev  token.Severity
	date string // "" when not known
}

// rowFacts says what the row of e shows; known says whether its report may
// be shown (not in practice before a hint).
func rowFacts(e entry, r token.Report, inspected, known bool) row {
	if e.dir {
		return row{mark: "/"}
	}
	if !inspected || !known {
		return row{}
	}
	out := row{sev: r.Status.Severity(), date: rowDate(r)}
	switch out.sev {
	case token.SeverityOK:
		out.mark = "✓"
	case token.SeverityWarning:
		out.mark = "!"
	default:
		out.mark = "✗"
	}
	return out
}

// rowDate is the date that matters for a file: when a DEP server token was
// downloaded, when anything else with an expiry expires.
func rowDate(r token.Report) string {
	var t time.Time
	switch {
	case r.Kind == token.KindDEP:
		t = r.Downloaded
	case r.HasExpiry():
		t = r.Expires
	}
	if t.IsZero() {
		return ""
	}
	return renewal.DateOnly(t)
}

// cutMiddle fits a name in width columns by taking out its middle, so its
// start and its end (where dates, copies and extensions are) stay visible.
func cutMiddle(s string, width int) string {
	w := ansi.StringWidth(s)
	if w <= width {
		return s
	}
	if width < 2 {
		return ansi.Truncate(s, width, "")
	}
	tail := min(18, (width-1)*2/5)
	head := width - 1 - tail
	return ansi.Truncate(s, head, "") + "…" + ansi.TruncateLeft(s, w-tail, "")
}

// textTaker is a screen that, at times, takes typed letters as text (the
// picker's filter), so the keys that work everywhere must not take them.
type textTaker interface{ takingText() bool }

// depName is Apple's name for a DEP server token: the server, the time of
// the download and the extension.
var depName = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(.+)_Token_(\d{4}-\d{2}-\d{2})T[^_]*_smime\.p7m$`)
})

// cutName fits a name in width columns so that what tells it from its
// neighbours stays, each cut marked "…". With dated (a date column beside
// it) the name is cut in the middle. Without, Apple's names keep what
// matters: a DEP token the start of its server's name and the day it was
// downloaded, a VPP token its location ("sToken_for_" is dropped first).
func cutName(name string, width int, dated bool) string {
	if ansi.StringWidth(name) <= width {
		return name
	}
	if !dated {
		if m := depName().FindStringSubmatch(name); m != nil && width >= 20 {
			day := "…" + m[2] + "…"
			return ansi.Truncate(m[1], width-ansi.StringWidth(day), "") + day
		}
		if rest, ok := strings.CutPrefix(name, "sToken_for_"); ok && width >= 10 {
			return "…" + cutMiddle(rest, width-1)
		}
	}
	return cutMiddle(name, width)
}
