package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/token"
)

// topicScreen takes the push topic (or APSP name) the MDM shows for the
// certificate it uses, typed or pasted, to compare the downloaded push
// certificate with it when no earlier certificate was found beside it. It
// returns the text only once it reads as a topic.
type topicScreen struct {
	frame
	sh     *shared
	portal string
	file   string // the downloaded certificate's name
	input  lineInput
	err    error
	body   scroller
}

// maxTopicInput bounds what the field takes: a topic is 60 characters.
const maxTopicInput = 200

func newTopicScreen(sh *shared, portal string, c renewal.Checked) *topicScreen {
	in := lineInput{limit: maxTopicInput, placeholder: "com.apple.mgmt.External.… or APSP:…"}
	return &topicScreen{sh: sh, portal: portal, file: c.Name(), input: in, body: newScrollerArrows(sh.keys.Topic.Scroll, false)}
}

func (s *topicScreen) Init() tea.Cmd { return nil }

// takingText implements textTaker: letters typed here are text.
func (s *topicScreen) takingText() bool { return true }

func (s *topicScreen) Update(msg tea.Msg) (tea.Cmd, action) {
	keys := s.sh.keys.Topic
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, keys.Back):
			return nil, goBack{}
		case key.Matches(msg, keys.Compare):
			if _, err := renewal.ParseTopic(s.input.Value()); err != nil {
				s.err = err
				s.body.top()
				return nil, nil
			}
			return nil, typedTopic{text: s.input.Value()}
		case key.Matches(msg, keys.Scroll.PageUp), key.Matches(msg, keys.Scroll.PageDown):
			s.sync()
			return s.body.update(msg), nil
		}
	case tea.PasteMsg:
		// One line is wanted: a pasted line break would end nothing.
		msg.Content = strings.Join(strings.Fields(msg.Content), " ")
		s.input.update(msg)
		return nil, nil
	}
	s.input.update(msg)
	if _, ok := msg.(tea.KeyPressMsg); ok {
		s.err = nil
	}
	return nil, nil
}

func (s *topicScreen) heading() string {
	return s.sh.styles.heading.Render(wrap("Compare with the certificate "+s.portal+" uses", min(s.width, readWidth)))
}

func (s *topicScreen) content() string {
	w := min(s.width, readWidth)
	help := renewal.TopicHelp(s.portal, s.file)
	for i, p := range help {
		help[i] = wrap(p, w)
	}
	last := len(help) - 1
	help[last] = s.sh.styles.detail.Render(help[last])
	return strings.Join(help, "\n\n")
}

// field is the input line, always in view above the text.
func (s *topicScreen) field() string {
	return s.input.view(s.sh.styles, s.width)
}

// text is why the typed text was refused, first, then the explanation.
func (s *topicScreen) text() string {
	if s.err == nil {
		return s.content()
	}
	return s.sh.styles.banner.Render(wrap(token.Printable(renewal.Sentence(s.err)), min(s.width, readWidth))) + "\n\n" + s.content()
}

func (s *topicScreen) sync() {
	s.body.sync(s.width, s.height-lines(s.heading())-lines(s.field()), s.text())
}

func (s *topicScreen) View() string {
	s.sync()
	return s.heading() + "\n" + s.field() + "\n" + s.body.view(s.sh.styles)
}

func (s *topicScreen) Help() bindings {
	k := s.sh.keys.Topic
	short := []key.Binding{k.Compare, k.Back}
	if s.body.scrolls() {
		short = append(short, s.body.pageKey())
	}
	b := bindings{short: append(short, s.sh.keys.Global.Interrupt)}
	b.full = [][]key.Binding{{k.Compare, k.Back, k.Scroll.PageUp, k.Scroll.PageDown, s.sh.keys.Global.Interrupt}}
	return b
}
