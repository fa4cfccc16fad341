package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

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
}

func newPasteScreen(sh *shared) *pasteScreen { return &pasteScreen{sh: sh} }

func (s *pasteScreen) Init() tea.Cmd { return nil }

func (s *pasteScreen) add(text string) {
	// Terminals send pasted line breaks as carriage returns.
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	room := token.MaxFileSize - s.content.Len()
	if room <= 0 {
		return
	}
	if len(text) > room {
		text = text[:room]
	}
	s.content.WriteString(text)
	s.nag = false
}

func (s *pasteScreen) Update(msg tea.Msg) (tea.Cmd, action) {
	keys := s.sh.keys.Paste
	switch msg := msg.(type) {
	case tea.PasteMsg:
		s.add(msg.Content)
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, keys.Back):
			return nil, goBack{}
		case key.Matches(msg, keys.Check):
			if s.content.Len() == 0 {
				s.nag = true
				return nil, nil
			}
			return nil, pasted{text: undoubleLines(s.content.String())}
		case key.Matches(msg, keys.Clear):
			s.content.Reset()
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
	var b strings.Builder
	b.WriteString(st.heading.Render(wrap("Paste the token file's text", w)) + "\n\n")
	b.WriteString(wrap("When the file is on your own computer and mdmtoken runs on another (over SSH), open the file in a text editor there, copy all of it, and paste it here (usually right-click, Ctrl+Shift+V or Cmd+V).", w) + "\n\n")
	b.WriteString(st.detail.Render(wrap("Both tokens are text: a .vpptoken is one line of base64; a *_smime.p7m starts with Content-Type: application/pkcs7-mime. Nothing you paste is stored or shown. Everything typed here is text, line breaks too: only ctrl+d checks it.", w)) + "\n\n")
	n := s.content.Len()
	switch {
	case n == 0 && s.nag:
		b.WriteString(st.banner.Render("Nothing pasted yet.") + "\n")
	case n == 0:
		b.WriteString(st.dim.Render("Waiting for pasted text…") + "\n")
	default:
		text := s.content.String()
		b.WriteString(st.statusOK.Render(fmt.Sprintf("Received %s in %s.", plural(n, "byte"), plural(strings.Count(strings.TrimRight(text, "\r\n"), "\n")+1, "line"))) + "\n")
		b.WriteString("Press ctrl+d to check it, ctrl+u to clear.\n")
	}
	return clip(strings.TrimRight(b.String(), "\n"), w, s.height)
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
