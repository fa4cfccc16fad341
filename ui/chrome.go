package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// resize gives the screens the body's size: the terminal less the header,
// the rule and the help line.
func (m *Model) resize() {
	w := max(20, m.termWidth-2)
	m.help.SetWidth(w)
	chrome := lines(m.header()) + 1 + lines(m.footer())
	h := max(3, m.termHeight-chrome)
	if w == m.bodyWidth && h == m.bodyHeight {
		return
	}
	m.bodyWidth, m.bodyHeight = w, h
	if m.offer != nil {
		m.offer.SetSize(w, h)
	}
	for _, s := range m.screens {
		s.SetSize(w, h)
	}
}

func (m Model) header() string {
	st := m.sh.styles
	title := st.title.Render("mdmtoken")
	switch {
	case m.r.Checking():
		title += st.crumb.Render(" · Check a file")
	case m.r.Kind() != "":
		title += st.crumb.Render(" · Renew the " + m.r.Kind().Noun())
	}
	if m.opts.Practice {
		title = st.practice.Render("PRACTICE") + " " + title
	}
	width := max(10, m.termWidth-2)
	head := ansi.Truncate(title, width, "…")
	if g := m.r.Guide(); g != nil {
		head += "\n" + st.crumb.Render(ansi.Truncate(g.Apple.Name+" → "+g.Portal.Name, width, "…"))
	}
	if m.r.PendingReset() {
		head += "\n" + st.banner.Render(wrap("The old DEP token is already reset: finish the upload now.", m.termWidth-2))
	}
	if m.stateErr != nil {
		head += "\n" + st.note.Render(wrap("Your place cannot be saved for resuming: "+m.stateErr.Error(), m.termWidth-2))
	}
	return head
}

func (m Model) footer() string {
	if m.quitAsk {
		return m.sh.styles.banner.Render(wrap("Quit now? The old DEP token is already reset; enrolment stays broken until the new one is uploaded. y: quit, n: stay", m.termWidth-2))
	}
	s := m.current()
	if s == nil {
		return ""
	}
	return m.help.View(s.Help())
}

// View draws the header, the current screen and the help line.
func (m Model) View() tea.View {
	var content string
	if s := m.current(); s != nil {
		rule := m.sh.styles.rule.Render(strings.Repeat("─", max(1, m.termWidth-2)))
		body := lipgloss.NewStyle().Width(m.bodyWidth).MaxWidth(m.bodyWidth).Height(m.bodyHeight).MaxHeight(m.bodyHeight).Render(s.View())
		content = m.sh.styles.app.Render(lipgloss.JoinVertical(lipgloss.Left, m.header(), rule, body, m.footer()))
	}
	v := tea.NewView(content)
	v.AltScreen = true
	v.WindowTitle = "mdmtoken"
	return v
}
