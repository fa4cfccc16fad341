package ui

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/token"
)

// screen is one page of the wizard. A screen owns its state and renders
// only its body; the root model draws the header, banners and help line
// around it. Update returns, besides the screen's own work, what the user
// decided (nil when nothing was), which the root applies to the renewal.
type screen interface {
	Init() tea.Cmd // the work to do when the screen becomes current
	Update(msg tea.Msg) (tea.Cmd, action)
	View() string
	Help() bindings
	SetSize(width, height int) // the body's size, inside the header and help line
}

// frame is a screen's body size.
type frame struct{ width, height int }

// SetSize implements screen.
func (f *frame) SetSize(width, height int) { f.width, f.height = width, height }

// shared is what every screen reads: styles, keys and the clock.
type shared struct {
	styles styles
	dark   bool // styles are for a dark background: a layout made with them holds while it does not change
	keys   keyMap
	now    func() time.Time
}

// action is what the user decided on a screen.
type action interface{ isAction() }

// The actions screens return.
type (
	goBack        struct{}                        // esc: back one screen
	leave         struct{}                        // leave the wizard, once pending work is done
	renew         struct{ kind token.Kind }       // first screen: renew this credential
	checkFile     struct{}                        // first screen: check a file
	resumeAnswer  struct{ resume bool }           // resume the saved place, or start over
	choseApple    struct{ id string }             // the Apple portal
	chosePortal   struct{ id string }             // the MDM portal
	goOn          struct{}                        // the caveats are read
	uploadAlready struct{ a renewal.Already }     // caveats: upload the token already downloaded instead
	decided       struct{ choice renewal.Choice } // a way on from the verdict
	pasteInstead  struct{}                        // picker: paste the file's text instead
	pasted        struct{ text string }           // the text pasted, to check
	typedTopic    struct{ text string }           // the push topic typed from the MDM, to compare with
	pickAgain     struct{}                        // the portal refused the file: pick another
	hinted        struct{ path string }           // practice: the hint key showed what a file is
	// tidy is what to do with the token files left in Downloads.
	tidy struct {
		how   renewal.Tidy
		files []string
	}
	answered struct{ accepted bool } // whether the MDM portal accepted the file
	// walked: the user moved through a guide's steps. step is the step now
	// shown; confirmed is the step whose warning this key confirmed, or -1;
	// done means past the last step.
	walked struct {
		step, confirmed int
		done            bool
	}
	// chosePath is the file chosen in the picker, with the reports already
	// made for files in its folder (by path).
	chosePath struct {
		path string
		seen map[string]token.Report
	}
)

func (goBack) isAction()        {}
func (leave) isAction()         {}
func (renew) isAction()         {}
func (checkFile) isAction()     {}
func (resumeAnswer) isAction()  {}
func (choseApple) isAction()    {}
func (chosePortal) isAction()   {}
func (goOn) isAction()          {}
func (uploadAlready) isAction() {}
func (decided) isAction()       {}
func (pasteInstead) isAction()  {}
func (pasted) isAction()        {}
func (typedTopic) isAction()    {}
func (pickAgain) isAction()     {}
func (hinted) isAction()        {}
func (tidy) isAction()          {}
func (answered) isAction()      {}
func (walked) isAction()        {}
func (chosePath) isAction()     {}

// readWidth is the widest body text is set, however wide the terminal.
const readWidth = 80

// wrap word-wraps s to width columns, keeping at least a few columns. A
// hyphen between hex digits is no place to break: dates, times and the
// identifiers in push topics stay whole (2026-03-27, 14-10-00Z,
// 8f2c1a7e-4b3d-4e59-9a61-2d7c5e0b9f14).
func wrap(s string, width int) string { return wrapAt(s, width, " -/") }

// wrapAt is wrap breaking after the characters of breaks (and hyphens not
// between hex digits), or anywhere in a part too long for the line.
func wrapAt(s string, width int, breaks string) string {
	if width < 10 {
		width = 10
	}
	held, ok := hold(s)
	if !ok {
		return lipgloss.Wrap(s, width, breaks)
	}
	return release(lipgloss.Wrap(held, width, breaks))
}

// keptHyphen and keptSpace stand in for a hyphen and a space that wrapping
// must not break at: characters of one column it takes for no place to
// break.
const (
	keptHyphen = '\ue000'
	keptSpace  = '\ue001'
	keptSlash  = '\ue002'
)

// hold is s with the places it must not be broken at held: a hyphen
// between hex digits, a slash between digits (a date, 01/13/2026), and
// the space before the ">" of a menu path
// ("Settings > Payments"), so that no line starts with ">", which looks
// like the menu's cursor. ok is false when nothing is held (or s holds
// the stand-ins already).
func hold(s string) (held string, ok bool) {
	if strings.ContainsRune(s, keptHyphen) || strings.ContainsRune(s, keptSpace) || strings.ContainsRune(s, keptSlash) ||
		!strings.Contains(s, "-") && !strings.Contains(s, " > ") && !strings.Contains(s, "/") {
		return s, false
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '-' && i > 0 && i+1 < len(s) && isHex(s[i-1]) && isHex(s[i+1]):
			b.WriteRune(keptHyphen)
		case s[i] == ' ' && strings.HasPrefix(s[i:], " > "):
			b.WriteRune(keptSpace)
		case s[i] == '/' && i > 0 && i+1 < len(s) && isDigit(s[i-1]) && isDigit(s[i+1]):
			b.WriteRune(keptSlash)
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String(), b.String() != s
}

// release puts back what hold held.
func release(s string) string {
	return strings.NewReplacer(string(keptHyphen), "-", string(keptSpace), " ", string(keptSlash), "/").Replace(s)
}

func isHex(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// wrapWords word-wraps s to width columns at spaces only, so that dates
// and file names stay whole; a word wider than that goes on lines of its
// own, broken into pieces of the width (never cut short).
func wrapWords(s string, width int) string {
	if held, ok := hold(s); ok {
		return release(wrapFields(held, width))
	}
	return wrapFields(s, width)
}

// wrapFields is wrapWords once hold has held what it must.
func wrapFields(s string, width int) string {
	width = max(10, width)
	var rows []string
	row := ""
	for _, w := range strings.Fields(s) {
		if ansi.StringWidth(w) > width {
			if row != "" {
				rows = append(rows, row)
			}
			pieces := strings.Split(addressLines(w, width, ""), "\n")
			rows, row = append(rows, pieces[:len(pieces)-1]...), pieces[len(pieces)-1]
			continue
		}
		switch {
		case row == "":
			row = w
		case ansi.StringWidth(row)+1+ansi.StringWidth(w) > width:
			rows, row = append(rows, row), w
		default:
			row += " " + w
		}
	}
	return strings.Join(append(rows, row), "\n")
}

// clip wraps a block to width columns and cuts it to at most height
// lines, marking the cut.
func clip(s string, width, height int) string {
	if height < 1 {
		return ""
	}
	lines := strings.Split(lipgloss.Wrap(s, max(1, width), " -/"), "\n")
	if len(lines) <= height {
		return strings.Join(lines, "\n")
	}
	lines = lines[:height]
	if height > 1 {
		lines[height-1] = "…"
	}
	return strings.Join(lines, "\n")
}

// lines counts the lines of a rendered block.
func lines(s string) int { return strings.Count(s, "\n") + 1 }
