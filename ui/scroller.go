package ui

import (
	"github.com/charmbracelet/x/ansi"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
)

// scroller is a block of text that may be taller than the room it has:
// it scrolls with the page keys, home and end (and the arrows, when given
// them), and says so on its last line when more text is above or below.
type scroller struct {
	vp      viewport.Model
	keys    scrollKeys
	arrows  bool // the arrows scroll; off where they move a selection
	content string
	over    bool // the content is taller than the room: one line is the mark
	oneLine bool // and the room is one line: the mark goes at its end
	width   int
}

func newScroller(keys scrollKeys) scroller {
	return newScrollerArrows(keys, true)
}

// newScrollerArrows is a scroller whose arrow keys scroll only when arrows
// is true.
func newScrollerArrows(keys scrollKeys, arrows bool) scroller {
	vp := viewport.New()
	vp.KeyMap = viewport.KeyMap{PageUp: keys.PageUp, PageDown: keys.PageDown}
	if arrows {
		vp.KeyMap.Up, vp.KeyMap.Down = keys.Up, keys.Down
	}
	return scroller{vp: vp, keys: keys, arrows: arrows}
}

// sync sets the room and the content, already wrapped to width; the scroll
// position is kept. When the content is taller than height, its last line
// is kept for the "more" mark.
func (s *scroller) sync(width, height int, content string) {
	height = max(1, height)
	s.content, s.width = content, max(1, width)
	s.over = lines(content) > height
	s.oneLine = s.over && height == 1
	if s.over && !s.oneLine {
		height--
	}
	s.vp.SetWidth(max(1, width))
	s.vp.SetHeight(height)
	s.vp.SetContent(content)
}

// update scrolls on the scroll keys.
func (s *scroller) update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, s.keys.Top):
			s.vp.GotoTop()
			return nil
		case key.Matches(k, s.keys.Bottom):
			s.vp.GotoBottom()
			return nil
		}
	}
	var cmd tea.Cmd
	s.vp, cmd = s.vp.Update(msg)
	return cmd
}

// top scrolls back to the start.
func (s *scroller) top() { s.vp.GotoTop() }

// pageDown scrolls one page down.
func (s *scroller) pageDown() { s.vp.PageDown() }

// shows reports whether lines [from, to) of the content are all in view.
func (s scroller) shows(from, to int) bool {
	first := s.vp.YOffset()
	return from >= first && to <= first+s.vp.Height()
}

// scrollTo scrolls so that lines [from, to) show, as much of them as fits.
func (s *scroller) scrollTo(from, to int) {
	if s.shows(from, to) {
		return
	}
	s.vp.SetYOffset(min(from, max(0, to-s.vp.Height())))
}

// reached reports whether lines up to n of the content have all been in
// view, as far as scrolling down from the top shows them.
func (s scroller) reached(n int) bool {
	return !s.over || s.vp.YOffset()+s.vp.Height() >= n || s.vp.AtBottom()
}

// atEnd reports whether the last line is in view.
func (s scroller) atEnd() bool { return !s.over || s.vp.AtBottom() }

// pageKey is the key that turns a page from where the view is: down, or up
// once the end is in view; for the short help.
func (s scroller) pageKey() key.Binding {
	if s.atEnd() {
		return s.keys.PageUp
	}
	return s.keys.PageDown
}

// scrolls reports whether there is more than fits.
func (s scroller) scrolls() bool { return s.over }

// view renders the visible part and, when the content does not fit, a
// last line saying where more is.
func (s scroller) view(st styles) string {
	if !s.over {
		return s.content
	}
	if s.oneLine {
		// No room for a line of its own: an arrow at the end of the line.
		arrow := "↓"
		switch {
		case s.vp.AtBottom():
			arrow = "↑"
		case !s.vp.AtTop():
			arrow = "↕"
		}
		return ansi.Truncate(s.vp.View(), s.width-2, "…") + " " + st.more.Render(arrow)
	}
	mark := "↓ more below: pgdn, end"
	switch {
	case s.vp.AtBottom():
		mark = "↑ more above: pgup, home"
	case s.vp.AtTop():
	default:
		mark = "↓ more below: pgdn (↑ pgup)"
	}
	return s.vp.View() + "\n" + st.more.Render(mark)
}

// help is the scroll keys that work, for a screen's full help.
func (s scroller) help() []key.Binding {
	var b []key.Binding
	if s.arrows {
		b = append(b, s.keys.Up, s.keys.Down)
	}
	return append(b, s.keys.PageUp, s.keys.PageDown, s.keys.Top, s.keys.Bottom)
}
