package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/token"
)

// pasteScreen takes the token file's text pasted into the terminal, for
// when the file is on another computer than the one running mdmtoken (a
// jump host over SSH). It is validated exactly like a picked file.
type pasteScreen struct {
	frame
	sh      *shared
	content strings.Builder
	nag     bool
	cut     bool // more was pasted than a token file can be; the rest was not kept
}

// PasteCut tells the wizard that a paste went past the largest a token
// file can be (token.MaxFileSize) and that the rest of it was not read:
// the terminal input is cut there before it reaches the program, so the
// paste message that follows holds only the part kept.
type PasteCut struct{}

func newPasteScreen(sh *shared) *pasteScreen { return &pasteScreen{sh: sh} }

func (s *pasteScreen) Init() tea.Cmd { return nil }

func (s *pasteScreen) add(text string) {
	// Terminals send pasted line breaks as carriage returns.
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	room := token.MaxFileSize - s.content.Len()
	if len(text) > room {
		s.cut = true
		text = text[:max(room, 0)]
	}
	s.content.WriteString(text)
	s.nag = false
}

func (s *pasteScreen) Update(msg tea.Msg) (tea.Cmd, action) {
	keys := s.sh.keys.Paste
	switch msg := msg.(type) {
	case PasteCut:
		s.cut = true
	case tea.PasteMsg:
		s.add(msg.Content)
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, keys.Back):
			return nil, goBack{}
		case key.Matches(msg, keys.Check):
			if s.content.Len() == 0 || s.cut {
				// Too much text is no token file: it is not checked.
				s.nag = true
				return nil, nil
			}
			return nil, pasted{text: undoubleLines(s.content.String())}
		case key.Matches(msg, keys.Clear):
			s.content.Reset()
			s.cut, s.nag = false, false
		case msg.Code == tea.KeyEnter, msg.String() == "ctrl+j":
			// A line break of text pasted as keys (CR reads as enter, LF
			// as ctrl+j): it never checks, so the lines after it cannot
			// run as commands.
			s.add("\n")
		case msg.Text != "":
			// Terminals without bracketed paste deliver pasted text as keys.
			s.add(msg.Text)
		}
	}
	return nil, nil
}

func (s *pasteScreen) View() string {
	st, w := s.sh.styles, s.width
	head := st.heading.Render(wrap("Paste the token file's text", w))
	how := wrap("When the file is on your own computer and mdmtoken runs on another (over SSH), open the file in a text editor there, copy all of it, and paste it here (usually right-click, Ctrl+Shift+V or Cmd+V).", w)
	about := st.detail.Render(wrap("Each of these files is text: a .vpptoken is one line of base64; a *_smime.p7m starts with Content-Type: application/pkcs7-mime; a push certificate (.pem) starts with -----BEGIN CERTIFICATE-----. Nothing you paste is stored or shown. Everything typed here is text, line breaks too: only ctrl+d checks it.", w))
	var status string
	n := s.content.Len()
	switch {
	case s.cut:
		status = st.banner.Render(wrap(fmt.Sprintf("Too much text: a token file is never larger than %d MiB, so mdmtoken stopped reading there and did not keep the rest.", token.MaxFileSize>>20), w)) + "\n" +
			wrap("Press ctrl+u to clear it, then paste the token file's text.", w)
	case n == 0 && s.nag:
		status = st.banner.Render(wrap("Nothing pasted yet.", w))
	case n == 0:
		status = st.dim.Render(wrap("Waiting for pasted text…", w))
	default:
		text := s.content.String()
		status = st.statusOK.Render(wrap(fmt.Sprintf("Received %s in %s.", renewal.Plural(n, "byte"), renewal.Plural(strings.Count(strings.TrimRight(text, "\r\n"), "\n")+1, "line")), w)) + "\n" +
			wrap("Press ctrl+d to check it, ctrl+u to clear.", w)
	}
	// What was received always shows: on a short screen the explanations
	// give way, the longer one first.
	parts := []string{head, how, about, status}
	for _, drop := range []int{2, 1} {
		if lines(strings.Join(parts, "\n\n")) <= s.height {
			break
		}
		parts = append(parts[:drop:drop], parts[drop+1:]...)
	}
	return clip(strings.Join(parts, "\n\n"), w, s.height)
}

// Help lists no q and no ?: here they are text.
func (s *pasteScreen) Help() bindings {
	k := s.sh.keys.Paste
	b := bindings{short: []key.Binding{k.Check, k.Clear, k.Back, s.sh.keys.Global.Interrupt}}
	b.full = [][]key.Binding{b.short}
	return b
}

// undoubleLines undoes the doubled line breaks some terminals produce when
// text with CRLF line ends is pasted (each CR and LF becomes a line break):
// when every second line is empty, those empty lines are dropped.
func undoubleLines(text string) string {
	rows := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(rows) < 3 {
		return text
	}
	for i := 1; i < len(rows); i += 2 {
		if rows[i] != "" {
			return text
		}
	}
	kept := make([]string, 0, len(rows)/2+1)
	for i := 0; i < len(rows); i += 2 {
		kept = append(kept, rows[i])
	}
	return strings.Join(kept, "\n") + "\n"
}
