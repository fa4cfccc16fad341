package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mdmtoken/mdmtoken/token"
)

func newTestPaste() *pasteScreen {
	s := newPasteScreen(&shared{styles: newStyles(true), keys: newKeyMap(), now: time.Now})
	s.SetSize(80, 20)
	return s
}

func pasteView(s *pasteScreen) string {
	return strings.Join(strings.Fields(ansi.Strip(s.View())), " ")
}

// Text past the largest a token file can be, cut by the terminal input
// (PasteCut) or arriving whole or as keys, is said to be too much and is
// not checked; ctrl+u clears it and the next paste is checked.
func TestPasteTooMuch(t *testing.T) {
	ctrlU := tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	const said = "Too much text: a token file is never larger than 1 MiB, so mdmtoken stopped reading there and did not keep the rest."
	for _, c := range []struct {
		name string
		msgs []tea.Msg
	}{
		{"cut by the terminal input", []tea.Msg{PasteCut{}, tea.PasteMsg{Content: strings.Repeat("A", token.MaxFileSize)}}},
		{"cut, paste message first", []tea.Msg{tea.PasteMsg{Content: strings.Repeat("A", 1000)}, PasteCut{}}},
		{"one paste too long", []tea.Msg{tea.PasteMsg{Content: strings.Repeat("A", token.MaxFileSize+1)}}},
		{"pastes adding up", []tea.Msg{tea.PasteMsg{Content: strings.Repeat("A", token.MaxFileSize)}, tea.PasteMsg{Content: "B"}}},
		{"keys", []tea.Msg{tea.PasteMsg{Content: strings.Repeat("A", token.MaxFileSize)}, press("x")}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newTestPaste()
			for _, m := range c.msgs {
				s.Update(m)
			}
			if v := pasteView(s); !strings.Contains(v, said) || strings.Contains(v, "Press ctrl+d to check it") {
				t.Errorf("view does not say the text is too much:\n%s", v)
			}
			if s.content.Len() > token.MaxFileSize {
				t.Errorf("kept %d bytes, more than %d", s.content.Len(), token.MaxFileSize)
			}
			if _, act := s.Update(ctrlD); act != nil {
				t.Errorf("ctrl+d on too much text gave %#v, want nothing checked", act)
			}
			s.Update(ctrlU)
			if v := pasteView(s); !strings.Contains(v, "Waiting for pasted text") {
				t.Errorf("ctrl+u did not clear:\n%s", v)
			}
			s.Update(tea.PasteMsg{Content: "c2VjcmV0\n"})
			if _, act := s.Update(ctrlD); act != (pasted{text: "c2VjcmV0\n"}) {
				t.Errorf("after ctrl+u, ctrl+d gave %#v, want the new text checked", act)
			}
		})
	}
}

// A paste of exactly the largest a token file can be is not too much.
func TestPasteAtTheLimit(t *testing.T) {
	s := newTestPaste()
	s.Update(tea.PasteMsg{Content: strings.Repeat("A", token.MaxFileSize)})
	if v := pasteView(s); strings.Contains(v, "Too much text") || !strings.Contains(v, "Received 1048576 bytes") {
		t.Errorf("a paste at the limit:\n%s", v)
	}
	if _, act := s.Update(ctrlD); act == nil {
		t.Error("ctrl+d did not check a paste at the limit")
	}
}

// At 40x12 what was received shows, the explanations giving way, and no
// line is wider than the screen.
func TestPasteStatusOnASmallScreen(t *testing.T) {
	for _, c := range []struct {
		name string
		msg  tea.Msg
		want string
	}{
		{"too much", PasteCut{}, "Too much text: a token file is never larger than 1 MiB"},
		{"received", tea.PasteMsg{Content: "c2VjcmV0\nc2VjcmV0\n"}, "Received 18 bytes in 2 lines. Press ctrl+d to check it"},
		{"waiting", nil, "Waiting for pasted text"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newTestPaste()
			s.SetSize(40, 12)
			if c.msg != nil {
				s.Update(c.msg)
			}
			v := ansi.Strip(s.View())
			if !strings.Contains(strings.Join(strings.Fields(v), " "), c.want) {
				t.Errorf("%q not shown at 40x12:\n%s", c.want, v)
			}
			if n := strings.Count(v, "\n") + 1; n > 12 {
				t.Errorf("%d lines at 40x12", n)
			}
			for _, l := range strings.Split(v, "\n") {
				if ansi.StringWidth(l) > 40 {
					t.Errorf("line wider than 40: %q", l)
				}
			}
		})
	}
}
