package ui

import (
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
)

// scroller is a block of text taller than the screen, scrolled with the
// arrows and page keys.
type scroller struct {
	vp viewport.Model
}

func newScroller(keys scrollKeys) scroller {
	vp := viewport.New()
	vp.SoftWrap = true
	vp.KeyMap.Up = keys.Up
	vp.KeyMap.Down = keys.Down
	vp.KeyMap.PageUp = keys.PageUp
	vp.KeyMap.PageDown = keys.PageDown
	return scroller{vp: vp}
}

// sync sets the size and content; the scroll position is kept.
func (s *scroller) sync(width, height int, content string) {
	s.vp.SetWidth(max(1, width))
	s.vp.SetHeight(max(1, height))
	s.vp.SetContent(content)
}

func (s *scroller) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	s.vp, cmd = s.vp.Update(msg)
	return cmd
}

// view renders the visible part, with a hint when more text follows.
func (s scroller) view(st styles) string {
	if s.vp.AtBottom() {
		return s.vp.View()
	}
	return s.vp.View() + "\n" + st.dim.Render("↓ more (↓/pgdn)")
}
