package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mdmtoken/mdmtoken/steps"
)

// caveatsScreen shows what to know before starting this renewal: the
// guide's caveats, the file that will be needed and the sources followed.
type caveatsScreen struct {
	frame
	sh    *shared
	guide steps.Guide
	body  scroller
}

func newCaveatsScreen(sh *shared, g steps.Guide) *caveatsScreen {
	return &caveatsScreen{sh: sh, guide: g, body: newScroller(sh.keys.Caveats.Scroll)}
}

func (s *caveatsScreen) Init() tea.Cmd { return nil }

func (s *caveatsScreen) Update(msg tea.Msg) (tea.Cmd, action) {
	keys := s.sh.keys.Caveats
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, keys.Back):
			return nil, goBack{}
		case key.Matches(k, keys.Start):
			return nil, goOn{}
		}
	}
	s.sync()
	return s.body.update(msg), nil
}

func (s *caveatsScreen) heading() string {
	g := s.guide
	return s.sh.styles.heading.Render(wrap(fmt.Sprintf("Before you start: %s, %s and %s", g.Kind.Noun(), g.Apple.Name, g.Portal.Name), s.width))
}

func (s *caveatsScreen) sync() {
	s.body.sync(s.width, s.height-lines(s.heading())-3, s.content())
}

func (s *caveatsScreen) content() string {
	st, g := s.sh.styles, s.guide
	w := s.width
	var b strings.Builder
	for _, c := range g.Caveats {
		b.WriteString(bullet(st.text.Render(c), w) + "\n")
	}
	b.WriteString("\n" + st.label.Render("You will need: ") + g.FileName + "\n")
	b.WriteString(st.label.Render("Sources:") + "\n")
	for _, src := range g.Sources {
		b.WriteString(bullet(st.detail.Render(sourceLine(src)), w) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

func (s *caveatsScreen) View() string {
	s.sync()
	return s.heading() + "\n\n" + s.body.view(s.sh.styles)
}

func (s *caveatsScreen) Help() bindings {
	k := s.sh.keys.Caveats
	return s.sh.keys.helpFor(k.Start, k.Scroll.PageDown, k.Back)
}

// bullet renders text as a wrapped bullet point.
func bullet(text string, width int) string {
	body := wrap(text, width-2)
	return "• " + strings.ReplaceAll(body, "\n", "\n  ")
}

// sourceLine names a source with its date and address.
func sourceLine(src steps.Source) string {
	s := src.Title
	if src.Date != "" {
		s += " (" + src.Date + ")"
	}
	if src.URL != "" {
		s += " " + src.URL
	}
	return s
}
