package ui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/steps"
)

// caveatsScreen shows what to know before starting this renewal: the file
// that will be needed first, then the guide's caveats, each once, and the
// sources followed, each address on a line of its own.
type caveatsScreen struct {
	frame
	sh       *shared
	guide    steps.Guide
	canBack  bool   // esc goes somewhere: not when the flags answered every question
	renewing string // the server or location renewed again from the history; empty when none
	look     func() renewal.Already
	already  renewal.Already // a fresh token of the kind already in the folder (Lookup.AlreadyDownloaded); zero when none
	body     scroller
	toRead   int // the lines to read before enter starts: through the warning of a token already downloaded
}

// alreadyMsg is what the look into the folder found: a fresh token of the
// kind already downloaded, or none.
type alreadyMsg struct{ a renewal.Already }

// newCaveatsScreen is the caveats screen; look, run in the background when
// it opens, says whether a fresh token of the kind is already downloaded.
func newCaveatsScreen(sh *shared, g steps.Guide, canBack bool, renewing string, look func() renewal.Already) *caveatsScreen {
	return &caveatsScreen{sh: sh, guide: g, canBack: canBack, renewing: renewing, look: look, body: newScroller(sh.keys.Caveats.Scroll)}
}

func (s *caveatsScreen) Init() tea.Cmd {
	if s.look == nil {
		return nil
	}
	look := s.look
	return func() tea.Msg { return alreadyMsg{look()} }
}

func (s *caveatsScreen) Update(msg tea.Msg) (tea.Cmd, action) {
	keys := s.sh.keys.Caveats
	if m, ok := msg.(alreadyMsg); ok {
		s.already = m.a
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, keys.Back) && s.canBack:
			return nil, goBack{}
		case key.Matches(k, keys.Upload) && s.already.Path != "":
			return nil, uploadAlready{s.already}
		case key.Matches(k, keys.Start) && !s.read():
			// What to know before Apple's steps is read to its end first.
			s.body.pageDown()
			return nil, nil
		case key.Matches(k, keys.Start):
			return nil, goOn{}
		}
	}
	s.sync()
	return s.body.update(msg), nil
}

func (s *caveatsScreen) heading() string {
	g := s.guide
	return s.sh.styles.heading.Render(wrap(fmt.Sprintf("Before you start: %s, %s and %s", g.Kind.Noun(), g.Apple.Name, g.Portal.Name), min(s.width, readWidth)))
}

// gap is the blank line between parts, dropped on short screens.
func (s *caveatsScreen) gap() string {
	if s.height < 14 {
		return ""
	}
	return "\n"
}

func (s *caveatsScreen) sync() {
	content, toRead := s.content()
	s.toRead = toRead
	s.body.sync(s.width, s.height-lines(s.heading())-strings.Count(s.gap(), "\n"), content)
}

// read reports whether the warning of a token already downloaded, if
// any, has been in view to its end: enter brings it in before it starts.
func (s *caveatsScreen) read() bool { return s.body.reached(s.toRead) }

// content is what the screen says below its heading, and how many of its
// lines must be read before Apple's steps (read).
func (s *caveatsScreen) content() (string, int) {
	st, g := s.sh.styles, s.guide
	w := min(s.width, readWidth)
	var b strings.Builder
	if s.renewing != "" {
		b.WriteString(wrap(st.label.Render("Renewing: ")+s.renewing+", as in the renewal history", w) + "\n")
	}
	b.WriteString(wrap(st.label.Render("You will download: ")+g.FileName, w) + "\n" + s.gap())
	toRead := 0
	if s.already.Text != "" {
		// Before the caveats: it can save a download that would replace
		// the token.
		b.WriteString(st.warning.Render(wrapWords(s.already.Text+" Press u to upload this one instead, without Apple's steps.", w-2)) + "\n")
		toRead = lines(strings.TrimRight(b.String(), "\n"))
		b.WriteString(s.gap())
	}
	seen := map[string]bool{}
	for _, c := range g.Caveats {
		if seen[c] {
			continue
		}
		seen[c] = true
		b.WriteString(bullet(st.text.Render(c), w) + "\n")
	}
	if len(g.Sources) > 0 {
		b.WriteString(s.gap() + st.label.Render("Sources:") + "\n")
	}
	for _, src := range g.Sources {
		b.WriteString(bullet(st.detail.Render(sourceTitle(src)), w) + "\n")
		if src.URL != "" {
			b.WriteString(addressLines(src.URL, s.width-2, "  ") + "\n")
		}
	}
	return strings.TrimRight(b.String(), "\n"), toRead
}

func (s *caveatsScreen) View() string {
	s.sync()
	return s.heading() + "\n" + s.gap() + s.body.view(s.sh.styles)
}

func (s *caveatsScreen) Help() bindings {
	k := s.sh.keys.Caveats
	short := []key.Binding{k.Start}
	if !s.read() {
		short[0] = k.More
	}
	if s.already.Path != "" {
		short = append(short, k.Upload)
	}
	if s.body.scrolls() {
		short = append(short, s.body.pageKey())
	}
	if s.canBack {
		short = append(short, k.Back)
	}
	b := s.sh.keys.helpFor(short...)
	b.full[0] = append(short[:1:1], s.body.help()...)
	if s.already.Path != "" {
		b.full[0] = append(b.full[0], k.Upload)
	}
	if s.canBack {
		b.full[0] = append(b.full[0], k.Back)
	}
	return b
}

// bullet renders text as a wrapped bullet point.
func bullet(text string, width int) string {
	body := wrap(text, width-2)
	return "• " + strings.ReplaceAll(body, "\n", "\n  ")
}

// sourceTitle names a source with its date.
func sourceTitle(src steps.Source) string {
	s := src.Title
	if src.Date != "" {
		s += " (" + src.Date + ")"
	}
	return s
}

// shortTail is the most characters left after a cut that addressLines
// does not leave on a line of their own: a file's extension.
const shortTail = 5

// addressLines puts a web address or a path on lines of its own,
// indented: whole when it fits the width, else cut into pieces of at most
// the width (never shortened, so that it can still be typed in full), each
// cut after a slash past the first third of the width, else after another
// separator (- _ . ? & =) past its half, else between characters.
func addressLines(url string, width int, indent string) string {
	url = ansi.Strip(url)
	width = max(10, width)
	var rows []string
	for ansi.StringWidth(url) > width {
		piece := ansi.Truncate(url, width, "")
		if piece == "" { // a character wider than the width
			_, size := utf8.DecodeRuneInString(url)
			piece = url[:size]
		}
		for _, cut := range []struct {
			seps string
			from int // the least width of the piece cut there
		}{{"/", width / 3}, {"-_.?&=", width / 2}} {
			// Not where only a few characters would follow (".ics").
			i := strings.LastIndexAny(piece, cut.seps)
			for i >= 0 && len(url)-(i+1) <= shortTail {
				i = strings.LastIndexAny(piece[:i], cut.seps)
			}
			if i >= 0 && ansi.StringWidth(piece[:i+1]) >= cut.from {
				piece = piece[:i+1]
				break
			}
		}
		if rest := ansi.StringWidth(url) - ansi.StringWidth(piece); rest > 0 && rest <= shortTail && ansi.StringWidth(piece) > 2*shortTail {
			// Cut between characters: a few more go to the last line.
			piece = ansi.Truncate(url, ansi.StringWidth(piece)-(shortTail+1-rest), "")
		}
		rows = append(rows, indent+piece)
		url = url[len(piece):]
	}
	return strings.Join(append(rows, indent+url), "\n")
}
